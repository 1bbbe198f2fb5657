"""The occurrence table: kept in step with the events, and read by the listings.

Every event's dates within a rolling window (``OCCURRENCE_PAST_DAYS`` before today to
``OCCURRENCE_FUTURE_DAYS`` after it, at least the feeds' window) are rows of
:class:`~wagtail_ehrenamt.models.EventOccurrence`, made by the date engine
(:mod:`wagtail_ehrenamt.events.engine`). Saving an event (publishing, unpublishing, copying)
rewrites its rows; deleting it deletes them. ``manage.py ehrenamt_extend_occurrences``
moves the window on (run it daily); a listing whose window reaches past the table's extends
it first, and one that starts before it falls back to expanding the events in Python.

Rows written around the pages' own save (a bulk import, ``bulk_create``, fixtures) change
the fingerprint of the event and change rows kept with the window; the next listing then
rebuilds the table. Which rows a visitor sees is decided when reading, with the one
visibility rule (:mod:`wagtail_ehrenamt.visibility`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import DatabaseError, transaction
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)

from ..conf import get_setting, get_time_zone, today
from ..models.events import EventOccurrenceException, EventPage
from ..models.occurrences import EventOccurrence, OccurrenceWindow
from ..visibility import is_visible, restricted, restricted_paths
from . import engine, feed_cache
from .recurrence import Occurrence

# Days a table window is expanded per engine call, at most; fewer when
# MAX_OCCURRENCES_PER_SERIES is set lower, so a daily series never reaches the engine's cap.
CHUNK_DAYS = 366
WINDOW_ID = 1

logger = logging.getLogger(__name__)


def target_window(day=None):
    """The (first, last) date the table should hold today."""
    day = day or today()
    future = max(get_setting("OCCURRENCE_FUTURE_DAYS"), get_setting("FEED_FUTURE_DAYS") + 31)
    past = max(get_setting("OCCURRENCE_PAST_DAYS"), get_setting("FEED_PAST_DAYS"))
    return day - dt.timedelta(days=past), day + dt.timedelta(days=future)


# --- writing ---------------------------------------------------------------------------


def real_models():
    """The models the table is made from (a migration passes its historical ones)."""
    return {
        "EventPage": EventPage,
        "EventOccurrenceException": EventOccurrenceException,
        "EventOccurrence": EventOccurrence,
        "OccurrenceWindow": OccurrenceWindow,
    }


def make_rows(event, exceptions, first, last, row_model=None):
    """Unsaved EventOccurrence rows of ``event``'s dates overlapping [first, last]."""
    EventOccurrence = row_model or real_models()["EventOccurrence"]  # noqa: N806

    zone = get_time_zone()
    all_day = event.start_time is None
    title = (event.title or "")[:255]
    rows, seen = [], set()
    chunk_days = max(1, min(CHUNK_DAYS, get_setting("MAX_OCCURRENCES_PER_SERIES") - 1))
    chunk_start = first
    while chunk_start <= last:
        chunk_end = min(chunk_start + dt.timedelta(days=chunk_days - 1), last)
        for date in engine.expand(event, exceptions, chunk_start, chunk_end):
            key = date.original or date.start
            if key in seen:
                continue
            seen.add(key)
            start_day, end_day = date.start.date(), date.end.date()
            wall = date.start if not all_day else dt.datetime.combine(start_day, dt.time.min)
            location_id = event.location_id
            if date.is_moved and date.change.new_location_id:
                location_id = date.change.new_location_id
            rows.append(
                EventOccurrence(
                    event_id=event.pk,
                    sort_start=wall.replace(tzinfo=dt.UTC),
                    title=title,
                    start=wall.replace(tzinfo=zone).astimezone(dt.UTC),
                    start_date=start_day,
                    start_time=None if all_day else date.start.time(),
                    end_date=end_day,
                    end_time=None if all_day else date.end.time(),
                    original_date=date.original.date() if date.original else None,
                    is_cancelled=date.is_cancelled,
                    is_moved=date.is_moved,
                    location_id=location_id,
                    note=date.note[:255],
                )
            )
        chunk_start = chunk_end + dt.timedelta(days=1)
    rows.sort(key=lambda row: (row.original_date or row.start_date, row.sort_start))
    dense = len(rows) > get_setting("MAX_OCCURRENCES_PER_SERIES")
    for position, row in enumerate(rows):
        row.position, row.dense = position, dense
    return rows


def fingerprint_expression(models=None):
    """Counts and highest ids of the event and change rows, as subqueries."""
    models = models or real_models()
    EventPage, EventOccurrenceException = models["EventPage"], models["EventOccurrenceException"]  # noqa: N806

    def aggregate(model, function):
        return Subquery(
            model.objects.order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(value=function("pk"))
            .values("value")[:1]
        )

    return {
        "_pages": aggregate(EventPage, Count),
        "_last_page": aggregate(EventPage, Max),
        "_changes": aggregate(EventOccurrenceException, Count),
        "_last_change": aggregate(EventOccurrenceException, Max),
    }


def _fingerprint_of(row):
    values = (row["_pages"], row["_last_page"], row["_changes"], row["_last_change"])
    return ":".join(str(value or 0) for value in values)


def current_fingerprint(models=None):
    models = models or real_models()
    row = (
        models["OccurrenceWindow"]
        .objects.filter(pk=WINDOW_ID)
        .annotate(**fingerprint_expression(models))
        .values("_pages", "_last_page", "_changes", "_last_change")
        .first()
    )
    if row is None:
        return None
    return _fingerprint_of(row)


def rebuild(first=None, last=None, models=None):
    """Rewrite the whole table for [first, last] (default: the target window)."""
    from_migration = models is not None
    models = models or real_models()
    EventPage, EventOccurrence = models["EventPage"], models["EventOccurrence"]  # noqa: N806
    EventOccurrenceException = models["EventOccurrenceException"]  # noqa: N806
    OccurrenceWindow = models["OccurrenceWindow"]  # noqa: N806

    if first is None or last is None:
        first, last = target_window()
    with transaction.atomic():
        window, _created = OccurrenceWindow.objects.select_for_update().get_or_create(
            pk=WINDOW_ID, defaults={"first_date": first, "last_date": last}
        )
        _delete(EventOccurrence.objects.all())
        changes = {}
        for change in EventOccurrenceException.objects.order_by("page_id", "original_date", "pk"):
            changes.setdefault(change.page_id, {})[change.original_date] = change
        longest = 0
        batch = []
        events = EventPage.objects.only("pk", "title", *engine.EVENT_FIELDS, "location").iterator(
            chunk_size=500
        )
        for event in events:
            exceptions = list(changes.get(event.pk, {}).values())
            rows = make_rows(event, exceptions, first, last, EventOccurrence)
            for row in rows:
                longest = max(longest, (row.end_date - row.start_date).days)
            batch.extend(rows)
            if len(batch) >= 2000:
                EventOccurrence.objects.bulk_create(batch)
                batch = []
        EventOccurrence.objects.bulk_create(batch)
        window.first_date, window.last_date, window.longest_days = first, last, longest
        window.fingerprint = ""
        window.save()
        window.fingerprint = current_fingerprint(models)
        window.save(update_fields=["fingerprint", "updated_at"])
    if not from_migration:
        listings_changed()
    return window


def listings_changed():
    """The cached listings read these rows: they are stale now, also after a save that does
    not publish (an import script saving live pages) or a rebuild after a bulk import."""
    try:
        feed_cache.mark_changed()
    except Exception:  # no cache yet (e.g. its table is made after migrate): nothing cached
        logger.warning("The cached listings could not be marked as changed", exc_info=True)


def _delete(queryset):
    """Delete rows in one statement: they have no signals or relations of their own (the
    package's catch-all post_delete receiver would otherwise load and signal every row)."""
    queryset._raw_delete(queryset.db)


def extend(day=None):
    """Move the table's window to the target window of ``day`` (the daily command)."""
    first, last = target_window(day)
    return rebuild(first, last)


def sync_event(event, exceptions=None):
    """Rewrite the rows of one saved event (its exceptions as saved, unless given).

    Without the table (code deployed before ``migrate``) nothing is done: the migration
    fills it.
    """
    try:
        _sync_event(event, exceptions)
    except DatabaseError:
        logger.warning("The occurrence table could not be updated", exc_info=True)


def _sync_event(event, exceptions):
    with transaction.atomic():
        window = OccurrenceWindow.objects.filter(pk=WINDOW_ID).first()
    if window is None:
        with transaction.atomic():
            rebuild()
        return
    if exceptions is None:
        exceptions = list(event.exceptions.all())
    with transaction.atomic():
        _delete(EventOccurrence.objects.filter(event_id=event.pk))
        rows = make_rows(event, exceptions, window.first_date, window.last_date)
        EventOccurrence.objects.bulk_create(rows)
        longest = max([window.longest_days] + [(r.end_date - r.start_date).days for r in rows])
        _store_fingerprint(window, longest)
    listings_changed()


def _store_fingerprint(window, longest=None):
    updates = {"fingerprint": current_fingerprint() or ""}
    if longest is not None:
        updates["longest_days"] = longest
    OccurrenceWindow.objects.filter(pk=window.pk).update(**updates)


def after_event_deleted():
    """The rows went with the event (cascade); the fingerprint must follow."""
    try:
        with transaction.atomic():
            window = OccurrenceWindow.objects.filter(pk=WINDOW_ID).first()
            if window is not None:
                _store_fingerprint(window)
    except DatabaseError:
        logger.warning("The occurrence table could not be updated", exc_info=True)


# --- reading ---------------------------------------------------------------------------


def usable_window(first, last):
    """The table's window if it holds every date of [first, last], extending or rebuilding
    it when it is behind or stale; None if the listing must expand the events itself."""
    try:
        with transaction.atomic():
            row = (
                OccurrenceWindow.objects.filter(pk=WINDOW_ID)
                .annotate(**fingerprint_expression())
                .values(
                    "first_date",
                    "last_date",
                    "longest_days",
                    "fingerprint",
                    "_pages",
                    "_last_page",
                    "_changes",
                    "_last_change",
                )
                .first()
            )
    except DatabaseError:  # no table yet (code deployed before migrate)
        return None
    target_first, target_last = target_window()
    if (
        row is not None
        and row["fingerprint"] == _fingerprint_of(row)
        and row["first_date"] <= first
        and last <= row["last_date"]
    ):
        return row
    if first < min(target_first, row["first_date"] if row else target_first):
        return None  # before what the table keeps: expand in Python
    if last > target_last:
        return None
    # Missing, stale or behind: rebuild it for the target window (once; then it is current).
    try:
        with transaction.atomic():
            window = rebuild(min(first, target_first), target_last)
    except DatabaseError:
        return None
    return {
        "first_date": window.first_date,
        "last_date": window.last_date,
        "longest_days": window.longest_days,
    }


def _in_window(first, last, window, ordered=True):
    earliest = first - dt.timedelta(days=window["longest_days"])
    in_window = Q(start_date__gte=earliest, start_date__lte=last, end_date__gte=first)
    if ordered:
        # ``sort_start`` (the local wall-clock start) bounds the same rows as ``start_date``
        # and lets the database walk the order index from the window's start.
        in_window &= Q(sort_start__gte=dt.datetime.combine(earliest, dt.time.min, tzinfo=dt.UTC))
    return in_window


# More dense series than this in one listing: keep the per-row subquery rather than a long
# OR (SQLite limits an expression's depth to 1,000).
MAX_SERIES_LIMIT_CLAUSES = 200


def _not_beyond_series_limit(events, in_window):
    """A series shows at most MAX_OCCURRENCES_PER_SERIES dates, from its first in the window.

    Only dense series (more rows than that) can exceed it, and they are rare (daily ones):
    their first positions in the window are read once, grouped, so no row of the listing
    asks a subquery of its own (PostgreSQL planned that as a scan per row).
    """
    limit = get_setting("MAX_OCCURRENCES_PER_SERIES")
    # EXISTS per dense row (few) rather than IN: the plan stays an index lookup per row
    # whatever the planner believes about the size of the page tables.
    dense_rows = EventOccurrence.objects.filter(in_window, dense=True).filter(
        Exists(events.order_by().filter(pk=OuterRef("event_id")))
    )
    firsts = dense_rows.values("event_id").annotate(first=Min("position")).order_by()
    events_by_first = {}
    for row in firsts:
        events_by_first.setdefault(row["first"], []).append(row["event_id"])
    if len(events_by_first) > MAX_SERIES_LIMIT_CLAUSES:
        first_position = Subquery(
            EventOccurrence.objects.filter(in_window, event_id=OuterRef("event_id"))
            .order_by("position")
            .values("position")[:1]
        )
        return Q(dense=False) | Q(position__lt=first_position + limit)
    keep = Q(dense=False)
    for first, event_ids in sorted(events_by_first.items()):
        keep |= Q(event_id__in=event_ids, position__lt=first + limit)
    return keep


# What a listing's date shows of its row and of its event (the alias: the language of an
# untranslated event's text).
ROW_RELATIONS = ("location", "location__municipality")
EVENT_RELATIONS = ("alias_of", "organiser_page", "organiser_organisation")


def rows_queryset(events, first, last, window, series_limit):
    """The rows of the visible events in ``events`` overlapping [first, last], in order.

    Whether a row's event is in ``events`` is asked row by row (``EXISTS``), so a slice
    (``[:N]``) walks the order index from the window's start and stops after N rows
    instead of reading every event of the calendar first; see :func:`count_queryset` for
    the count.
    """
    in_window = _in_window(first, last, window)
    return (
        EventOccurrence.objects.filter(in_window)
        .filter(Exists(events.order_by().filter(pk=OuterRef("event_id"))))
        .filter(series_limit)
        .select_related(
            "event",
            *(f"event__{name}" for name in EVENT_RELATIONS),
            *ROW_RELATIONS,
        )
        .annotate(_organiser_restricted=restricted("event__organiser_page__path"))
        .order_by("sort_start", "title", "event_id", "original_date")
    )


def count_queryset(events, first, last, window, series_limit):
    """The rows of :func:`rows_queryset`, for counting: the visible events are read once
    (``IN``), without joins (cheaper than asking row by row when every row is counted)."""
    in_window = _in_window(first, last, window, ordered=False)
    return EventOccurrence.objects.filter(
        in_window, event_id__in=events.order_by().values("pk")
    ).filter(series_limit)


def occurrence_of(row, zone, events=None):
    """The :class:`~wagtail_ehrenamt.events.recurrence.Occurrence` of a row.

    ``events``: a dict shared by the rows of one listing, so the dates of one event share
    one page object (and its cached organiser check).
    """
    event = row.event
    if events is not None:
        event = events.setdefault(event.pk, event)
    event.organiser_page_restricted = row._organiser_restricted
    return _occurrence(row, event, zone)


def _occurrence(row, event, zone):
    all_day = row.start_time is None
    if all_day:
        start, end = row.start_date, row.end_date
    else:
        start = dt.datetime.combine(row.start_date, row.start_time, tzinfo=zone)
        end = dt.datetime.combine(row.end_date, row.end_time, tzinfo=zone)
    original = None
    if event.rrule and row.original_date is not None:
        original = engine.localise(
            dt.datetime.combine(row.original_date, event.start_time or dt.time.min),
            all_day,
            zone,
        )
    return Occurrence(
        event=event,
        start=start,
        end=end,
        all_day=all_day,
        original_start=original,
        is_cancelled=row.is_cancelled,
        is_moved=row.is_moved,
        location=row.location,
        note=row.note,
    )


class OccurrenceRows:
    """The dates of a listing, read from the table a page at a time (for the Paginator)."""

    def __init__(self, queryset, count_queryset=None):
        self.queryset = queryset
        self.count_queryset = queryset if count_queryset is None else count_queryset
        self.zone = get_time_zone()
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.count_queryset.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            events = {}
            return [occurrence_of(row, self.zone, events) for row in self.queryset[index]]
        return occurrence_of(self.queryset[index], self.zone)

    def __iter__(self):
        events = {}
        return (occurrence_of(row, self.zone, events) for row in self.queryset)

    def spans(self):
        """``(id, first day, last day, cancelled)`` of every row, in order: enough to count
        and choose the dates to show without loading their events. (Read like the count:
        the visible events once, not asked row by row, which is slower for every row.)"""
        return list(
            self.count_queryset.order_by(*self.queryset.query.order_by).values_list(
                "pk", "start_date", "end_date", "is_cancelled"
            )
        )

    def by_id(self, ids):
        """The occurrences of the rows with these ids, by id.

        The rows and their events are read apart, so an event with many of these dates is
        read and built once (a page object costs far more than a row).
        """
        rows = list(EventOccurrence.objects.filter(pk__in=ids))
        # The few places and organisers are read once each, not joined to every row.
        prefetch_related_objects(rows, *ROW_RELATIONS)
        events = EventPage.objects.filter(pk__in={row.event_id for row in rows}).in_bulk()
        prefetch_related_objects(list(events.values()), *EVENT_RELATIONS)
        paths = restricted_paths()
        for event in events.values():
            organiser = event.organiser_page
            event.organiser_page_restricted = organiser is not None and not is_visible(
                organiser, paths
            )
        return {
            row.pk: _occurrence(row, events[row.event_id], self.zone)
            for row in rows
            if row.event_id in events  # not deleted between the two reads
        }


def occurrence_rows(events, first, last):
    """:class:`OccurrenceRows` for the events in ``events`` overlapping [first, last], or
    None when the table does not hold the window (expand the events instead)."""
    window = usable_window(first, last)
    if window is None:
        return None
    series_limit = _not_beyond_series_limit(events, _in_window(first, last, window, ordered=False))
    return OccurrenceRows(
        rows_queryset(events, first, last, window, series_limit),
        count_queryset(events, first, last, window, series_limit),
    )


def first_rows(events, first, last, limit):
    """The first row of each visible event in ``events`` overlapping [first, last], soonest
    first, at most ``limit`` (for the Atom feed: one entry per event); None when the table
    does not hold the window. Ties keep the order of the events (start, then id)."""
    window = usable_window(first, last)
    if window is None:
        return None
    in_window = _in_window(first, last, window)
    earlier = EventOccurrence.objects.filter(in_window, event_id=OuterRef("event_id")).filter(
        Q(sort_start__lt=OuterRef("sort_start"))
        | Q(sort_start=OuterRef("sort_start"), position__lt=OuterRef("position"))
    )
    return list(
        EventOccurrence.objects.filter(in_window)
        .filter(Exists(events.order_by().filter(pk=OuterRef("event_id"))))
        .exclude(Exists(earlier))
        .select_related("location", "location__municipality")
        .order_by("sort_start", "start", "event__start_date", "event__start_time", "event_id")[
            :limit
        ]
    )


def occurrence_with_event(row, event, zone):
    """The :class:`~wagtail_ehrenamt.events.recurrence.Occurrence` of a row, for a given event
    object (e.g. one loaded with only the columns a feed needs)."""
    return _occurrence(row, event, zone)
