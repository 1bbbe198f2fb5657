"""Feed template tags: `{% load ehrenamt_feeds %}`.

- ``{% feed_head_links page %}`` in ``<head>``: ``<link rel="alternate">`` for the page's iCal
  and Atom feeds (with the calendar's current filters).
- ``{% subscribe_box page %}``: the "Kalender abonnieren" control.
- ``{% add_to_calendar event %}``: .ics download, Google and Outlook links for one event.
"""

from django import template
from django.utils.html import format_html_join

from .. import feeds
from ..models.mixins import CalendarFeedMixin

register = template.Library()


def _feed_page(context, page):
    page = page if page is not None else context.get("page")
    page = getattr(page, "specific", page)
    if isinstance(page, CalendarFeedMixin):
        return page
    return None


def _filter_params(page, request):
    """The calendar's current filters (only calendars take filter parameters)."""
    if request is None or not hasattr(page, "filter_events"):
        return None
    return request.GET


@register.simple_tag(takes_context=True)
def feed_head_links(context, page=None):
    """`<link rel="alternate">` tags announcing a page's iCal and Atom feeds (for <head>)."""
    page = _feed_page(context, page)
    request = context.get("request")
    if page is None:
        return ""
    params = _filter_params(page, request)
    title = page.get_feed_title(request, params)
    links = [
        ("text/calendar", page.get_feed_url("ics", request, params), title),
    ]
    if not page.is_single_event_feed:
        links.append(("application/atom+xml", page.get_feed_url("atom", request, params), title))
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" href="{}" title="{}">',
        ((kind, url, title) for kind, url, title in links if url),
    )


@register.inclusion_tag("wagtail_ehrenamt/includes/subscribe.html", takes_context=True)
def subscribe_box(context, page=None):
    """The "subscribe to this calendar" control for a page with a feed."""
    page = _feed_page(context, page)
    request = context.get("request")
    result = {"feed_page": page, "request": request}
    if page is None:
        return result
    params = _filter_params(page, request)
    https_url = page.get_feed_url("ics", request, params)
    if not https_url:
        return result
    title = page.get_feed_title(request, params)
    result.update(
        feed_title=title,
        https_url=https_url,
        webcal_url=feeds.webcal_url(https_url),
        google_url=feeds.google_subscribe_url(https_url),
        outlook_url=feeds.outlook_subscribe_url(https_url, title),
        atom_url=page.get_feed_url("atom", request, params),
        filtered=bool(params and feeds.normalise_params(params)),
    )
    return result


@register.inclusion_tag("wagtail_ehrenamt/includes/add_to_calendar.html", takes_context=True)
def add_to_calendar(context, event=None):
    """Links to add one event to a calendar: .ics download, Google, Outlook."""
    event = _feed_page(context, event)
    request = context.get("request")
    if event is None or not event.is_single_event_feed:
        return {"event": None}
    return {
        "event": event,
        "ics_url": event.get_feed_url("ics", request),
        "google_url": feeds.google_event_url(event, request),
        "outlook_url": feeds.outlook_event_url(event, request),
    }
