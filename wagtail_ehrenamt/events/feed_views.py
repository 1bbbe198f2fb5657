"""HTTP for the calendar feeds: serving a page's iCal or Atom feed with caching, ETag/304.

The routes are on the pages (``CalendarFeedMixin``: ``<page URL>ical/`` and ``atom/``); they
call :func:`serve_feed`. A feed found in the cache (:mod:`wagtail_ehrenamt.events.feed_cache`) is
answered before anything else, without a database query.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from .. import links
from ..conf import get_setting
from ..links import absolute_url
from ..models.events import EventCalendarPage
from ..page_views import register
from . import feed_cache, feeds
from .event_listing import page_feed_events

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def _unknown_param_errors(page, params):
    if isinstance(page, EventCalendarPage):
        return {}
    return {
        key: _("This feed takes no parameter “%(name)s”.") % {"name": key}
        for key in params.keys()
        if key not in links.IGNORED_PARAMS
    }


def bad_request(errors):
    lines = [
        _("This calendar feed cannot be delivered: the address contains invalid parameters."),
        "",
    ]
    lines += [f"{key}: {message}" if key else str(message) for key, message in errors.items()]
    lines += ["", _("Remove or correct these parameters and subscribe again.")]
    response = HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain")
    response["Content-Type"] = "text/plain; charset=utf-8"
    response["Cache-Control"] = "no-store"
    return response


@register("feeds.serve")
def serve_feed(page, request, kind, occurrence=None):
    """Serve ``page``'s iCal (``kind="ics"``) or Atom feed with ETag/304 and caching.

    ``occurrence`` (a date, for an event page): only that date of the event, as a download
    (404 if the event has no such date).
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    params = request.GET
    day = feeds.today()
    # The key needs no database: a cached feed is served without a query.
    key = feed_cache.request_key(request, day)
    response, version = cached_response(request, key)
    if response is not None:
        return response
    try:
        events, errors = page_feed_events(page, params)
    except (ValueError, ValidationError) as error:
        events, errors = None, {"": str(error)}
    errors = {**(errors or {}), **_unknown_param_errors(page, params)}
    if errors:
        return bad_request(errors)
    if occurrence is not None and (not events.exists() or page.occurrence_on(occurrence) is None):
        raise Http404(_("This event has no date on this day."))

    single = page.is_single_event_feed
    etag = feed_cache.etag_for(key, version)
    if kind == "ics" and not single:
        events = feeds.window_queryset(events, day)
    elif kind == "atom":
        events = events.filter(start_date__lte=day + dt.timedelta(days=366 * 2))
    count, id_sum, latest = feeds.data_version(events)
    candidates = [feed_cache.changed_at()]
    for moment in (latest, page.last_published_at):
        if moment is not None:
            candidates.append(int(moment.timestamp()))
    last_modified = max(candidates)
    feed_url = page.get_feed_url(kind, request, params)
    if kind == "ics":
        if single:
            body = feeds.build_calendar(events, request=request, occurrence=occurrence, page=page)
        else:
            body = feeds.build_calendar(
                events,
                request=request,
                name=page.get_feed_title(request, params),
                description=page.get_feed_description(),
                url=feed_url,
                page=page,
            )
    else:
        body = feeds.build_atom(
            feeds.prepare_queryset(events),
            request,
            title=page.get_feed_title(request, params),
            link=absolute_url(page, request),
            feed_url=feed_url,
        )
    filename = f"{page.slug}-{occurrence.isoformat()}" if occurrence else page.slug
    entry = {
        "body": body,
        "content_type": ICS_CONTENT_TYPE if kind == "ics" else ATOM_CONTENT_TYPE,
        "disposition": (
            f'attachment; filename="{filename}.ics"' if kind == "ics" and single else None
        ),
        "etag": etag,
        "last_modified": last_modified,
        "public": feed_cache.is_public_request(request),
        "version": version,
    }
    keys = [key]
    # The key CachedFeedMiddleware looked for before routing, in the language active then
    # (the page's language is activated later, by a before_serve_page hook).
    early_key = getattr(request, feed_cache.EARLY_KEY_ATTRIBUTE, None)
    if entry["public"] and early_key and early_key != key:
        keys.append(early_key)
    feed_cache.store(keys, entry, get_setting("FEED_CACHE_TIMEOUT"))
    return feed_response(request, entry)


DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


@register("feeds.serve_date")
def serve_date_ics(page, request, day):
    """One date of an event as an ``.ics`` download: ``<event URL>ical/<YYYY-MM-DD>/``.

    ``day`` is the date in the series (before any move). The file holds one VEVENT with the
    UID (and, for a series, the RECURRENCE-ID) the feeds use, and no calendar name, so
    calendar programs add it to an existing calendar. A date that is not a date of the event
    gives 404, a malformed one 400; a cancelled date gives its VEVENT with
    ``STATUS:CANCELLED``. Cached like the feeds.
    """
    value = None
    if DATE_PATTERN.fullmatch(day):
        try:
            value = dt.date.fromisoformat(day)
        except ValueError:
            value = None
    if value is None:
        response = HttpResponse(
            _("“%(value)s” is not a date. Use the form YYYY-MM-DD, e.g. 2026-03-05.")
            % {"value": day[:40]}
            + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
        response["Cache-Control"] = "no-store"
        return response
    if not 1970 <= value.year <= 2200:  # as the editor allows
        raise Http404(_("This event has no date on this day."))
    return serve_feed(page, request, "ics", occurrence=value)


def cached_response(request, key, public_only=False):
    """``(response, version)``: the answer from the cache for ``key`` or None, and the current
    feeds version. A client whose copy is current gets its 304 without the feed being read.
    ``public_only``: only a feed rendered for a visitor without session. Such a visitor
    passed every view restriction without one (Wagtail's restrictions all need a session),
    so any visitor may be served the same."""
    conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
    # Without the feed first; if the client's copy is not current, with it.
    for body in (False, True) if conditional else (True,):
        entry, version = feed_cache.lookup(key, body=body)
        if entry is None or (public_only and not entry.get("public")):
            return None, version
        response = feed_response(request, entry)
        if response is not None:
            return response, version
    return None, version


def feed_response(request, entry):
    """The response for a cached feed ``entry`` (304 when the client's copy is current);
    None if the client's copy is not current and ``entry`` was read without its body."""
    etag, last_modified = entry["etag"], entry["last_modified"]
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        if "body" not in entry:
            return None
        response = HttpResponse(entry["body"], content_type=entry["content_type"])
        if entry["disposition"]:
            response["Content-Disposition"] = entry["disposition"]
    else:
        response = not_modified
    response = _finish(response, etag, last_modified)
    if not feed_cache.is_public_request(request):  # a restricted page's feed, say
        response["Cache-Control"] = "private, max-age=900"
    return response


def _finish(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=900"
    response["X-Content-Type-Options"] = "nosniff"
    return response
