"""An office editor in the German admin: own event yes, the other office's pages no."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.office_editors_data import PASSWORD, editor_of, two_offices
from wagtail_ehrenamt.models import EventPage, OfficeEditorGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_office_editor_edits_own_event_only(
    live_server, page, home_page, admin_user, django_user_model, screenshot
):
    county = two_offices(home_page)
    office_a, office_b = county["office_a"], county["office_b"]
    event_a, event_b = county["event_a"], county["event_b"]

    # The county admin sets the group up with the button on the office page.
    _log_in(page, live_server, "redaktion", "pw-redaktion")
    page.goto(f"{live_server.url}/admin/pages/{office_a.pk}/edit/")
    page.get_by_role("button", name="Aktionen").first.click()
    page.get_by_role("link", name="Redaktion einrichten").click()
    expect(page.locator("h1")).to_contain_text("Redaktion der Stelle")
    page.get_by_role("button", name="Redaktionsgruppe einrichten").click()
    expect(page.locator(".messages")).to_contain_text("ist eingerichtet")
    expect(
        page.get_by_role("link", name="Redaktion Koordinierungsstelle Lindenhain")
    ).to_be_visible()
    # The package's own markup; Wagtail's header and messages animate (not ours to fix).
    results = Axe().run(page, context=".ehrenamt-office-editors")
    assert results.violations_count == 0, results.generate_report()
    screenshot("office-editors-setup")
    page.context.clear_cookies()

    editor_of(OfficeEditorGroup.objects.get(office=office_a), django_user_model)
    _log_in(page, live_server, "stelle-a", PASSWORD)

    # The calendar lists both events; only A's can be edited.
    page.goto(f"{live_server.url}/admin/pages/{county['calendar'].pk}/")
    expect(page.locator(f"a[href='/admin/pages/{event_a.pk}/edit/']").first).to_be_visible()
    expect(page.locator(f"a[href='/admin/pages/{event_b.pk}/edit/']")).to_have_count(0)
    screenshot("office-editors-calendar")

    # A's event: edit and publish.
    page.goto(f"{live_server.url}/admin/pages/{event_a.pk}/edit/")
    page.locator("#id_title").fill("Sprachcafé Lindenhain am Markt")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("veröffentlicht")
    live = EventPage.objects.get(pk=event_a.pk)
    assert live.title == "Sprachcafé Lindenhain am Markt" and live.live

    # B's event and office by direct address: refused.
    for other in (event_b, office_b):
        page.goto(f"{live_server.url}/admin/pages/{other.pk}/edit/")
        page.wait_for_url(f"{live_server.url}/admin/")
        expect(page.locator(".messages")).to_contain_text("keinen Zugang")
    screenshot("office-editors-refused")
    assert EventPage.objects.get(pk=event_b.pk).title == "Nähcafé Kellbach"
