"""Settings of the example county site (Landkreis Auenwald, fictional).

SQLite by default; PostgreSQL when DATABASE_URL or the standard PG* variables are set.
Production settings come from the environment (docs/how-to/deploy.md lists them all);
``DJANGO_DEBUG=1`` (set by ``make demo``) turns on Django's debug mode for local work.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_flag(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-project-not-for-production")
DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Origins (scheme://host) that may send forms, e.g. https://ehrenamt.landkreis.example.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "example_project.home",
    "wagtail_ehrenamt",
    "wagtail_modeladmin",
    "wagtail.contrib.routable_page",
    "wagtail.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "example_project.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware; the admin keeps following the browser.
    "example_project.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # 503 with Retry-After (and cached feeds) while the database is unreachable.
    "wagtail_ehrenamt.middleware.DatabaseOutageMiddleware",
    # Cached calendar feeds answered before Wagtail's routing (after LocaleMiddleware).
    "wagtail_ehrenamt.middleware.CachedFeedMiddleware",
]

ROOT_URLCONF = "example_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_project.wsgi.application"


def database_settings():
    if os.environ.get("DATABASE_URL"):
        import dj_database_url

        return dj_database_url.parse(os.environ["DATABASE_URL"])
    if os.environ.get("PGHOST") or os.environ.get("PGDATABASE"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PGDATABASE", "wagtail_ehrenamt"),
            "USER": os.environ.get("PGUSER", ""),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
            "HOST": os.environ.get("PGHOST", ""),
            "PORT": os.environ.get("PGPORT", ""),
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
    }


DATABASES = {"default": database_settings()}
if "postgresql" in DATABASES["default"].get("ENGINE", ""):
    # PostgreSQL's JIT compiles the calendar's queries on every request (their cost estimate
    # is high, their run short): about 200 ms each at 10,000 events, ten times the query.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "de"
# Interface and content languages, each named in its own language and script. The interface
# follows the language of the page shown (wagtail_ehrenamt's before_serve_page hook); German
# pages have no prefix, translations live under /en/, /uk/, /ar/ (i18n_patterns in urls.py).
LANGUAGES = [("de", "Deutsch"), ("en", "English"), ("uk", "Українська"), ("ar", "العربية")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Dates in the admin as editors write them: 13.01.2027. Wagtail's date pickers show and read
# WAGTAIL_*_FORMAT; each must also be an input format of every admin language (Wagtail's check
# wagtailadmin.E003). German has them; example_project/formats/en adds them for English, and
# DATE_INPUT_FORMATS etc. cover languages without formats of their own.
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
FORMAT_MODULE_PATH = ["example_project.formats"]
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]

LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Static files are served by WhiteNoise, with compressed, cache-busting names after
# `collectstatic`; without a collected manifest (the demo), straight from the apps.
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not STATIC_COLLECTED
# Uploaded images and documents through Django (small sites); set DJANGO_SERVE_MEDIA=0 when
# the web server delivers MEDIA_ROOT at MEDIA_URL.
SERVE_MEDIA = env_flag("DJANGO_SERVE_MEDIA", True)

# A shared cache (Redis, Memcached) when more than one process serves the site.
if os.environ.get("DJANGO_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_REDIS_URL"],
        }
    }
elif os.environ.get("DJANGO_CACHE") == "database":  # after `manage.py createcachetable`
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_TABLE", "ehrenamt_cache"),
        }
    }
elif os.environ.get("DJANGO_CACHE_DIR"):  # feeds only: its `add` is not atomic (rate limit)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["DJANGO_CACHE_DIR"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# E-mail: SMTP when DJANGO_EMAIL_HOST is set, else printed on the console.
if os.environ.get("DJANGO_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["DJANGO_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ehrenamt@auenwald.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS. Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from
# clients), set DJANGO_SECURE_PROXY_SSL_HEADER=1.
if env_flag("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_flag(
    "DJANGO_SECURE_COOKIES"
)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview allows its own frame (same origin)

# Content-Security-Policy (django-csp): only this site's own scripts, styles and fonts. The
# admin (its templates contain inline scripts and styles) gets 'unsafe-inline' for those in
# example_project/middleware.py. Map tiles (loaded after consent) come from the tile server.
MAP_TILE_HOST = "https://tile.openstreetmap.org"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", MAP_TILE_HOST],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# Browser features the site does not use, refused for it and any frame (Permissions-Policy
# header, set in example_project/middleware.py).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), "
    "gyroscope=(), accelerometer=()"
)

WAGTAIL_SITE_NAME = "Landkreis Auenwald – Ehrenamt in der Flüchtlingshilfe"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = True
# The dashboard would otherwise ask releases.wagtail.org: no third-party requests.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin makes no third-party requests either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_EHRENAMT = {
    "BASE_TEMPLATE": "base.html",
    "TIME_ZONE": "Europe/Berlin",
    # The demo's partner calendars are served by the demo server itself (127.0.0.1); only
    # in debug mode may partner feeds come from such addresses.
    "PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES": DEBUG,
}
# Behind a trusted reverse proxy: the request header with the client address for the
# enquiry rate limit, e.g. HTTP_X_FORWARDED_FOR (the proxy must overwrite or append it).
if os.environ.get("DJANGO_ENQUIRY_CLIENT_ADDRESS_HEADER"):
    WAGTAIL_EHRENAMT["ENQUIRY_CLIENT_ADDRESS_HEADER"] = os.environ[
        "DJANGO_ENQUIRY_CLIENT_ADDRESS_HEADER"
    ]
