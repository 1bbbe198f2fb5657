"""Test settings: the example project, with fast hashing and isolated caches and media."""

import tempfile

from example_project.settings import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ehrenamt-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # A query that runs away fails the test with its SQL instead of stalling the run.
    DATABASES["default"]["OPTIONS"]["options"] += " -c statement_timeout=120000"  # noqa: F405
