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
    """
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

    manage("check", "--fail-level", "ERROR")
    manage("migrate", "--noinput")
    result = manage("shell", "-c", CREATE_AND_FETCH)
    assert "/stellen/ 200 1" in result.stdout, result.stdout + result.stderr
    assert "/termine/ 200 1" in result.stdout, result.stdout + result.stderr
    assert (site_dir / "mysite" / "urls.py").read_text() == urls_before
