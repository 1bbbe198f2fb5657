"""Feed benchmark: the full iCal feed view against icalendar alone, the cached feed and 304.

Run from the repository root:

    .venv/bin/python benchmarks/feed_benchmark.py [--events 2000] [--series 200] [--repeat 5]
        [--cache locmem|database|file]

It builds an in-memory SQLite site with a calendar of ``--events`` events of which
``--series`` are weekly series (with a cancelled and a moved date each), then times

- the full feed view (routing, queries, building and serialising; the feed's cache entry
  deleted before every request, the rest of the cache kept, so the feeds version and with it
  the ETag stay current),
- the floor: building and serialising the same VEVENTs with icalendar alone, from plain
  Python values prepared beforehand (no Django, no database): ``Event.add(...)`` for every
  property, then ``Calendar.to_ical()``; also shown: ``to_ical()`` of the parsed feed alone,
- the cached feed (the whole request through the test client and every middleware, answered
  by ``CachedFeedMiddleware`` before Wagtail's routing) against the raw cache read
  (``cache.get(key)`` of the feed's bytes) with the cache backend chosen by ``--cache``: the
  test settings' ``LocMemCache`` (default), Django's ``DatabaseCache`` (the example
  project's) or ``FileBasedCache``,
- the cached feed without that middleware (Wagtail routes the request, the feed view reads
  the cache),
- a minimal Django view through the same middleware that reads the same entry and returns
  its body (no Wagtail): the least any Django view answering from the cache costs here,
- the 304 path (``If-None-Match`` with the current ETag),

and prints the ratios, the SQL query counts and the SQL of a cached feed request's queries.
Each ratio is the median of alternating pairs (spread: lowest and highest pair). Not a test;
numbers depend on the machine.
"""

import argparse
import datetime as dt
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["SQLITE_PATH"] = ":memory:"


CACHES = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ehrenamt_benchmark_cache",
    },
    "file": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/tmp/ehrenamt-feed-benchmark-cache",
    },
}


def setup_django(cache_name):
    import django
    from django.conf import settings

    settings.CACHES = {"default": CACHES[cache_name]}
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if cache_name == "database":
        call_command("createcachetable", verbosity=0)


def build(events, series):
    from django.utils import timezone

    from tests.factories import add_page, ensure_site
    from wagtail_ehrenamt.models import (
        EventCalendarPage,
        EventOccurrenceException,
        EventPage,
        Location,
    )

    home = ensure_site()
    calendar = add_page(home, EventCalendarPage(title="Termine", slug="termine"))
    place = Location.objects.create(
        name="Rathaus",
        street="Markt 1",
        postcode="35999",
        city="Lindenhain",
        latitude="50.5",
        longitude="8.7",
        live=True,
    )
    today = dt.date.today()
    now = timezone.now()
    for number in range(events):
        start = today - dt.timedelta(days=80) + dt.timedelta(days=number % 600)
        event = EventPage(
            title=f"Termin {number}",
            slug=f"termin-{number}",
            start_date=start,
            start_time=None if number % 10 == 9 else dt.time(9 + number % 10),
            end_time=None if number % 10 == 9 else dt.time(10 + number % 10),
            summary="Ein Termin für Ehrenamtliche. " * 3,
            location=place,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        if number < series:
            event.repeat = "weekly"
            event.repeat_ends = "until"
            event.repeat_until = start + dt.timedelta(days=365)
            event.exceptions.add(
                EventOccurrenceException(original_date=start + dt.timedelta(days=14))
            )
            event.exceptions.add(
                EventOccurrenceException(
                    original_date=start + dt.timedelta(days=21),
                    action="move",
                    new_date=start + dt.timedelta(days=22),
                )
            )
        calendar.add_child(instance=event)
    return calendar


def _plain_value(value):
    """The Python value behind a parsed icalendar property."""
    import icalendar

    if isinstance(value, icalendar.vDDDLists):
        return [item.dt for item in value.dts]
    if isinstance(value, icalendar.vCategory):
        return list(value.cats)
    if isinstance(value, icalendar.vGeo):
        return (value.latitude, value.longitude)
    if hasattr(value, "dt"):
        return value.dt
    if isinstance(value, icalendar.vRecur):
        return dict(value)
    if isinstance(value, int):
        return int(value)
    return str(value)


def paired(first, second, repeat, inner=1):
    """Medians of ``first``, ``second`` and of their ratio, timed in alternation.

    On a shared machine the speed drifts by tens of per cent within seconds; timing the
    two in pairs gives each ratio the same conditions on both sides. Each side of a pair is
    the mean of ``inner`` calls (for calls of microseconds). Returns
    ``(first, second, ratio, (lowest ratio, highest ratio))``.
    """
    firsts, seconds, ratios = [], [], []
    for _ in range(repeat):
        one = timed(first, 1, inner)
        two = timed(second, 1, inner)
        firsts.append(one)
        seconds.append(two)
        ratios.append(one / two)
    return (
        statistics.median(firsts),
        statistics.median(seconds),
        statistics.median(ratios),
        (min(ratios), max(ratios)),
    )


def timed(function, repeat, inner=1):
    """The median time of ``repeat`` samples, each starting after a full garbage collection;
    a sample is the mean of ``inner`` calls."""
    times = []
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        for _ in range(inner):
            function()
        times.append((time.perf_counter() - begin) / inner)
    return statistics.median(times)


def feed_keys(client, path):
    """The cache keys of ``path``: the middleware's and the feed view's (recorded during one
    uncached request; the same key unless the language changes during routing)."""
    from unittest import mock

    from django.core.cache import cache

    from wagtail_ehrenamt.events import feed_cache

    keys = []
    original = feed_cache.request_key

    def recording(*args, **kwargs):
        keys.append(original(*args, **kwargs))
        return keys[-1]

    cache.clear()
    with mock.patch.object(feed_cache, "request_key", recording):
        client.get(path)
    assert keys, "the feed view did not compute a cache key"
    return list(dict.fromkeys(keys))


def minimal_urlconf(key):
    """A URLconf with one view, ``/bench-minimal/``: the cached feed's body, nothing else."""
    import types

    from django.core.cache import cache
    from django.http import HttpResponse
    from django.urls import path

    def view(request):
        _version, body = cache.get(key)
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")

    module = types.ModuleType("feed_benchmark_urls")
    module.urlpatterns = [path("bench-minimal/", view)]
    sys.modules[module.__name__] = module
    return module.__name__


def shorten(sql, width=110):
    sql = " ".join(sql.split())
    select, _, rest = sql.partition(" FROM ")
    if rest and select.startswith("SELECT ") and len(select) > 40:
        sql = "SELECT … FROM " + rest
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def measure(calendar, repeat):
    import icalendar
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    path = calendar.url + "ical/"
    keys = feed_keys(client, path)
    key = keys[-1]

    def full():
        # Only the feed's own entries: cache.clear() would also drop the feeds version, and
        # the next request would render under a new ETag.
        cache.delete_many(keys)
        response = client.get(path)
        assert response.status_code == 200
        return response

    response = full()
    with CaptureQueriesContext(connection) as captured:
        full()
    full_queries = len(captured)
    etag = response["ETag"]
    parsed = icalendar.Calendar.from_ical(response.content)
    vevent_count = len(parsed.walk("VEVENT"))
    # Plain values of every property (what an application holds before using icalendar).
    plain = [
        [
            (name, value.params and dict(value.params), _plain_value(value))
            for name, value in component.property_items(recursive=False)
            if name not in ("BEGIN", "END")
        ]
        for component in parsed.subcomponents
    ]

    def floor():
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//bench//")
        calendar.add("version", "2.0")
        for properties, component in zip(plain, parsed.subcomponents, strict=True):
            if component.name != "VEVENT":
                calendar.add_component(component)
                continue
            event = icalendar.Event()
            for name, params, value in properties:
                event.add(name, value, parameters=params or None)
            calendar.add_component(event)
        return calendar.to_ical()

    def not_modified():
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304

    def cached():
        response = client.get(path)
        assert response.status_code == 200
        return response

    def raw_read():
        assert cache.get(key) is not None

    full()  # the feed is in the cache again
    assert cached()["ETag"] == etag, "the cached feed has another ETag"
    with CaptureQueriesContext(connection) as captured:
        cached()
    cached_sql = [shorten(query["sql"]) for query in captured.captured_queries]
    with CaptureQueriesContext(connection) as captured:
        not_modified()
    cond_queries = len(captured)
    full_time, floor_time, full_floor_ratio, full_floor_spread = paired(full, floor, repeat)
    full()
    cached_time, raw_time, cached_raw_ratio, cached_raw_spread = paired(
        cached, raw_read, repeat * 4, inner=10
    )

    def minimal():
        assert client.get("/bench-minimal/").status_code == 200

    with override_settings(ROOT_URLCONF=minimal_urlconf(key)):
        minimal_time = timed(minimal, repeat * 4, inner=10)
    without_middleware = [name for name in settings.MIDDLEWARE if "CachedFeed" not in name]
    with override_settings(MIDDLEWARE=without_middleware):
        routed_client = Client()  # a client loads the middleware once, at its first request

        def routed():
            response = routed_client.get(path)
            assert response.status_code == 200
            return response

        assert routed()["ETag"] == etag
        with CaptureQueriesContext(connection) as captured:
            routed()
        routed_queries = len(captured)
        routed_time = timed(routed, repeat * 4, inner=10)
    return {
        "bytes": len(response.content),
        "vevents": vevent_count,
        "full": full_time,
        "floor": floor_time,
        "full_floor_ratio": full_floor_ratio,
        "full_floor_spread": full_floor_spread,
        "serialise_only": timed(parsed.to_ical, repeat),
        "not_modified": timed(not_modified, repeat * 4, inner=10),
        "cached": cached_time,
        "raw_read": raw_time,
        "cached_raw_ratio": cached_raw_ratio,
        "cached_raw_spread": cached_raw_spread,
        "minimal": minimal_time,
        "routed": routed_time,
        "routed_queries": routed_queries,
        "full_queries": full_queries,
        "cached_sql": cached_sql,
        "304_queries": cond_queries,
    }


def report(label, result):
    def ms(name):
        return f"{result[name] * 1000:9.3f} ms"

    def spread(name):
        low, high = result[name]
        return f"{low:.2f}-{high:.2f}"

    print(f"{label}: {result['bytes']:,} bytes, {result['vevents']} VEVENTs")
    print(f"  Full feed view (uncached):   {ms('full')}")
    print(f"  icalendar alone (floor):     {ms('floor')}  (build + serialise)")
    print(f"  icalendar to_ical() only:    {ms('serialise_only')}")
    print(f"  Cached feed:                 {ms('cached')}  (CachedFeedMiddleware)")
    print(f"  Cached, routed by Wagtail:   {ms('routed')}  (without the middleware)")
    print(f"  Raw cache read:              {ms('raw_read')}  (cache.get of the feed's entry)")
    print(f"  Minimal Django view:         {ms('minimal')}  (same middleware, no Wagtail)")
    print(f"  304 Not Modified:            {ms('not_modified')}")
    print(
        f"  Ratio full / floor:          {result['full_floor_ratio']:8.2f}x  (target <= 1.2; "
        f"pairs {spread('full_floor_spread')})"
    )
    print(
        f"  Ratio cached / raw read:     {result['cached_raw_ratio']:8.2f}x  (target <= 3; "
        f"pairs {spread('cached_raw_spread')})"
    )
    print(
        f"  Ratio minimal view / raw:    {result['minimal'] / result['raw_read']:8.2f}x  "
        "(the least a Django view adds)"
    )
    print(
        f"  Ratio 304 / full:            {result['not_modified'] / result['full'] * 100:7.2f} %  "
        "(target <= 5 %)"
    )
    print(f"  Queries, full view:          {result['full_queries']}")
    print(f"  Queries, 304:                {result['304_queries']}")
    print(f"  Queries, cached, routed:     {result['routed_queries']}")
    print(f"  Queries, cached feed:        {len(result['cached_sql'])}")
    for number, sql in enumerate(result["cached_sql"], 1):
        print(f"    {number}. {sql}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", choices=sorted(CACHES), default="locmem")
    args = parser.parse_args()
    setup_django(args.cache)
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    print(f"Cache backend: {settings.CACHES['default']['BACKEND']}")
    begin = time.perf_counter()
    small_calendar = build(20, 2)
    small = measure(small_calendar, args.repeat)
    small_calendar.get_children().delete()
    small_calendar.delete()
    report("20 events (2 weekly series)", small)
    calendar = build(args.events, args.series)
    print(
        f"Built {args.events} events ({args.series} weekly series) in "
        f"{time.perf_counter() - begin:.1f} s"
    )
    result = measure(calendar, args.repeat)
    report(f"{args.events} events ({args.series} weekly series)", result)


if __name__ == "__main__":
    main()
