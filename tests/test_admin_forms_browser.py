"""The event form in a real browser, as a German editor types: dates, repetition, axe."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.test_admin_browser import _enter_date, _log_in, _publish
from wagtail_ehrenamt.events.event_listing import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wagtail's own date picker pop-up (buttons without names) is not the package's.
WAGTAIL_PICKER = {"exclude": [[".xdsoft_datetimepicker"]]}


def _publish_when_autosaved(page):
    """Publish once Wagtail's autosave (every 500 ms after a change) has finished.

    A publish racing an autosave request meets a locked table on the tests' SQLite.
    """
    page.wait_for_timeout(1000)
    page.wait_for_load_state("networkidle")
    _publish(page)


def test_four_monthly_series_typed_in_german(live_server, page, home_page, admin_user, screenshot):
    from tests.factories import add_page
    from wagtail_ehrenamt.models import EventCalendarPage, EventPage

    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    year = today().year + 1
    first, cancelled, moved = (dt.date(year, m, 13) for m in (1, 5, 9))

    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/")
    page.locator("#id_title").fill("Sprachcafé im Rathaus")
    steps = 1  # clicks and fields an editor touches, counted for the PR notes

    # Only "repeats" shows until a repetition is chosen.
    interval = page.locator("#id_repeat_interval")
    expect(interval).to_be_hidden()
    expect(page.locator("#id_repeat_ends")).to_be_hidden()

    start = page.locator("#id_start_date")
    _enter_date(page, start, f"13.1.{year % 100}")  # short German form
    expect(start).to_have_value(f"13.1.{year % 100}")  # kept as typed, not today's date
    _enter_date(page, page.locator("#id_start_time"), "18.00")
    _enter_date(page, page.locator("#id_end_time"), "20:00")
    steps += 3

    page.locator("#id_repeat").select_option("monthly_day")
    expect(interval).to_be_visible()
    expect(page.locator("#id_repeat_weekdays_0")).to_be_hidden()
    expect(page.locator("#id_repeat_count")).to_be_hidden()
    interval.fill("4")
    page.locator("#id_repeat_ends").select_option("count")
    expect(page.locator("#id_repeat_count")).to_be_visible()
    expect(page.locator("#id_repeat_until")).to_be_hidden()
    page.locator("#id_repeat_count").fill("6")
    steps += 4

    page.locator("#id_exceptions-ADD").click()
    _enter_date(page, page.locator("#id_exceptions-0-original_date"), f"13.05.{year}")
    page.locator("#id_exceptions-0-action").select_option("cancel")
    page.locator("#id_exceptions-ADD").click()
    _enter_date(page, page.locator("#id_exceptions-1-original_date"), f"13.9.{year}")
    page.locator("#id_exceptions-1-action").select_option("move")
    _enter_date(page, page.locator("#id_exceptions-1-new_date"), f"14.09.{year}")
    steps += 7

    # A row says which date it changes in its heading (also when collapsed).
    heading = page.locator("#inline_child_exceptions-0 [data-panel-heading-text]")
    expect(heading).to_contain_text(f"13.05.{year}")
    expect(page.locator("#inline_child_exceptions-1 [data-panel-heading-text]")).to_contain_text(
        f"13.9.{year}"
    )
    # The picker of the last field closes once the focus is elsewhere.
    page.locator("#id_title").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    results = Axe().run(page, context=WAGTAIL_PICKER)
    assert results.violations_count == 0, results.generate_report()
    page.locator("#inline_child_exceptions-1").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot("admin-forms-event-german-dates")

    _publish_when_autosaved(page)
    steps += 2
    page.wait_for_url(f"{live_server.url}/admin/pages/{calendar.pk}/")
    event = EventPage.objects.get(title="Sprachcafé im Rathaus")
    assert steps <= 17
    assert event.live and event.start_date == first and event.start_time == dt.time(18)
    assert (event.repeat, event.repeat_interval, event.repeat_count) == ("monthly_day", 4, 6)
    changes = {c.original_date: c for c in event.exceptions.all()}
    assert changes[cancelled].action == "cancel"
    assert changes[moved].new_date == moved + dt.timedelta(days=1)

    # An impossible date is refused with a message, and what was typed stays.
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    start = page.locator("#id_start_date")
    expect(start).to_have_value(f"13.01.{year}")  # shown in WAGTAIL_DATE_FORMAT
    _enter_date(page, start, f"31.02.{year}")
    expect(start).to_have_value(f"31.02.{year}")
    page.locator("#id_title").click()
    _publish_when_autosaved(page)
    message = page.get_by_text("Bitte das Datum als TT.MM.JJJJ eingeben")
    message.wait_for()
    expect(page.locator("#id_start_date")).to_have_value(f"31.02.{year}")
    event.refresh_from_db()
    assert event.start_date == first

    # The library document form: the tag input has a label.
    page.goto(f"{live_server.url}/admin/snippets/wagtail_ehrenamt/librarydocument/add/")
    # admin.js labels tag-it's input on the next animation frame after tag-it adds it.
    expect(page.locator("ul.tagit input[type=text]")).to_have_attribute("aria-label", "Themen")
    results = Axe().run(
        page,
        context=WAGTAIL_PICKER,
        # Wagtail's snippet editor has no <h1> (docs/reference/admin-accessibility.md).
        options={"rules": {"page-has-heading-one": {"enabled": False}}},
    )
    assert results.violations_count == 0, results.generate_report()


def test_new_office_with_new_contact_and_hours(
    live_server, page, home_page, admin_user, screenshot
):
    from tests.directory_data import directory, municipality
    from wagtail_ehrenamt.models import ContactPerson, CoordinationOfficePage

    index = directory(home_page)
    municipality("kellbach", "Kellbach")
    municipality("auenstadt", "Auenstadt")
    _log_in(page, live_server)
    steps = 0  # clicks and fields an editor touches, counted for the PR notes

    page.goto(
        f"{live_server.url}/admin/pages/add/wagtail_ehrenamt/coordinationofficepage/{index.pk}/"
    )
    page.locator("#id_title").fill("Koordinierungsstelle Kellbach")
    page.get_by_label("Kellbach", exact=True).check()  # a checkbox, no Ctrl-click
    page.get_by_label("Auenstadt", exact=True).check()
    steps += 3

    # A new contact person, created inside the chooser.
    page.locator("#id_office_contacts-ADD").click()
    page.locator("#inline_child_office_contacts-0 [data-chooser-action-choose]").click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Neue Kontaktperson").click()
    modal.locator("input[name=first_name]").fill("Ayşe")
    modal.locator("input[name=last_name]").fill("Yılmaz")
    modal.locator("input[name=phone]").fill("05551 12345")
    results = Axe().run(page, context={"include": [[".modal"]]})
    # The modal's missing name is Wagtail's (docs/reference/admin-accessibility.md).
    own = [v for v in results.response["violations"] if v["id"] != "aria-dialog-name"]
    assert not own, results.generate_report()
    modal.get_by_role("button", name="Anlegen und auswählen").click()
    expect(page.locator("#inline_child_office_contacts-0")).to_contain_text("Ayşe Yılmaz")
    steps += 7

    # Consultation hours: one filled row, and one added and left empty.
    page.locator("#id_consultation_hours-ADD").click()
    page.locator("#id_consultation_hours-0-weekday").select_option("0")
    _enter_date(page, page.locator("#id_consultation_hours-0-opens"), "9")
    _enter_date(page, page.locator("#id_consultation_hours-0-closes"), "12.30")
    page.locator("#id_consultation_hours-ADD").click()
    expect(
        page.locator("#inline_child_consultation_hours-0 [data-panel-heading-text]")
    ).to_contain_text("Montag")
    steps += 4
    page.locator("#id_title").click()
    page.locator("#inline_child_consultation_hours-1").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot("admin-forms-new-office")
    _publish_when_autosaved(page)
    steps += 2
    page.wait_for_url(f"{live_server.url}/admin/pages/{index.pk}/")

    office = CoordinationOfficePage.objects.get(title="Koordinierungsstelle Kellbach")
    assert office.live
    assert sorted(m.name for m in office.municipalities.all()) == ["Auenstadt", "Kellbach"]
    contact = ContactPerson.objects.get(last_name="Yılmaz")
    assert [c.contact for c in office.office_contacts.all()] == [contact]
    hours = [(h.weekday, h.opens, h.closes) for h in office.consultation_hours.all()]
    assert hours == [(0, dt.time(9), dt.time(12, 30))]
    assert steps <= 16  # was about 30 clicks on three screens (issue 15)
