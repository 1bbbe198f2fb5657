"""Feed template tags: `{% load ehrenamt_feeds %}`."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_head_links(context, page=None):
    """`<link rel="alternate">` tags announcing a page's iCal and Atom feeds (for <head>).

    Interim implementation; the feeds feature fills it.
    """
    return ""


@register.inclusion_tag("wagtail_ehrenamt/includes/subscribe.html", takes_context=True)
def subscribe_box(context, page=None):
    """The "subscribe to this calendar" control for a page with a feed."""
    return {"feed_page": page, "request": context.get("request")}
