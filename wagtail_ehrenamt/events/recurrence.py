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

from ..conf import get_setting, get_time_zone
from ..weekdays import WEEKDAY_CODES

if TYPE_CHECKING:
    from ..models.events import EventPage


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
    check_series_start(frequency=frequency, start=start, weekdays=weekdays, ordinal=ordinal)
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
    rule = parse_rule(rrule, _skip_ahead(rrule, first_start, window_start))
    starts = []
    for start in rule.xafter(window_start, count=limit, inc=True):
        if start > window_end:
            break
        starts.append(start)
    return starts


def last_series_start(rrule: str, first_start: dt.datetime) -> dt.datetime | None:
    """The naive local start of the last date of a finite series, or None if it never ends.

    For a long UNTIL series (more dates than MAX_OCCURRENCES_PER_SERIES) the UNTIL time
    itself is returned: an upper bound, which is all the SQL pre-filter needs.
    """
    if "UNTIL=" not in rrule and "COUNT=" not in rrule:
        return None
    rule = parse_rule(rrule, first_start)
    limit = get_setting("MAX_OCCURRENCES_PER_SERIES")
    last = None
    for index, start in enumerate(rule):
        last = start
        if index + 1 >= limit:
            if "UNTIL=" in rrule:
                return max(last, rule._until)
            break
    return last


def _rule_parts(rrule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)


def _skip_ahead(rrule: str, first_start: dt.datetime, window_start: dt.datetime) -> dt.datetime:
    """A later DTSTART that yields the same dates from ``window_start`` on.

    Without it, expanding a daily series that started decades ago would walk through every
    date since. Only rules whose dates do not depend on DTSTART beyond the period grid are
    shifted: DAILY, WEEKLY with BYDAY, MONTHLY with BYMONTHDAY/BYDAY; never with COUNT.
    """
    parts = _rule_parts(rrule)
    if "COUNT" in parts or window_start <= first_start:
        return first_start
    interval = int(parts.get("INTERVAL", "1") or 1)
    freq = parts.get("FREQ")
    if freq == "DAILY":
        period_days = interval
    elif freq == "WEEKLY" and "BYDAY" in parts:
        period_days = 7 * interval
    elif freq == "MONTHLY" and ("BYMONTHDAY" in parts or "BYDAY" in parts):
        months = (window_start.year - first_start.year) * 12 + window_start.month
        months -= first_start.month
        steps = max(months // interval - 1, 0)
        if steps == 0:
            return first_start
        total = first_start.month - 1 + steps * interval
        return first_start.replace(year=first_start.year + total // 12, month=total % 12 + 1, day=1)
    else:
        return first_start
    steps = max((window_start - first_start).days // period_days - 1, 0)
    return first_start + dt.timedelta(days=steps * period_days)


def check_series_start(
    *, frequency: str, start: dt.date, weekdays: list[str] | None, ordinal: int | None
) -> None:
    """Raise RecurrenceError if the first date does not belong to the series.

    iCalendar clients always show DTSTART as the first date; the pages would not. So the
    first date has to fit the rule: a weekly series on Tuesdays starts on a Tuesday, a
    series "every 2nd Tuesday" starts on a 2nd Tuesday.
    """
    code = WEEKDAY_CODES[start.weekday()]
    if frequency == "weekly" and weekdays and code not in weekdays:
        raise RecurrenceError(
            _("The first date is not on one of the chosen weekdays. Choose its weekday too.")
        )
    if frequency == "monthly_weekday" and ordinal in (1, 2, 3, 4, -1):
        position = (start.day - 1) // 7 + 1
        next_week = start + dt.timedelta(days=7)
        is_last = next_week.month != start.month
        if (ordinal == -1 and not is_last) or (ordinal != -1 and ordinal != position):
            raise RecurrenceError(
                _(
                    "The first date is not the chosen weekday of its month "
                    "(e.g. for “every 2nd Tuesday” choose a 2nd Tuesday as the first date)."
                )
            )


def parse_rule(rrule: str, first_start: dt.datetime):
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
