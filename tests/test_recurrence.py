"""Recurring series: RRULE building, bounded expansion, DST, exceptions and validation."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError

from wagtail_ehrenamt.events.recurrence import series_start_times
from wagtail_ehrenamt.models import EventOccurrenceException, EventPage

BERLIN = ZoneInfo("Europe/Berlin")
D = dt.date
T = dt.time

pytestmark = pytest.mark.django_db


def event(**fields):
    defaults = {"title": "Treffen", "slug": "treffen", "start_date": D(2026, 10, 13)}
    defaults.update(fields)
    page = EventPage(**defaults)
    page.rrule = page.editor_rrule()
    page.series_end_date = page._compute_series_end_date()
    return page


def starts(occurrences):
    return [o.start for o in occurrences]


def test_weekly_meeting_keeps_wall_clock_time_across_october_dst_change():
    page = event(start_time=T(18), end_time=T(20), repeat="weekly", repeat_weekdays="TU")
    assert page.rrule == "FREQ=WEEKLY;BYDAY=TU"
    occurrences = page.occurrences_between(D(2026, 10, 13), D(2026, 11, 3))
    assert [o.start.date() for o in occurrences] == [
        D(2026, 10, 13),
        D(2026, 10, 20),
        D(2026, 10, 27),
        D(2026, 11, 3),
    ]
    assert {o.start.time() for o in occurrences} == {T(18)}
    assert {o.end.time() for o in occurrences} == {T(20)}
    # 25 October 2026 is the last Sunday of October: CEST (+2) before, CET (+1) after.
    assert [o.start.utcoffset() for o in occurrences] == [
        dt.timedelta(hours=2),
        dt.timedelta(hours=2),
        dt.timedelta(hours=1),
        dt.timedelta(hours=1),
    ]
    assert occurrences[2].start.astimezone(dt.UTC).hour == 17


def test_weekly_meeting_keeps_wall_clock_time_across_march_dst_change():
    page = event(start_date=D(2027, 3, 16), start_time=T(18), end_time=T(19), repeat="weekly")
    occurrences = page.occurrences_between(D(2027, 3, 16), D(2027, 4, 6))
    assert len(occurrences) == 4
    assert {o.start.hour for o in occurrences} == {18}
    # 28 March 2027 is the last Sunday of March.
    offsets = [o.start.utcoffset().total_seconds() / 3600 for o in occurrences]
    assert offsets == [1, 1, 2, 2]


def test_monthly_nth_weekday_across_both_dst_changes():
    # 8 September 2026 is the 2nd Tuesday of September.
    page = event(
        start_date=D(2026, 9, 8),
        start_time=T(19),
        end_time=T(21),
        repeat="monthly_weekday",
        repeat_week_of_month=2,
    )
    assert page.rrule == "FREQ=MONTHLY;BYDAY=2TU"
    occurrences = page.occurrences_between(D(2026, 9, 1), D(2027, 4, 30))
    assert [o.start.date() for o in occurrences] == [
        D(2026, 9, 8),
        D(2026, 10, 13),
        D(2026, 11, 10),
        D(2026, 12, 8),
        D(2027, 1, 12),
        D(2027, 2, 9),
        D(2027, 3, 9),
        D(2027, 4, 13),
    ]
    assert {o.start.hour for o in occurrences} == {19}
    assert occurrences[0].start.utcoffset() == dt.timedelta(hours=2)
    assert occurrences[3].start.utcoffset() == dt.timedelta(hours=1)
    assert occurrences[-1].start.utcoffset() == dt.timedelta(hours=2)


def test_monthly_last_weekday_and_interval():
    # 29 October 2026 is the last Thursday of October.
    page = event(
        start_date=D(2026, 10, 29),
        start_time=T(19),
        repeat="monthly_weekday",
        repeat_week_of_month=-1,
        repeat_interval=2,
    )
    assert page.rrule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TH"
    dates = [o.start_date for o in page.occurrences_between(D(2026, 10, 1), D(2027, 4, 30))]
    assert dates == [D(2026, 10, 29), D(2026, 12, 31), D(2027, 2, 25), D(2027, 4, 29)]


def test_until_is_inclusive_and_in_utc_across_dst():
    page = event(
        start_time=T(18),
        repeat="weekly",
        repeat_ends="until",
        repeat_until=D(2026, 11, 3),
    )
    # The last local second of 3 November (CET, +1) in UTC.
    assert page.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261103T225959Z"
    occurrences = page.occurrences_between(D(2026, 1, 1), D(2027, 12, 31))
    assert occurrences[-1].start.date() == D(2026, 11, 3)
    assert len(occurrences) == 4
    assert page.series_end_date == D(2026, 11, 3)


def test_count_ends_series_and_sets_series_end_date():
    page = event(
        start_date=D(2027, 3, 21),
        start_time=T(10),
        repeat="weekly",
        repeat_ends="count",
        repeat_count=3,
    )
    assert page.rrule == "FREQ=WEEKLY;BYDAY=SU;COUNT=3"
    occurrences = page.occurrences_between(D(2027, 1, 1), D(2027, 12, 31))
    assert [o.start.date() for o in occurrences] == [
        D(2027, 3, 21),
        D(2027, 3, 28),
        D(2027, 4, 4),
    ]
    # 28 March 2027 is the DST change: still 10:00 local.
    assert {o.start.hour for o in occurrences} == {10}
    assert page.series_end_date == D(2027, 4, 4)


def test_series_without_end_has_no_series_end_date():
    page = event(start_time=T(18), repeat="weekly")
    assert page.series_end_date is None


def test_time_that_does_not_exist_on_the_dst_day_does_not_break():
    page = event(start_date=D(2027, 3, 21), start_time=T(2, 30), repeat="weekly")
    occurrences = page.occurrences_between(D(2027, 3, 21), D(2027, 4, 4))
    assert len(occurrences) == 3
    assert occurrences[1].start.date() == D(2027, 3, 28)


def test_all_day_and_multi_day_series():
    page = event(
        start_date=D(2026, 12, 5),
        end_date=D(2026, 12, 6),
        repeat="yearly",
        repeat_ends="count",
        repeat_count=3,
    )
    assert page.all_day
    assert page.rrule == "FREQ=YEARLY;COUNT=3"
    occurrences = page.occurrences_between(D(2026, 1, 1), D(2030, 12, 31))
    assert [(o.start, o.end) for o in occurrences] == [
        (D(2026, 12, 5), D(2026, 12, 6)),
        (D(2027, 12, 5), D(2027, 12, 6)),
        (D(2028, 12, 5), D(2028, 12, 6)),
    ]
    assert all(o.all_day and o.is_multi_day for o in occurrences)
    assert page.series_end_date == D(2028, 12, 6)
    # A window that only touches the second day still finds the date.
    assert len(page.occurrences_between(D(2027, 12, 6), D(2027, 12, 6))) == 1


def test_cancelled_date_is_marked_and_can_be_left_out():
    page = event(start_time=T(18), repeat="weekly")
    page.exceptions.add(
        EventOccurrenceException(original_date=D(2026, 10, 20), action="cancel", note="Ferien")
    )
    occurrences = page.occurrences_between(D(2026, 10, 13), D(2026, 10, 27))
    assert [(o.start.date(), o.is_cancelled) for o in occurrences] == [
        (D(2026, 10, 13), False),
        (D(2026, 10, 20), True),
        (D(2026, 10, 27), False),
    ]
    assert occurrences[1].note == "Ferien"
    assert occurrences[1].original_start == dt.datetime(2026, 10, 20, 18, tzinfo=BERLIN)
    regular = page.occurrences_between(D(2026, 10, 13), D(2026, 10, 27), include_cancelled=False)
    assert [o.start.date() for o in regular] == [D(2026, 10, 13), D(2026, 10, 27)]


def test_moved_date_appears_at_its_new_time_and_place():
    page = event(start_time=T(18), end_time=T(20), repeat="weekly")
    page.exceptions.add(
        EventOccurrenceException(
            original_date=D(2026, 10, 20),
            action="move",
            new_date=D(2026, 10, 21),
            new_start_time=T(17),
            new_end_time=T(18, 30),
        )
    )
    occurrences = page.occurrences_between(D(2026, 10, 13), D(2026, 10, 27))
    moved = [o for o in occurrences if o.is_moved]
    assert len(moved) == 1
    assert moved[0].start == dt.datetime(2026, 10, 21, 17, tzinfo=BERLIN)
    assert moved[0].end == dt.datetime(2026, 10, 21, 18, 30, tzinfo=BERLIN)
    assert moved[0].original_start == dt.datetime(2026, 10, 20, 18, tzinfo=BERLIN)
    assert D(2026, 10, 20) not in [o.start.date() for o in occurrences]
    # Only the new date counts for windows: the old day is empty, the new day has it.
    assert page.occurrences_between(D(2026, 10, 20), D(2026, 10, 20)) == []
    assert len(page.occurrences_between(D(2026, 10, 21), D(2026, 10, 21))) == 1


def test_date_moved_across_the_series_end_is_found():
    page = event(start_time=T(18), repeat="weekly", repeat_ends="count", repeat_count=2)
    page.exceptions.add(
        EventOccurrenceException(
            original_date=D(2026, 10, 20), action="move", new_date=D(2026, 11, 20)
        )
    )
    found = page.occurrences_between(D(2026, 11, 1), D(2026, 11, 30))
    assert [o.start for o in found] == [dt.datetime(2026, 11, 20, 18, tzinfo=BERLIN)]


def test_exception_for_a_date_not_in_the_series_is_ignored():
    page = event(start_time=T(18), repeat="weekly")
    page.exceptions.add(EventOccurrenceException(original_date=D(2026, 10, 21), action="cancel"))
    occurrences = page.occurrences_between(D(2026, 10, 13), D(2026, 10, 27))
    assert not any(o.is_cancelled for o in occurrences)


def test_expansion_is_bounded_whatever_the_window(settings):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "MAX_OCCURRENCES_PER_SERIES": 50}
    page = event(start_time=T(8), repeat="daily")
    occurrences = page.occurrences_between(D(2026, 10, 13), D(2200, 1, 1))
    assert len(occurrences) == 50


def test_old_open_series_expands_quickly_and_correctly():
    """A daily series from 1970 viewed in 2026 does not walk through 20,000 dates."""
    page = event(start_date=D(1970, 1, 5), start_time=T(9), repeat="weekly", repeat_interval=3)
    begin = time.perf_counter()
    occurrences = page.occurrences_between(D(2026, 11, 1), D(2026, 12, 31))
    assert time.perf_counter() - begin < 0.2
    expected = list(
        rrulestr("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", dtstart=dt.datetime(1970, 1, 5, 9)).between(
            dt.datetime(2026, 11, 1), dt.datetime(2026, 12, 31, 23, 59), inc=True
        )
    )
    assert [o.start.replace(tzinfo=None) for o in occurrences] == expected
    assert len(expected) >= 2


@pytest.mark.parametrize(
    "rule, first",
    [
        ("FREQ=DAILY;INTERVAL=3", dt.datetime(1999, 2, 3, 7)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", dt.datetime(2001, 5, 7, 18)),
        ("FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR", dt.datetime(2003, 1, 31, 19)),
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31", dt.datetime(2004, 1, 31, 10)),
        ("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20300101T000000", dt.datetime(2005, 3, 8, 10)),
    ],
)
def test_skipping_ahead_gives_the_same_dates(rule, first):
    window = (dt.datetime(2026, 9, 1), dt.datetime(2027, 9, 1))
    expected = list(rrulestr(rule, dtstart=first).between(*window, inc=True))
    assert series_start_times(rule, first, *window) == expected


@pytest.mark.parametrize(
    "fields, field_with_error",
    [
        ({"repeat": "weekly", "repeat_weekdays": "WE"}, "repeat"),  # 13 Oct 2026 is a Tuesday
        ({"repeat": "weekly", "repeat_weekdays": "XX"}, "repeat_weekdays"),
        ({"repeat": "monthly_weekday", "repeat_week_of_month": 1}, "repeat"),  # a 2nd Tuesday
        ({"repeat": "monthly_weekday"}, "repeat"),
        ({"repeat": "weekly", "repeat_ends": "until"}, "repeat_until"),
        ({"repeat": "weekly", "repeat_ends": "count"}, "repeat_count"),
        ({"repeat": "weekly", "repeat_ends": "count", "repeat_count": 100000}, "repeat"),
        (
            {"repeat": "weekly", "repeat_ends": "until", "repeat_until": D(2026, 1, 1)},
            "repeat",
        ),
        ({"start_date": D(1, 1, 1)}, "start_date"),
        ({"end_date": D(2026, 10, 1)}, "end_date"),
        ({"start_time": T(18), "end_time": T(17)}, "end_time"),
    ],
)
def test_invalid_repetition_is_a_validation_error(fields, field_with_error):
    page = EventPage(**{"title": "X", "slug": "x", "start_date": D(2026, 10, 13), **fields})
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert field_with_error in error.value.message_dict


def test_valid_monthly_series_passes_validation():
    page = EventPage(
        title="X",
        slug="x",
        start_date=D(2026, 10, 13),
        repeat="monthly_weekday",
        repeat_week_of_month=2,
        repeat_ends="count",
        repeat_count=10,
    )
    page.clean()
    assert page.editor_rrule() == "FREQ=MONTHLY;BYDAY=2TU;COUNT=10"


def test_repetition_description_in_words():
    page = event(
        start_time=T(18),
        repeat="weekly",
        repeat_interval=2,
        repeat_weekdays="TU,TH",
        repeat_ends="count",
        repeat_count=6,
    )
    text = str(page.repetition_description)
    assert "2" in text and "6" in text
    assert event().repetition_description == ""
