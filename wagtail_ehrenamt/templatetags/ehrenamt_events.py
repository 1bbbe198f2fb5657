"""Event template tags: `{% load ehrenamt_events %}`."""

from django import template

register = template.Library()


@register.inclusion_tag("wagtail_ehrenamt/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, organiser=None, calendar=None, limit=5, **filters):
    """The next dates of events, optionally of one organiser page or calendar.

    Interim implementation; the event calendar feature fills it.
    """
    return {"occurrences": [], "organiser": organiser, "request": context.get("request")}
