"""The occurrence table: the dates of every event for a rolling window, one row each.

The rows are made by the date engine (:mod:`wagtail_ehrenamt.events.engine`) whenever an event is
saved (published, unpublished, copied, moved in time) and by the daily command
``ehrenamt_extend_occurrences``; see :mod:`wagtail_ehrenamt.events.occurrence_table`. Listings read
the next N dates from here with ``ORDER BY ... LIMIT N`` instead of expanding every series.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventOccurrence(models.Model):
    """One date of an event, as the date engine made it (no content of its own)."""

    event = models.ForeignKey(
        "wagtail_ehrenamt.EventPage",
        on_delete=models.CASCADE,
        related_name="occurrence_rows",
        verbose_name=_("event"),
    )
    # The local wall-clock start as if it were UTC: the order of the calendar's listings
    # (local midnight for all-day dates), the same order as the pages' sort key.
    sort_start = models.DateTimeField(_("start (local wall-clock time)"))
    # The page title, for ties in the order (kept with the rows; a title changes on publish).
    title = models.CharField(_("title"), max_length=255)
    start = models.DateTimeField(_("start (UTC)"))
    start_date = models.DateField(_("local start date"))
    start_time = models.TimeField(_("local start time"), null=True, blank=True)
    end_date = models.DateField(_("local end date"))
    end_time = models.TimeField(_("local end time"), null=True, blank=True)
    original_date = models.DateField(_("date in the series"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    is_moved = models.BooleanField(_("moved"), default=False)
    location = models.ForeignKey(
        "wagtail_ehrenamt.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("place"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # Place of the date within its series (0, 1, …, in the order of the series' dates), and
    # whether the series has more rows than a listing shows of one series
    # (MAX_OCCURRENCES_PER_SERIES): listings then count from the first date they show.
    position = models.PositiveIntegerField(default=0)
    dense = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("date of an event")
        verbose_name_plural = _("dates of events")
        indexes = [
            models.Index(fields=["sort_start", "title", "event"], name="ehrenamt_occ_order"),
            models.Index(fields=["event", "sort_start"], name="ehrenamt_occ_event"),
            # Counting a listing's rows ("page 1 of N") from the index alone.
            models.Index(
                fields=["event", "start_date", "end_date", "dense", "position"],
                name="ehrenamt_occ_count",
            ),
            # The first dates of dense series in a window (few rows), without reading every
            # row of the window: a listing's series limit asks for them on each rendering.
            models.Index(
                fields=["start_date"],
                condition=models.Q(dense=True),
                name="ehrenamt_occ_dense",
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.sort_start:%Y-%m-%d %H:%M}"


class OccurrenceWindow(models.Model):
    """The dates the occurrence table holds for every event (one row), and a fingerprint of
    the event and change rows it was made from, so rows written around the pages' own save
    (bulk imports, fixtures) are noticed and the table is rebuilt."""

    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"))
    # The longest date (days from start to end) in the table: how far before a window's
    # first day a date may start and still reach into it.
    longest_days = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("window of the occurrence table")
        verbose_name_plural = _("windows of the occurrence table")

    def __str__(self):
        return f"{self.first_date} – {self.last_date}"
