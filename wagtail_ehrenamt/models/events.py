"""Events, recurring series with exceptions, and the calendar page that lists them."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..conf import get_setting, get_time_zone
from ..recurrence import (
    WEEKDAY_CODES,
    Occurrence,
    RecurrenceError,
    build_rrule,
    last_series_start,
    series_start_times,
)
from .base import EhrenamtPageMixin
from .directory import Location, Organisation
from .mixins import CalendarFeedMixin

ORGANISER_PAGE_TYPES = [
    "wagtail_ehrenamt.CoordinationOfficePage",
    "wagtail_ehrenamt.NetworkPage",
    "wagtail_ehrenamt.CompetenceTeamPage",
    "wagtail_ehrenamt.NetworkingPlatformPage",
]


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed, new date to be announced")
    MOVED_ONLINE = "moved_online", _("Moved online")


class EventType(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    ROUND_TABLE = "round_table", _("Round table")
    EXCHANGE = "exchange", _("Exchange meeting")
    TRAINING = "training", _("Training")
    INFORMATION = "information", _("Information event")
    CONSULTATION = "consultation", _("Consultation hour")
    OTHER = "other", _("Other")


class Repeat(models.TextChoices):
    NONE = "", _("Does not repeat")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY_DAY = "monthly_day", _("Monthly on the same day")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly on a weekday, e.g. every 2nd Tuesday")
    YEARLY = "yearly", _("Yearly")


class RepeatEnd(models.TextChoices):
    NEVER = "never", _("Never")
    UNTIL = "until", _("On a date")
    COUNT = "count", _("After a number of dates")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


def new_event_uid():
    return f"{uuid.uuid4()}@wagtail-ehrenamt"


class EventCalendarPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A calendar of events: upcoming list, month grid, archive, feeds."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["wagtail_ehrenamt.EventPage"]
    template = "wagtail_ehrenamt/events/calendar_page.html"

    class Meta:
        verbose_name = _("event calendar")
        verbose_name_plural = _("event calendars")

    def get_events(self):
        """All live events of this calendar."""
        return EventPage.objects.live().descendant_of(self)

    def filter_events(self, params):
        """Apply the calendar's filters (query parameters, a QueryDict) to its events.

        Returns ``(queryset, errors)``; ``errors`` maps a parameter name to a message for
        unknown or malformed values. The calendar views and the feeds share this.
        """
        return self.get_events(), {}

    def get_feed_events(self, params=None):
        return self.filter_events(params or {})


class EventPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """One event, or a recurring series of dates."""

    # When: local wall-clock times in the site's time zone (WAGTAIL_EHRENAMT["TIME_ZONE"]).
    start_date = models.DateField(_("date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for an all-day event.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Only for events over several days.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)

    # Repetition, as an editor chooses it; stored as an RRULE in `rrule`.
    repeat = models.CharField(
        _("repeats"), max_length=20, choices=Repeat.choices, blank=True, default=""
    )
    repeat_interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("1 = every week (month, …), 2 = every other week, …"),
    )
    repeat_weekdays = models.CharField(
        _("on weekdays"),
        max_length=30,
        blank=True,
        help_text=_("For weekly series. Comma-separated codes MO,TU,WE,TH,FR,SA,SU."),
    )
    repeat_week_of_month = models.SmallIntegerField(
        _("on the"),
        null=True,
        blank=True,
        choices=WeekOfMonth.choices,
        help_text=_("For monthly series on a weekday: the weekday of the first date is used."),
    )
    repeat_ends = models.CharField(
        _("ends"), max_length=10, choices=RepeatEnd.choices, default=RepeatEnd.NEVER
    )
    repeat_until = models.DateField(_("last date"), null=True, blank=True)
    repeat_count = models.PositiveSmallIntegerField(
        _("number of dates"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    rrule = models.CharField(_("recurrence rule"), max_length=255, blank=True, editable=False)
    series_end_date = models.DateField(
        _("last date of the series"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Computed; empty for a series without end."),
    )

    # What and where.
    event_type = models.CharField(
        _("type of event"), max_length=30, choices=EventType.choices, default=EventType.OTHER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    status_note = models.CharField(_("note on the status"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    organiser_page = models.ForeignKey(
        Page,
        verbose_name=_("organised by (office, network, team or platform)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    organiser_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organised by (partner organisation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )

    # iCalendar identity: stable across edits, new for a copy.
    uid = models.CharField(
        _("iCalendar UID"), max_length=255, unique=True, editable=False, default=new_event_uid
    )
    sequence = models.PositiveIntegerField(_("iCalendar SEQUENCE"), default=0, editable=False)

    exclude_fields_in_copy = ["uid", "sequence"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat"),
                FieldPanel("repeat_interval"),
                FieldPanel("repeat_weekdays"),
                FieldPanel("repeat_week_of_month"),
                FieldPanel("repeat_ends"),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
            ],
            heading=_("Repetition"),
        ),
        InlinePanel("exceptions", heading=_("Changes to single dates"), label=_("change")),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_note"), FieldPanel("event_type")],
            heading=_("Status"),
        ),
        MultiFieldPanel([FieldPanel("location"), FieldPanel("online_url")], heading=_("Place")),
        MultiFieldPanel(
            [
                PageChooserPanel("organiser_page", ORGANISER_PAGE_TYPES),
                FieldPanel("organiser_organisation"),
            ],
            heading=_("Organiser"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("start_date"),
        index.FilterField("status"),
    ]

    parent_page_types = ["wagtail_ehrenamt.EventCalendarPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/events/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- derived values -------------------------------------------------

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def is_recurring(self):
        return bool(self.rrule)

    def _duration(self):
        """Length of one date of the event (timedelta; whole days for all-day events)."""
        end_date = self.end_date or self.start_date
        if self.all_day:
            return end_date - self.start_date
        end_time = self.end_time or self.start_time
        start = dt.datetime.combine(self.start_date, self.start_time)
        end = dt.datetime.combine(end_date, end_time)
        return max(end - start, dt.timedelta(0))

    def editor_rrule(self):
        """The RRULE for the editor's repetition fields ('' for a single event)."""
        if not self.repeat:
            return ""
        return build_rrule(
            frequency=self.repeat,
            interval=self.repeat_interval or 1,
            weekdays=[d.strip() for d in self.repeat_weekdays.split(",") if d.strip()] or None,
            ordinal=self.repeat_week_of_month,
            start=self.start_date,
            until=self.repeat_until if self.repeat_ends == RepeatEnd.UNTIL else None,
            count=self.repeat_count if self.repeat_ends == RepeatEnd.COUNT else None,
            all_day=self.all_day,
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give a start time, or leave both times empty.")
        if (
            self.start_time
            and self.end_time
            and (self.end_date or self.start_date) == self.start_date
            and self.end_time < self.start_time
        ):
            errors["end_time"] = _("The event cannot end before it starts.")
        weekdays = [d.strip() for d in self.repeat_weekdays.split(",") if d.strip()]
        if any(day not in WEEKDAY_CODES for day in weekdays):
            errors["repeat_weekdays"] = _("Use the codes MO, TU, WE, TH, FR, SA, SU.")
        if self.repeat and self.repeat_ends == RepeatEnd.UNTIL and not self.repeat_until:
            errors["repeat_until"] = _("Give the last date of the series.")
        if self.repeat and self.repeat_ends == RepeatEnd.COUNT and not self.repeat_count:
            errors["repeat_count"] = _("Give the number of dates.")
        if not errors and self.start_date:
            try:
                self.editor_rrule()
            except RecurrenceError as error:
                errors["repeat"] = str(error)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = new_event_uid()
        try:
            self.rrule = self.editor_rrule()
        except RecurrenceError:
            # Drafts may be saved incomplete; an invalid rule is published as a single date.
            self.rrule = ""
        self.series_end_date = self._compute_series_end_date()
        super().save(*args, **kwargs)

    def _compute_series_end_date(self):
        single_end = self.end_date or self.start_date
        if not self.rrule:
            return single_end
        last_start = last_series_start(self.rrule, self._naive_first_start())
        if last_start is None:
            return None
        return last_start.date() + (single_end - self.start_date)

    def _naive_first_start(self):
        return dt.datetime.combine(self.start_date, self.start_time or dt.time.min)

    # --- occurrences ----------------------------------------------------

    def occurrences_between(self, window_start, window_end, include_cancelled=True):
        """Occurrences that overlap [window_start, window_end] (dates, inclusive).

        Exceptions (cancelled or moved dates) are applied; cancelled dates are kept with
        ``is_cancelled=True`` unless ``include_cancelled`` is False. The number of dates
        is bounded by MAX_OCCURRENCES_PER_SERIES.
        """
        duration = self._duration()
        exceptions = {exc.original_date: exc for exc in self._exceptions_list()}
        if self.rrule:
            search_from = dt.datetime.combine(window_start, dt.time.min) - duration
            search_to = dt.datetime.combine(window_end, dt.time.max)
            try:
                starts = series_start_times(
                    self.rrule, self._naive_first_start(), search_from, search_to
                )
            except RecurrenceError:
                starts = [self._naive_first_start()]
        else:
            starts = [self._naive_first_start()]
        occurrences = []
        for naive_start in starts:
            exception = exceptions.get(naive_start.date()) if self.rrule else None
            occurrence = self._make_occurrence(naive_start, duration, exception)
            if occurrence.is_cancelled and not include_cancelled:
                continue
            if occurrence.end_date >= window_start and occurrence.start_date <= window_end:
                occurrences.append(occurrence)
        # Moved dates whose new date falls into the window but whose series date does not.
        for exception in exceptions.values():
            if exception.action != "move" or not exception.new_date or not self.rrule:
                continue
            original = dt.datetime.combine(exception.original_date, self.start_time or dt.time.min)
            if any(o.original_start == self._localise(original) for o in occurrences):
                continue
            if not (window_start <= exception.new_date <= window_end):
                continue
            if original not in series_start_times(
                self.rrule, self._naive_first_start(), original, original, limit=1
            ):
                continue
            occurrences.append(self._make_occurrence(original, duration, exception))
        return sorted(occurrences, key=lambda o: o.sort_key)

    def _exceptions_list(self):
        # Use the prefetched/in-memory cluster relation when there is one.
        return list(self.exceptions.all())

    def _localise(self, naive):
        if self.all_day:
            return naive.date()
        return naive.replace(tzinfo=get_time_zone())

    def _make_occurrence(self, naive_start, duration, exception):
        original_start = self._localise(naive_start) if self.rrule else None
        start, location, note = naive_start, self.location, ""
        is_cancelled = self.status == EventStatus.CANCELLED
        is_moved = False
        if exception is not None:
            note = exception.note
            if exception.action == "cancel":
                is_cancelled = True
            elif exception.action == "move":
                is_moved = True
                start = dt.datetime.combine(
                    exception.new_date or naive_start.date(),
                    exception.new_start_time or naive_start.time(),
                )
                if exception.new_location_id:
                    location = exception.new_location
                if exception.new_end_time and not self.all_day:
                    end_naive = dt.datetime.combine(start.date(), exception.new_end_time)
                    duration = max(end_naive - start, dt.timedelta(0))
        end = start + duration
        if self.all_day:
            return Occurrence(
                event=self,
                start=start.date(),
                end=end.date(),
                all_day=True,
                original_start=original_start,
                is_cancelled=is_cancelled,
                is_moved=is_moved,
                location=location,
                note=note,
            )
        return Occurrence(
            event=self,
            start=self._localise(start),
            end=self._localise(end),
            all_day=False,
            original_start=original_start,
            is_cancelled=is_cancelled,
            is_moved=is_moved,
            location=location,
            note=note,
        )

    def get_feed_events(self, params=None):
        return EventPage.objects.filter(pk=self.pk), {}

    def next_occurrences(self, count=5, today=None):
        """The next ``count`` occurrences from ``today`` (site time zone) on."""
        today = today or dt.datetime.now(get_time_zone()).date()
        horizon = today + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS"))
        return self.occurrences_between(today, horizon)[:count]


class ExceptionAction(models.TextChoices):
    CANCEL = "cancel", _("Cancel this date")
    MOVE = "move", _("Move this date")
    NOTE = "note", _("Only add a note")


class EventOccurrenceException(Orderable):
    """A change to one date of a series: cancelled, moved, or annotated."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    original_date = models.DateField(
        _("date in the series"), help_text=_("The date as it appears in the series.")
    )
    action = models.CharField(
        _("change"), max_length=10, choices=ExceptionAction.choices, default=ExceptionAction.CANCEL
    )
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)
    new_location = models.ForeignKey(
        Location,
        verbose_name=_("new place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("action")]),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]
        ),
        FieldPanel("new_location"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("change to a single date")
        verbose_name_plural = _("changes to single dates")
