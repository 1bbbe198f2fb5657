"""Example settings used by benchmarks/load_and_fault.py: a database cache and the client
address header for the enquiry rate limit (issue 12, items 2 and 10)."""

from tests.test_ops import PRODUCTION_ENV, run_manage

SHOW = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
    "s.WAGTAIL_EHRENAMT.get('ENQUIRY_CLIENT_ADDRESS_HEADER'))"
)


def show(env):
    result = run_manage("shell", "-c", SHOW, env={"SQLITE_PATH": ":memory:", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_database_cache_and_client_address_header_from_the_environment():
    assert show({"DJANGO_CACHE": "database"}) == (
        "django.core.cache.backends.db.DatabaseCache ehrenamt_cache None"
    )
    assert (
        show(
            {
                "DJANGO_CACHE": "database",
                "DJANGO_CACHE_TABLE": "cache_t",
                "DJANGO_CACHE_DIR": "/tmp/unused",
                "DJANGO_ENQUIRY_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
            }
        )
        == "django.core.cache.backends.db.DatabaseCache cache_t HTTP_X_FORWARDED_FOR"
    )
    # The existing options keep working.
    assert show({"DJANGO_CACHE_DIR": "/tmp/c"}) == (
        "django.core.cache.backends.filebased.FileBasedCache /tmp/c None"
    )
    assert show({}).startswith("django.core.cache.backends.locmem.LocMemCache")


def test_check_deploy_is_clean_with_the_database_cache():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_REDIS_URL"}
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**env, "DJANGO_CACHE": "database"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
