"""iCalendar (RFC 5545 / RFC 7986) and Atom feeds of events.

The feeds are built with ``icalendar``. Timed events are written in the site's local time
with a ``TZID`` and a matching ``VTIMEZONE`` (with yearly rules, so a series without end stays
right for years), recurring series as ``RRULE`` in local time, cancelled dates as ``EXDATE`` and
moved or annotated dates as ``RECURRENCE-ID`` overrides. All-day events use ``VALUE=DATE`` with
an exclusive ``DTEND``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import MISSING, dataclass
from dataclasses import fields as dataclass_fields
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from dateutil import rrule as du_rrule
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.template.defaultfilters import linebreaks_filter
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vCategory,
    vDDDLists,
    vDDDTypes,
    vDuration,
    vGeo,
    vInt,
    vRecur,
    vText,
    vUri,
)
from wagtail.models import Locale, Page

from .. import languages
from ..conf import get_setting, get_time_zone, today
from ..links import absolute_url
from ..models.directory import CoordinationOfficePage, Location, Organisation
from ..models.events import (
    EventOccurrenceException,
    EventPage,
    EventTopic,
    EventType,
    event_duration,
)
from ..models.topics import Topic
from ..text import clean_text
from ..visibility import visible_pages
from . import engine, occurrence_table

PRODID = "-//wagtail-ehrenamt//Event feeds//DE"


# --- window and queryset ---------------------------------------------------------------


def feed_window(day=None):
    """The (first, last) date a feed covers, around ``day`` (default: today)."""
    day = day or today()
    return (
        day - dt.timedelta(days=get_setting("FEED_PAST_DAYS")),
        day + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS")),
    )


def window_queryset(events, day=None):
    """Restrict an EventPage queryset to the feed window, in SQL.

    Events (or series) that end before the window or start after it are left out, and whole
    cancelled events drop out ``FEED_KEEP_CANCELLED_DAYS`` after they were cancelled.
    """
    first, last = feed_window(day)
    keep_since = timezone.now() - dt.timedelta(days=get_setting("FEED_KEEP_CANCELLED_DAYS"))
    return (
        events.filter(start_date__lte=last)
        .filter(Q(series_end_date__isnull=True) | Q(series_end_date__gte=first))
        .exclude(status="cancelled", last_published_at__lt=keep_since)
    )


def prepare_queryset(events):
    """Load only the columns and joins the Atom feed needs (it works on pages)."""
    events = events.only(*ATOM_FIELDS).select_related("location", "organiser_organisation")
    return events.order_by("start_date", "start_time", "pk")


# The EventPage columns the Atom feed reads (the rest of a page row is not loaded).
ATOM_FIELDS = [
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale_id",
    "content_type_id",
    "first_published_at",
    "last_published_at",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "rrule",
    "event_type",
    "status",
    "status_note",
    "summary",
    "online_url",
    "uid",
    "sequence",
    "location",
    "organiser_page_id",
    "organiser_organisation",
    "series_end_date",
]


@dataclass(slots=True)
class FeedEvent:
    """The columns of one event that an iCal feed reads.

    Building thousands of page objects costs more than serialising their VEVENTs, so
    iCal feeds read plain rows (see :func:`feed_events`).
    """

    pk: int
    title: str
    slug: str
    url_path: str
    locale_id: int
    last_published_at: dt.datetime | None
    start_date: dt.date
    start_time: dt.time | None
    end_date: dt.date | None
    end_time: dt.time | None
    rrule: str
    event_type: str
    status: str
    status_note: str
    summary: str
    online_url: str
    uid: str
    sequence: int
    location_id: int | None
    organiser_page_id: int | None
    organiser_organisation_id: int | None
    alias_of_id: int | None
    location: object = None
    organiser_organisation: object = None

    @property
    def all_day(self):
        return self.start_time is None

    def duration(self):
        """As :meth:`EventPage.duration`."""
        return event_duration(self.start_date, self.start_time, self.end_date, self.end_time)

    def _page(self):
        page = EventPage(id=self.pk, url_path=self.url_path, slug=self.slug)
        page.locale_id = self.locale_id
        return page

    # Like a page's, for :func:`~wagtail_ehrenamt.links.absolute_url`.
    def get_url(self, request=None):
        return self._page().get_url(request)

    def get_full_url(self, request=None):
        return self._page().get_full_url(request)


FEED_EVENT_COLUMNS = [
    field.name for field in dataclass_fields(FeedEvent) if field.default is MISSING
]


def feed_events(events):
    """:class:`FeedEvent` rows of an EventPage queryset, with their places and organisers.

    Three queries, whatever the number of events.
    """
    rows = events.order_by("start_date", "start_time", "pk").values_list(*FEED_EVENT_COLUMNS)
    result = [FeedEvent(*row) for row in rows]
    locations = Location.objects.in_bulk({e.location_id for e in result if e.location_id})
    organisations = Organisation.objects.in_bulk(
        {e.organiser_organisation_id for e in result if e.organiser_organisation_id}
    )
    for event in result:
        event.location = locations.get(event.location_id)
        event.organiser_organisation = organisations.get(event.organiser_organisation_id)
    return result


def data_version(events):
    """A cheap fingerprint of the events a feed contains: (count, id sum, latest change).

    One aggregate query; changes whenever an event is published, added or removed.
    """
    result = events.order_by().aggregate(
        count=Count("pk"), ids=Sum("pk"), latest=Max("last_published_at")
    )
    return result["count"], result["ids"] or 0, result["latest"]


# --- time zones ------------------------------------------------------------------------


def _offset_at(tz, moment_utc):
    return moment_utc.astimezone(tz).utcoffset()


def _transitions(tz, year):
    """The offset changes of ``tz`` in ``year``: list of (utc moment, from, to, dst, name)."""
    result = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(days=1)
    previous = _offset_at(tz, moment)
    while moment < end:
        following = moment + step
        offset = _offset_at(tz, following)
        if offset != previous:
            low, high = moment, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset_at(tz, middle) == previous:
                    low = middle
                else:
                    high = middle
            high = high.replace(second=0, microsecond=0)
            local = high.astimezone(tz)
            result.append((high, previous, offset, bool(local.dst()), local.tzname()))
            previous = offset
        moment = following
    return result


def _yearly_rule(moment_local):
    """(month, nth weekday code) describing a transition date, e.g. (3, '-1SU')."""
    day = moment_local.day
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][moment_local.weekday()]
    next_month = (moment_local.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    days_in_month = (next_month - dt.timedelta(days=1)).day
    if day + 7 > days_in_month:
        return moment_local.month, f"-1{weekday}"
    return moment_local.month, f"{(day - 1) // 7 + 1}{weekday}"


@functools.lru_cache(maxsize=16)
def vtimezone(tzid, year):
    """A VTIMEZONE for ``tzid`` with yearly rules derived from the zone's current rules.

    Calendar clients like Outlook and Thunderbird trust the feed's VTIMEZONE, so it must
    be right for every date of an open-ended series: the current rules are written as
    RRULEs (like Outlook's own VTIMEZONEs). Zones whose rules are not yearly fall back to
    explicit transitions from icalendar.
    """
    tz = ZoneInfo(tzid)
    years = [_transitions(tz, y) for y in range(year - 1, year + 3)]
    if all(not t for t in years):
        offset = _offset_at(tz, dt.datetime(year, 1, 1, tzinfo=dt.UTC))
        component = Timezone()
        component.add("tzid", tzid)
        standard = TimezoneStandard()
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", dt.datetime(year, 1, 1, tzinfo=tz).tzname())
        component.add_component(standard)
        return component.to_ical()
    signatures = []
    for transitions in years:
        signature = []
        for moment, before, after, is_dst, name in transitions:
            local_before = (moment + before).replace(tzinfo=None)
            signature.append(
                (_yearly_rule(local_before), local_before.time(), before, after, is_dst, name)
            )
        signatures.append(signature)
    if len(signatures[0]) == 2 and all(s == signatures[0] for s in signatures):
        component = Timezone()
        component.add("tzid", tzid)
        component.add("x-lic-location", tzid)
        for (month, byday), at, before, after, is_dst, name in signatures[0]:
            observance = TimezoneDaylight() if is_dst else TimezoneStandard()
            rule = du_rrule.rrule(
                du_rrule.YEARLY,
                bymonth=month,
                byweekday=getattr(du_rrule, byday[-2:])(int(byday[:-2])),
                dtstart=dt.datetime(1970, 1, 1),
                count=1,
            )
            first = rule[0].replace(hour=at.hour, minute=at.minute)
            observance.add("tzname", name)
            observance.add("tzoffsetfrom", before)
            observance.add("tzoffsetto", after)
            observance.add("dtstart", first)
            observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
            component.add_component(observance)
        return component.to_ical()
    return Timezone.from_tzid(
        tzid, first_date=dt.date(1970, 1, 1), last_date=dt.date(year + 20, 1, 1)
    ).to_ical()


# --- VEVENTs -------------------------------------------------------------------------------


class FeedContext:
    """What building the VEVENTs of one feed needs besides the events."""

    def __init__(self, request=None, events=(), page=None):
        self.request = request
        # The feed's page: places and topics are given in the language of its text.
        self.page = page
        self.tz = get_time_zone()
        self.tzid = self.tz.key
        organiser_ids = {e.organiser_page_id for e in events if e.organiser_page_id}
        self.office_emails = {}
        if organiser_ids:
            self.office_emails = {
                pk: (title, email)
                for pk, title, email in visible_pages(
                    CoordinationOfficePage.objects.filter(pk__in=organiser_ids)
                )
                .exclude(email="")
                .values_list("pk", "title", "email")
            }
        self.labels = labels()
        self._url_prefixes = {}
        event_ids = [e.pk for e in events]
        self.exceptions = _exceptions_by_event(event_ids)
        self.topics = _topic_names_by_event(
            event_ids, languages.content_language(page) if page is not None else None
        )
        self._events = events

    @functools.cached_property
    def locale_codes(self):
        """{locale id: language code}, read when first needed."""
        return dict(Locale.objects.values_list("pk", "language_code"))

    @functools.cached_property
    def languages(self):
        """{event id: language of its texts}, read when an iCal text first needs it."""
        return _content_languages(self._events, self.locale_codes)

    def place(self, location):
        """``location`` in the language of the feed's page (see ``languages.localized``)."""
        return languages.localized(location, self.page)

    def text(self, event, value):
        """A text value marked with the language of the event's words (RFC 5545 LANGUAGE)."""
        text = vText(value)
        language = self.languages.get(event.pk)
        if language:
            text.params["LANGUAGE"] = language
        return text

    def exceptions_for(self, event):
        return self.exceptions.get(event.pk, [])

    def url(self, event):
        """The event's absolute URL; siblings share their parent's URL prefix."""
        parent_path = event.url_path[: -len(event.slug) - 1]
        prefix = self._url_prefixes.get(parent_path)
        if prefix is not None:
            return f"{prefix}{event.slug}/"
        url = absolute_url(event, self.request) or ""
        if url.endswith(f"/{event.slug}/"):
            self._url_prefixes[parent_path] = url[: -len(event.slug) - 1]
        return url


def _content_languages(events, codes):
    """{event id: language code of its texts}: its locale's, or for an alias (a translation
    not made yet, which Wagtail fills with the source page's words) the source's. ``codes``:
    {locale id: language code}. One query with aliases."""
    if not events:
        return {}
    alias_ids = {e.alias_of_id for e in events if e.alias_of_id}
    source_locales = (
        dict(Page.objects.filter(pk__in=alias_ids).values_list("pk", "locale_id"))
        if alias_ids
        else {}
    )
    return {e.pk: codes.get(source_locales.get(e.alias_of_id, e.locale_id)) for e in events}


def _exceptions_by_event(event_ids):
    """{event id: [exceptions, by original date]} in one query.

    One change per date even where old data holds duplicates (Wagtail autosave issue
    #14568): the newest wins, so no RECURRENCE-ID or EXDATE is emitted twice.
    """
    result = {}
    if not event_ids:
        return result
    exceptions = (
        EventOccurrenceException.objects.filter(page_id__in=event_ids)
        .select_related("new_location")
        .order_by("page_id", "original_date", "pk")
    )
    by_date = {}
    for exception in exceptions:
        by_date[exception.page_id, exception.original_date] = exception
    for exception in by_date.values():
        result.setdefault(exception.page_id, []).append(exception)
    return result


def _topic_names_by_event(event_ids, language=None):
    """{event id: [topic names in ``language``, alphabetically]} in one query (two for a
    language with its own topic names)."""

    result = {}
    if not event_ids:
        return result
    rows = (
        EventTopic.objects.filter(content_object_id__in=event_ids)
        .select_related("tag")
        .order_by("content_object_id", "tag__name")
    )
    named = Topic.localized_copies(language) if language else None
    for row in rows:
        name = named(row.tag).name if named else row.tag.name
        result.setdefault(row.content_object_id, []).append(name)
    if named:
        for names in result.values():
            names.sort()
    return result


def _status_label(event):
    return labels()["status"].get(event.status, "")


def _location_text(location, event):
    if event.status == "moved_online" and event.online_url:
        return event.online_url
    parts = []
    if location is not None and getattr(location, "live", True):
        parts.append(location.name)
        if location.room:
            parts.append(location.room)
        if location.postal_address:
            parts.append(location.postal_address)
    if not parts and event.online_url:
        parts.append(event.online_url)
    return clean_text(", ".join(parts))


@functools.lru_cache(maxsize=64)
def _labels(language):
    """Translated strings a feed uses, looked up once per language."""
    return {
        "status": {
            "cancelled": _("Cancelled"),
            "postponed": _("Postponed, new date to be announced"),
            "moved_online": _("Moved online"),
        },
        "types": {value: str(label) for value, label in EventType.choices},
        "online": _("Online: %(url)s"),
        "more": _("More information: %(url)s"),
        "postponed_title": _("Postponed: %(title)s"),
        "cancelled_title": _("Cancelled: %(title)s"),
    }


def labels():
    return _labels(get_language() or "")


def _categories(event, ctx):
    names = [ctx.labels["types"].get(event.event_type, event.event_type)]
    names.extend(ctx.topics.get(event.pk, ()))
    return [clean_text(n, multiline=False) for n in dict.fromkeys(names) if n]


def _description(event, url, note="", labels_=None):
    labels_ = labels_ or labels()
    lines = []
    status = labels_["status"].get(event.status, "")
    if status:
        lines.append(status + (f": {event.status_note}" if event.status_note else ""))
    elif event.status_note:
        lines.append(event.status_note)
    if note:
        lines.append(note)
    summary = (
        strip_tags(event.summary or "").strip()
        if "<" in (event.summary or "")
        else ((event.summary or "").strip())
    )
    if summary:
        lines.append(summary)
    if event.online_url:
        lines.append(labels_["online"] % {"url": event.online_url})
    lines.append(labels_["more"] % {"url": url})
    return clean_text("\n\n".join(lines))


def _local(event, naive, tz):
    return naive.date() if event.all_day else naive.replace(tzinfo=tz)


def _set_times(component, start, end, all_day):
    # Typed values set directly: same output as Component.add(), without its type lookup.
    if all_day:
        component["DTSTART"] = vDDDTypes(start)
        component["DTEND"] = vDDDTypes(end + dt.timedelta(days=1))
    else:
        component["DTSTART"] = vDDDTypes(start)
        component["DTEND"] = vDDDTypes(end if end > start else start)


_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def _base_component(shared):
    """A VEVENT with the properties the event and its changed dates share."""
    component = Event()
    for key, value in shared.items():
        component[key] = value
    return component


def _shared_properties(event, ctx, url, stamp):
    labels_ = ctx.labels
    title = clean_text(event.title, multiline=False)
    if event.status == "postponed":
        title = labels_["postponed_title"] % {"title": title}
    elif event.status == "cancelled":
        title = labels_["cancelled_title"] % {"title": title}
    stamp_value = vDDDTypes(stamp)
    shared = {
        "UID": vText(event.uid),
        "DTSTAMP": stamp_value,
        "LAST-MODIFIED": stamp_value,
        "SEQUENCE": vInt(event.sequence),
        "SUMMARY": ctx.text(event, title),
        "URL": vUri(url),
        "STATUS": vText(_STATUS.get(event.status, "CONFIRMED")),
        "CLASS": vText("PUBLIC"),
    }
    categories = _categories(event, ctx)
    if categories:
        shared["CATEGORIES"] = vCategory(categories)
    organiser = None
    if event.organiser_page_id in ctx.office_emails:
        organiser = ctx.office_emails[event.organiser_page_id]
    elif (
        event.organiser_organisation is not None
        and event.organiser_organisation.email
        and getattr(event.organiser_organisation, "live", True)
    ):
        organiser = (event.organiser_organisation.name, event.organiser_organisation.email)
    if organiser:
        address = vCalAddress(f"mailto:{organiser[1]}")
        address.params["CN"] = clean_text(organiser[0], multiline=False)
        shared["ORGANIZER"] = address
    return shared


def _set_place(component, location, event, ctx):
    location = ctx.place(location)
    text = _location_text(location, event)
    if text:
        component["LOCATION"] = vText(text)
        code = ctx.locale_codes.get(getattr(location, "locale_id", None))
        if code and text != event.online_url:
            component["LOCATION"].params["LANGUAGE"] = code
    if (
        location is not None
        and getattr(location, "live", True)
        and location.latitude is not None
        and location.longitude is not None
        and event.status != "moved_online"
    ):
        component["GEO"] = vGeo((float(location.latitude), float(location.longitude)))


def event_components(event, ctx):
    """The VEVENTs of one event: the event or series, plus one per changed date."""
    url = ctx.url(event)
    stamp = (event.last_published_at or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    tz = ctx.tz
    first_naive = dt.datetime.combine(event.start_date, event.start_time or dt.time.min)
    duration = event.duration()
    shared = _shared_properties(event, ctx, url, stamp)
    master = _base_component(shared)
    start = _local(event, first_naive, tz)
    _set_times(master, start, _local(event, first_naive + duration, tz), event.all_day)
    _set_place(master, event.location, event, ctx)
    master["DESCRIPTION"] = ctx.text(event, _description(event, url, labels_=ctx.labels))
    components = [master]
    if event.rrule:
        master["RRULE"] = vRecur.from_ical(event.rrule)
        exdates = []
        # Only dates of the series can be excluded or overridden (the date engine says which).
        for exception, date in engine.applied_changes(event, ctx.exceptions_for(event)):
            if exception.action == "cancel":
                exdates.append(_local(event, date.original, tz))
                continue
            location = event.location
            if date.is_moved and exception.new_location_id:
                location = exception.new_location
            override = _base_component(shared)
            override["RECURRENCE-ID"] = vDDDTypes(_local(event, date.original, tz))
            _set_times(
                override, _local(event, date.start, tz), _local(event, date.end, tz), event.all_day
            )
            _set_place(override, location, event, ctx)
            override["DESCRIPTION"] = ctx.text(
                event, _description(event, url, note=exception.note, labels_=ctx.labels)
            )
            components.append(override)
        if exdates:
            exdate = vDDDLists(exdates)
            if event.all_day:
                # vDDDLists sets TZID for date-times but, unlike Event.add, no VALUE=DATE.
                exdate.params["VALUE"] = "DATE"
            master["EXDATE"] = exdate
    return components


def occurrence_component(event, ctx, day, components=None):
    """The VEVENT of the date ``day`` of ``event``, as the feed describes it, for a download
    of that one date; None if the event has no date ``day``.

    A single event: its VEVENT. A date of a series (``day`` is its date *in the series*,
    before any move): the feed's override for that date if it has one (moved or annotated),
    else the series' VEVENT narrowed to that date. Either way with the series' UID and a
    RECURRENCE-ID of the date, so a client that also subscribes sees the same event. A
    cancelled date (an EXDATE in the feed) gives ``STATUS:CANCELLED``.
    ``components``: the result of :func:`event_components`, if already built.
    """
    if components is None:
        components = event_components(event, ctx)
    master = components[0]
    if not event.rrule:
        return master if day == event.start_date else None
    first_naive = engine.first_start(event)
    original = dt.datetime.combine(day, first_naive.time())
    try:
        if not engine.is_series_start(event.rrule, first_naive, original):
            return None
    except engine.RecurrenceError:
        return None
    recurrence_id = _local(event, original, ctx.tz)
    for component in components[1:]:
        if component["RECURRENCE-ID"].dt == recurrence_id:
            return component
    single = Event()
    for key, value in master.items():
        if key not in ("RRULE", "EXDATE", "RDATE"):
            single[key] = value
    single["RECURRENCE-ID"] = vDDDTypes(recurrence_id)
    _set_times(
        single, recurrence_id, _local(event, original + event.duration(), ctx.tz), event.all_day
    )
    exdates = master.get("EXDATE", [])
    exdates = exdates if isinstance(exdates, list) else [exdates]
    if any(value.dt == recurrence_id for exdate in exdates for value in exdate.dts):
        note = next((e.note for e in ctx.exceptions_for(event) if e.original_date == day), "")
        single["STATUS"] = vText("CANCELLED")
        if event.status != "cancelled":
            title = clean_text(event.title, multiline=False)
            single["SUMMARY"] = ctx.text(event, ctx.labels["cancelled_title"] % {"title": title})
        single["DESCRIPTION"] = ctx.text(
            event, _description(event, ctx.url(event), note=note, labels_=ctx.labels)
        )
    return single


# --- calendars ---------------------------------------------------------------------------


def _duration_value(seconds):
    return dt.timedelta(seconds=max(int(seconds), 60))


def build_calendar(
    events, request=None, name=None, description=None, url=None, occurrence=None, page=None
):
    """A VCALENDAR (bytes) of ``events``: an EventPage queryset (read as :class:`FeedEvent`
    rows), or an iterable of events.

    ``name`` (None for a single-event download) names the calendar in clients that
    subscribe to it. ``occurrence`` (a date): only the VEVENT of that date of each event
    (see :func:`occurrence_component`), for "add this date to my calendar". ``page``: the
    feed's page, whose language places and topics are given in.
    """
    events = feed_events(events) if isinstance(events, QuerySet) else list(events)
    ctx = FeedContext(request, events, page)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        # One line each: icalendar does not escape line breaks in NAME and the X-WR-* texts.
        name = clean_text(name, multiline=False)
        description = clean_text(description, multiline=False)
        refresh = _duration_value(get_setting("FEED_REFRESH_INTERVAL"))
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        if description:
            calendar.add("description", description)
            calendar.add("x-wr-caldesc", description)
        calendar.add("x-wr-timezone", ctx.tzid)
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
        if url:
            calendar.add("source", url, parameters={"VALUE": "URI"})
    body = [calendar.to_ical().split(b"END:VCALENDAR")[0]]
    if any(not e.all_day for e in events):
        body.append(vtimezone(ctx.tzid, today().year))
    for event in events:
        components = event_components(event, ctx)
        if occurrence is not None:
            components = [occurrence_component(event, ctx, occurrence, components)]
        for component in components:
            if component is not None:
                body.append(component.to_ical())
    body.append(b"END:VCALENDAR\r\n")
    return b"".join(body)


# --- Atom ----------------------------------------------------------------------------------


def build_atom(events, request, title, link, feed_url, limit=50):
    """An Atom feed (bytes) of the next dates of ``events``, soonest first."""
    start = today()
    end = start + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS"))
    rows = None
    if isinstance(events, QuerySet):
        # The first dates, read from the occurrence table: only the events shown are loaded.
        rows = occurrence_table.first_rows(events, start, end, limit)
    if rows is not None:
        by_pk = events.in_bulk([row.event_id for row in rows])
        events = list(by_pk.values())
        ctx = FeedContext(request, events)
        zone = get_time_zone()
        upcoming = [
            occurrence_table.occurrence_with_event(row, by_pk[row.event_id], zone) for row in rows
        ]
    else:
        events = list(events)
        ctx = FeedContext(request, events)
        upcoming = []
        for event in events:
            for occurrence in event.occurrences_between(
                start, end, include_cancelled=True, exceptions=ctx.exceptions_for(event)
            ):
                upcoming.append(occurrence)
                break
        upcoming.sort(key=lambda o: o.sort_key)
        upcoming = upcoming[:limit]
    latest = max(
        (o.event.last_published_at for o in upcoming if o.event.last_published_at),
        default=timezone.now(),
    )
    feed = Atom1Feed(
        title=title,
        link=link,
        description="",
        feed_url=feed_url,
        language=getattr(request, "LANGUAGE_CODE", None),
        id=feed_url,
    )

    for occurrence in upcoming:
        event = occurrence.event
        url = ctx.url(event)
        if occurrence.all_day:
            when = formats.date_format(occurrence.start, "DATE_FORMAT")
        else:
            when = formats.date_format(occurrence.start, "DATETIME_FORMAT")
        status = _status_label(event)
        entry_title = f"{when}: {event.title}"
        if status:
            entry_title += f" ({status})"
        feed.add_item(
            title=entry_title,
            link=url,
            description=linebreaks_filter(_description(event, url, occurrence.note)),
            unique_id=url,
            updateddate=event.last_published_at or timezone.now(),
            pubdate=event.first_published_at or event.last_published_at,
            categories=_categories(event, ctx),
        )
    feed.latest_post_date = lambda: latest
    return feed.writeString("utf-8").encode("utf-8")


# --- links -----------------------------------------------------------------------------


def webcal_url(https_url):
    return re.sub(r"^https?://", "webcal://", https_url)


def google_subscribe_url(https_url):
    return "https://calendar.google.com/calendar/render?" + urlencode(
        {"cid": webcal_url(https_url)}
    )


def outlook_subscribe_url(https_url, name=""):
    return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
        {"url": https_url, "name": name}
    )


def _event_link_details(event, request, occurrence):
    """(start, end, all_day, description, location) of ``occurrence`` (default: the next
    date) for the links below."""
    if occurrence is None:
        occurrence = (event.next_occurrences(count=1) or [None])[0]
    start, end, all_day = _first_dates(event, occurrence)
    note = occurrence.note if occurrence is not None else ""
    location = occurrence.location if occurrence is not None else event.location
    url = absolute_url(event, request)
    return start, end, all_day, _description(event, url, note), _location_text(location, event)


def google_event_url(event, request=None, occurrence=None):
    """A Google Calendar link that opens a new event prefilled with one date of ``event``:
    ``occurrence`` (an :class:`~wagtail_ehrenamt.events.recurrence.Occurrence`), by default the next
    one. Times in UTC (``…Z``), all-day dates with an exclusive end; ``ctz`` names the zone."""
    start, end, all_day, details, location = _event_link_details(event, request, occurrence)
    if all_day:
        dates = f"{start:%Y%m%d}/{end + dt.timedelta(days=1):%Y%m%d}"
    else:
        dates = f"{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}/{end.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    return "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": dates,
            "details": details,
            "location": location,
            "ctz": get_time_zone().key,
        }
    )


OUTLOOK_HOSTS = {"outlook": "outlook.live.com", "office": "outlook.office.com"}


def outlook_event_url(event, request=None, occurrence=None, host="outlook"):
    """An Outlook on the web link that opens a new event prefilled with one date of
    ``event`` (``occurrence``, by default the next one). ``host``: ``"outlook"`` for
    Outlook.com (personal accounts), ``"office"`` for Microsoft 365 (work accounts).
    Times with their UTC offset, all-day dates with an exclusive end."""
    start, end, all_day, body, location = _event_link_details(event, request, occurrence)
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "body": body,
        "location": location,
    }
    if all_day:
        params.update(
            startdt=start.isoformat(),
            enddt=(end + dt.timedelta(days=1)).isoformat(),
            allday="true",
        )
    else:
        params.update(startdt=start.isoformat(), enddt=end.isoformat())
    return f"https://{OUTLOOK_HOSTS[host]}/calendar/0/deeplink/compose?" + urlencode(params)


def _first_dates(event, occurrence):
    if occurrence is not None:
        return occurrence.start, occurrence.end, occurrence.all_day
    first = dt.datetime.combine(event.start_date, event.start_time or dt.time.min)
    tz = get_time_zone()
    start = _local(event, first, tz)
    end = _local(event, first + event.duration(), tz)
    return start, end, event.all_day
