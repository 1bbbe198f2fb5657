"""The occurrence table: kept in step with the events, read by the listings with a fixed
number of queries, extended daily or on demand, and the same dates as the date engine."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from tests.events_fixtures import add_event, add_many, build_county, count_page_queries
from wagtail_ehrenamt.events import occurrence_table
from wagtail_ehrenamt.events.event_listing import expand_in_window, occurrences_in_window, today
from wagtail_ehrenamt.models import (
    EventOccurrence,
    EventOccurrenceException,
    EventPage,
    OccurrenceWindow,
)

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def county(home_page):
    return build_county(home_page)


def series(county, **fields):
    start = today() - 10 * DAY
    return add_event(
        county["calendar"],
        fields.pop("title", "Sprachcafé"),
        start,
        publish=True,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        location=county["hall"],
        organiser_page=county["office"],
        **fields,
    )


def shown(occurrences):
    return [
        (
            o.event.pk,
            o.start,
            o.end,
            o.all_day,
            o.original_start,
            o.is_cancelled,
            o.is_moved,
            o.location,
            o.note,
        )
        for o in occurrences
    ]


def events(county):
    return county["calendar"].get_events()


def test_table_and_engine_give_the_same_dates(county):
    event = series(county)
    add_event(county["calendar"], "Fest", today() + 3 * DAY, publish=True)
    page = EventPage.objects.get(pk=event.pk)
    second, third = event.start_date + 7 * DAY, event.start_date + 14 * DAY
    page.exceptions.add(EventOccurrenceException(original_date=second, note="Ferien"))
    page.exceptions.add(
        EventOccurrenceException(
            original_date=third,
            action="move",
            new_date=third + DAY,
            new_start_time=dt.time(19),
            new_location=county["town_hall"],
            note="Im Rathaus",
        )
    )
    page.save_revision().publish()
    first, last = today() - 20 * DAY, today() + 120 * DAY
    from_table = occurrences_in_window(events(county), first, last)
    assert shown(from_table) == shown(expand_in_window(events(county), first, last))
    assert any(o.is_moved and o.location == county["town_hall"] for o in from_table)
    assert any(o.is_cancelled and o.note == "Ferien" for o in from_table)


def test_rows_follow_publishing_unpublishing_and_deleting(county, client):
    event = series(county)
    assert EventOccurrence.objects.filter(event_id=event.pk).exists()
    page = EventPage.objects.get(pk=event.pk)
    page.start_time = dt.time(9)
    page.save_revision()  # a draft changes nothing
    assert set(
        EventOccurrence.objects.filter(event_id=event.pk).values_list("start_time", flat=True)
    ) == {dt.time(18)}
    page.save_revision().publish()
    assert set(
        EventOccurrence.objects.filter(event_id=event.pk).values_list("start_time", flat=True)
    ) == {dt.time(9)}
    assert "Sprachcafé" in client.get("/termine/").content.decode()
    page.unpublish()
    assert "Sprachcafé" not in client.get("/termine/").content.decode()
    EventPage.objects.get(pk=event.pk).delete()
    assert not EventOccurrence.objects.filter(event_id=event.pk).exists()
    assert client.get("/termine/").status_code == 200


def test_rows_written_around_the_pages_are_noticed(county, client):
    add_many(county["calendar"], county, 6, series=2)  # raw inserts, bulk changes
    client.get("/termine/")
    first, last = today(), today() + 60 * DAY
    assert shown(occurrences_in_window(events(county), first, last)) == shown(
        expand_in_window(events(county), first, last)
    )
    # A change saved on its own rewrites its event's rows.
    moved = EventOccurrenceException.objects.filter(action="move").first()
    moved.new_date = moved.new_date + DAY
    moved.save()
    assert EventOccurrence.objects.filter(
        event_id=moved.page_id, start_date=moved.new_date, is_moved=True
    ).exists()


def test_window_is_extended_when_behind_and_by_the_command(county, client):
    event = series(county)
    window = OccurrenceWindow.objects.get()
    later = today() + 1000 * DAY
    with time_machine.travel(dt.datetime.combine(later, dt.time(9)), tick=True):
        response = client.get("/termine/")
        assert response.status_code == 200
        assert "Sprachcafé" in response.content.decode()
        assert OccurrenceWindow.objects.get().last_date > window.last_date
    call_command("ehrenamt_extend_occurrences", stdout=open("/dev/null", "w"))  # noqa: SIM115
    window = OccurrenceWindow.objects.get()
    assert (window.first_date, window.last_date) == occurrence_table.target_window()
    assert EventOccurrence.objects.filter(event_id=event.pk).exists()


def test_months_outside_the_table_are_expanded(county, client):
    series(county, title="Lange Reihe")
    far = today().replace(day=1) + 3000 * DAY
    response = client.get(f"/termine/monat/{far.year}/{far.month}/")
    assert response.status_code == 200
    assert "Lange Reihe" in response.content.decode()
    past = today() - 2000 * DAY
    assert occurrences_in_window(events(county), past, past + 30 * DAY) == []


def test_query_count_of_calendar_month_and_office_does_not_grow(county, client):
    base = today()
    urls = [
        "/termine/",
        f"/termine/monat/{base.year}/{base.month}/",
        county["office"].url,
        county["team"].url,
        "/termine/?page=2",
    ]
    # Two series: one of the office's, one of the team's (a list with dates links to
    # their calendar, one query more than the empty list).
    add_many(county["calendar"], county, 5, series=2)
    small = count_page_queries(client, urls)
    add_many(county["calendar"], county, 45, series=5)
    assert EventPage.objects.count() == 50
    assert count_page_queries(client, urls) == small
