"""The iCal SEQUENCE has one owner (EventPage.save) and rises exactly when a client must
update: dates, times, repetition, place, status, title, or a changed single date."""

import datetime as dt

import pytest

from tests.events_fixtures import add_event, build_county
from wagtail_ehrenamt import signals
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import EventOccurrenceException, EventPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(home_page):
    return build_county(home_page)


@pytest.fixture
def event(county):
    start = today() + dt.timedelta(days=7)
    return add_event(
        county["calendar"],
        "Treffen",
        start,
        publish=True,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        location=county["hall"],
    )


def publish(event, **changes):
    page = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk).sequence


def test_no_second_owner():
    assert not hasattr(signals, "bump_sequence")
    assert not hasattr(signals, "SEQUENCE_FIELDS")


@pytest.mark.parametrize(
    "changes",
    [
        {"start_time": dt.time(17)},
        {"end_time": dt.time(21)},
        {"end_date": "+1"},
        {"start_date": "+7"},
        {"repeat_interval": 2},
        {"status": "cancelled"},
        {"location": "town_hall"},
        {"online_url": "https://meet.example/treffen"},
        {"title": "Treffen (neuer Name)"},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_a_change_a_client_shows_raises_it_by_exactly_one(event, county, changes):
    values = {}
    for name, value in changes.items():
        if value == "town_hall":
            value = county["town_hall"]
        elif isinstance(value, str) and value.startswith("+"):
            value = event.start_date + dt.timedelta(days=int(value[1:]))
        values[name] = value
    before = EventPage.objects.get(pk=event.pk).sequence
    assert publish(event, **values) == before + 1
    # Publishing the same content again is no change.
    assert publish(event) == before + 1


def test_text_and_drafts_do_not_raise_it(event):
    before = EventPage.objects.get(pk=event.pk).sequence
    assert publish(event, summary="Neuer Text", capacity_note="20 Plätze") == before
    page = EventPage.objects.get(pk=event.pk)
    page.start_time = dt.time(9)
    page.save_revision()  # a draft
    assert EventPage.objects.get(pk=event.pk).sequence == before


def test_changed_single_dates_raise_it(event):
    second = event.start_date + dt.timedelta(days=7)
    page = EventPage.objects.get(pk=event.pk)
    page.exceptions.add(EventOccurrenceException(original_date=second, action="cancel"))
    page.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).sequence == 1
    page = EventPage.objects.get(pk=event.pk)
    page.exceptions.set(
        [
            EventOccurrenceException(
                original_date=second, action="move", new_date=second + dt.timedelta(days=1)
            )
        ]
    )
    page.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).sequence == 2
    # Only the note: the dates stay, no update needed.
    page = EventPage.objects.get(pk=event.pk)
    change = page.exceptions.first()
    page.exceptions.set(
        [
            EventOccurrenceException(
                original_date=change.original_date,
                action="move",
                new_date=change.new_date,
                note="Im Saal 2",
            )
        ]
    )
    page.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).sequence == 2


def test_an_older_revision_never_lowers_it(event):
    page = EventPage.objects.get(pk=event.pk)
    old_revision = page.save_revision()  # made at SEQUENCE 0
    assert publish(event, start_time=dt.time(10)) == 1
    old_revision.publish()  # back to 18:00: a change again
    assert EventPage.objects.get(pk=event.pk).sequence == 2


def test_unpublishing_and_copying(event):
    page = EventPage.objects.get(pk=event.pk)
    page.unpublish()
    assert EventPage.objects.get(pk=event.pk).sequence == 0
    copy = page.copy(update_attrs={"slug": "kopie", "title": "Kopie"})
    assert copy.sequence == 0
