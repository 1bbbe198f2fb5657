"""General template tags of wagtail_ehrenamt: `{% load ehrenamt_tags %}`."""

import base64

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from ..conf import localtime
from ..json_ld import json_ld_text
from ..visibility import visible_pages

register = template.Library()

EMAIL_SCRIPT_FLAG = "_ehrenamt_email_script"


# Django's ``date``/``time`` filters are marked ``expects_localtime``: the template engine
# converts aware datetimes to Django's current time zone before calling them. These two are
# not, so event times are shown in the package's time zone, as editors entered them.
@register.filter
def ehrenamt_date(value, arg=None):
    """Django's ``date`` filter in ``WAGTAIL_EHRENAMT["TIME_ZONE"]``, whatever Django's
    ``TIME_ZONE`` or the current time zone is: ``{{ occurrence.start|ehrenamt_date:"c" }}``."""
    return date_filter(localtime(value), arg)


@register.filter
def ehrenamt_time(value, arg=None):
    """Django's ``time`` filter in ``WAGTAIL_EHRENAMT["TIME_ZONE"]`` (see ``ehrenamt_date``)."""
    return time_filter(localtime(value), arg)


def encode_email(address):
    """The address reversed and base64-encoded: no ``@``, no readable name or domain.

    ``static/wagtail_ehrenamt/js/email.js`` decodes it into a mailto link."""
    return base64.b64encode(address[::-1].encode("utf-8")).decode("ascii")


def email_fallback(address):
    """Readable without JavaScript: ``name [at] domain [dot] de`` on screen, read out by
    screen readers as "name at domain dot de"."""
    local, _sep, domain = address.partition("@")
    spoken_at = pgettext("e-mail address, spoken", "at")
    spoken_dot = pgettext("e-mail address, spoken", "dot")

    def word(visible, spoken):
        return format_html(
            '<span aria-hidden="true"> [{}] </span><span class="visually-hidden"> {} </span>',
            visible,
            spoken,
        )

    domain_parts = domain.split(".")
    domain_html = format_html_join(
        word("dot", spoken_dot), "{}", ((part,) for part in domain_parts)
    )
    return format_html("{}{}{}", local, word("at", spoken_at), domain_html)


@register.simple_tag(takes_context=True)
def protected_email(context, address, label=""):
    """An e-mail address that harvesters cannot read but people (and screen readers) can.

    The HTML holds only an encoded form plus a readable fallback ("name [at] domain [dot] de");
    a small script turns it into a normal mailto link. ``label`` is the link text once
    decoded (ignored if it contains an ``@``, so it cannot leak the address).
    """
    if not address:
        return ""
    address = str(address).strip()
    if "@" in str(label):
        label = ""
    html = format_html(
        '<span class="ehrenamt-email" data-ehrenamt-email="{}"{}>'
        '<span class="ehrenamt-email__fallback">{}</span></span>',
        encode_email(address),
        format_html(' data-label="{}"', label) if label else "",
        email_fallback(address),
    )
    request = context.get("request")
    if request is None or not getattr(request, EMAIL_SCRIPT_FLAG, False):
        if request is not None:
            setattr(request, EMAIL_SCRIPT_FLAG, True)
        html += format_html(
            '<script src="{}" defer></script>', static("wagtail_ehrenamt/js/email.js")
        )
    return html


@register.simple_tag
def json_ld(data):
    """``<script type="application/ld+json">`` with ``data`` (a dict or prepared JSON text)."""
    text = data if isinstance(data, str) else json_ld_text(data)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def contact_vcard_url(context, contact):
    """URL of a contact's vCard (route of the first live directory page), or ""."""
    from ..models import CoordinationOfficeIndexPage

    if contact is None or not getattr(contact, "pk", None):
        return ""
    request = context.get("request")
    cache_key = "_ehrenamt_directory"
    cached = getattr(request, cache_key, None) if request is not None else None
    if cached is None:
        directory = visible_pages(CoordinationOfficeIndexPage.objects.all()).first()
        cached = (directory, (directory.get_url(request) or "") if directory else "")
        if request is not None:
            setattr(request, cache_key, cached)
    directory, base = cached
    if not base:
        return ""
    return base + directory.reverse_subpage("vcard", args=[contact.pk])
