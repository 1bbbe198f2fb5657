"""Middleware of the package (opt-in: add it to ``MIDDLEWARE``).

``DatabaseOutageMiddleware`` answers a request that failed because the database is
unreachable (``OperationalError``, ``InterfaceError``) with ``503 Service Unavailable``,
``Retry-After`` and a plain page rendered without the database, instead of a 500 from the
site's error template (which may itself need the database for menus and the site name).
A calendar feed whose rendering is still in the cache is served from there (``200``).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .conf import get_setting
from .events import feed_cache
from .events.feed_views import feed_response

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

        entry = feed_cache.cached_public_feed(request)
        if entry is not None:
            logger.warning("Database unavailable; serving %s from the cache", request.path)
            return feed_response(request, entry)
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        return service_unavailable(request)
