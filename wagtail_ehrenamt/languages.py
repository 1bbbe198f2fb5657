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

The hook runs before every page view, a cached feed's included: it reads the language code of
the page's locale from Django's cache (``locale_language_code``), not from the database. Saving
or deleting a locale deletes that entry (``signals.py``).

Works with plain Wagtail i18n (``WAGTAIL_I18N_ENABLED``) and with wagtail-localize; on a
site with one language every page is in the default locale and nothing changes but the
interface no longer following the browser.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import get_language_info, get_supported_language_variant
from wagtail.models import Locale

from .links import absolute_url
from .visibility import visible_pages

VISITOR_LANGUAGE_ATTRIBUTE = "ehrenamt_visitor_language"


def supported_language(code):
    """``code`` as one of settings.LANGUAGES (``de-at`` → ``de``), or None."""
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


LOCALE_LANGUAGE_KEY = "wagtail_ehrenamt:locale-language:{}"
LOCALE_LANGUAGE_TIMEOUT = 24 * 3600


def locale_language_code(page):
    """The language code of ``page``'s locale, or None.

    From Django's cache unless the page has its locale loaded already: the routing of a
    request loads pages, not their locales, and a cached feed needs no further query.
    """
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None or "locale" in page._state.fields_cache:
        locale = getattr(page, "locale", None)
        return locale.language_code if locale is not None else None
    key = LOCALE_LANGUAGE_KEY.format(locale_id)
    try:
        code = cache.get(key)
    except Exception:  # the cache is down: the database answers
        code = None
    if code is None:
        code = page.locale.language_code
        try:
            cache.set(key, code, LOCALE_LANGUAGE_TIMEOUT)
        except Exception:
            pass
    return code


def forget_locale_language(locale_id):
    """The locale was saved or deleted (signals.py): read its language code anew."""
    try:
        cache.delete(LOCALE_LANGUAGE_KEY.format(locale_id))
    except Exception:
        pass


def page_language(page):
    """The interface language of ``page``: its locale's language, if the site offers it."""
    code = locale_language_code(page)
    return supported_language(code) if code is not None else None


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


SNIPPET_TRANSLATIONS_ATTRIBUTE = "_ehrenamt_snippet_translations"


def localized(obj, page):
    """``obj`` as shown on ``page``: its live translation in the language of the page's text.

    Snippets (places, contact persons, organisations, municipalities, library entries) are
    translated once and shown in every page of that language; a page points at the German
    snippet (an inline row or a block is not remapped by wagtail-localize), so the page swaps it
    here. Topics give their name in that language (``Topic.names``). Without a translation,
    ``obj`` is returned as it is.

    One query per model and page, whatever the number of snippets shown: the page's locale's
    live translations are read once and kept on the page object (a fresh one each request).
    Nothing is read for a snippet already in the page's locale, so a one-language site pays
    nothing.
    """
    if obj is None or page is None:
        return obj
    locale_id = getattr(content_page(page), "locale_id", None)
    if locale_id is None:
        return obj
    model = obj._meta.concrete_model
    memo = vars(page).setdefault(SNIPPET_TRANSLATIONS_ATTRIBUTE, {})
    localize = getattr(model, "localized_copies", None)
    if localize is not None:
        # A model with its own way (Topic: a name per language, the tag stays one).
        if model not in memo:
            memo[model] = localize(content_language(page))
        return memo[model](obj)
    translation_key = getattr(obj, "translation_key", None)
    if translation_key is None or getattr(obj, "locale_id", locale_id) == locale_id:
        return obj
    if model not in memo:
        # With what a snippet shows of its own relations (a place's municipality, a
        # library entry's file), so swapping adds no query per snippet.
        relations = [field.name for field in model._meta.concrete_fields if field.many_to_one]
        translations = model._default_manager.filter(locale_id=locale_id).select_related(*relations)
        if any(field.name == "live" for field in model._meta.concrete_fields):
            translations = translations.filter(live=True)
        memo[model] = {item.translation_key: item for item in translations}
    translation = memo[model].get(translation_key, obj)
    prefetched = getattr(obj, "_prefetched_objects_cache", None)
    if (
        prefetched
        and translation is not obj
        and not vars(translation).get("_prefetched_objects_cache")
    ):
        # Tags are synchronised, not translated: the source's prefetched topics hold.
        translation._prefetched_objects_cache = prefetched
    return translation


def localized_all(objects, page):
    """``localized`` for each of ``objects`` (a list, in the same order)."""
    return [localized(obj, page) for obj in objects]


def snippet_language(obj, page):
    """The language of ``obj``'s text where it differs from that of ``page``'s text, else
    None: its text is marked with ``lang``. ``obj``: a snippet not translated yet (shown as
    entered) or a page listed on ``page`` that is an alias of a page in another language."""
    if obj is None or page is None:
        return None
    locale_id = getattr(content_page(obj), "locale_id", None)
    target = getattr(content_page(page), "locale_id", None)
    if locale_id is None or target is None or locale_id == target:
        return None
    memo = vars(page).setdefault(SNIPPET_TRANSLATIONS_ATTRIBUTE, {})
    if "locale_codes" not in memo:
        memo["locale_codes"] = dict(Locale.objects.values_list("pk", "language_code"))
    code = memo["locale_codes"].get(locale_id)
    return supported_language(code) if code else None


def one_per_slug(rows, language):
    """(slug, name) choices from ``rows`` of (slug, name, language code) in the order of the
    names: translations share a slug, so each appears once, named in ``language`` where it has
    a name in it, and placed where that name sorts."""
    chosen = {}
    for position, (slug, name, code) in enumerate(rows):
        if slug not in chosen or code == language:
            chosen[slug] = (position, name)
    return [(slug, name) for slug, (_position, name) in sorted(chosen.items(), key=lambda i: i[1])]
