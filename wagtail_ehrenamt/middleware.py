"""Middleware of the package (opt-in: add it to ``MIDDLEWARE``).

``CachedFeedMiddleware`` answers a request for a calendar feed whose rendering is in the
cache before Wagtail's routing: no database query, about the cost of the least Django view.

``DatabaseOutageMiddleware`` answers a request that failed because the database is
unreachable (``OperationalError``, ``InterfaceError``) with ``503 Service Unavailable``,
``Retry-After`` and a plain page rendered without the database, instead of a 500 from the
site's error template (which may itself need the database for menus and the site name).
A calendar feed whose rendering is still in the cache is served from there (``200``).
"""

import logging
import re

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .conf import get_setting
from .events import feed_cache
from .events.feed_views import cached_response

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exception):
    """True if ``exception`` or one it was raised from is a database connection error."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def service_unavailable(request):
    """The plain 503 page: no context processors, no database."""
    retry_after = get_setting("OUTAGE_RETRY_AFTER")
    html = render_to_string(
        "wagtail_ehrenamt/service_unavailable.html",
        {
            "title": _("Temporarily unavailable"),
            "message": _(
                "This website cannot reach its database at the moment. "
                "Please try again in a few minutes."
            ),
        },
    )
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """503 with ``Retry-After`` on database outages; cached feeds are still served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None

        response, _key = cached_public_feed(request)
        if response is not None:
            logger.warning("Database unavailable; serving %s from the cache", request.path)
            return response
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        return service_unavailable(request)


def cached_public_feed(request):
    """``(response, key)``: the answer to ``request`` from a cached feed rendered for a
    visitor without session (or None), and the cache key looked for (None if there is none)."""
    if request.method not in ("GET", "HEAD"):
        return None, None
    try:
        key = feed_cache.request_key(request)
    except DisallowedHost:  # Django answers it as usual
        return None, None
    try:
        response, _version = cached_response(request, key, public_only=True)
    except Exception as error:  # the cache is down too: answer without it
        logger.warning("Reading a cached feed failed: %s", error)
        response = None
    return response, key


# The feed routes of CalendarFeedMixin and EventPage: ical/, atom/, ical/<YYYY-MM-DD>/.
FEED_PATH = re.compile(r"/(?:ical/(?:\d{4}-\d{2}-\d{2}/)?|atom/)\Z")


class CachedFeedMiddleware:
    """Serve a cached calendar feed before Wagtail's routing.

    Only feeds rendered for a visitor without a session are served this way: they passed
    every view restriction without one. Publishing, restricting or moving a page changes the
    feeds version, so the entry is no longer found. On a miss the request goes on as usual and
    the feed view also stores its rendering under the key looked for here. Put it after
    ``LocaleMiddleware``: the key holds the language active then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if FEED_PATH.search(request.path):
            response, key = cached_public_feed(request)
            if response is not None:
                return response
            if key is not None:
                setattr(request, feed_cache.EARLY_KEY_ATTRIBUTE, key)
        return self.get_response(request)
