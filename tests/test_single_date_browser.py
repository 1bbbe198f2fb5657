"""“In meinen Kalender eintragen” on a phone: an event page at 390 px in Chromium.

One page load checks: no sideways scrolling, the next date's ``.ics`` download (a real
download, parsed), a date of the list opened by keyboard, the subscribe box's copy button
by keyboard (clipboard and the spoken status), axe-core. The screenshot is for a person to
look at (.screenshots/single-date-event-390.png).
"""

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from tests.a11y import assert_no_axe_violations
from wagtail_ehrenamt.events.event_listing import today

from .events_fixtures import add_event, build_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.timedelta(days=1)


def test_add_one_date_on_a_phone(live_server, page, home_page, screenshot, block_third_party):
    county = build_county(home_page)
    base = today()
    first = base + DAY * ((1 - base.weekday()) % 7 or 7)  # next Tuesday, not today
    event = add_event(
        county["calendar"],
        "Beratung für ehrenamtliche Lotsinnen und Lotsen",
        first,
        start_time=dt.time(18),
        end_time=dt.time(19, 30),
        repeat="weekly",
        location=county["town_hall"],
        organiser_page=county["office"],
        event_type="consultation",
        exceptions=[
            {"original_date": first + 7 * DAY, "action": "cancel", "note": "Ferien"},
            {
                "original_date": first + 14 * DAY,
                "action": "move",
                "new_date": first + 15 * DAY,
                "new_start_time": dt.time(17),
            },
        ],
        slug="beratung",
        publish=True,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/termine/beratung/")
    assert not page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")

    # The next date, prominently: its .ics is a real download of that one date.
    card = page.locator(".ehrenamt-add-to-calendar")
    assert "Nächster Termin:" in card.inner_text()
    with page.expect_download() as info:
        card.get_by_role("link", name="In meinen Kalender eintragen (.ics)").click()
    download = info.value
    assert download.suggested_filename == f"beratung-{first.isoformat()}.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event.uid
    assert vevent["RECURRENCE-ID"].dt.date() == first
    assert "X-WR-CALNAME" not in calendar
    assert card.get_by_role("link", name="In Google Kalender eintragen").count() == 1
    assert card.get_by_role("link", name="In Outlook.com eintragen").count() == 1

    # Every date of the list but the cancelled one has its own links, opened by keyboard.
    dates = page.locator(".ehrenamt-event__dates > li")
    assert dates.nth(1).locator("details").count() == 0  # cancelled
    moved = dates.nth(2).locator("details")
    moved.locator("summary").focus()
    page.keyboard.press("Enter")
    ics = moved.get_by_role("link", name="Kalenderdatei (.ics)")
    assert ics.is_visible()
    # The moved date's file is named by its date in the series (its RECURRENCE-ID).
    assert ics.get_attribute("href").endswith(f"/termine/beratung/ical/{first + 14 * DAY}/")
    response = page.request.get(ics.get_attribute("href"))
    assert response.status == 200
    assert "DTSTART;TZID=Europe/Berlin:" + f"{first + 15 * DAY:%Y%m%d}T170000" in response.text()

    # The series can still be subscribed; the address is copied by keyboard.
    box = page.get_by_role("region", name="Kalender abonnieren")
    address = box.get_by_label("Kalenderadresse zum Kopieren")
    feed_url = f"{live_server.url}/termine/beratung/ical/"
    assert address.input_value() == feed_url
    address.focus()
    page.keyboard.press("Tab")
    copy = box.get_by_role("button", name="Adresse kopieren")
    assert page.evaluate("document.activeElement.textContent") == "Adresse kopieren"
    page.keyboard.press("Enter")
    status = box.get_by_role("status")
    status.get_by_text("Adresse kopiert").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == feed_url
    assert copy.is_visible()
    box.locator("summary").click()
    assert box.get_by_role("heading", name="Outlook für Windows (Desktop)").is_visible()

    assert not page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")
    assert_no_axe_violations(page, "event page, 390 px")
    screenshot("single-date-event-390")
    # The smallest phones: this feature's elements fit, with every date's links open. (The
    # page as a whole is the phone layout's business: its details list is wider at 320 px.)
    page.set_viewport_size({"width": 320, "height": 800})
    page.eval_on_selector_all(".ehrenamt-date-actions", "all => all.forEach(d => (d.open = true))")
    too_wide = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              '.ehrenamt-add-to-calendar *, .ehrenamt-date-actions *, .ehrenamt-subscribe *'))
            .filter(e => !e.closest('.visually-hidden, details:not([open]) > :not(summary)'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert too_wide == []
    screenshot("single-date-event-320")
