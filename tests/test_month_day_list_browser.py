"""The month view on a narrow screen is a day-by-day list (issue 14), a grid on a wide one.

One page load of next month's view: at 390 px the days with dates are stacked full-width blocks
in date order, each with its whole date written out; weekday headings, empty days and the
days of the neighbouring months are not shown; a moved date says from when. At 1280 px the
same markup is a grid of seven equal columns. No sideways scrolling and axe at 0 at both widths.
Screenshots: .screenshots/month-day-list-390.png and -1280.png.
"""

import datetime as dt
import itertools

import pytest

from tests.a11y import assert_no_axe_violations
from wagtail_ehrenamt.events.event_listing import today

from .events_fixtures import add_event, build_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.timedelta(days=1)

# The day cells the browser shows: their date, box and whether the written-out date is readable.
VISIBLE_DAYS = """() => [...document.querySelectorAll(".ehrenamt-month td")]
  .filter((td) => td.getClientRects().length)
  .map((td) => {
    const box = td.getBoundingClientRect();
    const date = td.querySelector(".ehrenamt-month__date").getBoundingClientRect();
    return {day: td.querySelector("time").getAttribute("datetime"), top: box.top,
            bottom: box.bottom, left: box.left, width: box.width, dateWidth: date.width,
            text: td.innerText};
  })"""


def test_month_view_is_a_day_list_on_phones_and_a_grid_on_desktops(
    live_server, page, home_page, screenshot
):
    county = build_county(home_page)
    # Next month, whole: no date of it is in the past, whatever today is.
    first = (today().replace(day=1) + 32 * DAY).replace(day=1)
    tuesday = first + DAY * ((1 - first.weekday()) % 7)
    moved_from = tuesday + 7 * DAY
    add_event(
        county["calendar"],
        "Sprachcafé",
        tuesday,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        repeat_weekdays="TU",
        repeat_until=tuesday + 21 * DAY,
        exceptions=[{"original_date": moved_from, "action": "move", "new_date": moved_from + DAY}],
        publish=True,
    )
    add_event(county["calendar"], "Kleiderkammer-Sonderöffnung", first + 19 * DAY, publish=True)
    expected = sorted(
        {tuesday, moved_from + DAY, tuesday + 14 * DAY, tuesday + 21 * DAY, first + 19 * DAY}
    )
    expected = [day.isoformat() for day in expected]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/termine/monat/{first.year}/{first.month}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not page.locator(".ehrenamt-month thead").is_visible()
    days = page.evaluate(VISIBLE_DAYS)
    # Only the days with dates, in order, each below the one before and as wide as the list.
    assert [day["day"] for day in days] == expected
    table_width = page.locator(".ehrenamt-month").bounding_box()["width"]
    for before, after in itertools.pairwise(days):
        assert after["top"] >= before["bottom"], (before, after)
    for day in days:
        assert day["width"] >= table_width - 1, day
        assert day["dateWidth"] > 100, f"the date is written out and readable: {day}"
    # The weekday and month are written out (not the bare number of the grid).
    assert days[0]["text"].startswith(f"Dienstag, {tuesday.day}.")
    assert f"verlegt vom {moved_from:%d.%m.}" in days[1]["text"]
    screenshot("month-day-list-390")
    assert_no_axe_violations(page, "month view at 390px")

    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator(".ehrenamt-month thead").is_visible()
    headings = page.locator(".ehrenamt-month thead th").evaluate_all(
        "cells => cells.map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(headings) == 7 and len(set(headings)) == 1, "seven weekdays side by side"
    days = page.evaluate(VISIBLE_DAYS)
    # Every day of the weeks shown, seven to a row; the written-out date only for screen readers.
    assert len(days) % 7 == 0 and len(days) >= 28
    week = days[:7]
    assert len({round(day["top"]) for day in week}) == 1
    assert [day["left"] for day in week] == sorted(day["left"] for day in week)
    # Equal columns, though only Tuesdays and one Wednesday have dates.
    widths = [day["width"] for day in week]
    assert max(widths) - min(widths) <= 2, widths
    assert all(day["dateWidth"] <= 1 for day in days)
    screenshot("month-day-list-1280")
    assert_no_axe_violations(page, "month view at 1280px")
