"""Property-based: the date engine and recurring-ical-events agree on the generated iCal.

Random weekly and monthly series in Europe/Berlin, crossing both daylight-saving changes,
with random cancelled and moved dates: the dates the engine gives the pages must be the
dates a calendar client (recurring-ical-events) reads from the package's own VEVENTs.
"""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_ehrenamt.events import engine, feeds
from wagtail_ehrenamt.events.feeds import FeedEvent
from wagtail_ehrenamt.events.recurrence import build_rrule

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Not 02:xx: that wall-clock time does not exist (March) or exists twice (October) in
# Berlin on the change days, and RFC 5545 leaves the choice to the client.
HOURS = [0, 1, *range(3, 24)]


@st.composite
def series(draw):
    start = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 700)))
    all_day = draw(st.booleans()) if draw(st.integers(0, 4)) == 0 else False
    start_time = (
        None
        if all_day
        else dt.time(draw(st.sampled_from(HOURS)), draw(st.sampled_from([0, 15, 30, 45])))
    )
    frequency = draw(st.sampled_from(["weekly", "monthly_day", "monthly_weekday"]))
    weekdays = None
    ordinal = None
    if frequency == "weekly":
        own = WEEKDAYS[start.weekday()]
        weekdays = sorted(
            {own, *draw(st.lists(st.sampled_from(WEEKDAYS), max_size=2))}, key=WEEKDAYS.index
        )
    elif frequency == "monthly_day":
        start = start.replace(day=min(start.day, 28))
    else:
        position = (start.day - 1) // 7 + 1
        is_last = (start + dt.timedelta(days=7)).month != start.month
        ordinal = -1 if is_last and draw(st.booleans()) else min(position, 4)
        if ordinal == 4 and position == 5:
            ordinal = -1
    ends = draw(st.sampled_from(["never", "until", "count"]))
    until = start + dt.timedelta(days=draw(st.integers(30, 500))) if ends == "until" else None
    count = draw(st.integers(2, 40)) if ends == "count" else None
    rrule = build_rrule(
        frequency=frequency,
        interval=draw(st.integers(1, 3)),
        weekdays=weekdays,
        ordinal=ordinal,
        start=start,
        until=until,
        count=count,
        all_day=all_day,
    )
    hours = draw(st.integers(0, 3)) if not all_day else 0
    end_time = None
    if start_time is not None:
        end_time = (dt.datetime.combine(start, start_time) + dt.timedelta(hours=hours)).time()
        if end_time < start_time:
            end_time = dt.time(23, 59)
    event = FeedEvent(
        pk=1,
        title="Treffen",
        slug="treffen",
        url_path="/home/termine/treffen/",
        locale_id=1,
        last_published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        start_date=start,
        start_time=start_time,
        end_date=start + dt.timedelta(days=1) if all_day and draw(st.booleans()) else None,
        end_time=end_time,
        rrule=rrule,
        event_type="other",
        status="scheduled",
        status_note="",
        summary="",
        online_url="",
        uid="treffen@test",
        sequence=0,
        location_id=None,
        organiser_page_id=None,
        organiser_organisation_id=None,
        alias_of_id=None,
    )
    dates = engine.expand(event, [], start, start + dt.timedelta(days=800))
    changes = {}
    for date in draw(st.lists(st.sampled_from(dates), max_size=4)) if dates else []:
        action = draw(st.sampled_from(["cancel", "move", "note"]))
        new_date = new_time = new_end = None
        if action == "move":
            new_date = date.start.date() + dt.timedelta(days=draw(st.integers(-3, 3)))
            if not all_day and draw(st.booleans()):
                new_time = dt.time(draw(st.sampled_from(HOURS)))
                new_end = dt.time(min(new_time.hour + 1, 23), 30)
        changes[date.original.date()] = engine.Change(
            original_date=date.original.date(),
            action=action,
            new_date=new_date,
            new_start_time=new_time,
            new_end_time=new_end,
            note="Notiz",
        )
    return event, list(changes.values())


def as_instant(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return value


def feed_of(event, changes):
    with mock.patch.object(feeds, "_exceptions_by_event", lambda ids: {event.pk: changes}):
        with mock.patch.object(feeds.FeedContext, "url", lambda self, event: "https://x.test/"):
            return feeds.build_calendar([event], name="Test")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(series())
def test_engine_dates_are_the_dates_clients_read(settings_berlin, case):
    event, changes = case
    first = event.start_date
    outer = (first - dt.timedelta(days=10), first + dt.timedelta(days=760))
    inner = (first, first + dt.timedelta(days=730))
    calendar = icalendar.Calendar.from_ical(feed_of(event, changes))
    client = recurring_ical_events.of(calendar).between(outer[0], outer[1])
    client_dates = sorted(
        (as_instant(c["DTSTART"].dt), as_instant(c["DTEND"].dt))
        for c in client
        if inner[0] <= _day(c["DTSTART"].dt) <= inner[1]
    )
    all_day = event.start_time is None
    engine_dates = sorted(
        (
            as_instant(engine.localise(d.start, all_day, BERLIN)),
            as_instant(
                engine.localise(d.end, all_day, BERLIN)
                + (dt.timedelta(days=1) if all_day else dt.timedelta(0))
            ),
        )
        for d in engine.expand(event, changes, *outer, include_cancelled=False)
        if inner[0] <= d.start.date() <= inner[1]
    )
    assert engine_dates == client_dates


def _day(value):
    return value.astimezone(BERLIN).date() if isinstance(value, dt.datetime) else value


@pytest.fixture
def settings_berlin(settings):
    settings.WAGTAIL_EHRENAMT = {
        **getattr(settings, "WAGTAIL_EHRENAMT", {}),
        "TIME_ZONE": "Europe/Berlin",
    }
    return settings
