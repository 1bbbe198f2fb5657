"""Page benchmark: the calendar pages at 20, 2,000 and 10,000 events.

Run from the repository root:

    .venv/bin/python benchmarks/page_benchmark.py [--sizes 20 2000 10000] [--repeat 7]
        [--no-table] [--keep]

For each size it builds an SQLite database in /tmp (kept with ``--keep`` and reused) with
the test county: a calendar of that many live events, one in ten a weekly series without end
with a cancelled and a moved date, spread over a year around today, organised by an office
and a team (``tests.events_fixtures.add_many``). Then it requests, with Django's test client
(without the test environment's template instrumentation, as a server renders):

- the calendar's upcoming dates (``/termine/``) and its second page,
- the current month (``/termine/monat/<year>/<month>/``),
- the office page (its next three dates),
- one event page and the office directory, which do not depend on the calendar's size.

Each round requests every page once per size, one size after the other (alternating, so the
sizes share the machine's conditions), after a warm-up request with an empty cache, twice:

- **cached**: as most visitors are served, the calendar's list part read from the cache
  (``listing_cache.py``; the other pages do not use it);
- **rendered**: as the first visitor after a change (the feeds version bumped before the
  request, so nothing of the package's is read from the cache).

It prints per mode, page and size the median time, the spread (lowest–highest), the median of
the per-round ratios to the smallest size and the number of SQL queries. ``--no-table``
expands the series in Python instead of reading the occurrence table (the code before the
table).
Not a test; numbers depend on the machine.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["SQLITE_PATH"] = "/tmp/ehrenamt-page-benchmark-unused.sqlite3"


MODES = ("cached", "rendered")


def use_database(path):
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = str(path)


def build(path, size):
    """A database at ``path`` with the test county and ``size`` events."""
    from django.core.management import call_command

    from tests.events_fixtures import add_event, add_many, build_county
    from tests.factories import ensure_site
    from wagtail_ehrenamt.events.event_listing import today

    use_database(path)
    call_command("migrate", verbosity=0)
    county = build_county(ensure_site())
    add_event(county["calendar"], "Einzeltermin", today(), publish=True, slug="einzeltermin")
    add_many(county["calendar"], county, size - 1, series=size // 10)
    return county


def pages():
    from wagtail_ehrenamt.events.event_listing import today
    from wagtail_ehrenamt.models import CoordinationOfficePage

    day = today()
    office = CoordinationOfficePage.objects.get(slug="ks-lindenhain")
    return {
        "calendar, upcoming": "/termine/",
        "calendar, page 2": "/termine/?page=2",
        "calendar, month": f"/termine/monat/{day.year}/{day.month}/",
        "office page": office.url,
        "event page": "/termine/einzeltermin/",
        "directory": "/stellen/",
    }


def request(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 2000, 10000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-table", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the databases")
    parser.add_argument("--dir", default="/tmp", help="where the databases are built")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail_ehrenamt.events import feed_cache, occurrence_table
    from wagtail_ehrenamt.models import EventOccurrence, EventPage

    # Not setup_test_environment(): its instrumented template rendering copies the context
    # for every template included, a cost that grows with the dates shown and that no
    # server has. The test client's host is allowed instead.
    settings.ALLOWED_HOSTS = ["testserver"]
    if args.no_table:
        occurrence_table.usable_window = lambda first, last: None

    paths = {}
    for size in args.sizes:
        path = Path(args.dir) / f"ehrenamt-page-benchmark-{size}.sqlite3"
        paths[size] = path
        if path.exists() and not args.keep:
            path.unlink()
        if not path.exists():
            begin = time.perf_counter()
            build(path, size)
            print(f"Built {size} events in {time.perf_counter() - begin:.1f} s", flush=True)
        else:  # a kept database: bring its tables up to date
            use_database(path)
            call_command("migrate", verbosity=0)

    # Before each timed request: nothing (the list part cached by the previous request), or
    # a bumped feeds version (what a publication does: everything is rendered anew).
    prepare = {"cached": lambda: None, "rendered": feed_cache.bump}
    client = Client()
    urls = {}
    queries = {}
    for size in args.sizes:
        use_database(paths[size])
        cache.clear()
        begin = time.perf_counter()
        request(client, "/termine/")  # a table rebuilt after the bulk rows, if any
        urls[size] = pages()
        rows = EventOccurrence.objects.count()
        print(
            f"{size} events ({EventPage.objects.exclude(rrule='').count()} series), "
            f"{rows} rows in the occurrence table; first request "
            f"{time.perf_counter() - begin:.1f} s",
            flush=True,
        )
        for name, url in urls[size].items():
            request(client, url)
            for mode in MODES:
                prepare[mode]()
                with CaptureQueriesContext(connection) as captured:
                    request(client, url)
                queries[mode, size, name] = len(captured)

    times = {}
    for _round in range(args.repeat):
        for size in args.sizes:
            use_database(paths[size])
            for name, url in urls[size].items():
                cache.clear()
                request(client, url)  # warm: site and root paths, the cached list part
                for mode in MODES:
                    prepare[mode]()
                    gc.collect()
                    begin = time.perf_counter()
                    request(client, url)
                    times.setdefault((mode, size, name), []).append(time.perf_counter() - begin)

    smallest = args.sizes[0]
    print()
    print(f"Medians of {args.repeat} alternating rounds (ms), spread lowest-highest,")
    print(f"ratio: median of the per-round ratios to {smallest} events; SQL queries")
    for mode in MODES:
        print()
        print(f"{mode}:")
        print()
        header = f"| page | {' | '.join(f'{size:,} events' for size in args.sizes)} |"
        print(header)
        print("|" + " --- |" * (len(args.sizes) + 1))
        for name in urls[smallest]:
            cells = []
            for size in args.sizes:
                values = times[mode, size, name]
                median = statistics.median(values) * 1000
                cell = f"{median:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"
                if size != smallest:
                    ratios = [
                        large / small
                        for large, small in zip(values, times[mode, smallest, name], strict=True)
                    ]
                    cell += f", {statistics.median(ratios):.2f}×"
                cell += f", {queries[mode, size, name]} q"
                cells.append(cell)
            print(f"| {name} | {' | '.join(cells)} |")
    if not args.keep:
        for path in paths.values():
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
