"""Admin: all events in one listing, filterable by calendar, status and date range."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn, ParentPageColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..models import EventCalendarPage, EventPage
from ..models.events import EventStatus


class EventFilterSet(PageFilterSet):
    calendar = django_filters.ModelChoiceFilter(
        label=_("Calendar"),
        queryset=lambda request: EventCalendarPage.objects.order_by("title"),
        method="filter_calendar",
        empty_label=_("All calendars"),
    )
    event_status = django_filters.ChoiceFilter(
        label=_("Event status"),
        field_name="status",
        choices=EventStatus.choices,
        empty_label=_("Any status"),
    )
    dates = django_filters.DateFromToRangeFilter(
        label=_("Has dates between"),
        method="filter_dates",
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = EventPage
        fields = []

    def filter_calendar(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(path__startswith=value.path, depth__gt=value.depth)

    def filter_dates(self, queryset, name, value):
        """Events whose first date is before the range's end and whose series (or single
        date) ends after its start: a cheap SQL test on start_date and series_end_date."""
        if value is None:
            return queryset
        if value.stop:
            queryset = queryset.filter(start_date__lte=value.stop)
        if value.start:
            queryset = queryset.filter(
                Q(series_end_date__gte=value.start) | Q(series_end_date__isnull=True)
            )
        return queryset


class EventIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("location")


class EventListingViewSet(PageListingViewSet):
    model = EventPage
    icon = "date"
    menu_label = _("Events")
    name = "ehrenamt_events"
    index_view_class = EventIndexView
    filterset_class = EventFilterSet
    columns = [
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column("start_date", label=_("First date"), sort_key="start_date", width="12%"),
        Column("series_end_date", label=_("Last date"), sort_key="series_end_date", width="12%"),
        Column("repetition_description", label=_("Repeats"), width="18%"),
        Column("get_status_display", label=_("Event status"), width="12%"),
        ParentPageColumn("parent", label=_("Calendar")),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="10%"),
    ]


EVENT_VIEWSETS = [EventListingViewSet]
