"""Listings read a bounded number of rows: the Atom feed takes its entries from the occurrence
table (the same entries as expanding the events), and the pages' query counts do not grow
with the calendar (see also tests/test_occurrence_table.py)."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events_fixtures import add_event, add_many, build_county
from wagtail_ehrenamt.events import occurrence_table
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import EventOccurrenceException

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def county(home_page):
    county = build_county(home_page)
    base = today()
    # A series whose first date in the feed's window is cancelled, one whose first date
    # moved after its second, a single event, and one that is over.
    cancelled = add_event(
        county["calendar"],
        "Sprachcafé",
        base - 3 * DAY,
        publish=True,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        location=county["hall"],
        organiser_page=county["office"],
    )
    EventOccurrenceException.objects.create(
        page=cancelled, original_date=base + 4 * DAY, action="cancel"
    )
    moved = add_event(
        county["calendar"],
        "Nähtreff",
        base + DAY,
        publish=True,
        start_time=dt.time(10),
        end_time=dt.time(12),
        repeat="weekly",
        organiser_page=county["team"],
    )
    EventOccurrenceException.objects.create(
        page=moved, original_date=base + DAY, action="move", new_date=base + 10 * DAY
    )
    for page in (cancelled, moved):
        page.save_revision().publish()
    add_event(county["calendar"], "Infoabend", base + 2 * DAY, publish=True)
    add_event(county["calendar"], "Vorbei", base - 20 * DAY, publish=True)
    return county


def atom_entries(client):
    cache.clear()
    response = client.get("/termine/atom/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}id").text)
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_atom_feed_from_the_table_is_the_same_as_expanded(county, client, monkeypatch):
    from_table = atom_entries(client)
    titles = [title for title, _id in from_table]
    assert len(titles) == 3, titles
    assert "Vorbei" not in " ".join(titles)
    # Soonest first: the single event (+2 days), the cancelled date (+4), the date after
    # the moved one (+8; its moved date is +10).
    assert ["Infoabend" in titles[0], "Sprachcafé" in titles[1], "Nähtreff" in titles[2]] == [
        True,
        True,
        True,
    ], titles
    read = []
    original = occurrence_table.first_rows

    def spy(*args, **kwargs):
        rows = original(*args, **kwargs)
        read.append(rows)
        return rows

    monkeypatch.setattr(occurrence_table, "first_rows", spy)
    atom_entries(client)
    assert read and read[0] is not None  # the table was read
    monkeypatch.setattr(occurrence_table, "usable_window", lambda first, last: None)
    assert atom_entries(client) == from_table


def test_atom_feed_query_count_does_not_grow(county, client):
    def count():
        atom_entries(client)  # warm: site, root paths, a table rebuilt after bulk rows
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/termine/atom/").status_code == 200
        return len(queries)

    add_many(county["calendar"], county, 5, series=1)
    small = count()
    add_many(county["calendar"], county, 60, series=6)
    assert count() == small


def test_dense_series_show_the_same_dates_from_the_table_as_expanded(home_page, settings):
    """Daily series with more dates than a listing shows of one series: the table keeps the
    first MAX_OCCURRENCES_PER_SERIES of each from the window's start, like the engine."""
    from wagtail_ehrenamt.events.event_listing import expand_in_window, occurrences_in_window

    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "MAX_OCCURRENCES_PER_SERIES": 30}
    county = build_county(home_page)
    base = today()
    for title, start in (("Frühstück", base - 40 * DAY), ("Lernhilfe", base - 5 * DAY)):
        add_event(
            county["calendar"],
            title,
            start,
            publish=True,
            start_time=dt.time(9),
            end_time=dt.time(10),
            repeat="daily",
        )
    add_event(county["calendar"], "Treffen", base + 50 * DAY, publish=True)
    events = county["calendar"].get_events()
    first, last = base, base + 90 * DAY

    def dates(occurrences):
        return [(o.event.title, o.start) for o in occurrences]

    from_table = occurrence_table.occurrence_rows(events, first, last)
    assert from_table is not None
    expanded = dates(expand_in_window(events, first, last))
    assert dates(occurrences_in_window(events, first, last)) == expanded
    assert from_table.count() == len(expanded) == 61
    titles = [title for title, _start in expanded]
    assert titles.count("Frühstück") == titles.count("Lernhilfe") == 30
    assert dates(from_table[25:35]) == expanded[25:35]
