"""The enquiry rate limit holds for concurrent requests, and a per-process cache is reported."""

import threading

import pytest
from django.core.cache import caches
from django.core.checks import Tags, run_checks
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings

from wagtail_ehrenamt.engagement import services

LIMIT = 5
THREADS = 16
CACHE_SETTINGS = {
    "locmem": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rate-limit-test",
    },
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ehrenamt_rate_limit_test",
    },
}


def submit_concurrently(address):
    """THREADS simultaneous submissions from ``address``; how many got through."""
    barrier = threading.Barrier(THREADS)
    results = []
    errors = []

    def submit():
        request = RequestFactory().post("/mitmachen/enquiry/", REMOTE_ADDR=address)
        try:
            barrier.wait()
            results.append(services.count_submission(request))
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results.count(True)


# LocMemCache is shared by the threads of one process: the race between checking and counting
# shows there too. The database cache is what several processes share; SQLite's in-memory
# test database locks its tables against concurrent writers, so it runs on PostgreSQL.
BACKENDS = ["locmem"] + (["database"] if connection.vendor == "postgresql" else [])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_submissions_pass_exactly_the_limit(settings, backend):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "ENQUIRY_RATE_LIMIT": LIMIT}
    with override_settings(CACHES={"default": CACHE_SETTINGS[backend]}):
        if backend == "database":
            call_command("createcachetable", verbosity=0)
        try:
            assert submit_concurrently("203.0.113.7") == LIMIT
            request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
            assert services.rate_limited(request)
            assert not services.count_submission(request)
            # Another address has its own allowance.
            other = RequestFactory().post("/", REMOTE_ADDR="198.51.100.9")
            assert not services.rate_limited(other)
            assert services.count_submission(other)
        finally:
            caches["default"].clear()


def test_slots_expire_with_the_period(settings):
    settings.WAGTAIL_EHRENAMT = {
        **settings.WAGTAIL_EHRENAMT,
        "ENQUIRY_RATE_LIMIT": 2,
        "ENQUIRY_RATE_LIMIT_PERIOD": 60,
    }
    with override_settings(CACHES={"default": CACHE_SETTINGS["locmem"]}):
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.8")
        assert services.count_submission(request)
        assert services.count_submission(request)
        assert not services.count_submission(request)
        # Once the period is over the slots are free again.
        caches["default"].delete_many(services._slot_keys(request))
        assert not services.rate_limited(request)
        assert services.count_submission(request)
        caches["default"].clear()


def w072(**kwargs):
    # Only the cache checks: the deployment checks also include ones that read the database.
    messages = run_checks(tags=[Tags.caches], **kwargs)
    return [m.id for m in messages if m.id == "wagtail_ehrenamt.W072"]


@pytest.mark.parametrize(
    ("backend", "debug", "expected"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", False, ["wagtail_ehrenamt.W072"]),
        ("django.core.cache.backends.dummy.DummyCache", False, ["wagtail_ehrenamt.W072"]),
        ("django.core.cache.backends.locmem.LocMemCache", True, []),
        ("django.core.cache.backends.db.DatabaseCache", False, []),
        ("django.core.cache.backends.redis.RedisCache", False, []),
    ],
)
def test_per_process_cache_is_reported_for_deployment(backend, debug, expected):
    with override_settings(DEBUG=debug, CACHES={"default": {"BACKEND": backend}}):
        assert w072(include_deployment_checks=True) == expected
        # A deployment check: `manage.py check` without --deploy stays quiet.
        assert w072() == []
