"""Rendered calendar listings in Django's cache, kept current like the cached feeds.

The upcoming, archive, month and range views of a calendar spend their time on the dates
(reading, counting and rendering them), and a large calendar has many. Their list part (the
filters, the dates and the page links: everything the view computes) is rendered once and
stored under a key made of

- the request: scheme, host, path, and the values of the parameters the views read
  (filters, ``page``, ``from``, ``to``; any other parameter changes nothing and is left out),
- the language, the day (``today()`` in the package's time zone), the package's settings and
  version,
- the **feeds version** of :mod:`wagtail_ehrenamt.events.feed_cache`, which every publication,
  unpublication, move or deletion of a page and every change of a place, organisation,
  topic, site or view restriction increments, on every server sharing the cache.

So a listing is never older than the last change that could alter it, and what it shows does
not depend on the visitor (:mod:`wagtail_ehrenamt.visibility`), so all visitors share it.
Only listings without errors are stored: a key always names content that exists.
``LISTING_CACHE_TIMEOUT`` (seconds, ``0`` switches caching off) bounds the life of an entry.
The page around the list (title, introduction, subscribe box, the site's own template) is
rendered on each request as before.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .. import __version__
from ..conf import DEFAULTS, get_setting, today
from . import feed_cache
from .event_listing import FILTER_PARAMETERS

#: The query parameters the calendar views read; the rest do not change a listing.
LISTING_PARAMETERS = (*FILTER_PARAMETERS, "page", "from", "to")


def timeout():
    return get_setting("LISTING_CACHE_TIMEOUT") or 0


def _package_settings():
    return tuple((name, str(get_setting(name))) for name in sorted(DEFAULTS)) + (
        settings.TIME_ZONE,
    )


def request_key(request, page, view):
    """The cache key of ``view`` of calendar ``page`` for ``request``, or None when listings
    are not cached (switched off, or a preview of a draft)."""
    if not timeout() or getattr(request, "is_preview", False):
        return None
    try:
        version = feed_cache.feeds_version()
    except Exception:  # the cache is down: render as without it
        return None
    params = tuple(
        (name, tuple(request.GET.getlist(name)))
        for name in LISTING_PARAMETERS
        if name in request.GET
    )
    parts = (
        __version__,
        request.scheme,
        request.get_host(),
        request.path,
        page.pk,
        view,
        params,
        get_language(),
        version,
        today().isoformat(),
        _package_settings(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"ehrenamt-listing-v1:{digest}"


def get(key):
    """The stored entry (a dict with ``html`` and ``context``), or None."""
    if key is None:
        return None
    try:
        entry = cache.get(key)
    except Exception:  # a cache that is down costs the rendering, not the page
        return None
    return entry if isinstance(entry, dict) else None


def store(key, html, context):
    """Keep the rendered list part and the little context the page around it needs."""
    if key is None:
        return
    try:
        cache.set(key, {"html": str(html), "context": context}, timeout())
    except Exception:
        pass
