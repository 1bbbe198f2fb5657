"""Operations: database outages (503, feeds from the cache), cacheable public pages, purging
the front-end cache, and the example project's production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends import BaseBackend

from tests.engagement_helpers import build_engagement_site
from tests.feed_data import feed_path, module_feed_site, refreshed
from wagtail_ehrenamt.events import feed_cache
from wagtail_ehrenamt.middleware import DatabaseOutageMiddleware, is_database_outage

ROOT = Path(__file__).resolve().parent.parent

feed_site = pytest.fixture(scope="module")(module_feed_site)


@pytest.fixture
def site(feed_site, db):
    cache.clear()
    return refreshed(feed_site)


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def package_queries(queries, page):
    """Queries on the package's tables, except loading the routed page's own row."""
    own_table = page.specific_class._meta.db_table
    return [
        q["sql"]
        for q in queries
        if "wagtail_ehrenamt_" in q["sql"]
        and not q["sql"].replace('"', "").split(" FROM ")[1].startswith(own_table + " ")
    ]


# --- 6. database outage ---------------------------------------------------------------------


def test_database_error_gives_plain_503_without_database_access(site, client, monkeypatch):
    from wagtail.models import Site

    def unreachable(request):
        raise OperationalError("server closed the connection unexpectedly")

    url = site.calendar.url
    monkeypatch.setattr(Site, "find_for_request", staticmethod(unreachable))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    text = response.content.decode()
    assert "<h1>Vorübergehend nicht erreichbar</h1>" in text
    assert "csrfmiddlewaretoken" not in text and "Set-Cookie" not in str(response.cookies)
    assert [q["sql"] for q in queries] == []


def test_interface_error_with_whole_database_down(site, client, settings):
    settings.WAGTAIL_EHRENAMT = {"OUTAGE_RETRY_AFTER": 120}
    url = "/en" + site.calendar.url  # the interface follows the address, not the browser
    with connection.execute_wrapper(database_down):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "<h1>Temporarily unavailable</h1>" in response.content.decode()


def test_only_database_outages_are_handled():
    middleware = DatabaseOutageMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, ValueError("bug")) is None
    assert middleware.process_exception(request, InterfaceError("closed")).status_code == 503
    try:
        try:
            raise OperationalError("gone")
        except OperationalError as inner:
            raise RuntimeError("while rendering") from inner
    except RuntimeError as outer:
        assert is_database_outage(outer)
    assert not is_database_outage(KeyError("x"))


def test_cached_feed_needs_no_package_query(
    site, client, monkeypatch, settings, django_assert_num_queries
):
    from django.http import HttpResponse

    from wagtail_ehrenamt.events import feed_views

    # The feed view's own cache, without CachedFeedMiddleware (test_feed_middleware.py).
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "CachedFeed" not in name]
    path = feed_path(site.calendar)
    first = client.get(path)
    assert first.status_code == 200
    # What Wagtail's routing alone costs: the same request with a view that does nothing.
    with monkeypatch.context() as patched:
        patched.setattr(feed_views, "serve_feed", lambda page, request, kind: HttpResponse())
        with CaptureQueriesContext(connection) as routing:
            client.get(path)
    with django_assert_num_queries(len(routing)), CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"]
    # Only Wagtail's routing: the site and the pages on the path.
    assert package_queries(queries, site.calendar) == []
    assert not any("eventpage" in q["sql"] for q in queries)


@pytest.mark.parametrize("early", [True, False], ids=["CachedFeedMiddleware", "routed"])
@pytest.mark.parametrize("kind", ["ics", "atom"])
def test_cached_feed_is_served_while_the_database_is_down(site, client, settings, kind, early):
    if not early:  # DatabaseOutageMiddleware answers from the cache
        settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "CachedFeed" not in name]
    path = feed_path(site.calendar, kind) + "?type=training"
    office_path = feed_path(site.office, kind)
    first = client.get(path)
    assert first.status_code == 200
    with connection.execute_wrapper(database_down):
        during = client.get(path)
        conditional = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        not_cached = client.get(office_path)
    assert during.status_code == 200
    assert during.content == first.content
    assert during["Content-Type"] == first["Content-Type"]
    assert during["ETag"] == first["ETag"]
    assert conditional.status_code == 304
    assert not_cached.status_code == 503 and not_cached["Retry-After"]


def test_feed_rendered_for_a_session_is_not_served_to_others_during_outage(site, client):
    path = feed_path(site.calendar)
    client.cookies["sessionid"] = "some-session"
    assert client.get(path)["Cache-Control"] == "private, max-age=900"
    del client.cookies["sessionid"]
    with connection.execute_wrapper(database_down):
        assert client.get(path).status_code == 503


def test_publishing_changes_the_feed_version_at_once_and_after_commit(
    site, client, django_capture_on_commit_callbacks
):
    path = feed_path(site.calendar)
    etag = client.get(path)["ETag"]
    before = feed_cache.feeds_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site.winter.title = "Erste Hilfe neuer Termin"
        site.winter.save_revision().publish()
        during = feed_cache.feeds_version()
    assert before < during < feed_cache.feeds_version()
    assert feed_cache.bump in callbacks
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and b"Erste Hilfe neuer Termin" in response.content


def test_changes_of_places_sites_and_restrictions_invalidate_feeds(site):
    from wagtail.models import PageViewRestriction

    version = feed_cache.feeds_version()
    site.library.name = "Stadtbücherei (Neubau)"
    site.library.save()
    assert feed_cache.feeds_version() > version
    version = feed_cache.feeds_version()
    PageViewRestriction.objects.create(page=site.calendar, restriction_type="login")
    assert feed_cache.feeds_version() > version


def test_evicted_version_starts_above_all_earlier_versions(db):
    feed_cache.bump()
    old = feed_cache.feeds_version()
    cache.delete(feed_cache.VERSION_KEY)
    assert feed_cache.feeds_version() > old
    cache.delete(feed_cache.VERSION_KEY)
    feed_cache.bump()
    assert feed_cache.feeds_version() > old


# --- 7. cacheable public pages ------------------------------------------------------------


def test_public_pages_set_no_cookie_and_are_cacheable(site, client):
    for page in (site.home, site.calendar, site.office, site.network, site.winter):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert not response.cookies, page.url
        assert "Cookie" not in response.get("Vary", ""), page.url
        assert response["Cache-Control"] == "public, max-age=300", page.url
        assert "csrfmiddlewaretoken" not in response.content.decode()
    month = client.get(site.calendar.url + "monat/2026/12/")
    assert month.status_code == 200 and month["Cache-Control"] == "public, max-age=300"


def test_page_cache_max_age_setting(site, client, settings):
    settings.WAGTAIL_EHRENAMT = {"PAGE_CACHE_MAX_AGE": 60}
    assert client.get(site.calendar.url)["Cache-Control"] == "public, max-age=60"
    settings.WAGTAIL_EHRENAMT = {"PAGE_CACHE_MAX_AGE": None}
    assert "Cache-Control" not in client.get(site.calendar.url)


def test_pages_for_editors_and_form_pages_are_private(site, client, admin_user):
    from wagtail.models import Page

    engagement = build_engagement_site(Page.objects.get(pk=site.home.pk))
    offer = client.get(engagement["offers"]["cafe"].url)
    assert offer.status_code == 200
    assert "csrfmiddlewaretoken" in offer.content.decode()  # the enquiry form
    assert "private" in offer["Cache-Control"] and "public" not in offer["Cache-Control"]
    client.force_login(admin_user)
    response = client.get(site.calendar.url)
    assert response["Cache-Control"] == "private"


def test_language_is_not_a_cookie(site, client):
    """Languages are addresses (/en/…, links to a page's translations, test_languages.py):
    no form, no language cookie, a browser language changes nothing, the page stays public."""
    html = client.get(site.calendar.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/i18n/' not in html and '<form class="language-switch"' not in html
    assert "/sprache/" not in html and '<html lang="de" dir="ltr">' in html
    client.cookies["django_language"] = "en"
    response = client.get(site.calendar.url)
    assert '<html lang="de" dir="ltr">' in response.content.decode()


PURGED = []


class RecordingBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        PURGED.append(url)


def test_publishing_purges_page_listings_and_feeds(site, settings, monkeypatch):
    from wagtail_ehrenamt import signals

    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.test_ops.RecordingBackend"}}
    monkeypatch.setattr(signals, "frontend_cache_installed", lambda: True)
    PURGED.clear()
    site.series.title = "Netzwerktreffen (verlegt)"
    site.series.save_revision().publish()
    base = "http://localhost"
    for url in [
        "/termine/netzwerktreffen/",
        "/termine/netzwerktreffen/ical/",
        "/termine/",
        "/termine/ical/",
        "/termine/atom/",
        "/ks/ks-lindenhain/",
        "/ks/ks-lindenhain/ical/",
    ]:
        assert base + url in PURGED, url
    PURGED.clear()
    site.winter.unpublish()
    assert base + "/termine/" in PURGED and base + site.winter.url in PURGED
    assert len(PURGED) == len(set(PURGED))


def test_no_purge_without_frontend_cache(site, settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.test_ops.RecordingBackend"}}
    site.series.save_revision().publish()
    assert PURGED == []


# --- 8. deploy settings ---------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7$Lq!" + "k" * 20 + "9fT#pZ2@wR5^vB8&nM1*cX4(jH6)dG3%",
    "DJANGO_ALLOWED_HOSTS": "ehrenamt.auenwald.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://ehrenamt.auenwald.example",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "DJANGO_EMAIL_HOST": "smtp.auenwald.example",
    "DJANGO_REDIS_URL": "redis://127.0.0.1:6379/0",  # a shared cache (W072); not connected
    "SQLITE_PATH": ":memory:",
}


def run_manage(*args, env=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "example_project" / "manage.py"), *args],
        env={**clean, **(env or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Without them, --deploy complains (so the test above tests something).
    bare = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"SQLITE_PATH": ":memory:"}
    )
    assert bare.returncode != 0 and "SECRET_KEY" in bare.stdout + bare.stderr


def test_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_HSTS_SECONDS, s.EMAIL_BACKEND, s.WAGTAIL_ENABLE_UPDATE_CHECK)"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['ehrenamt.auenwald.example'] ['https://ehrenamt.auenwald.example'] "
        "('HTTP_X_FORWARDED_PROTO', 'https') 31536000 "
        "django.core.mail.backends.smtp.EmailBackend False"
    )
    debug = run_manage("shell", "-c", "from django.conf import settings as s; print(s.DEBUG)")
    assert debug.stdout.strip().splitlines()[-1] == "False"
    on = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG)",
        env={"DJANGO_DEBUG": "1"},
    )
    assert on.stdout.strip().splitlines()[-1] == "True"


def test_security_headers_on_public_pages(site, client):
    response = client.get(site.calendar.url)
    policy = csp_directives(response)
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_policy_allows_its_inline_scripts_only_there(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'", "'unsafe-inline'"]


def csp_directives(response):
    """The Content-Security-Policy header as {directive: [sources]}, in any order."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def test_static_and_media_are_served_without_debug(client, db):
    from django.conf import settings as live

    assert not live.DEBUG
    css = client.get("/static/css/site.css")
    assert css.status_code == 200
    assert b"language-switch" in b"".join(css.streaming_content)
    (Path(live.MEDIA_ROOT) / "images").mkdir(parents=True, exist_ok=True)
    (Path(live.MEDIA_ROOT) / "images" / "netzwerk.svg").write_text("<svg/>")
    media = client.get("/media/images/netzwerk.svg")
    assert media.status_code == 200
    assert client.get("/media/images/fehlt.svg").status_code == 404
