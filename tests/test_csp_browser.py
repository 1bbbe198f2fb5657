"""The Content-Security-Policy in Chromium: public pages and the admin raise no violation."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects violations from the moment each document starts, before any of its scripts run.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watch(page):
    console = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return console


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")
    return page.evaluate("window.__cspViolations")


def one_page_per_type():
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        pages.setdefault(type(page).__name__, page)
    return list(pages.values())


def test_public_pages_and_admin_run_under_the_policy(live_server, page, admin_user):
    call_command("setup_demo", translations=False, stdout=io.StringIO())
    console = watch(page)
    public = one_page_per_type()
    assert len(public) >= 8
    for item in public:
        assert visit(page, live_server.url + item.url) == [], item.url
    calendar = next(p for p in public if type(p).__name__ == "EventCalendarPage")
    assert visit(page, live_server.url + calendar.url + "monat/") == []

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill("redaktion")
    page.locator("input[name=password]").fill("pw-redaktion")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.evaluate("window.__cspViolations") == []
    event = next(p for p in public if type(p).__name__ == "EventPage")
    for path in [
        "/admin/",
        f"/admin/pages/{event.pk}/edit/",
        f"/admin/pages/{calendar.pk}/",
        "/admin/snippets/wagtail_ehrenamt/location/",
    ]:
        assert visit(page, live_server.url + path) == [], path
    # The edit view's date picker and side panels work (scripts ran).
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    page.locator("iframe#w-preview-iframe, iframe.preview-panel__iframe").first.wait_for()
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__cspViolations") == []
    assert console == []
