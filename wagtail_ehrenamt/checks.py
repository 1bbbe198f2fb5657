"""System checks: missing apps and bad ``WAGTAIL_EHRENAMT`` settings."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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
    for key in INTEGER_SETTINGS:
        value = configured.get(key, DEFAULTS[key])
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            messages.append(
                Error(
                    f"{SETTINGS_NAME}['{key}'] must be a positive integer, not {value!r}.",
                    id="wagtail_ehrenamt.E003",
                )
            )
    time_zone = configured.get("TIME_ZONE")
    if time_zone is not None:
        try:
            ZoneInfo(str(time_zone))
        except (ZoneInfoNotFoundError, ValueError):
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


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs):
    """The enquiry rate limit counts in the default cache; per process it does not hold."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared between "
            "processes, so the enquiry rate limit (ENQUIRY_RATE_LIMIT) does not hold when "
            "the site runs in more than one process.",
            hint="Use a cache that all processes share: Redis, Memcached or the database cache.",
            id="wagtail_ehrenamt.W072",
        )
    ]
