"""General template tags of wagtail_ehrenamt: `{% load ehrenamt_tags %}`."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def protected_email(address, label=""):
    """An e-mail address that harvesters cannot read but people (and screen readers) can.

    Interim implementation; see the directory feature for the protected version.
    """
    if not address:
        return ""
    return format_html('<a href="mailto:{}">{}</a>', address, label or address)
