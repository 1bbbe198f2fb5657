"""The demo as issue 14 asks for it (what integrators judge the package by), on one demo load:
the home page shows the next dates; one address per building; every series page lists, with
"weitere Termine", the same dates as its own feed; no page shows a next meeting next to "wird
rechtzeitig angekündigt"; the stated rhythm of a team or platform matches its dates."""

import datetime as dt
import io
import re

import icalendar
import pytest
import recurring_ical_events
from django.core.management import call_command

from wagtail_ehrenamt.conf import get_setting
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import (
    CompetenceTeamPage,
    EventPage,
    Location,
    NetworkingPlatformPage,
)

pytestmark = pytest.mark.django_db
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}
NOTE = "rechtzeitig"


def test_demo_is_consistent(client):
    call_command("setup_demo", translations=False, stdout=io.StringIO())

    # The home page shows the next dates (the upcoming-events block).
    home = client.get("/", **DE).content.decode()
    assert 'class="ehrenamt ehrenamt-upcoming"' in home
    assert len(re.findall(r'class="ehrenamt-occurrence__title"', home)) >= 3

    # One address per building.
    addresses = {}
    for place in Location.objects.all():
        address = (place.street, place.postcode, place.city)
        assert addresses.setdefault(place.name, address) == address, place.name

    # Every series page lists the dates its feed has, up to the feed's horizon.
    start = today()
    horizon = start + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS"))
    series = list(EventPage.objects.live().exclude(repeat=""))
    assert len(series) >= 5
    for event in series:
        html = client.get(event.url + "?termine=alle", **DE).content.decode()
        listed = set(re.findall(r"ical/(\d{4}-\d{2}-\d{2})/", html))
        feed = icalendar.Calendar.from_ical(client.get(event.url + "ical/").content)
        # A date's download is named by its series date (a moved date's RECURRENCE-ID).
        in_feed = {
            str((item.get("RECURRENCE-ID") or item.get("DTSTART")).dt)[:10]
            for item in recurring_ical_events.of(feed).between(start, horizon)
            if str(item.get("STATUS", "")).upper() != "CANCELLED"
        }
        # The horizon's own day may fall on either side of the window's end.
        in_feed.discard(horizon.isoformat())
        listed.discard(horizon.isoformat())
        assert in_feed <= listed, (event.title, sorted(in_feed - listed)[:5])

    # No next meeting next to "the next meeting will be announced in good time".
    for page in [*CompetenceTeamPage.objects.live(), *NetworkingPlatformPage.objects.live()]:
        html = client.get(page.url, **DE).content.decode()
        if NOTE in html:
            assert "ehrenamt-occurrence__title" not in html, page.title

    # Stated rhythms match the dates: the housing team's series meets on the second Tuesday
    # (its one-off information evening is no team meeting); the platform's next meeting is
    # its online exchange every two weeks.
    team = CompetenceTeamPage.objects.live().get(slug="unterkunft")
    assert "jeden 2. Dienstag" in client.get(team.url, **DE).content.decode()
    dates = [
        occurrence.start_date
        for event in EventPage.objects.live().filter(organiser_page=team).exclude(repeat="")
        for occurrence in event.next_occurrences(count=6)
    ]
    assert dates and all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates), dates
    platform = NetworkingPlatformPage.objects.live().first()
    following = [
        event
        for event in EventPage.objects.live().filter(organiser_page=platform)
        if event.next_occurrences(count=1)
    ]
    if any(event.repeat == "weekly" and event.repeat_interval == 2 for event in following):
        assert "alle zwei Wochen" in platform.rhythm
