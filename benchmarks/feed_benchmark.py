"""Feed benchmark: the full iCal feed view against icalendar alone, and the 304 path.

Run from the repository root:

    .venv/bin/python benchmarks/feed_benchmark.py [--events 2000] [--series 200] [--repeat 5]

It builds an in-memory SQLite site with a calendar of ``--events`` events of which
``--series`` are weekly series (with a cancelled and a moved date each), then times

- the full feed view (routing, queries, building and serialising; Django's cache cleared),
- the floor: building and serialising the same VEVENTs with icalendar alone, from plain
  Python values prepared beforehand (no Django, no database): ``Event.add(...)`` for every
  property, then ``Calendar.to_ical()``; also shown: ``to_ical()`` of the parsed feed alone,
- the 304 path (``If-None-Match`` with the current ETag),

and prints the ratios and SQL query counts. Full feed and floor are timed in alternating pairs
and the ratio is the median of the pairs. Not a test; numbers depend on the machine.
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


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


def paired(first, second, repeat):
    """Medians of ``first``, ``second`` and of their ratio, timed in alternation.

    On a shared machine the speed drifts by tens of per cent within seconds; timing the
    two in pairs gives each ratio the same conditions on both sides.
    """
    firsts, seconds, ratios = [], [], []
    for _ in range(repeat):
        one = timed(first, 1)
        two = timed(second, 1)
        firsts.append(one)
        seconds.append(two)
        ratios.append(one / two)
    return statistics.median(firsts), statistics.median(seconds), statistics.median(ratios)


def timed(function, repeat):
    """The median time of ``repeat`` calls, each starting after a full garbage collection."""
    times = []
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        function()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def measure(calendar, repeat):
    import icalendar
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    path = calendar.url + "ical/"

    def full():
        cache.clear()
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
        assert client.get(path).status_code == 200

    with CaptureQueriesContext(connection) as captured:
        not_modified()
    cond_queries = len(captured)
    full_time, floor_time, full_floor_ratio = paired(full, floor, repeat)
    return {
        "bytes": len(response.content),
        "vevents": vevent_count,
        "full": full_time,
        "floor": floor_time,
        "full_floor_ratio": full_floor_ratio,
        "serialise_only": timed(parsed.to_ical, repeat),
        "not_modified": timed(not_modified, repeat * 4),
        "cached": timed(cached, repeat * 4),
        "full_queries": full_queries,
        "304_queries": cond_queries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    begin = time.perf_counter()
    small_calendar = build(20, 2)
    small = measure(small_calendar, 2)
    small_calendar.get_children().delete()
    small_calendar.delete()
    calendar = build(args.events, args.series)
    print(
        f"Built {args.events} events ({args.series} weekly series) in "
        f"{time.perf_counter() - begin:.1f} s"
    )
    result = measure(calendar, args.repeat)
    print(f"Feed: {result['bytes']:,} bytes, {result['vevents']} VEVENTs")
    print(f"Full feed view (uncached):   {result['full'] * 1000:8.1f} ms")
    print(f"icalendar alone (floor):     {result['floor'] * 1000:8.1f} ms  (build + serialise)")
    print(f"icalendar to_ical() only:    {result['serialise_only'] * 1000:8.1f} ms")
    print(f"Cached feed view:            {result['cached'] * 1000:8.1f} ms")
    print(f"304 Not Modified:            {result['not_modified'] * 1000:8.1f} ms")
    print(
        f"Ratio full / floor:          {result['full_floor_ratio']:8.2f}x  (target <= 1.5; "
        "median of paired runs)"
    )
    print(
        f"Ratio 304 / full:            {result['not_modified'] / result['full'] * 100:7.2f} %  "
        "(target <= 5 %)"
    )
    print(
        f"Queries, full view:          {result['full_queries']} "
        f"(20 events: {small['full_queries']})"
    )
    print(
        f"Queries, 304:                {result['304_queries']} (20 events: {small['304_queries']})"
    )


if __name__ == "__main__":
    main()
