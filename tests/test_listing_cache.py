"""The list part of the calendar views is rendered once and then read from Django's cache
(listing_cache.py): the same bytes as without the cache, new as soon as anything it shows
changes, never an error page, and a query count that does not follow the calendar's size."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.events_fixtures import add_event, build_county
from wagtail_ehrenamt.events import feed_cache, listing_cache
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import EventPage

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def county(home_page):
    county = build_county(home_page)
    calendar = county["calendar"]
    add_event(
        calendar,
        "Sprachcafé",
        today() + 3 * DAY,
        start_time=dt.time(17),
        end_time=dt.time(19),
        location=county["hall"],
        topics=[county["language"]],
        publish=True,
    )
    add_event(calendar, "Rückblick", today() - 5 * DAY, location=county["town_hall"], publish=True)
    return county


def views():
    """One URL of each view of the calendar (the month of the next event)."""
    soon, last = today() + 3 * DAY, today() + 9 * DAY
    return {
        "upcoming": "/termine/",
        "filtered": "/termine/?topic=sprache",
        "archive": "/termine/archiv/",
        "month": f"/termine/monat/{soon.year}/{soon.month}/",
        "range": f"/termine/zeitraum/?from={today().isoformat()}&to={last.isoformat()}",
    }


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def from_cache(response):
    """Whether the view read its list part from the cache (it then computes no list)."""
    return "filter_form" not in response.context


@pytest.mark.parametrize("view", list(views()))
def test_cached_list_is_the_uncached_page_byte_for_byte(client, county, settings, view):
    url = views()[view]
    settings.WAGTAIL_EHRENAMT = {"LISTING_CACHE_TIMEOUT": 0}
    uncached = client.get(url)
    assert uncached.status_code == 200
    assert not from_cache(client.get(url))  # switched off: rendered every time
    settings.WAGTAIL_EHRENAMT = {}
    first, rendering_queries = fetch(client, url)
    second, cached_queries = fetch(client, url)
    assert not from_cache(first)
    assert from_cache(second)
    assert first.content == uncached.content
    assert second.content == uncached.content
    assert second.status_code == 200
    assert cached_queries < rendering_queries


def test_a_cached_list_reads_no_more_rows_for_a_bigger_calendar(client, county):
    calendar = county["calendar"]

    def cached_queries():
        fetch(client, "/termine/")
        response, queries = fetch(client, "/termine/")
        assert from_cache(response)
        return queries

    small = cached_queries()
    for number in range(25):
        add_event(calendar, f"Treffen {number}", today() + (number % 9) * DAY)
    assert cached_queries() == small


def titles(client, url="/termine/"):
    return client.get(url).content.decode()


def test_publishing_unpublishing_and_saving_show_at_once(client, county):
    calendar = county["calendar"]
    assert "Sprachcafé" in titles(client)
    assert "Neues Treffen" not in titles(client)
    event = add_event(calendar, "Neues Treffen", today() + 2 * DAY, publish=True)
    assert "Neues Treffen" in titles(client)
    event.unpublish()
    assert "Neues Treffen" not in titles(client)
    # Saved live by a script, without a revision: the dates it shows changed all the same.
    add_event(calendar, "Importiertes Treffen", today() + 4 * DAY)
    assert "Importiertes Treffen" in titles(client)


def test_a_renamed_place_and_a_restricted_event_show_at_once(client, county):
    assert "Bürgerhaus Kellbach" in titles(client)
    hall = county["hall"]
    hall.name = "Dorfgemeinschaftshaus Kellbach"
    hall.save()
    page = titles(client)
    assert "Dorfgemeinschaftshaus Kellbach" in page
    assert "Bürgerhaus Kellbach" not in page
    event = EventPage.objects.get(title="Sprachcafé")
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert "Sprachcafé" not in titles(client)


def test_the_next_day_drops_what_has_passed(client, county):
    add_event(county["calendar"], "Morgen", today() + DAY, publish=True)
    assert "Morgen" in titles(client)
    assert from_cache(client.get("/termine/"))
    with time_machine.travel(dt.datetime.now(dt.UTC) + 2 * DAY, tick=False):
        response = client.get("/termine/")
        assert not from_cache(response)
        assert "Morgen" not in response.content.decode()
        assert "Sprachcafé" in response.content.decode()


def test_only_listings_without_errors_are_kept(client, county, monkeypatch):
    stored = []
    keep = listing_cache.store
    monkeypatch.setattr(listing_cache, "store", lambda *args: stored.append(args) or keep(*args))
    for url in (
        "/termine/?topic=gibt-es-nicht",
        "/termine/?page=999",
        "/termine/?page=abc",
        "/termine/zeitraum/?from=gestern",
        f"/termine/zeitraum/?from={today().isoformat()}&to=1.1.",
    ):
        first = client.get(url)
        second = client.get(url)
        assert first.status_code in (400, 404), url
        assert second.status_code == first.status_code, url
        assert not from_cache(second), url
    assert stored == []
    assert client.get("/termine/").status_code == 200
    assert len(stored) == 1


def test_parameters_the_views_do_not_read_share_the_entry(client, county):
    plain = client.get("/termine/")
    tracked = client.get("/termine/?utm_source=newsletter&fbclid=x")
    assert from_cache(tracked)
    assert tracked.content == plain.content
    filtered = client.get("/termine/?topic=sprache&utm_source=newsletter")
    assert not from_cache(filtered)
    assert "Rückblick" not in client.get("/termine/archiv/?topic=sprache").content.decode()


def test_a_cache_that_fails_costs_the_rendering_not_the_page(client, county, monkeypatch):
    expected = client.get("/termine/").content

    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(listing_cache, "cache", Broken())
    response = client.get("/termine/")
    assert response.status_code == 200
    assert not from_cache(response)
    assert response.content == expected
    monkeypatch.setattr(feed_cache, "cache", Broken())
    response = client.get("/termine/")
    assert response.status_code == 200
    assert response.content == expected


def test_previews_and_switched_off_listings_have_no_key(county, settings):
    request = RequestFactory().get("/termine/")
    calendar = county["calendar"]
    assert listing_cache.request_key(request, calendar, "upcoming")
    request.is_preview = True
    assert listing_cache.request_key(request, calendar, "upcoming") is None
    del request.is_preview
    settings.WAGTAIL_EHRENAMT = {"LISTING_CACHE_TIMEOUT": 0}
    assert listing_cache.request_key(request, calendar, "upcoming") is None


def test_the_key_follows_what_the_list_depends_on(county, settings):
    calendar = county["calendar"]
    factory = RequestFactory()

    def key(url="/termine/", **extra):
        return listing_cache.request_key(factory.get(url, **extra), calendar, "upcoming")

    base = key()
    assert key() == base
    assert key("/termine/?page=2") != base
    assert key("/termine/?topic=sprache") != base
    assert key("/termine/?topic=sprache%20") != key("/termine/?topic=sprache")
    assert key(HTTP_HOST="localhost") != base
    feed_cache.bump()
    assert key() != base
    cache.clear()  # a version evicted from the cache starts again above the old ones
    assert key() != base
    current = key()
    settings.WAGTAIL_EHRENAMT = {"MONTH_DAY_LIMIT": 3}
    assert key() != current
    assert key() != listing_cache.request_key(factory.get("/termine/"), calendar, "month")


@pytest.mark.parametrize(
    "query, selection",
    [
        ("?utm_source=newsletter", False),
        ("?utm_source=newsletter&topic=sprache", True),
        ("?topic=gibt-es-nicht", False),
        ("?topic=gibt-es-nicht&audience=volunteers", True),
        ("?page=1&type=training", True),
    ],
)
def test_feed_links_carry_the_valid_filters_only(client, county, query, selection):
    """A feed refuses parameters it does not know: the subscribe links of a page reached with
    tracking, range or page parameters, or with a refused filter, must still work."""
    pages = [f"/termine/{query}", f"/termine/zeitraum/{query}&from={today().isoformat()}"]
    for url in pages:
        html = client.get(url).content.decode()
        feed_urls = re.findall(r'href="http://testserver(/termine/(?:ical|atom)/[^"]*)"', html)
        assert feed_urls, url
        for feed_url in feed_urls:
            feed_url = feed_url.replace("&amp;", "&")
            assert "utm_source" not in feed_url and "from=" not in feed_url
            assert "gibt-es-nicht" not in feed_url
            assert client.get(feed_url).status_code == 200, (url, feed_url)
    html = client.get(f"/termine/{query}").content.decode()
    assert ("(Auswahl)" in html) == selection
