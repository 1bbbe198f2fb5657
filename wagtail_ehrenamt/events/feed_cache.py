"""Rendered feeds in Django's cache, found without a database query.

A rendered feed is stored under a key made of the request (scheme, host, path, normalised
filters, language), today's date and the feed settings, together with the **feeds version**
it was rendered for: a number kept in the cache itself. Publishing, unpublishing, moving or
deleting a page and saving a place, organisation, site or view restriction increments that
number (:func:`bump`, connected in ``signals.py``), so every app server sharing the cache stops
using the old renderings at once. The entry and the current version are read in one round
trip (:func:`lookup`). Reading a cached feed therefore needs no database: with the feed cached,
the database may even be down (see :mod:`wagtail_ehrenamt.middleware`).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .. import links
from ..conf import DEFAULTS, get_setting, today

FEED_CACHE_PREFIX = "wagtail_ehrenamt:feed"
VERSION_KEY = "wagtail_ehrenamt:feeds-changed"
CHANGED_AT_KEY = VERSION_KEY + ":at"
# Set on the request by CachedFeedMiddleware: the key it looked for before routing.
EARLY_KEY_ATTRIBUTE = "_ehrenamt_feed_key"


def cache_key(*parts):
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return f"{FEED_CACHE_PREFIX}:{digest}"


def _fresh_version():
    # Microseconds since the epoch: a version that was evicted from the cache starts again
    # above every number handed out before, so no old rendering is ever reused.
    return time.time_ns() // 1000


def feeds_version():
    """The current feeds version (created on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), None)
        version = cache.get(VERSION_KEY)
    return version or 0


def bump():
    """Mark every feed as changed, atomically where the cache backend's ``incr`` is."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (yet, or any more)
        if not cache.add(VERSION_KEY, _fresh_version(), None):
            cache.incr(VERSION_KEY)
    cache.set(CHANGED_AT_KEY, int(time.time()), None)


def mark_changed():
    """Bump now, and once more when the transaction commits: a server that rendered from the
    old rows in between stored its rendering under a version that is then no longer current."""
    bump()
    transaction.on_commit(bump)


def changed_at():
    """Unix time of the last change (now, if the cache forgot it: never too old)."""
    return cache.get(CHANGED_AT_KEY) or int(time.time())


def feed_settings():
    return tuple(get_setting(name) for name in sorted(DEFAULTS) if name.startswith("FEED_")) + (
        get_setting("TIME_ZONE") or settings.TIME_ZONE,
    )


def request_key(request, day=None):
    """The cache key of the feed ``request`` asks for; needs no database."""
    day = day or today()
    return cache_key(
        "feed-v3",
        request.scheme,
        request.get_host(),
        request.path,
        links.normalise_params(request.GET),
        get_language(),
        day.isoformat(),
        *feed_settings(),
    )


META_SUFFIX = ":meta"


def lookup(key, body=True):
    """``(entry, version)``: the entry under ``key`` if it was rendered for the current feeds
    version (else ``None``), and that version; one round trip to the cache when both exist.

    ``body=False`` reads only the small part (ETag, dates, headers), enough to answer a
    client whose copy is current (304) without reading the feed itself."""
    keys = [VERSION_KEY, key + META_SUFFIX] + ([key] if body else [])
    found = cache.get_many(keys)
    version = found.get(VERSION_KEY)
    if version is None:
        return None, feeds_version()
    entry = found.get(key + META_SUFFIX)
    if not isinstance(entry, dict) or entry.get("version") != version:
        return None, version
    if not body:
        return entry, version
    stored = found.get(key)  # (version, bytes): never the body of another rendering
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != version:
        return None, version
    return {**entry, "body": stored[1]}, version


def store(keys, entry, timeout):
    """Store ``entry`` (with its ``body`` and ``version``) under each of ``keys``."""
    meta = {name: value for name, value in entry.items() if name != "body"}
    items = {}
    for key in keys:
        items[key + META_SUFFIX] = meta
        items[key] = (entry["version"], entry["body"])
    cache.set_many(items, timeout)


def etag_for(key, version):
    return '"' + hashlib.sha256(f"{key}:{version}".encode()).hexdigest()[:32] + '"'


def is_public_request(request):
    """A request without a session: what it was served, any visitor may be served."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES
