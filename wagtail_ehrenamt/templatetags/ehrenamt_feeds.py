"""Feed template tags: `{% load ehrenamt_feeds %}`.

- ``{% feed_head_links page %}`` in ``<head>``: ``<link rel="alternate">`` for the page's iCal
  and Atom feeds (with the calendar's current filters).
- ``{% subscribe_box page %}``: the "Kalender abonnieren" control.
- ``{% add_to_calendar event [occurrence] %}``: "In meinen Kalender eintragen" for one date:
  .ics download, Google, Outlook.com and Microsoft 365 links (default: the next date).
- ``{% date_calendar_links occurrence as links %}``: the same links for a date in a list;
  ``{% date_ics_url occurrence as url %}`` only its ``.ics`` address (for listings).
"""

import datetime as dt

from django import template
from django.utils.html import format_html_join

from .. import links
from ..events import feeds
from ..events.event_listing import FILTER_PARAMETERS
from ..links import absolute_url
from ..models.events import EventCalendarPage
from ..models.mixins import CalendarFeedMixin

register = template.Library()

COPY_SCRIPT_FLAG = "_ehrenamt_copy_script"


def _feed_page(context, page):
    page = page if page is not None else context.get("page")
    page = getattr(page, "specific", page)
    if isinstance(page, CalendarFeedMixin):
        return page
    return None


def _filter_params(context, page, request):
    """The calendar's current valid filters (only calendars take filter parameters).

    Other parameters of the page's address (``page``, a range's ``from`` and ``to``, a
    newsletter's ``utm_source``) are left out: a feed refuses what it does not know.
    """
    if request is None or not isinstance(page, EventCalendarPage):
        return None
    refused = context.get("filter_errors") or {}
    params = request.GET.copy()
    for name in list(params):
        if name not in FILTER_PARAMETERS or name in refused:
            del params[name]
    return params


@register.simple_tag(takes_context=True)
def feed_head_links(context, page=None):
    """`<link rel="alternate">` tags announcing a page's iCal and Atom feeds (for <head>)."""
    page = _feed_page(context, page)
    request = context.get("request")
    if page is None:
        return ""
    params = _filter_params(context, page, request)
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
    params = _filter_params(context, page, request)
    https_url = page.get_feed_url("ics", request, params)
    if not https_url:
        return result
    title = page.get_feed_title(request, params)
    # The copy button's script, once per page.
    copy_script = request is None or not getattr(request, COPY_SCRIPT_FLAG, False)
    if request is not None:
        setattr(request, COPY_SCRIPT_FLAG, True)
    result.update(
        copy_script=copy_script,
        feed_title=title,
        https_url=https_url,
        webcal_url=feeds.webcal_url(https_url),
        google_url=feeds.google_subscribe_url(https_url),
        outlook_url=feeds.outlook_subscribe_url(https_url, title),
        atom_url=page.get_feed_url("atom", request, params),
        filtered=bool(params and links.normalise_params(params)),
    )
    return result


def occurrence_ics_url(event, occurrence, request=None):
    """The address of the ``.ics`` download of one date of ``event``.

    A single event: its own ``ical/`` download. A date of a series: ``ical/<YYYY-MM-DD>/``
    with the date in the series (before any move), which is what its RECURRENCE-ID names.
    """
    if occurrence is None or not event.rrule or occurrence.original_start is None:
        return event.get_feed_url("ics", request)
    base = absolute_url(event, request)
    if base is None:
        return None
    day = occurrence.original_start
    day = day.date() if isinstance(day, dt.datetime) else day
    return base + event.reverse_subpage("feed_ics_date", args=(day.isoformat(),))


def _date_links(event, occurrence, request):
    return {
        "ics_url": occurrence_ics_url(event, occurrence, request),
        "google_url": feeds.google_event_url(event, request, occurrence),
        "outlook_url": feeds.outlook_event_url(event, request, occurrence),
        "office_url": feeds.outlook_event_url(event, request, occurrence, host="office"),
    }


def _can_be_added(event, occurrence):
    """A cancelled date, or a date of a cancelled or postponed event, is not offered."""
    if occurrence is not None and occurrence.is_cancelled:
        return False
    return event.status not in ("cancelled", "postponed")


@register.inclusion_tag("wagtail_ehrenamt/includes/add_to_calendar.html", takes_context=True)
def add_to_calendar(context, event=None, occurrence=None):
    """“In meinen Kalender eintragen” for one date of an event: ``.ics`` download, Google,
    Outlook.com and Microsoft 365. ``occurrence``: that date (default: the next one).
    Nothing for a cancelled date or a cancelled or postponed event."""
    event = _feed_page(context, event)
    request = context.get("request")
    if event is None or not event.is_single_event_feed:
        return {"event": None}
    is_next = occurrence is None
    if occurrence is None:
        upcoming = context.get("occurrences") if context.get("page") == event else None
        if upcoming is None:
            upcoming = event.next_occurrences(count=12)
        occurrence = next((o for o in upcoming if not o.is_cancelled), None)
    if occurrence is None or not _can_be_added(event, occurrence):
        return {"event": None}
    return {
        "event": event,
        "occurrence": occurrence,
        "is_next": is_next,
        "recurring": bool(event.rrule),
        **_date_links(event, occurrence, request),
    }


@register.simple_tag(takes_context=True)
def date_calendar_links(context, occurrence):
    """``{% date_calendar_links occurrence as links %}``: ``links.ics_url``,
    ``google_url``, ``outlook_url``, ``office_url`` for one date; None for a date that
    cannot be added (cancelled, or the event is cancelled or postponed)."""
    event = getattr(occurrence, "event", None)
    if event is None or not _can_be_added(event, occurrence):
        return None
    return _date_links(event, occurrence, context.get("request"))


@register.simple_tag(takes_context=True)
def date_ics_url(context, occurrence):
    """``{% date_ics_url occurrence as url %}``: only the ``.ics`` address of one date, for
    listings ("" where :func:`date_calendar_links` gives None)."""
    event = getattr(occurrence, "event", None)
    if event is None or not _can_be_added(event, occurrence):
        return ""
    return occurrence_ics_url(event, occurrence, context.get("request")) or ""
