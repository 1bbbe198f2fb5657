"""System checks: missing apps and bad ``WAGTAIL_EHRENAMT`` settings."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, router
from wagtail.models import Site

from .conf import DEFAULTS, SETTINGS_NAME

REQUIRED_APPS = [
    "wagtail",
    "wagtail.admin",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.contrib.routable_page",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
]

INTEGER_SETTINGS = [
    "PAGE_SIZE",
    "MONTH_DAY_LIMIT",
    "MONTH_LIST_LIMIT",
    "MAX_OCCURRENCES_PER_SERIES",
    "FEED_PAST_DAYS",
    "FEED_FUTURE_DAYS",
    "FEED_KEEP_CANCELLED_DAYS",
    "FEED_CACHE_TIMEOUT",
    "FEED_REFRESH_INTERVAL",
    "ENQUIRY_RETENTION_DAYS",
    "ENQUIRY_RATE_LIMIT",
    "ENQUIRY_RATE_LIMIT_PERIOD",
]

# Integers where 0 switches the feature off.
SWITCHABLE_INTEGER_SETTINGS = ["LISTING_CACHE_TIMEOUT"]

OPTIONAL_STRING_SETTINGS = [
    "ENQUIRY_PRIVACY_URL",
    "ENQUIRY_PRIVACY_TEXT",
    "ENQUIRY_FROM_EMAIL",
    "ENQUIRY_FALLBACK_EMAIL",
    "ENQUIRY_CLIENT_ADDRESS_HEADER",
]


@register(Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    return [
        Error(
            f"wagtail_ehrenamt needs '{name}' in INSTALLED_APPS.",
            hint=f"Add '{name}' to INSTALLED_APPS.",
            id="wagtail_ehrenamt.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    configured = getattr(settings, SETTINGS_NAME, {})
    if not isinstance(configured, dict):
        return [
            Error(
                f"{SETTINGS_NAME} must be a dict.",
                hint="See docs/reference/settings.md.",
                id="wagtail_ehrenamt.E002",
            )
        ]
    messages = [
        Warning(
            f"Unknown key {key!r} in {SETTINGS_NAME}; it is ignored.",
            hint="Check the spelling against docs/reference/settings.md.",
            id="wagtail_ehrenamt.W001",
        )
        for key in configured
        if key not in DEFAULTS
    ]
    for key in INTEGER_SETTINGS + SWITCHABLE_INTEGER_SETTINGS:
        value = configured.get(key, DEFAULTS[key])
        lowest, kind = (
            (0, "an integer of 0 or more")
            if key in SWITCHABLE_INTEGER_SETTINGS
            else (1, "a positive integer")
        )
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['{key}'] must be {kind}, not {value!r}.",
                    id="wagtail_ehrenamt.E003",
                )
            )
    time_zone = configured.get("TIME_ZONE")
    if time_zone is not None:
        if not _is_time_zone(time_zone):
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['TIME_ZONE'] is not a known time zone: {time_zone!r}.",
                    hint="Use an IANA name such as 'Europe/Berlin'.",
                    id="wagtail_ehrenamt.E004",
                )
            )
    for key in ("BASE_TEMPLATE", "MAP_TILE_URL", "ROUTE_PLANNER_URL"):
        value = configured.get(key, DEFAULTS[key])
        if not isinstance(value, str) or not value:
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['{key}'] must be a non-empty string.",
                    id="wagtail_ehrenamt.E005",
                )
            )
    for key in OPTIONAL_STRING_SETTINGS:
        value = configured.get(key, DEFAULTS[key])
        if value is not None and (not isinstance(value, str) or not value.strip()):
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['{key}'] must be None or a non-empty string, not {value!r}.",
                    id="wagtail_ehrenamt.E070",
                )
            )
    if not isinstance(configured.get("ENQUIRY_SEND_CONFIRMATION", True), bool):
        messages.append(
            Error(
                f"{SETTINGS_NAME}['ENQUIRY_SEND_CONFIRMATION'] must be True or False.",
                id="wagtail_ehrenamt.E071",
            )
        )
    return messages


def _is_time_zone(name):
    """Whether ``name`` is an IANA time zone name that zoneinfo can load."""
    if not isinstance(name, str):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


# Names of UTC itself: a German site whose event times are entered in UTC is misconfigured.
UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
UTC_NAMES |= {"GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich"}


@register(Tags.compatibility)
def check_time_zone(app_configs, **kwargs):
    """Event times need a zone: the package's TIME_ZONE, or else Django's."""
    configured = getattr(settings, SETTINGS_NAME, {})
    if not isinstance(configured, dict) or configured.get("TIME_ZONE") is not None:
        return []  # reported by check_settings (E002, E004) or set explicitly
    fallback = getattr(settings, "TIME_ZONE", None)
    if not _is_time_zone(fallback):
        return [
            Error(
                f"Event times need a time zone: {SETTINGS_NAME}['TIME_ZONE'] is not set and "
                f"Django's TIME_ZONE ({fallback!r}) is not an IANA time zone.",
                hint=f"Set {SETTINGS_NAME} = {{'TIME_ZONE': 'Europe/Berlin'}}.",
                id="wagtail_ehrenamt.E010",
            )
        ]
    if fallback in UTC_NAMES:
        return [
            Warning(
                f"Event times are entered and published in {fallback}: {SETTINGS_NAME}"
                "['TIME_ZONE'] is not set and Django's TIME_ZONE is UTC (the default of "
                "`wagtail start`). Subscribers' calendars would show an 18:00 event at 19:00 "
                "or 20:00 German time.",
                hint=f"Set {SETTINGS_NAME} = {{'TIME_ZONE': 'Europe/Berlin'}}; Django's "
                "TIME_ZONE can stay UTC.",
                id="wagtail_ehrenamt.W010",
            )
        ]
    return []


LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _local_site_warnings(alias):
    try:
        sites = list(Site.objects.using(alias).order_by("pk"))
    except DatabaseError:  # not migrated yet, or the database is not reachable
        return []
    return [
        Warning(
            f"The Wagtail site's host name is {site.hostname!r}: e-mails, front-end cache "
            "purges and other output made without a request point there.",
            hint="In the Wagtail admin, open Settings → Sites, edit the site and enter the "
            "public host name (e.g. www.landkreis.example) and port (443 for HTTPS). "
            "See docs/tutorial/install.md.",
            obj=site,
            id="wagtail_ehrenamt.W011",
        )
        for site in sites
        if site.hostname.lower() in LOCAL_HOSTNAMES
    ]


@register(Tags.database)
def check_site_hostnames(app_configs, databases=None, **kwargs):
    """W011 with `manage.py migrate` and `check --database default` (it reads the database)."""
    if settings.DEBUG or not databases:
        return []

    alias = router.db_for_read(Site)
    return _local_site_warnings(alias) if alias in databases else []


@register(Tags.database, deploy=True)
def check_site_hostnames_deploy(app_configs, databases=None, **kwargs):
    """W011 with `manage.py check --deploy` (without --database, which runs the one above)."""
    if settings.DEBUG or databases:
        return []

    return _local_site_warnings(router.db_for_read(Site))


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs):
    """The enquiry rate limit counts in the default cache, and the feeds version that renews
    cached feeds and listings lives there: per process, neither holds."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared between "
            "processes. When the site runs in more than one process, the enquiry rate limit "
            "(ENQUIRY_RATE_LIMIT) does not hold, and a publication renews cached feeds and "
            "calendar listings only in the process that published (the others show the old "
            "ones for up to FEED_CACHE_TIMEOUT or LISTING_CACHE_TIMEOUT seconds).",
            hint="Use a cache that all processes share: Redis, Memcached or the database cache.",
            id="wagtail_ehrenamt.W072",
        )
    ]


CACHED_FEED_MIDDLEWARE = "wagtail_ehrenamt.middleware.CachedFeedMiddleware"


@register(Tags.compatibility)
def check_cached_feed_middleware(app_configs, **kwargs):
    """CachedFeedMiddleware keys feeds by the language active when it runs."""
    names = list(settings.MIDDLEWARE or [])
    if CACHED_FEED_MIDDLEWARE not in names:
        return []
    position = names.index(CACHED_FEED_MIDDLEWARE)
    later = [name for name in names[position + 1 :] if name.endswith("LocaleMiddleware")]
    if not later:
        return []
    return [
        Warning(
            f"CachedFeedMiddleware comes before {later[0]} in MIDDLEWARE: it would look for "
            "cached feeds in the default language, not in the one of the address.",
            hint="Move wagtail_ehrenamt.middleware.CachedFeedMiddleware after LocaleMiddleware.",
            id="wagtail_ehrenamt.W073",
        )
    ]
