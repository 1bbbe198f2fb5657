"""CachedFeedMiddleware: cached feeds answered before Wagtail's routing, never to the wrong
visitor and never stale."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.feed_data import feed_path, module_feed_site, refreshed
from wagtail_ehrenamt.events import feed_cache
from wagtail_ehrenamt.middleware import FEED_PATH

MIDDLEWARE = "wagtail_ehrenamt.middleware.CachedFeedMiddleware"

feed_site = pytest.fixture(scope="module")(module_feed_site)


@pytest.fixture
def site(feed_site, db):
    cache.clear()
    return refreshed(feed_site)


def queries_of(client, path, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    return response, [q["sql"] for q in queries]


def test_example_project_uses_it_after_the_locale_middleware():
    names = [name.rsplit(".", 1)[1] for name in settings.MIDDLEWARE]
    assert names.index("CachedFeedMiddleware") > names.index("LocaleMiddleware")


@pytest.mark.parametrize("kind", ["ics", "atom"])
def test_cached_feed_needs_no_query_at_all(site, client, kind):
    path = feed_path(site.calendar, kind) + "?type=training"
    first, rendering = queries_of(client, path)
    assert first.status_code == 200 and rendering
    again, queries = queries_of(client, path)
    assert queries == []
    assert again.status_code == 200
    assert again.content == first.content
    assert dict(again.headers) == dict(first.headers)  # Vary, Content-Language, CSP, …
    conditional, queries = queries_of(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert conditional.status_code == 304 and queries == []
    head = client.head(path)
    assert head.status_code == 200 and head["ETag"] == first["ETag"]


def test_without_the_middleware_only_wagtails_routing_queries(site, client, settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    path = feed_path(site.calendar)
    first = client.get(path)
    again, queries = queries_of(client, path)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert queries, "the page is routed by Wagtail"
    assert not any("eventpage" in sql or "occurrence" in sql for sql in queries)


def test_a_published_change_is_never_served_stale(site, client):
    path = feed_path(site.calendar)
    etag = client.get(path)["ETag"]
    site.winter.title = "Erste Hilfe neuer Titel"
    site.winter.save_revision().publish()
    response, queries = queries_of(client, path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and queries
    assert "Erste Hilfe neuer Titel" in response.content.decode()
    assert response["ETag"] != etag


def test_a_page_restricted_after_caching_is_not_served_from_the_cache(site, client):
    from wagtail.models import PageViewRestriction

    path = feed_path(site.calendar)
    assert client.get(path).status_code == 200
    PageViewRestriction.objects.create(page=site.calendar, restriction_type="login")
    response = client.get(path)
    assert response.status_code == 302  # Wagtail's login redirect
    assert "login" in response["Location"]


def test_a_feed_rendered_for_a_session_is_not_served_to_others(site, client):
    path = feed_path(site.calendar)
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    assert client.get(path)["Cache-Control"] == "private, max-age=900"
    del client.cookies[settings.SESSION_COOKIE_NAME]
    response, queries = queries_of(client, path)
    assert response.status_code == 200 and queries, "rendered again, not served early"
    assert response["Cache-Control"] == "public, max-age=900"


def test_a_site_without_locale_middleware_is_served_early_too(site, client, settings):
    # As a default ``wagtail start`` site: the language before routing (the settings') is not
    # the page's, which a hook activates later; the rendering is stored under both keys.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "LocaleMiddleware" not in name]
    settings.LANGUAGE_CODE = "en"
    path = feed_path(site.calendar)
    first = client.get(path)
    assert first.status_code == 200
    again, queries = queries_of(client, path)
    assert queries == [] and again.content == first.content


def test_other_filters_and_other_hosts_are_other_entries(site, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    path = feed_path(site.calendar)
    client.get(path)
    _, queries = queries_of(client, path + "?type=training")
    assert queries, "another filter is rendered, not served from the unfiltered entry"
    _, queries = queries_of(client, path, HTTP_HOST="other.example")
    assert queries, "another host is routed (it may be another site)"
    _, queries = queries_of(client, path + "?page=2")
    assert queries == [], "ignored parameters share the entry"


def test_disallowed_host_and_post_are_answered_as_without_it(site, client):
    path = feed_path(site.calendar)
    client.get(path)
    assert client.get(path, HTTP_HOST="evil.example").status_code == 400
    assert client.post(path).status_code == 405


def test_an_evicted_version_is_a_miss(site, client):
    path = feed_path(site.calendar)
    first = client.get(path)
    cache.delete(feed_cache.VERSION_KEY)
    response, queries = queries_of(client, path)
    assert queries and response.status_code == 200
    assert response["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    "path, matches",
    [
        ("/termine/ical/", True),
        ("/termine/atom/", True),
        ("/en/termine/treffen/ical/2026-03-29/", True),
        ("/termine/", False),
        ("/termine/ical", False),
        ("/termine/ical/extra/", False),
        ("/termine/musical/", False),
        ("/termine/ical/2026-3-29/", False),
    ],
)
def test_only_feed_addresses_look_into_the_cache(path, matches):
    assert bool(FEED_PATH.search(path)) is matches


def test_check_warns_when_it_comes_before_the_locale_middleware(settings):
    from wagtail_ehrenamt.checks import check_cached_feed_middleware

    assert check_cached_feed_middleware(None) == []  # the example project's order
    settings.MIDDLEWARE = [
        MIDDLEWARE,
        *(name for name in settings.MIDDLEWARE if name != MIDDLEWARE),
    ]
    assert [m.id for m in check_cached_feed_middleware(None)] == ["wagtail_ehrenamt.W073"]
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    assert check_cached_feed_middleware(None) == []


def stored_keys(client, path):
    """The cache keys under which the feed of ``path`` is stored by one rendering."""
    from unittest import mock

    keys = []
    original = feed_cache.store

    def recording(names, entry, timeout):
        keys.extend(names)
        return original(names, entry, timeout)

    cache.clear()
    with mock.patch.object(feed_cache, "store", recording):
        response = client.get(path)
    assert response.status_code == 200 and keys
    return response, keys


def test_a_current_copy_gets_its_304_without_the_feed_being_read(site, client):
    path = feed_path(site.calendar)
    first, keys = stored_keys(client, path)
    cache.delete_many(keys)  # the feeds themselves; their ETags and dates stay
    response, queries = queries_of(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and queries == []
    response, queries = queries_of(client, path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304 and queries == []
    # An old copy needs the feed: rendered again, the same.
    response, queries = queries_of(client, path, HTTP_IF_NONE_MATCH='"old"')
    assert response.status_code == 200 and queries
    assert response.content == first.content


def test_the_feed_of_another_version_is_never_paired_with_current_headers(site, client):
    path = feed_path(site.calendar)
    first, keys = stored_keys(client, path)
    entry, version = feed_cache.lookup(keys[0])
    assert entry["body"] == first.content and entry["version"] == version
    # A newer rendering has written its headers, not (yet) its body.
    cache.set(feed_cache.VERSION_KEY, version + 1)
    cache.set(keys[0] + feed_cache.META_SUFFIX, {**entry, "version": version + 1})
    assert feed_cache.lookup(keys[0]) == (None, version + 1)
    assert feed_cache.lookup(keys[0], body=False)[0]["etag"] == entry["etag"]


def test_a_failing_cache_costs_only_the_early_answer(site, client, monkeypatch):
    from wagtail_ehrenamt.events import feed_views

    path = feed_path(site.calendar)
    first = client.get(path)

    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    calls = []
    original = feed_views.cached_response

    def failing_once(*args, **kwargs):
        if not calls:
            calls.append(1)
            broken()
        return original(*args, **kwargs)

    monkeypatch.setattr("wagtail_ehrenamt.middleware.cached_response", failing_once)
    response = client.get(path)
    assert calls and response.status_code == 200 and response.content == first.content
