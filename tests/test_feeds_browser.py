"""The subscribe box in Chromium: discoverable feeds, keyboard, no JavaScript needed, axe."""

import copy
from pathlib import Path

import pytest

from tests.a11y import assert_no_axe_violations
from tests.factories import add_page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_subscribe_box_in_browser(
    page, live_server, home_page, settings, monkeypatch, screenshot, block_third_party
):
    from wagtail_ehrenamt.models import EventCalendarPage

    # The Site record stays localhost:80: absolute feed URLs use the host the browser asked for.

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates
    monkeypatch.setattr(EventCalendarPage, "template", "feeds_test/calendar.html")
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))

    page.goto(live_server.url + calendar.url)
    feed_link = page.locator('link[rel="alternate"][type="text/calendar"]')
    assert feed_link.get_attribute("href").endswith("/termine/ical/")
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    box = page.get_by_role("region", name="Kalender abonnieren")
    webcal = box.get_by_role("link", name="Im Kalenderprogramm abonnieren")
    assert webcal.get_attribute("href").startswith("webcal://")
    address = box.get_by_label("Kalenderadresse zum Kopieren")
    assert address.input_value() == live_server.url + "/termine/ical/"
    assert box.get_by_role("link", name="Zu Google Kalender hinzufügen").count() == 1
    assert box.get_by_role("link", name="Zu Outlook hinzufügen").count() == 1

    # The help opens by keyboard.
    help_summary = box.locator("summary")
    help_summary.focus()
    page.keyboard.press("Enter")
    assert box.get_by_role("heading", name="Thunderbird").is_visible()
    screenshot("feeds-subscribe-box")
    assert_no_axe_violations(page)

    # The feed URL the box shows answers with a calendar.
    response = page.request.get(address.input_value())
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
