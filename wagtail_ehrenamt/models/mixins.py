"""Behaviour shared by pages that have events: the calendar, events, and organiser pages."""

from wagtail.contrib.routable_page.models import RoutablePageMixin


class CalendarFeedMixin(RoutablePageMixin):
    """A page that publishes events: offices, networks, teams, platforms, calendars, events.

    Its feed routes (``feed.ics``, ``feed.atom``) live here so every such page gets them
    without URL patterns. Override :meth:`get_feed_events` to choose the events.
    """

    def get_feed_events(self, params=None):
        """(events queryset, errors) for this page's feed; errors maps parameter -> message."""
        from .events import EventPage

        return EventPage.objects.live().filter(organiser_page=self), {}
