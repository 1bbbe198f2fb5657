"""Behaviour shared by pages that have events: the calendar, events, and organiser pages.

The feeds' HTTP handling lives in :mod:`wagtail_ehrenamt.events.feed_views`, which registers
its views for these routes (:mod:`wagtail_ehrenamt.page_views`)."""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Site

from .. import links
from ..page_views import page_view
from ..visibility import visible_pages


class CalendarFeedMixin(RoutablePageMixin):
    """A page that publishes events: offices, networks, teams, platforms, calendars, events.

    Its feed routes live here so every such page gets them without URL patterns:
    ``<page URL>ical/`` (iCalendar, route name ``feed_ics``) and ``<page URL>atom/``
    (Atom, route name ``feed_atom``). (Wagtail's page URLs cannot contain dots, so the
    routes carry no ``.ics`` suffix; calendar clients go by the content type.)
    Override :meth:`get_feed_events` to choose the events.
    """

    def get_feed_events(self):
        """The events of this page's feed: visible ones only (:mod:`~.visibility`)."""
        # Translations of an event share its organiser: only this page's language.
        events = self.organised_events.filter(locale_id=self.locale_id)
        return visible_pages(events, within=self)

    # --- routes ---------------------------------------------------------------------

    @path("ical/", name="feed_ics")
    def feed_ics(self, request):
        return page_view("feeds.serve")(self, request, "ics")

    @path("atom/", name="feed_atom")
    def feed_atom(self, request):
        return page_view("feeds.serve")(self, request, "atom")

    # --- helpers for templates --------------------------------------------------------

    @property
    def is_single_event_feed(self):
        return hasattr(self, "uid") and hasattr(self, "rrule")

    def get_feed_url(self, kind="ics", request=None, params=None):
        """The absolute URL of this page's feed (``kind`` "ics" or "atom")."""
        base = links.absolute_url(self, request)
        if base is None:
            return None
        url = base + self.reverse_subpage("feed_ics" if kind == "ics" else "feed_atom")
        query = links.normalise_params(params) if params else ""
        return f"{url}?{query}" if query else url

    def get_feed_title(self, request=None, params=None):
        site = Site.find_for_request(request) if request is not None else None
        title = self.title
        if site is not None and site.site_name and site.site_name != title:
            title = f"{title} – {site.site_name}"
        if params and links.normalise_params(params):
            title = _("%(title)s (selection)") % {"title": title}
        return title

    def get_feed_description(self):
        text = getattr(self, "search_description", "") or ""
        if not text:
            for field in ("intro", "summary", "description"):
                value = getattr(self, field, "")
                if value and isinstance(value, str):
                    text = strip_tags(value)
                    break
        return Truncator(" ".join(text.split())).chars(300)
