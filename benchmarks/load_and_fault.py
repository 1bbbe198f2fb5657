"""Load and fault script: the demo under gunicorn + PostgreSQL, then a database restart.

Run from the repository root (needs the ``example`` extra and PostgreSQL's server binaries):

    .venv/bin/python benchmarks/load_and_fault.py [--connections 32] [--duration 60]
        [--workers 3] [--down 10] [--fault-duration 40] [--pg-port 54329] [--http-port 8765]

It starts a throwaway PostgreSQL cluster (Unix socket only, removed afterwards, as
``scripts/with-postgres.sh`` does), migrates it, loads the demo (``setup_demo``), collects the
static files and starts gunicorn on 127.0.0.1 with DEBUG off, a cache shared by the workers
(``--cache database``: Django's DatabaseCache, whose atomic ``add`` the enquiry rate limit needs;
``--cache file``: FileBasedCache, which keeps feeds available while the database is down) and
the package's ``DatabaseOutageMiddleware``. Nothing listens beyond loopback.

1. Load: ``--connections`` keep-alive HTTP/1.1 connections for ``--duration`` seconds, each
   requesting the home page, the event calendar, its iCal feed and the office directory in
   turn. Prints requests per second, p50/p99 latency and errors (anything but 200) per URL.
2. Fault: the same load for ``--fault-duration`` seconds; after 10 s PostgreSQL is stopped for
   ``--down`` seconds and started again. Prints what the clients got while it was down
   (200 from the cache, 503 with Retry-After, 500 or connection errors) and the recovery
   time: from PostgreSQL accepting connections again until every URL answered 200 again.
   Meanwhile one client sends volunteer enquiries through the public form of a demo offer
   (GET the form for its CSRF cookie and signed token, then POST with consent and an empty
   honeypot), at most ``--enquiries``, each with a unique marker in its message and its own
   ``X-Forwarded-For`` address (the example settings read it when
   ``DJANGO_ENQUIRY_CLIENT_ADDRESS_HEADER`` is set), so the rate limit of 5 per address
   stays on but does not refuse the stream. Afterwards the script counts the marked
   enquiries in the database: every POST answered with the redirect to the thank-you page
   must be stored. Prints "accepted N, stored M, lost K" and exits 1 if K > 0.

Not part of ``make test``; numbers depend on the machine and on what else runs on it.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "example_project" / "manage.py")]
PAGE_TYPES = {
    "calendar": "EventCalendarPage",
    "directory": "CoordinationOfficeIndexPage",
}


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


class Postgres:
    """A throwaway cluster; as root, it runs as the ``postgres`` user."""

    def __init__(self, port):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bins:
            sys.exit("PostgreSQL server binaries not found under /usr/lib/postgresql/")
        self.bin = bins[-1]
        self.root = Path(tempfile.mkdtemp(prefix="ehrenamt-load-pg."))
        self.sock = self.root / "sock"
        self.sock.mkdir()
        self.port = port

    def _as_postgres(self, *cmd, **kwargs):
        if os.geteuid() == 0:
            run(["chown", "-R", "postgres:postgres", str(self.root)])
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        return run(list(cmd), stdout=subprocess.DEVNULL, **kwargs)

    def init(self):
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.root / "data"), "-U", "postgres",
            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()

    def start(self):
        options = f"-k {self.sock} -p {self.port} -c listen_addresses='' -c max_connections=200"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.root / "data"),
            "-l", str(self.root / "server.log"), "-w", "-o", options, "start",
        )  # fmt: skip

    def stop(self):
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop"
        )

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def env(self):
        return {
            "PGHOST": str(self.sock),
            "PGPORT": str(self.port),
            "PGUSER": "postgres",
            "PGDATABASE": "postgres",
        }


def find_urls(env):
    code = (
        "from wagtail.models import Page\n"
        "from wagtail_ehrenamt.models import EventCalendarPage, CoordinationOfficeIndexPage\n"
        "cal = EventCalendarPage.objects.live().first()\n"
        "d = CoordinationOfficeIndexPage.objects.live().first()\n"
        "print(cal.url, d.url)\n"
        "from wagtail_ehrenamt.models import EngagementOfferPage, Municipality\n"
        "offer = EngagementOfferPage.objects.live().filter(offer_status='open').first()\n"
        "m = offer.municipality or Municipality.objects.order_by('pk').first()\n"
        "print(offer.url, m.slug)\n"
    )
    out = run([*MANAGE, "shell", "-c", code], env=env, capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    calendar, directory = lines[-2].split()
    offer, municipality = lines[-1].split()
    urls = {
        "home": "/",
        "calendar": calendar,
        "feed": calendar + "ical/",
        "directory": directory,
    }
    return urls, offer, municipality


def count_stored(env, marker):
    """The numbers of the marked enquiries in the database."""
    code = (
        "from wagtail_ehrenamt.models import VolunteerEnquiry\n"
        f"for m in VolunteerEnquiry.objects.filter(message__startswith={marker!r})"
        ".values_list('message', flat=True): print(m)\n"
    )
    out = run([*MANAGE, "shell", "-c", code], env=env, capture_output=True, text=True).stdout
    return {line.split()[1] for line in out.splitlines() if line.startswith(marker)}


class Enquirer(threading.Thread):
    """Sends enquiries through the public form of an offer until ``stop`` or ``limit``."""

    def __init__(self, port, url, municipality, marker, limit, stop):
        super().__init__(daemon=True)
        self.port, self.url, self.municipality = port, url, municipality
        self.marker, self.limit, self.stop = marker, limit, stop
        self.outcomes, self.accepted = Counter(), set()

    def request(self, method, headers, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, self.url, body=body, headers={"Host": "127.0.0.1", **headers})
            response = conn.getresponse()
            return response, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def send(self, n):
        address = {"X-Forwarded-For": f"10.77.{n // 250}.{n % 250 + 1}"}
        try:
            response, html = self.request("GET", address)
            if response.status != 200:
                return f"form {response.status}"
            csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
            hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', html))
            if not csrf or len(hidden) != 2:
                return "form without token"
            body = urllib.parse.urlencode({
                **hidden,
                "name": f"Last Test {n}",
                "email": f"load{n}@example.org",
                "municipality": self.municipality,
                "message": f"{self.marker} {n} load and fault",
                "consent": "on",
                "website": "",
            })  # fmt: skip
            response, _ = self.request(
                "POST",
                {
                    **address,
                    "Cookie": f"csrftoken={csrf.group(1)}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                body,
            )
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__
        if response.status == 303 and response.getheader("Location", "").endswith("/sent/"):
            self.accepted.add(str(n))
            return "accepted"
        return f"post {response.status}"

    def run(self):
        n = 0
        while not self.stop.is_set() and n < self.limit:
            self.outcomes[self.send(n)] += 1
            n += 1
            time.sleep(0.1)


class Client(threading.Thread):
    """One keep-alive connection requesting the URLs in turn until ``stop`` is set."""

    def __init__(self, port, urls, offset, stop, results):
        super().__init__(daemon=True)
        self.port, self.urls, self.offset, self.stop, self.results = (
            port, urls, offset, stop, results,
        )  # fmt: skip

    def connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def run(self):
        conn = self.connect()
        names = list(self.urls)
        i = self.offset
        while not self.stop.is_set():
            name = names[i % len(names)]
            i += 1
            started = time.monotonic()
            try:
                conn.request("GET", self.urls[name], headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                outcome = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = self.connect()
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
                conn.close()
                conn = self.connect()
                time.sleep(0.05)
            self.results.append((started, time.monotonic() - started, name, outcome))


def load(port, urls, connections, seconds, during=None, extra=None):
    stop, results = threading.Event(), []
    clients = [Client(port, urls, n, stop, results) for n in range(connections)]
    if extra is not None:
        clients.append(extra(stop))
    began = time.monotonic()
    for client in clients:
        client.start()
    if during is not None:
        during(began)
    time.sleep(max(0.0, seconds - (time.monotonic() - began)))
    stop.set()
    for client in clients:
        client.join(timeout=35)
    return began, time.monotonic() - began, results


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(title, results, elapsed):
    print(f"\n{title}")
    print(f"{'url':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  errors")
    by_name = defaultdict(list)
    for _started, latency, name, outcome in results:
        by_name[name].append((latency, outcome))
    total_errors = 0
    for name, rows in [*sorted(by_name.items()), ("all", [(r[1], r[3]) for r in results])]:
        latencies = [latency * 1000 for latency, _ in rows]
        errors = Counter(outcome for _, outcome in rows if outcome != 200)
        if name != "all":
            total_errors += sum(errors.values())
        print(
            f"{name:<10} {len(rows):>9} {len(rows) / elapsed:>8.1f} "
            f"{statistics.median(latencies) if latencies else 0:>8.1f} "
            f"{percentile(latencies, 0.99):>8.1f}  {dict(errors) or 0}"
        )
    return total_errors


def wait_for_http(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--fault-duration", type=float, default=40)
    parser.add_argument("--down", type=float, default=10, help="seconds PostgreSQL is stopped")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--enquiries", type=int, default=200, help="most enquiries to send")
    parser.add_argument("--cache", choices=["database", "file"], default="database")
    default_pg_port = int(os.environ.get("EHRENAMT_PG_PORT", 54329))
    parser.add_argument("--pg-port", type=int, default=default_pg_port)
    parser.add_argument("--http-port", type=int, default=8765)
    args = parser.parse_args()

    status = 0
    pg = Postgres(args.pg_port)
    work = Path(tempfile.mkdtemp(prefix="ehrenamt-load."))
    gunicorn = None
    try:
        pg.init()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))},
            **pg.env(),
            "DJANGO_SETTINGS_MODULE": "example_project.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            **(
                {"DJANGO_CACHE": "database"}
                if args.cache == "database"
                else {"DJANGO_CACHE_DIR": str(work / "cache")}
            ),
            "DJANGO_ENQUIRY_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
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
        urls, offer, municipality = find_urls(env)
        log = open(work / "gunicorn.log", "w")  # noqa: SIM115 (closed with the directory)
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"), "example_project.wsgi",
                "--bind", f"127.0.0.1:{args.http_port}", "--workers", str(args.workers),
                "--keep-alive", "30", "--log-level", "warning",
            ],
            env=env, cwd=ROOT, stdout=log, stderr=log,
        )  # fmt: skip
        wait_for_http(args.http_port)
        print(
            f"gunicorn {args.workers} workers, {args.connections} connections, "
            f"{args.cache} cache, URLs: {urls}, enquiry form: {offer}"
        )
        load(args.http_port, urls, args.connections, 5)  # warm-up: caches, connections

        _, elapsed, results = load(args.http_port, urls, args.connections, args.duration)
        errors = report(f"Load: {args.duration:.0f} s", results, elapsed)

        marks = {}

        def fault(began):
            def restart():
                time.sleep(10)
                marks["stop"] = time.monotonic()
                pg.stop()
                time.sleep(args.down)
                pg.start()
                marks["up"] = time.monotonic()

            threading.Thread(target=restart, daemon=True).start()

        marker = f"load-{uuid.uuid4().hex[:12]}"
        enquirer = None

        def make_enquirer(stop):
            nonlocal enquirer
            enquirer = Enquirer(args.http_port, offer, municipality, marker, args.enquiries, stop)
            return enquirer

        _, elapsed, faulted = load(
            args.http_port, urls, args.connections, args.fault_duration, fault, make_enquirer
        )
        report(f"Fault: PostgreSQL stopped for {args.down:.0f} s", faulted, elapsed)
        down = [r for r in faulted if marks["stop"] <= r[0] < marks["up"]]
        print("\nWhile PostgreSQL was down (by URL and answer):")
        for (name, outcome), count in sorted(Counter((r[2], r[3]) for r in down).items()):
            print(f"  {name:<10} {outcome!s:<22} {count}")
        failed = [r[0] + r[1] for r in faulted if r[3] != 200]
        recovery = max(0.0, max(failed, default=marks["up"]) - marks["up"])
        before = [r for r in faulted if r[0] + r[1] < marks["stop"] and r[3] != 200]
        print(
            f"Recovery: the last answer other than 200 came {recovery:.2f} s after PostgreSQL "
            f"accepted connections again; errors before the stop: {len(before)}"
        )
        log.close()
        logged = (work / "gunicorn.log").read_text().count("Database unavailable")
        print(f"Database errors logged by the application: {logged}")
        print(f"\nErrors under load (before the fault): {errors}")
        stored = count_stored(env, marker)
        lost = enquirer.accepted - stored
        print(f"\nEnquiries during the fault phase: {dict(sorted(enquirer.outcomes.items()))}")
        print(f"accepted {len(enquirer.accepted)}, stored {len(stored)}, lost {len(lost)}")
        if lost:
            print(f"Accepted but not stored: {sorted(lost, key=int)}")
            status = 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        pg.remove()
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
