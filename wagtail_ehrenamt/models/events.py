"""Events, recurring series with exceptions, and the calendar page that lists them."""

import copy
import datetime as dt
import threading
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.dispatch import Signal
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    Panel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import conf
from ..admin_forms import show_if
from ..conf import get_setting, get_time_zone
from ..events import engine
from ..events.recurrence import Occurrence, RecurrenceError, build_rrule, last_series_start
from ..json_ld import json_ld_text
from ..languages import localized
from ..links import absolute_url
from ..page_types import ORGANISER_PAGE_TYPES
from ..page_views import page_view
from ..visibility import visible_page, visible_pages
from ..weekdays import WEEKDAY_CHOICES, WEEKDAY_CODES
from .base import EhrenamtPageMixin
from .directory import Location, Organisation
from .inline_rows import EhrenamtPageForm
from .mixins import CalendarFeedMixin
from .office_editors import check_organiser, preset_organiser
from .topics import topic_through_field

#: The audience fields of an event by the code the filters use.
AUDIENCE_FIELDS = {
    "volunteers": "for_volunteers",
    "professionals": "for_professionals",
    "public": "for_public",
    "refugees": "for_refugees",
}
AUDIENCE_CHOICES = [
    ("volunteers", _("Volunteers")),
    ("professionals", _("Professionals")),
    ("public", _("The public")),
    ("refugees", _("Refugees")),
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


class EventTopic(ItemBase):
    tag = topic_through_field("event_items")
    content_object = ParentalKey(
        "wagtail_ehrenamt.EventPage", on_delete=models.CASCADE, related_name="topic_items"
    )


class ProgrammeItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(label=_("time"), required=False)
    title = blocks.CharBlock(label=_("item"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("programme item")
        template = "wagtail_ehrenamt/events/blocks/programme_item.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("download")
        template = "wagtail_ehrenamt/events/blocks/download.html"


class EventPageForm(EhrenamtPageForm):
    """Weekdays of a weekly series as checkboxes instead of RRULE codes."""

    repeat_weekdays = forms.MultipleChoiceField(
        label=_("on weekdays"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For weekly series; the weekday of the first date must be one of them."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["repeat_weekdays"].choices = WEEKDAY_CHOICES
        if not self.is_bound and self.instance is not None:
            self.initial["repeat_weekdays"] = [
                d for d in (self.instance.repeat_weekdays or "").split(",") if d
            ]
        preset_organiser(self)  # an office editor's own office

    def clean_repeat_weekdays(self):
        days = self.cleaned_data.get("repeat_weekdays") or []
        return ",".join(sorted(set(days), key=WEEKDAY_CODES.index))

    def clean(self):
        cleaned_data = super().clean()
        self._check_changed_dates(cleaned_data)
        check_organiser(self, cleaned_data)  # office editors: only their own office
        return cleaned_data

    def _check_changed_dates(self, cleaned_data):
        """Every change to a single date must name a date of the series as entered.

        Otherwise the change would silently have no effect on the calendar.
        """
        formset = self.formsets.get("exceptions")
        if formset is None or not cleaned_data.get("start_date"):
            return
        probe = copy.copy(self.instance)
        for name in REPETITION_FORM_FIELDS:
            if name in cleaned_data:
                setattr(probe, name, cleaned_data[name])
        try:
            rule = probe.editor_rrule()
        except RecurrenceError:
            return  # reported on the repetition fields by EventPage.clean()
        rows = []
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            original = form.cleaned_data.get("original_date")
            if original is not None:
                rows.append((form, original))
        probe.rrule = rule
        try:
            unknown = set(engine.unknown_change_dates(probe, [day for _form, day in rows]))
        except RecurrenceError:
            return  # reported on the repetition fields by EventPage.clean()
        for form, original in rows:
            if original not in unknown:
                continue
            if not rule:
                form.add_error(
                    "original_date",
                    _(
                        "Only dates of a repeating event can be changed one by one. "
                        "Change the date of this event above instead."
                    ),
                )
                continue
            form.add_error(
                "original_date",
                _("The series has no date on %(date)s. Choose one of its dates (see “Next dates”).")
                % {"date": date_format(original, "SHORT_DATE_FORMAT")},
            )


class NextDatesPanel(Panel):
    """Read-only: the next dates of the series as last saved (a draft counts)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_ehrenamt/events/admin/next_dates_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            occurrences, error = [], ""
            if page is not None and page.start_date:
                try:
                    rule = page.editor_rrule()
                except RecurrenceError as exc:
                    rule, error = "", str(exc)
                page.rrule = rule
                start = page.start_date
                if rule:
                    horizon = start + dt.timedelta(days=366 * 10)
                    occurrences = page.occurrences_between(
                        start, horizon, exceptions=list(page.exceptions.all())
                    )[:10]
                else:
                    occurrences = page.occurrences_between(start, page.end_date or start)
            context.update(occurrences=occurrences, error=error, page=page)
            return context


# Form fields that define the dates of an event or series.
REPETITION_FORM_FIELDS = (
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "repeat",
    "repeat_interval",
    "repeat_weekdays",
    "repeat_week_of_month",
    "repeat_ends",
    "repeat_until",
    "repeat_count",
)

# Length of one date of an event (see the date engine).
event_duration = engine.duration

# occurrence_from(): the place follows the date's change unless one is given.
MISSING_LOCATION = object()


#: Sent after an event's dates were saved with the event's changes (``event=`` the page);
#: the occurrence table rewrites the event's rows (signals.py).
event_dates_saved = Signal()

_local = threading.local()


class saving:  # noqa: N801 - used like a function: ``with saving(page):``
    """Marks an event as being saved, so its change rows' own saves do not sync it again."""

    def __init__(self, event):
        self.key = id(event)

    def __enter__(self):
        keys = _local.__dict__.setdefault("saving", set())
        self.added = self.key not in keys
        keys.add(self.key)

    def __exit__(self, *exc):
        if self.added:
            _local.saving.discard(self.key)


def is_saving(event):
    """Whether ``event`` (the page object) is being saved (see :class:`saving`)."""
    return id(event) in _local.__dict__.get("saving", ())


def new_event_uid():
    return f"{uuid.uuid4()}@wagtail-ehrenamt"


class EventCalendarPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A calendar of events: upcoming list, month grid, archive, date range, feeds.

    Routes (German URL parts, all server-rendered, filters as query parameters):
    ``""`` upcoming, ``monat/`` current month, ``monat/<year>/<month>/`` month grid,
    ``archiv/`` past events, ``zeitraum/?from=YYYY-MM-DD&to=YYYY-MM-DD`` a date range.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["wagtail_ehrenamt.EventPage"]
    template = "wagtail_ehrenamt/events/calendar_page.html"

    #: How far back the archive lists dates, in days.
    archive_days = 730

    class Meta:
        verbose_name = _("event calendar")
        verbose_name_plural = _("event calendars")

    def get_events(self):
        """All visible events of this calendar (see :mod:`wagtail_ehrenamt.visibility`)."""
        return visible_pages(EventPage.objects.descendant_of(self), within=self)

    def get_feed_events(self):
        # The feed takes the calendar's filters (event_listing.page_feed_events).
        return self.get_events()

    # --- views (events/views.py) -------------------------------------------

    @path("")
    def upcoming_view(self, request):
        return page_view("calendar.upcoming")(self, request)

    @path("archiv/")
    def archive_view(self, request):
        return page_view("calendar.archive")(self, request)

    @path("monat/")
    def current_month_view(self, request):
        return page_view("calendar.current_month")(self, request)

    @path("monat/<int:year>/<int:month>/", name="month")
    def month_view(self, request, year, month):
        return page_view("calendar.month")(self, request, year, month)

    @path("zeitraum/")
    def range_view(self, request):
        return page_view("calendar.range")(self, request)


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

    # Who it is for, and what about.
    for_volunteers = models.BooleanField(_("volunteers"), default=False)
    for_professionals = models.BooleanField(_("professionals"), default=False)
    for_public = models.BooleanField(_("the public"), default=False)
    for_refugees = models.BooleanField(_("refugees"), default=False)
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=EventTopic, blank=True)

    # Registration.
    registration_required = models.BooleanField(_("registration required"), default=False)
    registration_deadline = models.DateField(_("register by"), null=True, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_email = models.EmailField(_("registration by e-mail"), blank=True)
    registration_phone = models.CharField(_("registration by phone"), max_length=50, blank=True)
    capacity_note = models.CharField(
        _("places"), max_length=255, blank=True, help_text=_("e.g. max. 20 participants.")
    )

    # Content.
    programme = StreamField(
        [
            ("item", ProgrammeItemBlock()),
            (
                "text",
                blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"]),
            ),
        ],
        verbose_name=_("programme"),
        blank=True,
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it; empty if decorative."),
    )
    downloads = StreamField(
        [("download", DownloadBlock())], verbose_name=_("downloads"), blank=True
    )

    # iCalendar identity: stable across edits, new for a copy, shared by the translations
    # (and aliases) of one event in other locales, so not unique across the table.
    uid = models.CharField(
        _("iCalendar UID"), max_length=255, db_index=True, editable=False, default=new_event_uid
    )
    sequence = models.PositiveIntegerField(_("iCalendar SEQUENCE"), default=0, editable=False)

    # A copy is a new event: new iCal identity, none of the original's date changes.
    exclude_fields_in_copy = ["uid", "sequence", "exceptions"]

    base_form_class = EventPageForm

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
                FieldPanel("repeat_interval", attrs=show_if("repeat")),
                FieldPanel("repeat_weekdays", attrs=show_if("repeat=weekly")),
                FieldPanel("repeat_week_of_month", attrs=show_if("repeat=monthly_weekday")),
                FieldPanel("repeat_ends", attrs=show_if("repeat")),
                FieldRowPanel(
                    [
                        FieldPanel("repeat_until", attrs=show_if("repeat", "repeat_ends=until")),
                        FieldPanel("repeat_count", attrs=show_if("repeat", "repeat_ends=count")),
                    ]
                ),
            ],
            heading=_("Repetition"),
            # Fields of other kinds of repetition are hidden (js/admin.js); all show without JS.
            attrs={"data-controller": "ehrenamt-show-if"},
        ),
        NextDatesPanel(heading=_("Next dates (as last saved)")),
        InlinePanel(
            "exceptions",
            heading=_("Changes to single dates"),
            label=_("change"),
            # Collapsed rows show their date and what happens to it (js/admin.js).
            attrs={"data-ehrenamt-row-summary": "original_date action new_date"},
        ),
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
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("for_volunteers"),
                        FieldPanel("for_professionals"),
                        FieldPanel("for_public"),
                        FieldPanel("for_refugees"),
                    ]
                ),
                FieldPanel("topics"),
            ],
            heading=_("For whom and about what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldPanel("registration_deadline"),
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("registration_email"), FieldPanel("registration_phone")]),
                FieldPanel("capacity_note", heading=_("places (capacity)")),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("programme"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("downloads"),
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

    @cached_property
    def public_organiser_page(self):
        """The organiser page if visitors may see it (live, no view restriction), else None.

        Listings annotate ``organiser_page_restricted`` (see
        :func:`~wagtail_ehrenamt.events.event_listing.events_in_window`); otherwise one query.
        """
        if not self.organiser_page_id or self.organiser_page is None:
            return None
        flag = getattr(self, "organiser_page_restricted", None)
        if flag is None:
            return visible_page(self.organiser_page)
        return None if flag or not self.organiser_page.live else self.organiser_page

    def duration(self):
        """Length of one date of the event (timedelta; whole days for all-day events)."""
        return event_duration(self.start_date, self.start_time, self.end_date, self.end_time)

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
        for name in ("start_date", "end_date", "repeat_until"):
            value = getattr(self, name)
            if value and not 1970 <= value.year <= 2200:
                errors[name] = _("Enter a date between 1970 and 2200.")
        if errors:
            raise ValidationError(errors)

    #: Changes to these fields raise the iCal SEQUENCE, so calendar clients update the
    #: event (RFC 5545 3.8.7.4): its dates and times, place, status and title. A change
    #: to a single date (cancelled, moved, new place; not a note alone) raises it too.
    sequence_fields = (
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "rrule",
        "status",
        "location_id",
        "online_url",
        "title",
    )
    #: The fields the occurrence table's rows are made from (and the title they carry).
    occurrence_fields = frozenset(
        ("start_date", "start_time", "end_date", "end_time", "rrule", "status")
        + ("location", "location_id", "title")
    )

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = new_event_uid()
        try:
            self.rrule = self.editor_rrule()
        except RecurrenceError:
            # Drafts may be saved incomplete; an invalid rule is published as a single date.
            self.rrule = ""
        self.series_end_date = self._compute_series_end_date()
        update_fields = kwargs.get("update_fields")
        if self.pk and update_fields is None:
            self._update_sequence()
        with saving(self):
            result = super().save(*args, **kwargs)
        # Wagtail saves drafts with update_fields (the row keeps the published content);
        # publishing, unpublishing and copying save the whole row.
        if update_fields is None or self.occurrence_fields.intersection(update_fields):
            event_dates_saved.send(sender=EventPage, event=self)
        return result

    def _update_sequence(self):
        """The one owner of SEQUENCE: one more than the stored row's when a field a calendar
        client shows changed (see :attr:`sequence_fields`) or a single date was changed.

        Never lower than the stored value: a revision made before another publish carries
        the SEQUENCE of its time.
        """
        previous = EventPage.objects.filter(pk=self.pk).values(*self.sequence_fields, "sequence")
        previous = previous.first()
        if previous is None:
            return
        stored = previous["sequence"] or 0
        changed = any(previous[name] != getattr(self, name) for name in self.sequence_fields)
        if not changed:
            saved = EventOccurrenceException.objects.filter(page_id=self.pk)
            changed = _change_signature(saved) != _change_signature(self.exceptions.all())
        self.sequence = max(self.sequence or 0, stored) + (1 if changed else 0)

    def copy(self, *args, **kwargs):
        """A copy keeps everything but the dates' identity: it gets a new iCal UID, none of
        the original's changes to single dates, and it is always a draft, so an editor
        sets the new date before it is published."""
        kwargs["keep_live"] = False
        update_attrs = dict(kwargs.get("update_attrs") or {})
        # A translation (copy into another locale) is the same event: same UID.
        locale = update_attrs.get("locale")
        translating = locale is not None and getattr(locale, "pk", locale) != self.locale_id
        update_attrs.setdefault("uid", self.uid if translating else new_event_uid())
        update_attrs.setdefault("sequence", 0)
        kwargs["update_attrs"] = update_attrs
        return super().copy(*args, **kwargs)

    # --- display ----------------------------------------------------------

    @property
    def repetition_description(self):
        """The repetition in words, e.g. "Every 2 weeks on Tuesday, until 1 March 2027"."""
        if not self.rrule:
            return ""
        interval = self.repeat_interval or 1
        names = dict(WEEKDAY_CHOICES)
        if self.repeat == Repeat.DAILY:
            text = _("Daily") if interval == 1 else _("Every %(n)s days") % {"n": interval}
        elif self.repeat == Repeat.WEEKLY:
            codes = [d for d in self.repeat_weekdays.split(",") if d] or [
                WEEKDAY_CODES[self.start_date.weekday()]
            ]
            days = get_text_list([str(names[c]) for c in codes if c in names], _("and"))
            text = (
                _("Weekly on %(days)s") % {"days": days}
                if interval == 1
                else _("Every %(n)s weeks on %(days)s") % {"n": interval, "days": days}
            )
        elif self.repeat == Repeat.MONTHLY_DAY:
            text = (
                _("Monthly on day %(day)s") % {"day": self.start_date.day}
                if interval == 1
                else _("Every %(n)s months on day %(day)s")
                % {"n": interval, "day": self.start_date.day}
            )
        elif self.repeat == Repeat.MONTHLY_WEEKDAY:
            ordinal = WeekOfMonth(self.repeat_week_of_month).label
            day = names[WEEKDAY_CODES[self.start_date.weekday()]]
            text = (
                _("Monthly on the %(ordinal)s %(day)s") % {"ordinal": ordinal, "day": day}
                if interval == 1
                else _("Every %(n)s months on the %(ordinal)s %(day)s")
                % {"n": interval, "ordinal": ordinal, "day": day}
            )
        else:
            text = _("Yearly") if interval == 1 else _("Every %(n)s years") % {"n": interval}
        if self.repeat_ends == RepeatEnd.UNTIL and self.repeat_until:
            text = _("%(rule)s, until %(date)s") % {
                "rule": text,
                "date": date_format(self.repeat_until, "DATE_FORMAT"),
            }
        elif self.repeat_ends == RepeatEnd.COUNT and self.repeat_count:
            text = _("%(rule)s, %(count)s dates") % {"rule": text, "count": self.repeat_count}
        return text

    @property
    def audiences(self):
        return [label for code, label in AUDIENCE_CHOICES if getattr(self, AUDIENCE_FIELDS[code])]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The next 12 dates; "?termine=alle" lists all up to the feed's horizon.
        all_dates = request is not None and request.GET.get("termine") == "alle"
        upcoming = self.next_occurrences(count=None if all_dates else 13)
        occurrences = upcoming if all_dates else upcoming[:12]
        context["occurrences"] = occurrences
        context["all_dates"] = all_dates
        context["more_dates"] = len(upcoming) > len(occurrences)
        context["json_ld"] = self.json_ld(request, occurrences[:12])
        return context

    def json_ld(self, request=None, occurrences=None):
        """schema.org Event JSON-LD (a list: one Event per upcoming date, at most 12)."""
        if occurrences is None:
            occurrences = self.next_occurrences(count=12)
        if not occurrences:
            occurrences = self.occurrences_between(self.start_date, self.start_date)[:1]
        url = absolute_url(self, request)
        organizer = None
        if self.public_organiser_page:
            organizer = {
                "@type": "Organization",
                "name": self.public_organiser_page.title,
                "url": absolute_url(self.public_organiser_page, request),
            }
        elif self.organiser_organisation_id and self.organiser_organisation:
            organisation = localized(self.organiser_organisation, self)
            organizer = {"@type": "Organization", "name": organisation.name}
            if organisation.website:
                organizer["url"] = organisation.website
        items = []
        for occurrence in occurrences:
            status = {
                EventStatus.CANCELLED: "https://schema.org/EventCancelled",
                EventStatus.POSTPONED: "https://schema.org/EventPostponed",
                EventStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
            }.get(self.status, "https://schema.org/EventScheduled")
            if occurrence.is_cancelled:
                status = "https://schema.org/EventCancelled"
            elif occurrence.is_moved and status == "https://schema.org/EventScheduled":
                status = "https://schema.org/EventRescheduled"
            places = []
            place = localized(occurrence.location, self)
            online = self.online_url
            if place is not None and place.live and self.status != EventStatus.MOVED_ONLINE:
                address = {"@type": "PostalAddress", "addressCountry": "DE"}
                if place.street:
                    address["streetAddress"] = place.street
                if place.postcode:
                    address["postalCode"] = place.postcode
                if place.city:
                    address["addressLocality"] = place.city
                places.append({"@type": "Place", "name": place.name, "address": address})
            if online:
                places.append({"@type": "VirtualLocation", "url": online})
            if places and online and len(places) > 1:
                mode = "https://schema.org/MixedEventAttendanceMode"
            elif online and len(places) == 1:
                mode = "https://schema.org/OnlineEventAttendanceMode"
            else:
                mode = "https://schema.org/OfflineEventAttendanceMode"
            item = {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": self.title,
                "url": url,
                "startDate": occurrence.start.isoformat(),
                "endDate": occurrence.end.isoformat(),
                "eventStatus": status,
                "eventAttendanceMode": mode,
            }
            if self.summary:
                item["description"] = self.summary
            if places:
                item["location"] = places[0] if len(places) == 1 else places
            if organizer:
                item["organizer"] = organizer
            items.append(item)
        data = items[0] if len(items) == 1 else items
        return json_ld_text(data)

    def _compute_series_end_date(self):
        single_end = self.end_date or self.start_date
        if not self.rrule:
            return single_end
        last_start = last_series_start(self.rrule, self._naive_first_start())
        if last_start is None:
            return None
        return last_start.date() + (single_end - self.start_date)

    def _naive_first_start(self):
        return engine.first_start(self)

    # --- occurrences ----------------------------------------------------

    def occurrences_between(
        self, window_start, window_end, include_cancelled=True, exceptions=None
    ):
        """Occurrences that overlap [window_start, window_end] (dates, inclusive).

        Exceptions (cancelled or moved dates) are applied; cancelled dates are kept with
        ``is_cancelled=True`` unless ``include_cancelled`` is False. The number of dates
        is bounded by MAX_OCCURRENCES_PER_SERIES. The dates come from the date engine
        (:mod:`wagtail_ehrenamt.events.engine`).
        """
        if exceptions is None:
            exceptions = self._exceptions_list()
        dates = engine.expand(
            self, exceptions, window_start, window_end, include_cancelled=include_cancelled
        )
        return [self.occurrence_from(date) for date in dates]

    def _exceptions_list(self):
        # Use the prefetched/in-memory cluster relation when there is one.
        return list(self.exceptions.all())

    def _time_zone(self):
        # The zone is looked up once per event, not once per date.
        zone = self.__dict__.get("_zone")
        if zone is None:
            zone = self.__dict__["_zone"] = get_time_zone()
        return zone

    def _localise(self, naive):
        return engine.localise(naive, self.all_day, self._time_zone())

    def occurrence_from(self, date, location=MISSING_LOCATION):
        """The :class:`~wagtail_ehrenamt.events.recurrence.Occurrence` of an engine date."""
        change = date.change
        if location is MISSING_LOCATION:
            location = self.location
            if date.is_moved and change.new_location_id:
                location = change.new_location
        return Occurrence(
            event=self,
            start=self._localise(date.start),
            end=self._localise(date.end),
            all_day=self.all_day,
            original_start=self._localise(date.original) if date.original else None,
            is_cancelled=date.is_cancelled,
            is_moved=date.is_moved,
            location=location,
            note=date.note,
        )

    def get_feed_events(self):
        return visible_pages(EventPage.objects.filter(pk=self.pk), within=self)

    # --- one date, for "add to my calendar" ---------------------------------

    def occurrence_on(self, day):
        """The date of this event that is ``day`` in the series (its date before any
        move), with its changes applied; None if the event has no such date."""
        date = engine.date_on(self, self._exceptions_list(), day)
        return None if date is None else self.occurrence_from(date)

    @path("ical/<str:day>/", name="feed_ics_date")
    def feed_ics_date(self, request, day):
        """``ical/<YYYY-MM-DD>/``: a download of one date (``feed_views.serve_date_ics``)."""
        return page_view("feeds.serve_date")(self, request, day)

    def next_occurrences(self, count=5, today=None):
        """The next ``count`` occurrences from ``today`` (site time zone) on."""
        today = today or conf.today()
        horizon = today + dt.timedelta(days=get_setting("FEED_FUTURE_DAYS"))
        return self.occurrences_between(today, horizon)[:count]


def _change_signature(exceptions):
    """What of a list of changes to single dates a calendar client shows."""
    fields = ("original_date", "action", "new_date", "new_start_time", "new_end_time")
    return sorted(
        tuple(str(getattr(exc, name)) for name in (*fields, "new_location_id"))
        for exc in exceptions
    )


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

    # One change per date of the series (see inline_rows).
    inline_key = ("original_date",)
    inline_duplicate_message = _(
        "Change %(row)s already changes the date %(original_date)s. A date can be changed "
        "only once: put both changes into one, or remove one of them."
    )

    class Meta(Orderable.Meta):
        verbose_name = _("change to a single date")
        verbose_name_plural = _("changes to single dates")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "original_date"], name="ehrenamt_exception_unique_date"
            )
        ]

    def moved_start_and_duration(self, naive_start, duration, all_day):
        """The new (naive) start and the duration of the series date this change moves."""
        return engine.moved_start(self, naive_start, duration, all_day)
