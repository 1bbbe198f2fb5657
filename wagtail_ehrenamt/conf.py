"""All package settings, read from the ``WAGTAIL_EHRENAMT`` dict in Django's settings.

Every key is documented in ``docs/reference/settings.md``. Read settings through
:func:`get_setting` so tests that override ``WAGTAIL_EHRENAMT`` see the new value.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

SETTINGS_NAME = "WAGTAIL_EHRENAMT"

DEFAULTS = {
    # Template that every public template of the package extends (through
    # "wagtail_ehrenamt/base.html"). It must provide the blocks
    # "title", "extra_css", "content" and "extra_js".
    "BASE_TEMPLATE": "base.html",
    # IANA time zone in which editors enter and residents read event times.
    # None means Django's TIME_ZONE.
    "TIME_ZONE": None,
    # Map tiles, loaded only after the visitor consents.
    "MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "MAP_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    # Route planner link for a location; {lat}, {lon} and {query} are filled in.
    "ROUTE_PLANNER_URL": "https://www.openstreetmap.org/directions?to={lat}%2C{lon}",
    # Parent collection (below Root) of the collections that documents added from a team,
    # network, platform or office page land in.
    "COLLECTION_NAME": "Ehrenamt",
    # Listings.
    "PAGE_SIZE": 20,
    # The month view: dates shown in a day of its grid, and in its list of the month's dates;
    # beyond them it links to the range view of that day or month, a page at a time.
    "MONTH_DAY_LIMIT": 6,
    "MONTH_LIST_LIMIT": 100,
    # Upper bound for expanding one recurring series, whatever its rule says.
    "MAX_OCCURRENCES_PER_SERIES": 500,
    # The occurrence table (the dates the listings read): days before and after today it
    # holds. It always holds the feeds' window; `manage.py ehrenamt_extend_occurrences`
    # moves it on daily.
    "OCCURRENCE_PAST_DAYS": 400,
    "OCCURRENCE_FUTURE_DAYS": 730,
    # iCal feeds: the window of events they contain, in days around today.
    "FEED_PAST_DAYS": 92,
    "FEED_FUTURE_DAYS": 548,
    # How long cancelled events stay in feeds (with STATUS:CANCELLED), in days.
    "FEED_KEEP_CANCELLED_DAYS": 30,
    # Seconds a rendered feed is kept in Django's cache, and the refresh interval
    # announced to calendar clients (REFRESH-INTERVAL / X-PUBLISHED-TTL).
    "FEED_CACHE_TIMEOUT": 3600,
    # Seconds the rendered list part of a calendar view (upcoming, archive, month, range)
    # is kept in Django's cache; every change of content renews it at once. 0: not cached.
    "LISTING_CACHE_TIMEOUT": 3600,
    "FEED_REFRESH_INTERVAL": 3600 * 6,
    # Seconds in the Retry-After header of the 503 page shown while the database is down
    # (DatabaseOutageMiddleware).
    "OUTAGE_RETRY_AFTER": 30,
    # max-age (seconds) of the Cache-Control header of public pages; None or 0: no header.
    "PAGE_CACHE_MAX_AGE": 300,
    # Volunteer enquiries: days after closing before they are anonymised.
    "ENQUIRY_RETENTION_DAYS": 180,
    # Privacy notice linked from the consent checkbox of the enquiry form, and the
    # consent text itself (None: the package's standard text).
    "ENQUIRY_PRIVACY_URL": None,
    "ENQUIRY_PRIVACY_TEXT": None,
    # Sender of enquiry e-mails (None: DEFAULT_FROM_EMAIL).
    "ENQUIRY_FROM_EMAIL": None,
    # Where office notifications go when the responsible office has no e-mail address.
    "ENQUIRY_FALLBACK_EMAIL": None,
    # Send the volunteer a short confirmation e-mail (when they gave an address).
    "ENQUIRY_SEND_CONFIRMATION": True,
    # At most this many enquiries per client address within ENQUIRY_RATE_LIMIT_PERIOD seconds.
    "ENQUIRY_RATE_LIMIT": 5,
    "ENQUIRY_RATE_LIMIT_PERIOD": 3600,
    # request.META key holding the client address behind a trusted reverse proxy, e.g.
    # "HTTP_X_FORWARDED_FOR" (its last entry is used). None: REMOTE_ADDR.
    "ENQUIRY_CLIENT_ADDRESS_HEADER": None,
    # Partner calendars (ehrenamt_sync_calendars): seconds a feed download may take in all,
    # its largest accepted size in bytes, redirects followed, and whether feeds may live on
    # loopback, private or link-local addresses (only for tests and intranets).
    "PARTNER_FEED_TIMEOUT": 20,
    "PARTNER_FEED_MAX_BYTES": 5 * 1024 * 1024,
    "PARTNER_FEED_MAX_REDIRECTS": 5,
    "PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES": False,
    "PARTNER_FEED_USER_AGENT": "wagtail-ehrenamt partner calendar sync",
}


def get_setting(name):
    """Return the package setting ``name``, falling back to its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown wagtail_ehrenamt setting: {name}")
    configured = getattr(settings, SETTINGS_NAME, None)
    if isinstance(configured, dict) and name in configured:
        return configured[name]
    return DEFAULTS[name]


def get_time_zone():
    """The site's time zone for events as a ZoneInfo."""
    return ZoneInfo(get_setting("TIME_ZONE") or settings.TIME_ZONE)


def today():
    """Today in the site's time zone for events (not the server's): the package's one today."""
    return dt.datetime.now(get_time_zone()).date()


def localtime(value):
    """``value`` in the package's time zone if it is an aware datetime; anything else as is.

    Event times are wall-clock times in :func:`get_time_zone`. Django's ``date`` and
    ``time`` template filters would convert them to Django's current time zone (its
    ``TIME_ZONE``, or the zone an admin user chose), so the package's templates format
    them with ``ehrenamt_date``/``ehrenamt_time`` (``{% load ehrenamt_tags %}``), which use
    this function.
    """
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(get_time_zone())
    return value
