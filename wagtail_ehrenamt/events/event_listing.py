"""Filtering events and turning them into a list of dates, for the calendar views, the
"upcoming events" tag and block, and the calendar feeds.

The public query parameters (stable; the iCal feeds accept the same ones):

``organiser``
    Slug of an office, network, competence team or platform page. A network includes
    the events of its teams and platforms.
``municipality``
    Slug of a municipality: events at a place in it, or organised by an office serving it.
``topic``
    Slug of a topic.
``audience``
    ``volunteers``, ``professionals``, ``public`` or ``refugees``.
``type``
    An event type code, e.g. ``network_meeting`` or ``training``.

Each parameter takes one value. Unknown or malformed values are reported in ``errors``
(parameter name → message) and that filter is left out.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.db.models import Prefetch, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..conf import get_setting, today
from ..languages import one_per_slug
from ..models.directory import CoordinationOfficePage, Municipality
from ..models.events import (
    AUDIENCE_CHOICES,
    AUDIENCE_FIELDS,
    EventCalendarPage,
    EventOccurrenceException,
    EventType,
)
from ..models.topics import Topic
from ..page_types import ORGANISER_PAGE_TYPES
from ..visibility import restricted, visible_pages
from . import occurrence_table

FILTER_PARAMETERS = ["organiser", "municipality", "topic", "audience", "type"]

# Years the month view accepts; others are 404.
MIN_YEAR = 1970
MAX_YEAR = 2200
# Longest date range the range view and the `to` parameter accept, in days.
MAX_RANGE_DAYS = 366


def _single(params, name):
    """One value of a query parameter (QueryDict or dict), stripped; '' when absent."""
    if params is None:
        return ""
    value = params.get(name, "")
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value).strip()


def organiser_pages():
    """Visible pages that can organise events, for the filter form (see :mod:`.visibility`)."""
    types = [apps.get_model(label) for label in ORGANISER_PAGE_TYPES]
    return visible_pages(Page.objects.type(*types)).order_by("title")


SLUG_RE = re.compile(r"^[-\w]{1,255}$")


class EventFilters(forms.Form):
    """The calendar's public filters, in the style of the other listings' filter forms: a
    valid value filters (each ``clean_*`` returns its condition), an unknown or malformed one
    is reported and left out.

    The calendar views and feeds validate with it; :class:`EventFilterForm` only renders the
    filters (its choices cost queries a feed does not need). Values are read with
    :func:`_single` (a QueryDict, or a dict of strings or lists).
    """

    organiser = forms.Field(required=False)
    municipality = forms.Field(required=False)
    topic = forms.Field(required=False)
    audience = forms.Field(required=False)
    type = forms.Field(required=False)

    def _slug(self, name):
        value = _single(self.data, name)
        if value and not SLUG_RE.match(value):
            raise forms.ValidationError(
                _("“%(value)s” is not a valid short name (slug).")
                % {"value": value[:80].replace("\x00", "")}
            )
        return value

    @staticmethod
    def _unknown(message, value):
        return forms.ValidationError(message % {"value": value[:80]})

    def clean_organiser(self):
        value = self._slug("organiser")
        if not value:
            return None
        # The page and its translations (they share the slug), with the pages below them.
        paths = organiser_pages().filter(slug=value).values_list("path", flat=True)
        condition = Q()
        for path in paths:
            condition |= Q(organiser_page__path__startswith=path)
        if not condition:
            raise self._unknown(_("Unknown organiser “%(value)s”."), value)
        return condition

    def clean_municipality(self):
        value = self._slug("municipality")
        if not value:
            return None
        if not Municipality.objects.filter(slug=value).exists():
            raise self._unknown(_("Unknown municipality “%(value)s”."), value)
        # By slug: the translations of a municipality share it, so a translated page's place
        # (pointing at the translated municipality) matches as well.
        offices = CoordinationOfficePage.objects.filter(municipalities__slug=value)
        return Q(location__municipality__slug=value) | Q(organiser_page_id__in=offices.values("pk"))

    def clean_topic(self):
        value = self._slug("topic")
        if not value:
            return None
        topic = Topic.objects.filter(slug=value).first()
        if topic is None:
            raise self._unknown(_("Unknown topic “%(value)s”."), value)
        return Q(topic_items__tag=topic)

    def clean_audience(self):
        value = _single(self.data, "audience")
        if not value:
            return None
        if value not in AUDIENCE_FIELDS:
            raise self._unknown(_("Unknown audience “%(value)s”."), value)
        return Q(**{AUDIENCE_FIELDS[value]: True})

    def clean_type(self):
        value = _single(self.data, "type")
        if not value:
            return None
        if value not in EventType.values:
            raise self._unknown(_("Unknown type of event “%(value)s”."), value)
        return Q(event_type=value)

    def filter(self, queryset):
        for name in FILTER_PARAMETERS:
            condition = self.cleaned_data.get(name)
            if condition is not None:
                queryset = queryset.filter(condition)
        return queryset


def filter_event_queryset(queryset, params):
    """Apply the public filters in ``params`` to an EventPage queryset.

    Returns ``(queryset, errors)``: ``errors`` maps a parameter to its message.
    """
    form = EventFilters(params or {})
    form.is_valid()
    return form.filter(queryset), {name: messages[0] for name, messages in form.errors.items()}


def page_feed_events(page, params):
    """``(events, errors)`` of a page's feed: a calendar's events with its filters applied
    (the parameters of its views), any other page's events as they are."""
    events = page.get_feed_events()
    if isinstance(page, EventCalendarPage):
        return filter_event_queryset(events, params)
    return events, {}


def filter_query(params, errors=None, extra=None):
    """The valid filter parameters as a URL query string (for links that keep the filters)."""
    errors = errors or {}
    pairs = [
        (name, _single(params, name))
        for name in FILTER_PARAMETERS
        if _single(params, name) and name not in errors
    ]
    pairs.extend((extra or {}).items())
    return urlencode(pairs)


def events_in_window(queryset, window_start, window_end):
    """Restrict an EventPage queryset in SQL to events that may have a date in the window,
    and load what the listings show in a fixed number of queries."""
    moved_in = EventOccurrenceException.objects.filter(
        action="move", new_date__gte=window_start, new_date__lte=window_end
    ).values("page_id")
    queryset = queryset.filter(
        Q(start_date__lte=window_end)
        & (Q(series_end_date__gte=window_start) | Q(series_end_date__isnull=True))
        | Q(pk__in=moved_in)
    )
    # Listings name an organiser only if visitors may see it (EventPage.public_organiser_page).
    queryset = queryset.annotate(organiser_page_restricted=restricted("organiser_page__path"))
    return queryset.select_related(
        "location",
        "location__municipality",
        "organiser_page",
        "organiser_organisation",
        "alias_of",  # the language of an untranslated event's text
    ).prefetch_related(
        Prefetch(
            "exceptions",
            queryset=EventOccurrenceException.objects.select_related("new_location"),
        )
    )


def occurrences_in_window(queryset, window_start, window_end, include_cancelled=True):
    """All dates of the events in ``queryset`` overlapping the window, sorted by start.

    Read from the occurrence table (:mod:`wagtail_ehrenamt.events.occurrence_table`) when it holds
    the window; otherwise the date engine expands the events here.
    """
    rows = occurrence_rows(queryset, window_start, window_end)
    if rows is not None:
        occurrences = list(iter(rows))  # every row: no COUNT first (list() would ask len())
        if not include_cancelled:
            occurrences = [o for o in occurrences if not o.is_cancelled]
        return occurrences
    return expand_in_window(queryset, window_start, window_end, include_cancelled)


def expand_in_window(queryset, window_start, window_end, include_cancelled=True):
    """Like :func:`occurrences_in_window`, always expanding the events with the engine."""
    occurrences = []
    for event in events_in_window(queryset, window_start, window_end):
        occurrences.extend(
            event.occurrences_between(window_start, window_end, include_cancelled=include_cancelled)
        )
    occurrences.sort(key=lambda o: (o.sort_key, o.event.title, o.event.pk))
    return occurrences


def occurrence_rows(queryset, window_start, window_end):
    """The dates of a window as a lazy sequence read a page at a time from the occurrence
    table, or None when the table does not hold the window."""
    return occurrence_table.occurrence_rows(queryset, window_start, window_end)


def upcoming_occurrences(queryset, limit=None, start=None):
    """The next dates (from today on, site time zone) up to FEED_FUTURE_DAYS ahead.

    Without ``limit``, a sequence for a Paginator (it reads only the rows of the page shown).
    """
    start = start or today()
    end = start + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS"))
    rows = occurrence_rows(queryset, start, end)
    if rows is None:
        occurrences = expand_in_window(queryset, start, end)
        return occurrences[:limit] if limit else occurrences
    return rows[:limit] if limit else rows


def group_by_month(occurrences):
    """[(first day of month, [occurrences])] in the order given."""
    groups = []
    for occurrence in occurrences:
        month = occurrence.start_date.replace(day=1)
        if not groups or groups[-1][0] != month:
            groups.append((month, []))
        groups[-1][1].append(occurrence)
    return groups


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)
    # Dates of the day beyond MONTH_DAY_LIMIT, not shown in the month's grid, and the link
    # to all of them (set by the view).
    more: int = 0
    more_url: str = ""


@dataclass
class MonthDates:
    weeks: list  # of 7 Days each, Monday first
    listed: list  # the month's first MONTH_LIST_LIMIT dates
    count: int  # every date of the month, cancelled ones included
    regular_count: int  # the ones not cancelled


def month_dates(queryset, year, month, current_day=None):
    """The month view's dates: each day of its grid with at most MONTH_DAY_LIMIT dates, the
    month's first MONTH_LIST_LIMIT dates for its list, and how many there are in all.

    Only the dates shown are loaded with their events and rendered; the others are
    counted from their rows, so a month of a large calendar costs about what a small one
    does.
    """
    weeks = month_weeks(year, month, [], current_day)
    grid_first, grid_last = weeks[0][0].date, weeks[-1][-1].date
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    rows = occurrence_rows(queryset, grid_first, grid_last)
    if rows is None:
        expanded = expand_in_window(queryset, grid_first, grid_last)
        spans = [(i, o.start_date, o.end_date, o.is_cancelled) for i, o in enumerate(expanded)]
    else:
        spans = rows.spans()
    day_limit = get_setting("MONTH_DAY_LIMIT")
    list_limit = get_setting("MONTH_LIST_LIMIT")
    by_day, more, listed = {}, {}, []
    count = regular_count = 0
    for key, start, end, cancelled in spans:
        day, stop = max(start, grid_first), min(end, grid_last)
        while day <= stop:
            shown = by_day.setdefault(day, [])
            if len(shown) < day_limit:
                shown.append(key)
            else:
                more[day] = more.get(day, 0) + 1
            day += dt.timedelta(days=1)
        if end >= first and start <= last:
            count += 1
            regular_count += not cancelled
            if len(listed) < list_limit:
                listed.append(key)
    if rows is None:
        occurrence = dict(enumerate(expanded))
    else:
        occurrence = rows.by_id(set(listed).union(*by_day.values()))
    # A row or event deleted since the rows were counted is left out, not an error.
    for week in weeks:
        for day in week:
            day.occurrences = [
                occurrence[key] for key in by_day.get(day.date, []) if key in occurrence
            ]
            day.more = more.get(day.date, 0)
    return MonthDates(
        weeks=weeks,
        listed=[occurrence[key] for key in listed if key in occurrence],
        count=count,
        regular_count=regular_count,
    )


def month_weeks(year, month, occurrences, current_day=None):
    """Weeks (Monday first) of a month, each a list of 7 Days with their occurrences.

    A multi-day occurrence appears on each of its days within the month.
    """
    current_day = current_day or today()
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    by_day = {}
    for occurrence in occurrences:
        day = max(occurrence.start_date, weeks[0][0])
        last = min(occurrence.end_date, weeks[-1][-1])
        while day <= last:
            by_day.setdefault(day, []).append(occurrence)
            day += dt.timedelta(days=1)
    return [
        [
            Day(
                date=day,
                in_month=day.month == month,
                is_today=day == current_day,
                occurrences=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]


def parse_date(value):
    """An ISO date (YYYY-MM-DD) within MIN_YEAR..MAX_YEAR, or None."""
    try:
        parsed = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed


class EventFilterForm(forms.Form):
    """The filter form shown above the calendar views (GET, no JavaScript needed)."""

    organiser = forms.ChoiceField(label=_("Organiser, team or platform"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    audience = forms.ChoiceField(label=_("For whom"), required=False)
    type = forms.ChoiceField(label=_("Type of event"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        # One entry per organiser (its translations share the slug), in the language shown.
        self.fields["organiser"].choices = everything + one_per_slug(
            organiser_pages().values_list("slug", "title", "locale__language_code"),
            get_language(),
        )
        # One entry per municipality (its translations share the slug), in the order of the
        # names, named in the language shown where it has a translation in it.
        self.fields["municipality"].choices = everything + one_per_slug(
            Municipality.objects.order_by("name").values_list(
                "slug", "name", "locale__language_code"
            ),
            get_language(),
        )
        self.fields["topic"].choices = everything + Topic.choices(
            Topic.objects.filter(event_items__isnull=False).distinct().order_by("name")
        )
        self.fields["audience"].choices = everything + AUDIENCE_CHOICES
        self.fields["type"].choices = everything + list(EventType.choices)
        if self.is_bound:
            # Show what was asked for even if unknown; the error message explains it.
            for name in FILTER_PARAMETERS:
                value = _single(self.data, name)
                choices = self.fields[name].choices
                if value and value not in {key for key, _label in choices}:
                    self.fields[name].choices = [*choices, (value, value)]

    @property
    def is_filtered(self):
        return any(_single(self.data, name) for name in FILTER_PARAMETERS)
