"""Requests per second of the calendar vs the home page, under gunicorn + PostgreSQL.

Run from the repository root (needs the ``example`` extra and PostgreSQL's server binaries):

    .venv/bin/python benchmarks/gunicorn_rps.py [--events 2000] [--rounds 3] [--seconds 10]
        [--connections 8] [--workers 2] [--pg-port 54329] [--http-port 8766]

Like ``benchmarks/load_and_fault.py`` (whose throwaway PostgreSQL cluster and load clients it
uses), it loads the demo into a new cluster, adds ``--events`` live events to the demo's
calendar (one in ten a weekly series without end, ``tests.events_fixtures.add_many``), fills
the occurrence table with ``ehrenamt_extend_occurrences`` and starts gunicorn with DEBUG off.
Then, in ``--rounds`` alternating rounds, it loads one URL at a time for ``--seconds``
seconds with ``--connections`` keep-alive connections: the home page, the calendar's upcoming
dates, the current month, the office directory and the calendar's iCal feed (``--pages``
chooses). It prints per URL the
median requests per second over the rounds and the median of the per-round ratios to the
home page (the target for the calendar: at least 0.8).

Not a test; numbers depend on the machine and on what else runs on it.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_and_fault import MANAGE, ROOT, Postgres, load, run, wait_for_http  # noqa: E402

ADD_EVENTS = """
from wagtail_ehrenamt.models import (
    CompetenceTeamPage, CoordinationOfficeIndexPage, CoordinationOfficePage,
    EventCalendarPage, Location,
)
from tests.events_fixtures import add_many
calendar = EventCalendarPage.objects.live().first()
places = list(Location.objects.order_by("pk")[:2])
county = {
    "hall": places[0], "town_hall": places[-1],
    "team": CompetenceTeamPage.objects.live().first() or CoordinationOfficePage.objects.first(),
    "office": CoordinationOfficePage.objects.live().first(),
}
add_many(calendar, county, %(events)d, series=%(events)d // 10)
print(calendar.url, CoordinationOfficeIndexPage.objects.live().first().url)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    default_pg_port = int(os.environ.get("EHRENAMT_PG_PORT", 54329))
    parser.add_argument("--pg-port", type=int, default=default_pg_port)
    parser.add_argument("--http-port", type=int, default=8766)
    parser.add_argument(
        "--pages",
        nargs="+",
        default=["home", "calendar", "month", "directory", "feed"],
        choices=["home", "calendar", "month", "directory", "feed"],
    )
    args = parser.parse_args()

    pg = Postgres(args.pg_port)
    work = Path(tempfile.mkdtemp(prefix="ehrenamt-rps."))
    gunicorn = None
    try:
        pg.init()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))},
            **pg.env(),
            "DJANGO_SETTINGS_MODULE": "example_project.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CACHE": "database",
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        quiet = {"env": env, "cwd": ROOT, "stdout": subprocess.DEVNULL}
        run([*MANAGE, "migrate", "--noinput"], **quiet)
        run([*MANAGE, "createcachetable"], **quiet)
        run([*MANAGE, "setup_demo"], **quiet)
        run([*MANAGE, "collectstatic", "--noinput"], **quiet)
        out = run(
            [*MANAGE, "shell", "-c", ADD_EVENTS % {"events": args.events}],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        calendar, directory = out.strip().splitlines()[-1].split()
        run([*MANAGE, "ehrenamt_extend_occurrences"], **quiet)
        today = dt.date.today()
        urls = {
            "home": "/",
            "calendar": calendar,
            "month": f"{calendar}monat/{today.year}/{today.month}/",
            "directory": directory,
            "feed": f"{calendar}ical/",
        }
        urls = {name: url for name, url in urls.items() if name in {"home", *args.pages}}
        log = open(work / "gunicorn.log", "w")  # noqa: SIM115 (closed with the directory)
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"), "example_project.wsgi",
                "--bind", f"127.0.0.1:{args.http_port}", "--workers", str(args.workers),
                "--keep-alive", "30", "--timeout", "120", "--log-level", "warning",
            ],
            env=env, cwd=ROOT, stdout=log, stderr=log,
        )  # fmt: skip
        wait_for_http(args.http_port)
        load(args.http_port, urls, args.connections, 5)  # warm-up: caches, connections
        rates = {}
        for _round in range(args.rounds):
            for name, url in urls.items():
                _, elapsed, results = load(
                    args.http_port, {name: url}, args.connections, args.seconds
                )
                bad = sum(1 for r in results if r[3] != 200)
                if bad:
                    print(f"{name}: {bad} answers other than 200", file=sys.stderr)
                rates.setdefault(name, []).append(len(results) / elapsed)
        print(
            f"\n{args.events:,} events, gunicorn {args.workers} workers, "
            f"{args.connections} connections, {args.rounds} rounds of {args.seconds:.0f} s"
        )
        print("\n| page | req/s (median, lowest–highest) | ratio to the home page |")
        print("| --- | --- | --- |")
        for name, values in rates.items():
            ratio = statistics.median(v / h for v, h in zip(values, rates["home"], strict=True))
            print(
                f"| {name} | {statistics.median(values):.1f} ({min(values):.1f}–"
                f"{max(values):.1f}) | {ratio:.2f}× |"
            )
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        pg.remove()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
