"""The calendar in Chromium: filters and month navigation by keyboard, axe-core checks."""

import datetime as dt

import pytest

from tests.a11y import assert_no_axe_violations
from wagtail_ehrenamt.events.event_listing import today

from .events_fixtures import add_event, build_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.timedelta(days=1)


@pytest.fixture
def calendar(home_page):
    county = build_county(home_page)
    cal, base = county["calendar"], today()
    tuesday = base + dt.timedelta(days=(1 - base.weekday()) % 7)
    add_event(
        cal,
        "Sprachcafé",
        tuesday,
        start_time=dt.time(18),
        end_time=dt.time(19, 30),
        repeat="weekly",
        location=county["town_hall"],
        organiser_page=county["office"],
        for_refugees=True,
        topics=[county["language"]],
        event_type="exchange",
        exceptions=[{"original_date": tuesday + 7 * DAY, "action": "cancel", "note": "Ferien"}],
        publish=True,
    )
    add_event(
        cal,
        "Schulung für Integrationslotsen",
        base + 9 * DAY,
        end_date=base + 11 * DAY,
        location=county["hall"],
        for_volunteers=True,
        event_type="training",
        organiser_page=county["team"],
        publish=True,
    )
    add_event(
        cal,
        "Online-Austausch",
        base + 2 * DAY,
        start_time=dt.time(19),
        online_url="https://meet.example/a",
        event_type="exchange",
        publish=True,
    )
    add_event(
        cal,
        "Netzwerkkonferenz",
        base - 12 * DAY,
        start_time=dt.time(9),
        event_type="network_meeting",
        organiser_page=county["team"],
        publish=True,
    )
    return cal


def test_upcoming_filters_by_keyboard(live_server, page, calendar, screenshot, block_third_party):
    page.goto(f"{live_server.url}/termine/")
    assert page.locator("h1").inner_text().startswith("Termine")
    assert_no_axe_violations(page, "upcoming")
    screenshot("events-upcoming")
    # Keyboard only: focus the type filter, arrow down to "training", Tab to the button.
    select = page.locator("#id_type")
    select.focus()
    for _ in range(10):
        if select.input_value() == "training":
            break
        page.keyboard.press("ArrowDown")
    assert select.input_value() == "training"
    button = page.locator(".ehrenamt-filters button[type=submit]")
    for _ in range(5):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/termine/?*type=training*")
    titles = page.locator(".ehrenamt-occurrence__title a").all_inner_texts()
    assert titles == ["Schulung für Integrationslotsen"]
    assert_no_axe_violations(page, "filtered")
    screenshot("events-upcoming-filtered")


def test_unknown_filter_shows_message(live_server, page, calendar, block_third_party):
    response = page.goto(f"{live_server.url}/termine/?topic=gibt-es-nicht")
    assert response.status == 400
    assert page.locator(".ehrenamt-errors").is_visible()
    assert_no_axe_violations(page, "filter error")


def test_month_navigation_by_keyboard(live_server, page, calendar, screenshot, block_third_party):
    base = today()
    page.goto(f"{live_server.url}/termine/monat/?audience=refugees")
    page.wait_for_url(f"**/termine/monat/{base.year}/{base.month}/?audience=refugees")
    assert page.locator("table caption").is_visible()
    assert page.locator("td[aria-current=date]").count() == 1
    assert_no_axe_violations(page, "month")
    screenshot("events-month")
    following = (base.replace(day=28) + 4 * DAY).replace(day=1)
    next_link = page.locator("a[rel=next]")
    # Tab through the page until the "next month" link has focus, then press Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if next_link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("The next-month link cannot be reached with Tab.")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/termine/monat/{following.year}/{following.month}/?audience=refugees")
    assert "Sprachcafé" in page.locator("table").inner_text()
    assert "Schulung" not in page.locator("table").inner_text()
    assert_no_axe_violations(page, "next month")
    screenshot("events-month-next")


def test_archive_and_event_page(live_server, page, calendar, screenshot, block_third_party):
    page.goto(f"{live_server.url}/termine/archiv/")
    assert "Netzwerkkonferenz" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "archive")
    screenshot("events-archive")
    page.goto(f"{live_server.url}/termine/zeitraum/?from={today()}&to={today() + 14 * DAY}")
    assert_no_axe_violations(page, "range")
    screenshot("events-range")
    page.get_by_role("link", name="Sprachcafé").first.click()
    page.wait_for_url("**/termine/*/")
    assert page.locator("script[type='application/ld+json']").count() == 1
    assert page.locator(".ehrenamt-cancelled").count() == 1
    assert_no_axe_violations(page, "event page")
    screenshot("events-event-page")
