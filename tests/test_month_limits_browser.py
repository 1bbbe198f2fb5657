"""A busy day in the month view, in the browser: at 320, 390 and 1280 px its first dates and the
"more dates" link fit the day, the link is reached by keyboard and leads to all of the day's
dates, and axe finds nothing. Screenshots: .screenshots/month-busy-day-390.png and -1280.png.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

from .events_fixtures import add_busy_day, build_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.timedelta(days=1)


def test_busy_day_links_to_the_rest_by_keyboard(live_server, page, home_page, screenshot):
    county = build_county(home_page)
    day = add_busy_day(county["calendar"], "Beratungsstunde für Ehrenamtliche", range(8, 17))
    more = page.locator(".ehrenamt-month__more a")
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/termine/monat/{day.year}/{day.month}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        expect(more).to_have_count(1)
        expect(more).to_be_visible()
        # Inside its day's box, below the day's six dates.
        cell = page.locator("td", has=more).bounding_box()
        link = more.bounding_box()
        assert cell["x"] <= link["x"] and link["x"] + link["width"] <= cell["x"] + cell["width"]
        dates = page.locator("td", has=more).locator("li")
        expect(dates).to_have_count(6)
        assert dates.last.bounding_box()["y"] < link["y"]
        screenshot(f"month-busy-day-{width}")
        assert_no_axe_violations(page, f"month view with a busy day at {width}px")

    # Keyboard: Tab until the link has focus, then Enter.
    for _ in range(200):
        page.keyboard.press("Tab")
        if more.evaluate("el => el === document.activeElement"):
            break
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/termine/zeitraum/?from={day}&to={day}")
    expect(page.locator(".ehrenamt-occurrence")).to_have_count(9)
