"""The real integrator path: a brand-new `wagtail start` site, our app added, migrate, serve."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

EXTRA_APPS = [
    "wagtail_ehrenamt",
    "wagtail_modeladmin",
    "wagtail.contrib.routable_page",
    "modelcluster",
    "taggit",
]

CREATE_AND_FETCH = textwrap.dedent(
    r"""
    from django.test import Client
    from wagtail.models import Site
    from wagtail_ehrenamt.models import CoordinationOfficeIndexPage, EventCalendarPage

    home = Site.objects.get(is_default_site=True).root_page
    directory = CoordinationOfficeIndexPage(title="Koordinierungsstellen", slug="stellen")
    home.add_child(instance=directory)
    directory.save_revision().publish()
    calendar = EventCalendarPage(title="Termine", slug="termine")
    home.add_child(instance=calendar)
    calendar.save_revision().publish()
    client = Client()
    for url in ["/stellen/", "/termine/"]:
        response = client.get(url, HTTP_HOST="localhost")
        print(url, response.status_code, response.content.decode()[:20000].count("<h1"))

    # An event entered as 18:00-20:00 (Django's TIME_ZONE is UTC, the package's Berlin).
    import datetime as dt
    import re
    from wagtail_ehrenamt.events.event_listing import today
    from wagtail_ehrenamt.models import EventPage

    day = today() + dt.timedelta(days=14)
    event = EventPage(
        title="Infoabend", slug="infoabend", start_date=day,
        start_time=dt.time(18), end_time=dt.time(20),
    )
    calendar.add_child(instance=event)
    event.save_revision().publish()
    for url in ["/termine/", event.url, f"/termine/monat/{day.year}/{day.month}/"]:
        html = client.get(url, HTTP_HOST="localhost").content.decode()
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
        visible = re.sub(r"<[^>]+>", " ", html)
        print("TIMES", url, ",".join(sorted(set(re.findall(r"\b\d{1,2}:\d{2}\b", visible)))))

    # The calendar's feed, the second time from the cache (CachedFeedMiddleware).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get("/termine/ical/", HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/termine/ical/", HTTP_HOST="localhost")
    print(
        "FEED", first.status_code, again.status_code, len(queries),
        again.content == first.content, b"Infoabend" in again.content,
    )
    """
)


def test_fresh_wagtail_start_site_serves_our_pages(tmp_path):
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([bin_dir / "wagtail", "start", "mysite"], cwd=tmp_path, check=True, env=env)
    site_dir = tmp_path / "mysite"
    base_settings = site_dir / "mysite" / "settings" / "base.py"
    text = base_settings.read_text()
    # `wagtail start` already lists modelcluster and taggit; add only what is missing.
    added = "".join(f'    "{app}",\n' for app in EXTRA_APPS if f'"{app}"' not in text)
    text = re.sub(r"INSTALLED_APPS = \[\n", "INSTALLED_APPS = [\n" + added, text, count=1)
    base_settings.write_text(text)
    urls_before = (site_dir / "mysite" / "urls.py").read_text()

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=site_dir,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    # `wagtail start` keeps Django's TIME_ZONE at UTC; without the package's zone, events
    # would be entered in UTC, and the check says so.
    assert 'TIME_ZONE = "UTC"' in text
    assert "wagtail_ehrenamt.W010" in manage("check", "--fail-level", "ERROR").stderr
    # The README's setting, and the optional middleware as docs/tutorial/install.md adds it.
    base_settings.write_text(
        text
        + '\nWAGTAIL_EHRENAMT = {"TIME_ZONE": "Europe/Berlin"}\n'
        + 'MIDDLEWARE += ["wagtail_ehrenamt.middleware.CachedFeedMiddleware"]\n'
    )
    assert "wagtail_ehrenamt" not in manage("check", "--fail-level", "ERROR").stderr
    manage("migrate", "--noinput")
    result = manage("shell", "-c", CREATE_AND_FETCH)
    assert "/stellen/ 200 1" in result.stdout, result.stdout + result.stderr
    assert "/termine/ 200 1" in result.stdout, result.stdout + result.stderr
    times = [line for line in result.stdout.splitlines() if line.startswith("TIMES ")]
    assert len(times) == 3, result.stdout + result.stderr
    for line in times:
        # Shown as entered, not as 16:00/17:00 UTC.
        assert line.endswith(" 18:00,20:00"), line
    assert "FEED 200 200 0 True True" in result.stdout, result.stdout + result.stderr
    assert (site_dir / "mysite" / "urls.py").read_text() == urls_before
