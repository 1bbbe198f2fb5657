"""The date engine: the dates of an event or series, with its changes, for a window.

This module is the only code that turns an event's date fields and its changes to single
dates (cancel, move, new place, note) into dates. The pages (through
``EventPage.occurrences_between``), the occurrence table, the iCal and Atom feeds and the
editor's check of changed dates all use it.

It works on plain values and imports no models: an *event* is any object with the
attributes ``start_date``, ``start_time``, ``end_date``, ``end_time``, ``rrule`` (the stored
RRULE, '' for a single event) and ``status``; a *change* any object with ``original_date``,
``action`` (``cancel``, ``move`` or ``note``), ``new_date``, ``new_start_time``,
``new_end_time``, ``new_location_id`` and ``note`` (a page and its exception rows, or
:class:`Change`).

Times are naive local wall-clock times in the package's time zone; :func:`localise` attaches
the zone, so a weekly 18:00 meeting stays at 18:00 across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .recurrence import RecurrenceError, parse_rule, series_start_times

__all__ = [
    "Change",
    "EngineDate",
    "Event",
    "applied_changes",
    "duration",
    "expand",
    "first_start",
    "is_series_start",
    "localise",
    "moved_start",
    "unknown_change_dates",
]

CANCELLED_STATUS = "cancelled"
# The attributes of an event the engine reads.
EVENT_FIELDS = ("start_date", "start_time", "end_date", "end_time", "rrule", "status")
# The attributes of a change the engine reads.
CHANGE_FIELDS = (
    "original_date",
    "action",
    "new_date",
    "new_start_time",
    "new_end_time",
    "new_location_id",
    "note",
)


@dataclass(frozen=True, slots=True)
class Event:
    """The date fields of an event (a page has the same attributes)."""

    start_date: dt.date
    start_time: dt.time | None = None
    end_date: dt.date | None = None
    end_time: dt.time | None = None
    rrule: str = ""
    status: str = "scheduled"


@dataclass(frozen=True, slots=True)
class Change:
    """A change to one date of a series (an exception row has the same attributes)."""

    original_date: dt.date
    action: str = "cancel"
    new_date: dt.date | None = None
    new_start_time: dt.time | None = None
    new_end_time: dt.time | None = None
    new_location_id: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class EngineDate:
    """One date of an event, in naive local wall-clock time.

    ``original`` is the series date it stands for (the iCal RECURRENCE-ID), None for a
    single event; ``change`` the change applied to it, if any (for its place and note).
    """

    start: dt.datetime
    end: dt.datetime
    all_day: bool
    original: dt.datetime | None = None
    is_cancelled: bool = False
    is_moved: bool = False
    change: Any = None

    @property
    def start_date(self) -> dt.date:
        return self.start.date()

    @property
    def end_date(self) -> dt.date:
        return self.end.date()

    @property
    def note(self) -> str:
        return self.change.note if self.change is not None else ""


def duration(start_date, start_time, end_date, end_time) -> dt.timedelta:
    """Length of one date of an event; whole days for all-day events (no start time)."""
    end_date = end_date or start_date
    if start_time is None:
        return end_date - start_date
    start = dt.datetime.combine(start_date, start_time)
    end = dt.datetime.combine(end_date, end_time or start_time)
    return max(end - start, dt.timedelta(0))


def first_start(event) -> dt.datetime:
    """The naive local start of the event's first date."""
    return dt.datetime.combine(event.start_date, event.start_time or dt.time.min)


def localise(naive: dt.datetime, all_day: bool, zone):
    """A date for all-day events, else the wall-clock time in ``zone`` (aware)."""
    if all_day:
        return naive.date()
    return naive.replace(tzinfo=zone)


def is_series_start(rrule: str, first: dt.datetime, start: dt.datetime) -> bool:
    """Whether the naive local ``start`` is a date of the series (raises RecurrenceError)."""
    return bool(series_start_times(rrule, first, start, start, limit=1))


def moved_start(change, naive_start, length, all_day):
    """The new (naive) start and the length of the series date ``change`` moves."""
    start = dt.datetime.combine(
        change.new_date or naive_start.date(), change.new_start_time or naive_start.time()
    )
    if change.new_end_time and not all_day:
        end = dt.datetime.combine(start.date(), change.new_end_time)
        length = max(end - start, dt.timedelta(0))
    return start, length


def _apply(event, naive_start, length, change, series):
    all_day = event.start_time is None
    start = naive_start
    is_cancelled = event.status == CANCELLED_STATUS
    is_moved = False
    if change is not None:
        if change.action == "cancel":
            is_cancelled = True
        elif change.action == "move":
            is_moved = True
            start, length = moved_start(change, naive_start, length, all_day)
    return EngineDate(
        start=start,
        end=start + length,
        all_day=all_day,
        original=naive_start if series else None,
        is_cancelled=is_cancelled,
        is_moved=is_moved,
        change=change,
    )


def expand(event, changes, window_start, window_end, include_cancelled=True, limit=None):
    """The dates of ``event`` that overlap [window_start, window_end] (dates, inclusive).

    ``changes`` (cancelled, moved or annotated dates) are applied; cancelled dates are kept
    with ``is_cancelled`` unless ``include_cancelled`` is False; a date moved into the window
    from outside is included. A series yields at most ``limit`` (default
    MAX_OCCURRENCES_PER_SERIES) dates per call. Sorted by start.
    """
    length = duration(event.start_date, event.start_time, event.end_date, event.end_time)
    first = first_start(event)
    rrule = event.rrule
    by_date = {change.original_date: change for change in changes} if rrule else {}
    if rrule:
        search_from = dt.datetime.combine(window_start, dt.time.min) - length
        search_to = dt.datetime.combine(window_end, dt.time.max)
        try:
            starts = series_start_times(rrule, first, search_from, search_to, limit=limit)
        except RecurrenceError:
            starts = [first]
    else:
        starts = [first]
    dates = []
    seen = set()
    for naive_start in starts:
        date = _apply(event, naive_start, length, by_date.get(naive_start.date()), bool(rrule))
        seen.add(naive_start)
        if date.is_cancelled and not include_cancelled:
            continue
        if date.end_date >= window_start and date.start_date <= window_end:
            dates.append(date)
    # Moved dates whose new date falls into the window but whose series date does not.
    for change in by_date.values():
        if change.action != "move" or not change.new_date:
            continue
        original = dt.datetime.combine(change.original_date, first.time())
        if original in seen or not (window_start <= change.new_date <= window_end):
            continue
        try:
            if not is_series_start(rrule, first, original):
                continue
        except RecurrenceError:
            continue
        date = _apply(event, original, length, change, True)
        if date.is_cancelled and not include_cancelled:
            continue
        dates.append(date)
    return sorted(dates, key=lambda d: d.start)


def date_on(event, changes, day):
    """The date of ``event`` that is ``day`` in the series (before any move), with its
    change applied; None if the event has no such date (or its rule cannot be expanded)."""
    length = duration(event.start_date, event.start_time, event.end_date, event.end_time)
    first = first_start(event)
    if not event.rrule:
        return _apply(event, first, length, None, False) if day == event.start_date else None
    original = dt.datetime.combine(day, first.time())
    try:
        if not is_series_start(event.rrule, first, original):
            return None
    except RecurrenceError:
        return None
    change = next((c for c in changes if c.original_date == day), None)
    return _apply(event, original, length, change, True)


def applied_changes(event, changes):
    """The changes that affect a date of the series, each with the date it makes.

    ``[(change, EngineDate)]`` in the order given; changes to dates the series does not
    have, and every change of a single event, are left out (they have no effect).
    """
    if not event.rrule:
        return []
    length = duration(event.start_date, event.start_time, event.end_date, event.end_time)
    first = first_start(event)
    if not changes:
        return []
    try:
        rule = parse_rule(event.rrule, first)
    except RecurrenceError:
        return []
    result = []
    for change in changes:
        original = dt.datetime.combine(change.original_date, first.time())
        if not rule.between(original, original, inc=True):
            continue
        result.append((change, _apply(event, original, length, change, True)))
    return result


def unknown_change_dates(event, original_dates):
    """The dates in ``original_dates`` that are not dates of the series ``event``.

    For a single event (no ``rrule``) every date is unknown. Raises RecurrenceError for a
    rule that cannot be expanded.
    """
    if not event.rrule:
        return list(original_dates)
    first = first_start(event)
    return [
        day
        for day in original_dates
        if not is_series_start(event.rrule, first, dt.datetime.combine(day, first.time()))
    ]
