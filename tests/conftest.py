import datetime as dt
import os
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models.signals import post_migrate

# EHRENAMT_TEST_DATE=YYYY-MM-DD runs the whole session with the clock set to 09:00 (Europe/Berlin)
# on that day, ticking from there (`make test-dates` runs the suite on several such dates). The
# travel starts when this file is imported, before the test database is created, and moves the
# clock of every thread (the live_server too). Chromium keeps its own clock: see page_clock().
TEST_DATE = os.environ.get("EHRENAMT_TEST_DATE", "").strip()
if TEST_DATE and TEST_DATE != "today":
    try:
        _day = dt.date.fromisoformat(TEST_DATE)
    except ValueError:
        raise pytest.UsageError(f"EHRENAMT_TEST_DATE={TEST_DATE!r} is not a date (YYYY-MM-DD).")
    # A UTC instant, so that time-machine leaves the process's local time zone alone.
    TEST_NOW = dt.datetime.combine(_day, dt.time(9), ZoneInfo("Europe/Berlin")).astimezone(dt.UTC)
    time_machine.travel(TEST_NOW, tick=True).start()
else:
    TEST_NOW = None

# Playwright's sync API runs an event loop in the test thread; Django would otherwise raise
# SynchronousOnlyOperation in the database fixtures. The tests are single-threaded.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / ".screenshots"


def pytest_report_header(config):
    if TEST_NOW:
        return f"EHRENAMT_TEST_DATE: clock set to {TEST_NOW.isoformat()} (ticking)"
    return None


@pytest.fixture(autouse=True)
def live_server_idle(request):
    """After a browser test, wait for the live server's request threads before the flush.

    Chromium asks for /favicon.ico and the like after a page has loaded; a request still
    running when the transactional test flushes its database locks SQLite's tables, the flush
    fails, and every later test of that worker finds the old rows.
    """
    uses_server = "live_server" in request.fixturenames
    server = request.getfixturevalue("live_server") if uses_server else None
    yield
    httpd = getattr(getattr(server, "thread", None), "httpd", None)
    if httpd is None:
        return
    # Torn down after the browser context (set up later), so keep-alive connections are closed.
    # The server does not keep its request threads; a running one still has its target.
    for thread in threading.enumerate():
        if getattr(getattr(thread, "_target", None), "__self__", None) is httpd:
            thread.join(timeout=30)


@pytest.fixture(autouse=True)
def page_clock(request):
    """With EHRENAMT_TEST_DATE, set Chromium's clock (JavaScript's Date) to the test clock too."""
    if TEST_NOW and request.node.get_closest_marker("browser"):
        request.getfixturevalue("page").clock.set_system_time(dt.datetime.now(dt.UTC))
    yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under .screenshots/ for a person to look at."""

    def take(name):
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def home_page(db):
    """The site's home page, rebuilt if a transactional test flushed Wagtail's tree."""
    from tests.factories import ensure_site

    return ensure_site()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="redaktion", email="redaktion@auenwald.example", password="pw-redaktion"
    )


@pytest.fixture
def block_third_party(page, live_server):
    """Fail the test if the page requests any host but the live server."""
    foreign = []

    def check(request):
        if not request.url.startswith((live_server.url, "data:", "blob:", "about:")):
            foreign.append(request.url)

    page.on("request", check)
    yield foreign
    assert foreign == [], f"Requests to third-party hosts: {foreign}"


def _restore_wagtail_base_rows(sender, using="default", **kwargs):
    """Put back what Wagtail's data migrations create, after a transactional test's flush.

    Django's flush sends post_migrate; without this, tests that run after a live_server test
    would find no root collection, locale or root page.
    """
    if sender.label != "wagtailcore":
        return
    from wagtail.models import Collection, Locale, Page

    from tests.factories import default_language_code

    Locale.objects.using(using).get_or_create(language_code=default_language_code())
    if not Collection.objects.using(using).filter(depth=1).exists():
        Collection.add_root(name="Root")
    if not Page.objects.using(using).filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))


post_migrate.connect(_restore_wagtail_base_rows, dispatch_uid="ehrenamt-tests-base-rows")
