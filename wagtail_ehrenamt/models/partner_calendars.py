"""Partner calendars: iCal feeds of partner organisations, imported as events.

An :class:`ExternalCalendar` names a feed and the calendar page it feeds; each event page
created from the feed is linked to it by an :class:`ImportedEvent` row (the feed's UID and,
for a series imported date by date, the date's RECURRENCE-ID). The sync itself lives in
:mod:`wagtail_ehrenamt.partner_calendars`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.search import index

from .events import EventType


class SyncStatus(models.TextChoices):
    NEVER = "", _("Not synchronised yet")
    OK = "ok", _("Synchronised")
    NOT_MODIFIED = "not_modified", _("Unchanged since the last synchronisation")
    ERROR = "error", _("Error")


def validate_feed_url(value):
    """http, https or webcal (which calendar programs show for subscriptions)."""
    if value.lower().startswith("webcal://"):
        value = "https://" + value[len("webcal://") :]
    URLValidator(schemes=["http", "https"])(value)


class ExternalCalendar(index.Indexed, models.Model):
    """The iCal feed of a partner organisation, imported into one of the site's calendars."""

    name = models.CharField(
        _("name"), max_length=255, help_text=_("e.g. Diakonie – Sprachcafé und Beratung")
    )
    url = models.CharField(
        _("feed address"),
        max_length=2000,
        validators=[validate_feed_url],
        help_text=_(
            "The partner's iCal address (https://…, http://… or webcal://…), e.g. the "
            "“secret address in iCal format” of a Google calendar or the ICS link of a "
            "published Outlook calendar."
        ),
    )
    calendar = models.ForeignKey(
        "wagtail_ehrenamt.EventCalendarPage",
        verbose_name=_("imported into calendar"),
        on_delete=models.CASCADE,
        related_name="external_calendars",
    )
    organisation = models.ForeignKey(
        "wagtail_ehrenamt.Organisation",
        verbose_name=_("partner organisation (organiser)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="external_calendars",
    )
    default_topics = models.ManyToManyField(
        "wagtail_ehrenamt.Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="+",
        help_text=_(
            "Given to every imported event. Categories of the feed that match a topic's "
            "name are added."
        ),
    )
    event_type = models.CharField(
        _("type of event"), max_length=30, choices=EventType.choices, default=EventType.OTHER
    )
    for_volunteers = models.BooleanField(_("volunteers"), default=False)
    for_professionals = models.BooleanField(_("professionals"), default=False)
    for_public = models.BooleanField(_("the public"), default=False)
    for_refugees = models.BooleanField(_("refugees"), default=False)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active calendars are synchronised."),
    )

    # HTTP validators of the last successful download (conditional requests).
    etag = models.CharField(max_length=500, blank=True, editable=False)
    http_last_modified = models.CharField(max_length=100, blank=True, editable=False)

    # The last synchronisation.
    last_sync_at = models.DateTimeField(_("last synchronisation"), null=True, editable=False)
    last_success_at = models.DateTimeField(
        _("last successful synchronisation"), null=True, editable=False
    )
    last_sync_status = models.CharField(
        _("result"),
        max_length=20,
        choices=SyncStatus.choices,
        default=SyncStatus.NEVER,
        blank=True,
        editable=False,
    )
    last_created = models.PositiveIntegerField(_("new"), default=0, editable=False)
    last_updated = models.PositiveIntegerField(_("updated"), default=0, editable=False)
    last_unpublished = models.PositiveIntegerField(_("unpublished"), default=0, editable=False)
    last_skipped = models.PositiveIntegerField(_("skipped"), default=0, editable=False)
    last_error = models.TextField(_("error"), blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        PageChooserPanel("calendar", "wagtail_ehrenamt.EventCalendarPage"),
        FieldPanel("organisation"),
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
                FieldPanel("default_topics"),
                FieldPanel("event_type"),
            ],
            heading=_("For every imported event"),
        ),
        FieldPanel("active"),
    ]

    search_fields = [index.SearchField("name"), index.SearchField("url")]

    class Meta:
        verbose_name = _("partner calendar")
        verbose_name_plural = _("partner calendars")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.url:
            self.url = self.url.strip()
            if self.url.lower().startswith("webcal://"):
                self.url = "https://" + self.url[len("webcal://") :]
        # Edited (other address, other topics or audiences …): the next sync reads the whole
        # feed instead of accepting a "304 Not Modified", so the events get the new values.
        self.etag = self.http_last_modified = ""
        if self.calendar_id and self.url:
            clash = ExternalCalendar.objects.filter(url=self.url, calendar_id=self.calendar_id)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"url": _("This feed is already imported into this calendar.")}
                )

    @property
    def last_result(self):
        """The last synchronisation in one line, for the admin listing."""
        if not self.last_sync_status:
            return SyncStatus.NEVER.label
        if self.last_sync_status == SyncStatus.ERROR:
            return _("Error: %(error)s") % {"error": self.last_error}
        counts = _("%(created)s new, %(updated)s updated, %(unpublished)s unpublished") % {
            "created": self.last_created,
            "updated": self.last_updated,
            "unpublished": self.last_unpublished,
        }
        if self.last_skipped:
            counts = _("%(counts)s, %(skipped)s skipped") % {
                "counts": counts,
                "skipped": self.last_skipped,
            }
        if self.last_sync_status == SyncStatus.NOT_MODIFIED:
            return SyncStatus.NOT_MODIFIED.label
        return counts


class ImportedEvent(models.Model):
    """The link between an event page and the feed entry it was imported from.

    ``recurrence_key`` is empty when the page stands for the whole entry (a single event,
    or a series with its changes); for a series imported date by date it is the date's
    RECURRENCE-ID (``YYYYMMDD``, or ``YYYYMMDDTHHMMSSZ`` in UTC).
    """

    calendar = models.ForeignKey(
        ExternalCalendar,
        verbose_name=_("partner calendar"),
        on_delete=models.CASCADE,
        related_name="imported_events",
    )
    uid = models.CharField(_("iCalendar UID"), max_length=1000)
    recurrence_key = models.CharField(max_length=40, blank=True, default="")
    page = models.OneToOneField(
        "wagtail_ehrenamt.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="partner_import",
    )
    sequence = models.IntegerField(default=0)
    source_last_modified = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    detached = models.BooleanField(
        _("detached"),
        default=False,
        help_text=_("Edited by hand: the synchronisation leaves this event alone."),
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported event")
        verbose_name_plural = _("imported events")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "uid", "recurrence_key"],
                name="ehrenamt_imported_event_unique_entry",
            )
        ]

    def __str__(self):
        return f"{self.calendar}: {self.uid} {self.recurrence_key}".strip()
