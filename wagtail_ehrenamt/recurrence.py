"""Recurring series: the editor's choices as an RRULE, and bounded expansion into occurrences.

Expansion uses python-dateutil's rrule on naive local wall-clock times, then attaches the
site's time zone, so a weekly 18:00 meeting stays at 18:00 across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dateutil.rrule import rrulestr
from django.utils.translation import gettext_lazy as _

from .conf import get_setting, get_time_zone

if TYPE_CHECKING:
    from .models.events import EventPage

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: a single event has one, a series many.

    ``start``/``end`` are aware datetimes in the site's time zone for timed events, and
    dates for all-day events (``end`` inclusive, i.e. the last day).
    ``original_start`` is the series date this occurrence stands for (the iCal
    RECURRENCE-ID); ``None`` for a non-recurring event.
    """

    event: EventPage
    start: Any
    end: Any
    all_day: bool
    original_start: Any = None
    is_cancelled: bool = False
    is_moved: bool = False
    location: Any = None
    note: str = ""

    @property
    def start_date(self) -> dt.date:
        return self.start if self.all_day else self.start.date()

    @property
    def end_date(self) -> dt.date:
        return self.end if self.all_day else self.end.date()

    @property
    def is_multi_day(self) -> bool:
        return self.end_date > self.start_date

    @property
    def sort_key(self):
        if self.all_day:
            return dt.datetime.combine(self.start, dt.time.min, tzinfo=get_time_zone())
        return self.start


class RecurrenceError(ValueError):
    pass


def build_rrule(
    *,
    frequency: str,
    interval: int = 1,
    weekdays: list[str] | None = None,
    ordinal: int | None = None,
    start: dt.date,
    until: dt.date | None = None,
    count: int | None = None,
    all_day: bool = False,
    start_time: dt.time | None = None,
) -> str:
    """Return the RRULE value (without the ``RRULE:`` prefix) for an editor's choices.

    ``frequency`` is one of daily, weekly, monthly_day, monthly_weekday, yearly.
    """
    parts = []
    if frequency == "daily":
        parts.append("FREQ=DAILY")
    elif frequency == "weekly":
        parts.append("FREQ=WEEKLY")
        days = weekdays or [WEEKDAY_CODES[start.weekday()]]
        unknown = [day for day in days if day not in WEEKDAY_CODES]
        if unknown:
            raise RecurrenceError(_("Unknown weekday."))
        ordered = sorted(set(days), key=WEEKDAY_CODES.index)
        parts.append("BYDAY=" + ",".join(ordered))
    elif frequency == "monthly_day":
        parts.append("FREQ=MONTHLY")
        parts.append(f"BYMONTHDAY={start.day}")
    elif frequency == "monthly_weekday":
        if ordinal not in (1, 2, 3, 4, -1):
            raise RecurrenceError(_("Choose which weekday of the month (1st to 4th, or last)."))
        parts.append("FREQ=MONTHLY")
        parts.append(f"BYDAY={ordinal}{WEEKDAY_CODES[start.weekday()]}")
    elif frequency == "yearly":
        parts.append("FREQ=YEARLY")
    else:
        raise RecurrenceError(_("Unknown repetition."))
    if not 1 <= int(interval) <= 99:
        raise RecurrenceError(_("The interval must be between 1 and 99."))
    if interval != 1:
        parts.insert(1, f"INTERVAL={interval}")
    if until and count:
        raise RecurrenceError(_("A series ends either on a date or after a number of dates."))
    if until:
        if until < start:
            raise RecurrenceError(_("The series cannot end before it starts."))
        if all_day:
            parts.append("UNTIL=" + until.strftime("%Y%m%d"))
        else:
            # RFC 5545: with a TZID start, UNTIL is given in UTC.
            local_end = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=get_time_zone())
            parts.append("UNTIL=" + local_end.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"))
    if count:
        if not 1 <= int(count) <= get_setting("MAX_OCCURRENCES_PER_SERIES"):
            raise RecurrenceError(
                _("A series can have at most %(max)s dates.")
                % {"max": get_setting("MAX_OCCURRENCES_PER_SERIES")}
            )
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def series_start_times(
    rrule: str,
    first_start: dt.datetime,
    window_start: dt.datetime,
    window_end: dt.datetime,
    limit: int | None = None,
) -> list[dt.datetime]:
    """Naive local start times of a series that fall in [window_start, window_end].

    All datetimes are naive local wall-clock times. At most ``limit`` (default
    ``MAX_OCCURRENCES_PER_SERIES``) are returned, whatever the window or rule.
    """
    limit = limit or get_setting("MAX_OCCURRENCES_PER_SERIES")
    rule = _parse_rule(rrule, first_start)
    starts = []
    for start in rule.xafter(window_start, count=limit, inc=True):
        if start > window_end:
            break
        starts.append(start)
    return starts


def last_series_start(rrule: str, first_start: dt.datetime) -> dt.datetime | None:
    """The naive local start of the last date of a finite series, or None if it never ends."""
    if "UNTIL=" not in rrule and "COUNT=" not in rrule:
        return None
    rule = _parse_rule(rrule, first_start)
    last = None
    for index, start in enumerate(rule):
        last = start
        if index + 1 >= get_setting("MAX_OCCURRENCES_PER_SERIES"):
            break
    return last


def _parse_rule(rrule: str, first_start: dt.datetime):
    if "UNTIL=" in rrule and rrule.split("UNTIL=")[1].split(";")[0].endswith("Z"):
        # dateutil compares UNTIL with naive starts; turn the UTC UNTIL into local time.
        until_utc = rrule.split("UNTIL=")[1].split(";")[0]
        until = dt.datetime.strptime(until_utc, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        local_until = until.astimezone(get_time_zone()).replace(tzinfo=None)
        rrule = rrule.replace(
            "UNTIL=" + until_utc, "UNTIL=" + local_until.strftime("%Y%m%dT%H%M%S")
        )
    try:
        return rrulestr(rrule, dtstart=first_start)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(str(error)) from error
