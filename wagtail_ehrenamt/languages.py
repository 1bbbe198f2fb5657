"""Languages of pages: the interface follows the page, its translations, untranslated content.

* ``activate_page_language`` (a ``before_serve_page`` hook) switches Django's language to the
  language of the page's locale, whatever the browser asks for: a German page gets a German
  interface, its English translation an English one.
* ``page_translations`` lists the live translations of a page for the language switcher and the
  ``hreflang`` alternates, each named in its own language and script.
* ``content_language`` is the language the page's text is written in. A page in another
  locale that is only an alias of the German page (what wagtail-localize and Wagtail's
  simple translation create for pages not translated yet) shows German text: it is served
  in German (``lang="de"``, German interface around the German text, so nothing is read
  with the wrong voice) with a short note in the visitor's language.

Works with plain Wagtail i18n (``WAGTAIL_I18N_ENABLED``) and with wagtail-localize; on a
site with one language every page is in the default locale and nothing changes but the
interface no longer following the browser.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info, get_supported_language_variant

from .links import absolute_url

VISITOR_LANGUAGE_ATTRIBUTE = "ehrenamt_visitor_language"


def supported_language(code):
    """``code`` as one of settings.LANGUAGES (``de-at`` → ``de``), or None."""
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def page_language(page):
    """The interface language of ``page``: its locale's language, if the site offers it."""
    locale = getattr(page, "locale", None)
    return supported_language(locale.language_code) if locale is not None else None


def activate_page_language(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: the interface speaks the language of the page's text.

    The language the visitor chose (the page's locale, else the URL prefix) is kept on the
    request for the note on untranslated content.
    """
    setattr(request, VISITOR_LANGUAGE_ATTRIBUTE, page_language(page) or translation.get_language())
    language = content_language(page)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def native_name(code):
    """``Deutsch``, ``English``, ``Українська``, ``العربية``: the language in its own words."""
    names = dict(settings.LANGUAGES)
    try:
        info = get_language_info(code)
    except KeyError:
        return names.get(code, code)
    # The site's own spelling wins if it is given in the language itself.
    return info["name_local"] if names.get(code) in (None, info["name"]) else names[code]


def content_page(page):
    """The page whose text ``page`` shows: the source of an alias, else the page itself."""
    source = getattr(page, "alias_of", None) if getattr(page, "alias_of_id", None) else None
    return source or page


def content_language(page):
    """Language code of the text shown on ``page`` (see module docstring)."""
    return page_language(content_page(page)) or translation.get_language()


def page_translations(page, request=None):
    """Live, public translations of ``page`` (itself included) in the order of LANGUAGES.

    A list of dicts: ``code``, ``name`` (native), ``url``, ``absolute_url``, ``current``,
    ``bidi``, ``translated`` (False for an alias showing another language's text).
    """
    from .visibility import visible_pages

    if page is None or not getattr(page, "pk", None):
        return []
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    candidates = visible_pages(
        page.get_translations(inclusive=True).select_related("locale", "alias_of__locale")
    )
    entries = []
    for candidate in candidates:
        code = supported_language(candidate.locale.language_code)
        url = candidate.get_url(request)
        if code is None or url is None:
            continue
        source = candidate.alias_of if candidate.alias_of_id else None
        entries.append(
            {
                "code": code,
                "name": native_name(code),
                "url": url,
                "absolute_url": absolute_url(candidate, request),
                "current": candidate.pk == page.pk,
                "bidi": get_language_info(code).get("bidi", False),
                "translated": source is None or source.locale_id == candidate.locale_id,
            }
        )
    entries.sort(key=lambda entry: order.get(entry["code"], len(order)))
    return entries if len(entries) > 1 else []


def untranslated_note_language(page, request):
    """The visitor's language if ``page`` shows text in another language, else None."""
    if page is None:
        return None
    visitor = supported_language(
        getattr(request, VISITOR_LANGUAGE_ATTRIBUTE, None) or page_language(page) or ""
    )
    if visitor and visitor != content_language(page):
        return visitor
    return None
