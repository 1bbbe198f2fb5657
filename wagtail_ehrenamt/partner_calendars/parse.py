"""Read a partner's iCal feed into :class:`ImportItem` values, one per event page to write.

How feed entries become events (see docs/how-to/partner-calendars.md):

* A VEVENT without RRULE/RDATE becomes one event (``recurrence_key`` empty).
* A recurring VEVENT whose rule the package's repetition fields can express (daily, weekly on
  weekdays, monthly on a day or on the n-th weekday, yearly; interval, UNTIL or COUNT), in
  the site's time zone (or all-day, or floating), becomes **one series**: EXDATEs and
  cancelled dates (RECURRENCE-ID with STATUS:CANCELLED) become cancelled dates, moved dates
  (RECURRENCE-ID with another DTSTART/DTEND/LOCATION) become moved dates, a changed SUMMARY
  of one date its note.
* Any other recurring VEVENT (RDATE, BYSETPOS other than one weekday, several weekdays per
  month, another time zone with other daylight-saving rules, moved dates the package cannot
  express …) is **expanded** with recurring-ical-events: each date in the feed window
  (``FEED_PAST_DAYS`` before to ``FEED_FUTURE_DAYS`` after today) becomes its own event,
  keyed by its RECURRENCE-ID.

Times are converted to the site's time zone (``TIME_ZONE`` setting). TZIDs are resolved by
icalendar (IANA names, Microsoft names such as “W. Europe Standard Time”, or the feed's own
VTIMEZONE); feeds that only name their zone in ``X-WR-TIMEZONE`` (Google) are repaired with
the x-wr-timezone package first. Floating times are read as site time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass, field

import icalendar
import recurring_ical_events
import x_wr_timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ..conf import get_setting, get_time_zone
from ..events.recurrence import RecurrenceError, build_rrule, series_start_times
from ..text import clean_text, strip_bidi_controls
from ..weekdays import WEEKDAY_CODES

MAX_TITLE = 255
MAX_TEXT = 5000
MAX_LOCATION = 200
ONLINE_MEETING_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
)


class FeedError(Exception):
    """The whole feed is unusable; the message is for editors."""


class Unrepresentable(Exception):
    """The series cannot be expressed with the package's fields; expand it instead."""


@dataclass
class ImportItem:
    """Everything an imported event page gets from one feed entry (or one date of it)."""

    uid: str
    recurrence_key: str
    title: str
    summary: str
    location_text: str
    online_url: str
    start_date: dt.date
    start_time: dt.time | None
    end_date: dt.date | None
    end_time: dt.time | None
    status: str = "scheduled"
    repeat: str = ""
    repeat_interval: int = 1
    repeat_weekdays: str = ""
    repeat_week_of_month: int | None = None
    repeat_ends: str = "never"
    repeat_until: dt.date | None = None
    repeat_count: int | None = None
    exceptions: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    sequence: int = 0
    last_modified: dt.datetime | None = None

    def fingerprint(self, extra=()):
        data = asdict(self)
        data.pop("sequence")
        data.pop("last_modified")
        text = json.dumps([data, list(extra)], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class ParsedFeed:
    items: list[ImportItem]
    #: Every UID in the feed, also those of entries outside the window.
    uids: set[str]
    #: UIDs whose series was imported date by date.
    expanded_uids: set[str]
    window_start: dt.date
    window_end: dt.date
    skipped: int = 0
    #: UIDs of entries that could not be read; their pages stay as they are.
    skipped_uids: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    event_count: int = 0


# --- reading the file ---------------------------------------------------


def decode(body: bytes) -> str:
    """The feed as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace")
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def read_calendar(body: bytes):
    text = decode(body)
    head = text.lstrip()[:2000]
    if not head.upper().startswith("BEGIN:VCALENDAR"):
        if head.startswith("<") or "<html" in head.lower():
            raise FeedError(
                _(
                    "The address returns a web page (HTML), not an iCal feed. Copy the "
                    "calendar's iCal/ICS address, not the address of its web view."
                )
            )
        raise FeedError(_("The address does not return an iCal feed (BEGIN:VCALENDAR missing)."))
    if "END:VCALENDAR" not in text.upper():
        raise FeedError(_("The feed is incomplete (END:VCALENDAR missing)."))
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # icalendar raises ValueError and friends
        raise FeedError(
            _("The feed is not valid iCalendar: %(error)s") % {"error": str(error)[:300]}
        )
    if calendar.get("X-WR-TIMEZONE"):
        try:
            calendar = x_wr_timezone.to_standard(calendar)
        except Exception as error:
            raise FeedError(
                _("The feed's time zone (X-WR-TIMEZONE) is unknown: %(error)s")
                % {"error": str(error)[:200]}
            )
    return calendar


# --- values -------------------------------------------------------------


def _text(component, name, limit=MAX_TEXT, multiline=False):
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    text = strip_bidi_controls(clean_text(str(value), multiline=multiline)).strip()
    return text[:limit]


def _description(component):
    text = _text(component, "DESCRIPTION", limit=MAX_TEXT * 2, multiline=True)
    if "<" in text and re.search(r"</?[a-zA-Z][^>]*>", text):
        # Google Calendar stores descriptions as HTML.
        text = re.sub(r"<br\s*/?>|</p>|</li>|</div>", "\n", text, flags=re.IGNORECASE)
        text = html.unescape(strip_tags(text))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:MAX_TEXT]


def _online_url(component):
    for name in ONLINE_MEETING_PROPERTIES:
        value = _text(component, name, limit=200)
        if value.startswith(("https://", "http://")):
            return value
    return ""


def _categories(component):
    values = component.get("CATEGORIES")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    names = []
    for value in values:
        for name in getattr(value, "cats", None) or [str(value)]:
            name = clean_text(str(name), multiline=False).strip()
            if name and name not in names:
                names.append(name[:100])
    return names


def _sequence(component):
    try:
        return int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _last_modified(component):
    try:
        value = component.decoded("LAST-MODIFIED")
    except (KeyError, ValueError, TypeError):
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


def _decoded(component, name):
    value = component.get(name)
    if isinstance(value, list):  # a property given twice: the first counts
        value = value[0]
    return value.dt


def local(value):
    """(date, time or None) in the site's time zone; floating times are site time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(get_time_zone())
        return value.date(), value.time().replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return value, None
    raise ValueError(f"not a date: {value!r}")


def _start_end(component):
    """(start, end) as given; end computed from DURATION or the defaults of RFC 5545."""
    start = _decoded(component, "DTSTART")
    if not isinstance(start, dt.date):
        raise ValueError("DTSTART is not a date")
    if "DTEND" in component:
        end = _decoded(component, "DTEND")
    elif "DURATION" in component:
        end = start + _decoded(component, "DURATION")
    elif isinstance(start, dt.datetime):
        end = start
    else:
        end = start + dt.timedelta(days=1)
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        end = end.date() if isinstance(end, dt.datetime) else start
    if end < start:
        end = start
    return start, end


def _times(component):
    """start_date, start_time, end_date, end_time of a component, in site time."""
    start, end = _start_end(component)
    start_date, start_time = local(start)
    if start_time is None:
        last_day = end - dt.timedelta(days=1) if end > start else start
        return start_date, None, (last_day if last_day > start_date else None), None
    end_date, end_time = local(end)
    if end == start:
        return start_date, start_time, None, None
    return start_date, start_time, (end_date if end_date != start_date else None), end_time


def _status(component):
    return "cancelled" if _text(component, "STATUS").upper() == "CANCELLED" else "scheduled"


def recurrence_key(value):
    """The RECURRENCE-ID as a stable key: ``YYYYMMDD`` or ``YYYYMMDDTHHMMSS[Z]``."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _base_item(component, uid, key=""):
    start_date, start_time, end_date, end_time = _times(component)
    title = _text(component, "SUMMARY", limit=MAX_TITLE) or str(_("Untitled event"))
    return ImportItem(
        uid=uid,
        recurrence_key=key,
        title=title,
        summary=_description(component),
        location_text=_text(component, "LOCATION", limit=MAX_LOCATION),
        online_url=_online_url(component),
        start_date=start_date,
        start_time=start_time,
        end_date=end_date,
        end_time=end_time,
        status=_status(component),
        categories=_categories(component),
        sequence=_sequence(component),
        last_modified=_last_modified(component),
    )


# --- series -------------------------------------------------------------


def _same_zone(tzinfo, start, window_end):
    """Whether ``tzinfo`` has the site zone's UTC offsets from ``start`` to ``window_end``.

    Then a wall-clock series in the site zone has the same dates and times as the feed's.
    """
    site = get_time_zone()
    moment = start.astimezone(dt.UTC)
    end = dt.datetime.combine(window_end, dt.time(12), tzinfo=dt.UTC)
    while moment <= end:
        if moment.astimezone(tzinfo).utcoffset() != moment.astimezone(site).utcoffset():
            return False
        moment += dt.timedelta(hours=23)
    return True


def _values(rule, name):
    return [str(v).upper() for v in rule.get(name, [])]


def series_fields(master, overrides, window_end):
    """The package's repetition fields and changed dates for a recurring VEVENT.

    Raises :class:`Unrepresentable` when the package cannot express the series exactly.
    """
    if "RDATE" in master:
        raise Unrepresentable("RDATE")
    rule = master.get("RRULE")
    if isinstance(rule, list):
        raise Unrepresentable("several RRULEs")
    start, _end = _start_end(master)
    if isinstance(start, dt.datetime) and start.tzinfo is not None:
        if not _same_zone(start.tzinfo, start, window_end):
            raise Unrepresentable("time zone")
    start_date, start_time = local(start)
    allowed = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH"}
    allowed.add("BYSETPOS")
    if set(rule) - allowed:
        raise Unrepresentable("rule parts")
    freq = _values(rule, "FREQ")[0] if rule.get("FREQ") else ""
    interval = int(rule.get("INTERVAL", [1])[0] or 1)
    byday = _values(rule, "BYDAY")
    bymonthday = [int(v) for v in rule.get("BYMONTHDAY", [])]
    bymonth = [int(v) for v in rule.get("BYMONTH", [])]
    bysetpos = [int(v) for v in rule.get("BYSETPOS", [])]
    wkst = (_values(rule, "WKST") or ["MO"])[0]
    weekday = WEEKDAY_CODES[start_date.weekday()]
    fields = {"repeat_interval": interval, "repeat_weekdays": "", "repeat_week_of_month": None}
    if bysetpos and not (freq == "MONTHLY" and len(byday) == 1 and len(bysetpos) == 1):
        raise Unrepresentable("BYSETPOS")
    if freq == "DAILY" and not (byday or bymonthday or bymonth):
        fields["repeat"] = "daily"
    elif freq == "WEEKLY" and not (bymonthday or bymonth):
        days = byday or [weekday]
        if any(day not in WEEKDAY_CODES for day in days) or weekday not in days:
            raise Unrepresentable("weekdays")
        if wkst != "MO" and interval > 1 and len(days) > 1:
            raise Unrepresentable("WKST")
        fields["repeat"] = "weekly"
        fields["repeat_weekdays"] = ",".join(sorted(set(days), key=WEEKDAY_CODES.index))
    elif freq == "MONTHLY" and not bymonth:
        if not byday and bymonthday in ([], [start_date.day]):
            fields["repeat"] = "monthly_day"
        elif len(byday) == 1 and not bymonthday:
            match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", byday[0])
            if not match or (match.group(1) and bysetpos) or match.group(2) != weekday:
                raise Unrepresentable("monthly weekday")
            ordinal = int(match.group(1) or (bysetpos[0] if bysetpos else 0))
            if ordinal not in (1, 2, 3, 4, -1):
                raise Unrepresentable("monthly ordinal")
            fields["repeat"] = "monthly_weekday"
            fields["repeat_week_of_month"] = ordinal
        else:
            raise Unrepresentable("monthly")
    elif freq == "YEARLY" and not byday:
        if bymonth not in ([], [start_date.month]) or bymonthday not in ([], [start_date.day]):
            raise Unrepresentable("yearly")
        fields["repeat"] = "yearly"
    else:
        raise Unrepresentable("frequency")
    until = rule.get("UNTIL", [None])[0]
    count = rule.get("COUNT", [None])[0]
    fields.update(repeat_ends="never", repeat_until=None, repeat_count=None)
    if until is not None:
        until_date, until_time = local(until)
        if start_time is not None and until_time is not None and until_time < start_time:
            until_date -= dt.timedelta(days=1)
        if until_date < start_date:
            raise Unrepresentable("UNTIL before DTSTART")
        fields.update(repeat_ends="until", repeat_until=until_date)
    elif count is not None:
        fields.update(repeat_ends="count", repeat_count=int(count))
    try:
        rrule = build_rrule(
            frequency=fields["repeat"],
            interval=interval,
            weekdays=[d for d in fields["repeat_weekdays"].split(",") if d] or None,
            ordinal=fields["repeat_week_of_month"],
            start=start_date,
            until=fields["repeat_until"],
            count=fields["repeat_count"],
            all_day=start_time is None,
        )
    except RecurrenceError as error:
        raise Unrepresentable(str(error))
    first = dt.datetime.combine(start_date, start_time or dt.time.min)
    fields["exceptions"] = _changed_dates(master, overrides, rrule, first, start_time)
    return fields


def _in_series(rrule, first, naive):
    try:
        return bool(series_start_times(rrule, first, naive, naive, limit=1))
    except RecurrenceError:
        return False


def _changed_dates(master, overrides, rrule, first, start_time):
    changes = {}
    master_start, master_end = _start_end(master)
    master_title = _text(master, "SUMMARY", limit=MAX_TITLE)
    master_location = _text(master, "LOCATION", limit=MAX_LOCATION)
    for override in overrides:
        rid_prop = override.get("RECURRENCE-ID")
        if rid_prop.params.get("RANGE"):
            raise Unrepresentable("RANGE")
        original_date, original_time = local(rid_prop.dt)
        if original_time != start_time:
            raise Unrepresentable("RECURRENCE-ID time")
        naive = dt.datetime.combine(original_date, original_time or dt.time.min)
        if not _in_series(rrule, first, naive):
            raise Unrepresentable("RECURRENCE-ID outside the series")
        if _status(override) == "cancelled":
            changes[original_date] = {"original_date": original_date, "action": "cancel"}
            continue
        start, end = _start_end(override)
        new_date, new_time = local(start)
        if (new_time is None) != (start_time is None):
            raise Unrepresentable("all-day changed")
        new_end_time = None
        if end - start != master_end - master_start:
            end_date, end_time = local(end)
            if new_time is None or end_date != new_date:
                raise Unrepresentable("moved date's length")
            new_end_time = end_time
        title = _text(override, "SUMMARY", limit=MAX_TITLE)
        location = _text(override, "LOCATION", limit=MAX_LOCATION)
        moved = (new_date, new_time) != (original_date, original_time) or new_end_time
        change = {
            "original_date": original_date,
            "action": "move",
            "new_date": new_date if new_date != original_date else None,
            "new_start_time": new_time if new_time != original_time else None,
            "new_end_time": new_end_time,
            "note": (title if title and title != master_title else "")[:255],
            "new_location_text": location if location != master_location else "",
        }
        if not moved and not change["new_location_text"]:
            if not change["note"]:
                continue
            change["action"] = "note"
        changes[original_date] = change
    exdates = master.get("EXDATE")
    if exdates is not None:
        for exdate_list in exdates if isinstance(exdates, list) else [exdates]:
            for value in exdate_list.dts:
                original_date, original_time = local(value.dt)
                naive = dt.datetime.combine(original_date, start_time or dt.time.min)
                if original_date in changes or not _in_series(rrule, first, naive):
                    continue
                changes[original_date] = {"original_date": original_date, "action": "cancel"}
    return [changes[key] for key in sorted(changes)]


def _expanded(group, uid, window_start, window_end, timezones):
    """Each date of the series inside the window as its own item."""
    calendar = icalendar.Calendar()
    for timezone in timezones:
        calendar.add_component(timezone)
    for component in group:
        calendar.add_component(component)
    occurrences = recurring_ical_events.of(calendar).between(
        window_start, window_end + dt.timedelta(days=1)
    )
    limit = get_setting("MAX_OCCURRENCES_PER_SERIES")
    items = []
    for occurrence in occurrences[:limit]:
        rid = occurrence.get("RECURRENCE-ID")
        key = recurrence_key(rid.dt if rid is not None else _decoded(occurrence, "DTSTART"))
        items.append(_base_item(occurrence, uid, key))
    return items


# --- the feed -----------------------------------------------------------


def window(today):
    return (
        today - dt.timedelta(days=get_setting("FEED_PAST_DAYS")),
        today + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS")),
    )


def parse_feed(body: bytes, today: dt.date) -> ParsedFeed:
    """All items of the feed; raises FeedError when the feed as a whole is unusable."""
    calendar = read_calendar(body)
    window_start, window_end = window(today)
    result = ParsedFeed(
        items=[],
        uids=set(),
        expanded_uids=set(),
        window_start=window_start,
        window_end=window_end,
    )
    timezones = list(calendar.walk("VTIMEZONE"))
    groups: dict[str, list] = {}
    for component in calendar.walk("VEVENT"):
        result.event_count += 1
        uid = _text(component, "UID", limit=1000)
        if not uid:
            # RFC 5545 requires a UID; derive a stable one from what identifies the entry.
            raw = f"{component.get('DTSTART')!r}|{component.get('SUMMARY')}"
            uid = "no-uid-" + hashlib.sha256(raw.encode()).hexdigest()[:32]
        groups.setdefault(uid, []).append(component)
    for uid, group in groups.items():
        result.uids.add(uid)
        try:
            result.items.extend(_group_items(uid, group, result, timezones))
        except Exception as error:  # one bad entry must not stop the others
            result.skipped += len(group)
            result.skipped_uids.add(uid)
            title = _text(group[0], "SUMMARY", limit=80) or uid[:80]
            result.problems.append(
                _("“%(title)s” was skipped: %(error)s")
                % {"title": title, "error": str(error)[:200] or error.__class__.__name__}
            )
    return result


def _group_items(uid, group, result, timezones):
    masters = [c for c in group if c.get("RECURRENCE-ID") is None]
    overrides = [c for c in group if c.get("RECURRENCE-ID") is not None]
    if not masters:
        # Only changed dates of a series the feed does not contain (e.g. an invitation to
        # one date): each is an event of its own.
        items = []
        for component in overrides:
            key = recurrence_key(_decoded(component, "RECURRENCE-ID"))
            item = _base_item(component, uid, key)
            if (item.end_date or item.start_date) >= result.window_start:
                items.append(item)
        if items:
            result.expanded_uids.add(uid)
        return items
    master = masters[0]
    if "RRULE" not in master and "RDATE" not in master:
        item = _base_item(master, uid)
        if (item.end_date or item.start_date) < result.window_start:
            return []  # long past: not imported, but still in the feed
        return [item]
    if "RRULE" in master:
        try:
            fields = series_fields(master, overrides, result.window_end)
        except Unrepresentable:
            fields = None
        if fields is not None:
            item = _base_item(master, uid)
            for name, value in fields.items():
                setattr(item, name, value)
            if item.repeat_until and item.repeat_until < result.window_start:
                return []
            return [item]
    result.expanded_uids.add(uid)
    return _expanded(group, uid, result.window_start, result.window_end, timezones)
