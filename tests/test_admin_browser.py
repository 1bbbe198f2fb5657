"""The admin in a real browser: log in, see the Ehrenamt menu, edit a series."""

import time
import weakref

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_login_shows_ehrenamt_menu(live_server, page, home_page, admin_user, screenshot):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").or_(page.get_by_label("Benutzername")).fill("redaktion")
    page.locator("input[name=password]").fill("pw-redaktion")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    menu = page.get_by_role("button", name="Ehrenamt")
    menu.click()
    submenu = page.get_by_role("link", name="Kontaktpersonen").or_(
        page.get_by_role("link", name="Contact persons")
    )
    submenu.first.click()
    page.wait_for_url("**/admin/snippets/wagtail_ehrenamt/contactperson/")
    screenshot("admin-contact-persons")
    assert page.locator("h1").first.inner_text().strip() != ""


# Wagtail's autosave requests in flight, per browser page (see _wait_for_autosave).
_AUTOSAVES = weakref.WeakKeyDictionary()


def _is_autosave_request(request):
    accept = request.headers.get("accept") or ""
    return request.method == "POST" and "application/json" in accept


def _track_autosaves(page):
    if page in _AUTOSAVES:
        return
    in_flight = _AUTOSAVES[page] = set()
    page.on("request", lambda r: in_flight.add(r) if _is_autosave_request(r) else None)
    page.on("requestfinished", lambda r: in_flight.discard(r))
    page.on("requestfailed", lambda r: in_flight.discard(r))


def _wait_for_autosave(page, timeout=60):
    """Let a pending autosave start (it waits for a pause in typing) and finish: a publish
    racing it meets a locked table on the tests' in-memory SQLite."""
    page.wait_for_timeout(800)
    deadline = time.monotonic() + timeout
    while _AUTOSAVES.get(page) and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def _log_in(page, live_server):
    _track_autosaves(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill("redaktion")
    page.locator("input[name=password]").fill("pw-redaktion")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def _enter_date(page, field, value):
    """Type into a date or time field and Tab on, like a keyboard user.

    The admin's picker opens shortly after the field gets focus; Tab closes it, so wait
    until it is open first.
    """
    field.fill(value)
    page.locator(".xdsoft_datetimepicker:visible").wait_for()
    field.press("Tab")


def _publish(page):
    # An open date picker would cover the footer.
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    _wait_for_autosave(page)
    # "Publish" sits in the footer's action menu, behind the toggle next to "Save draft".
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name=action-publish]").click()


def test_editor_cancels_one_date_of_a_series(live_server, page, home_page, admin_user, screenshot):
    import datetime as dt

    import icalendar

    from tests.factories import add_page
    from wagtail_ehrenamt.models import EventCalendarPage, EventOccurrenceException, EventPage

    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    first = dt.date.today() + dt.timedelta(days=7)
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/")
    page.locator("#id_title").fill("Sprachcafé im Rathaus")
    _enter_date(page, page.locator("#id_start_date"), first.isoformat())
    _enter_date(page, page.locator("#id_start_time"), "18:00")
    _enter_date(page, page.locator("#id_end_date"), "")
    _enter_date(page, page.locator("#id_end_time"), "20:00")
    page.locator("#id_repeat").select_option("weekly")
    page.locator("#id_repeat_ends").select_option("count")
    page.locator("#id_repeat_count").fill("8")
    page.locator("#id_exceptions-ADD").click()
    wrong = first + dt.timedelta(days=1)
    _enter_date(page, page.locator("#id_exceptions-0-original_date"), wrong.isoformat())
    page.locator("#id_exceptions-0-action").select_option("cancel")
    _publish(page)

    # Refused, with the message at the change and everything entered still there.
    page.get_by_role("button", name="Gehen Sie zum ersten Fehler").click()
    message = page.locator("#inline_child_exceptions-0").get_by_text("Die Reihe hat am")
    message.wait_for()
    assert message.is_visible()
    message.scroll_into_view_if_needed()
    page.wait_for_timeout(600)  # let the smooth scroll settle before the screenshot
    screenshot("admin-event-change-refused")
    assert page.locator("#id_title").input_value() == "Sprachcafé im Rathaus"
    assert page.locator("#id_exceptions-0-original_date").input_value() == wrong.isoformat()
    # Nothing published, and the change not stored (Wagtail may autosave a valid draft
    # of the page before the change is entered).
    assert not EventPage.objects.filter(title="Sprachcafé im Rathaus", live=True).exists()
    assert not EventOccurrenceException.objects.filter(original_date=wrong).exists()

    cancelled = first + dt.timedelta(days=14)
    _enter_date(page, page.locator("#id_exceptions-0-original_date"), cancelled.isoformat())
    _publish(page)
    page.wait_for_url(f"{live_server.url}/admin/pages/{calendar.pk}/")
    event = EventPage.objects.get(title="Sprachcafé im Rathaus")
    assert event.live

    feed = page.request.get(f"{live_server.url}/termine/ical/")
    assert feed.status == 200
    master = next(
        c for c in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT") if "RRULE" in c
    )
    assert [d.dt.date() for d in master["EXDATE"].dts] == [cancelled]
