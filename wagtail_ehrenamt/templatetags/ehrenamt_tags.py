"""General template tags of wagtail_ehrenamt: `{% load ehrenamt_tags %}`."""

import base64
import datetime as dt
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext, pgettext

from .. import languages
from ..conf import get_time_zone, localtime
from ..json_ld import json_ld_text
from ..models import CoordinationOfficeIndexPage
from ..visibility import visible_pages

register = template.Library()

EMAIL_SCRIPT_FLAG = "_ehrenamt_email_script"


# Django's ``date``/``time`` filters are marked ``expects_localtime``: the template engine
# converts aware datetimes to Django's current time zone before calling them. These two are
# not, so event times are shown in the package's time zone, as editors entered them.
@register.filter
def ehrenamt_date(value, arg=None):
    """Django's ``date`` filter in ``WAGTAIL_EHRENAMT["TIME_ZONE"]``, whatever Django's
    ``TIME_ZONE`` or the current time zone is: ``{{ occurrence.start|ehrenamt_date:"c" }}``.

    The package's templates write formats the German way (``"D, j. F Y, H:i"``); in other
    languages they are adapted (see ``locale_format``)."""
    return _formatted(date_filter, value, arg)


@register.filter
def ehrenamt_time(value, arg=None):
    """Django's ``time`` filter in ``WAGTAIL_EHRENAMT["TIME_ZONE"]`` (see ``ehrenamt_date``)."""
    return _formatted(time_filter, value, arg)


def _formatted(filter_function, value, arg):
    # A month view formats the same few days and times hundreds of times. The result
    # depends only on the value (equal instants give equal wall-clock times in the
    # package's zone), the format, the language and that zone. Named formats
    # (``SHORT_DATE_FORMAT``) and naive datetimes (their "T" or "O" is Django's zone)
    # follow the settings and are not kept.
    naive = isinstance(value, dt.datetime) and value.tzinfo is None
    if naive or not isinstance(value, dt.date) or not arg or arg.isupper():
        return filter_function(localtime(value), locale_format(arg))
    language = translation.get_language()
    return _formatted_cached(filter_function, value, arg, language, get_time_zone().key)


@lru_cache(maxsize=4096)
def _formatted_cached(filter_function, value, arg, language, zone):
    return filter_function(localtime(value), locale_format(arg))


def locale_format(arg):
    """A German date format of the package's templates for the active language.

    German (and named formats like ``SHORT_DATE_FORMAT``) stay as they are. Elsewhere the day
    loses its ordinal dot and the comma after the weekday ("Tue 1 December 2026, 18:00"), and
    a month after a day number takes the form used in dates (``E``: Ukrainian "1 грудня",
    Arabic month names come from Django's own translations)."""
    if not arg or arg.isupper():
        return arg
    language = (translation.get_language() or "de").split("-")[0]
    if language == "de":
        return arg
    if arg == "d.m.":
        return "j E"
    result = arg.replace("D, j. ", "D j ").replace("l, j. ", "l j ").replace("j. ", "j ")
    result = result.replace("j F", "j E")
    if translation.get_language_bidi():
        result = result.replace(", ", "، ")  # the Arabic comma (Arabic, Farsi, Urdu)
    return result


@register.simple_tag
def ehrenamt_oclock():
    """The word after a time of day in German ("18:00 Uhr"); other languages have none
    (English "18:00", not "18:00 o'clock"). German only: languages without their own
    catalogue fall back to German strings in Django, so a translation test would not do."""
    if (translation.get_language() or "").split("-")[0] != "de":
        return ""
    return format_html("&nbsp;{}", gettext("o’clock"))


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


# Tags, not filters: a filter's argument must exist, and a block or an include may be
# rendered without a page in its context (then the snippet is shown as it is).
@register.simple_tag(takes_context=True)
def localized(context, obj):
    """``{% localized event.location as place %}``: a snippet in the language of the text of
    the context's page (see ``languages.localized``)."""
    return languages.localized(obj, context.get("page"))


@register.simple_tag(takes_context=True)
def localized_all(context, objects):
    """``{% localized_all page.topics.all as topics %}``: ``localized`` for each."""
    return languages.localized_all(objects or (), context.get("page"))


@register.simple_tag(takes_context=True)
def lang_of(context, obj):
    """`` lang="de" dir="ltr"`` for an element showing ``obj``'s text when that is in another
    language than the page's (a snippet not translated yet); nothing otherwise."""
    code = languages.snippet_language(obj, context.get("page"))
    if not code:
        return ""
    direction = "rtl" if get_language_info(code).get("bidi") else "ltr"
    return format_html(' lang="{}" dir="{}"', code, direction)


@register.simple_tag(takes_context=True)
def localized_contacts(context, contacts):
    """``{% localized_contacts office.public_contacts as contacts %}``: (contact, role) pairs
    with the contact, and the role it brings when the office gives none, in the page's
    language."""
    page = context.get("page")
    pairs = []
    for contact, role in contacts or ():
        translated = languages.localized(contact, page)
        pairs.append((translated, translated.role if role == contact.role else role))
    return pairs


@register.simple_tag(takes_context=True)
def ehrenamt_translations(context, page=None, translated_only=False):
    """The live translations of ``page`` (default: the context's page) for a language switch
    and ``hreflang`` alternates; empty when there is only one. See ``languages.page_translations``.
    ``translated_only``: without aliases that show another language's text (``hreflang``
    alternates name the language of the text).
    """
    page = page if page is not None else context.get("page")
    request = context.get("request")
    # The switch and the alternates of one page share one query (kept on the request).
    cache = vars(request).setdefault("_ehrenamt_translations", {}) if request is not None else {}
    key = getattr(page, "pk", None)
    if key not in cache:
        cache[key] = languages.page_translations(page, request)
    entries = cache[key]
    if translated_only:
        entries = [entry for entry in entries if entry["translated"]]
        return entries if len(entries) > 1 else []
    return entries


@register.simple_tag(takes_context=True)
def ehrenamt_untranslated_note(context, page=None):
    """A short note in the visitor's language on a page whose text is not translated yet."""
    page = page if page is not None else context.get("page")
    visitor = languages.untranslated_note_language(page, context.get("request"))
    if not visitor:
        return ""
    shown = languages.content_language(page)
    with translation.override(visitor):
        text = gettext(
            "This page has not been translated into your language yet. It is shown in %(language)s."
        ) % {"language": str(get_language_info(shown)["name_translated"])}
    return format_html(
        '<p class="ehrenamt-untranslated-note" lang="{}" dir="{}">{}</p>',
        visitor,
        "rtl" if get_language_info(visitor).get("bidi") else "ltr",
        text,
    )
