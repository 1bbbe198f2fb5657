"""Event template tags: `{% load ehrenamt_events %}`."""

from django import template

from ..events.event_listing import filter_event_queryset, upcoming_occurrences
from ..models import EventPage
from ..visibility import visible_pages

register = template.Library()


def upcoming_for(organiser=None, calendar=None, limit=5, filters=None):
    """(occurrences, errors): the next dates of visible events (live, no view restriction;
    see :mod:`wagtail_ehrenamt.visibility`), optionally of one organiser
    page (a network includes its teams and platforms) or one calendar, with the public
    filters of the calendar (see :mod:`wagtail_ehrenamt.events.event_listing`)."""
    events = visible_pages(EventPage.objects.all())
    if organiser is not None:
        events = events.filter(organiser_page__path__startswith=organiser.path)
    if calendar is not None:
        events = events.descendant_of(calendar)
    events, errors = filter_event_queryset(events, filters or {})
    try:
        limit = max(1, min(int(limit), 50))
    except (TypeError, ValueError):
        limit = 5
    return upcoming_occurrences(events, limit=limit), errors


@register.inclusion_tag("wagtail_ehrenamt/includes/upcoming_events.html", takes_context=True)
def upcoming_events(
    context,
    organiser=None,
    calendar=None,
    limit=5,
    heading=None,
    show_heading=True,
    note="",
    **filters,
):
    """The next dates of events, optionally of one organiser page or calendar.

    ``{% upcoming_events organiser=page limit=3 %}``; further keyword arguments are the
    calendar filters, e.g. ``topic="sprache" audience="volunteers" type="training"``.
    Unknown filter values are left out. ``show_heading=False`` leaves out the list's own
    heading, for pages that give the section a heading of their own. ``note`` is shown
    instead of "No upcoming dates." when there are none (e.g. "Next meeting in spring").
    """
    occurrences, _errors = upcoming_for(organiser, calendar, limit, filters)
    calendar_page = calendar
    if calendar_page is None and occurrences:
        calendar_page = occurrences[0].event.get_parent()
    anchor = organiser or calendar_page
    return {
        "section_id": f"upcoming-{anchor.pk if anchor is not None else 'all'}",
        "occurrences": occurrences,
        "organiser": organiser,
        "calendar": calendar_page,
        "heading": heading,
        "show_heading": show_heading,
        "note": note,
        "request": context.get("request"),
    }
