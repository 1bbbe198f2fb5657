"""Dump the public HTML, exports, feeds and files of the demo site into a directory.

    .venv/bin/python scripts/snapshot_demo.py /tmp/snapshot-before
    ... change the code ...
    .venv/bin/python scripts/snapshot_demo.py /tmp/snapshot-after
    diff -r /tmp/snapshot-before /tmp/snapshot-after

Loads the demo (``setup_demo``) into a fresh SQLite database and media directory with the clock
stopped at a fixed moment, then follows every same-site link from the home page (pages and their
subpages: month, print, CSV, vCard, iCal, Atom, documents) and writes each response body to a
file named after its URL. Volatile bits (CSRF tokens, DTSTAMP, random UIDs) are replaced with
fixed text, so
two runs of the same code give the same bytes: a refactoring that should not change the public
site can be checked with ``diff -r``.
"""

import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXED_MOMENT = "2026-06-10 10:00:00+02:00"  # a Wednesday, demo dates before and after
MAX_URLS = 5000
# The admin, static files and the language switch (it would change the language of what follows).
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/sprache/")
# URLs that differ only by a date (a date's iCal file, a month): the first few of each.
DATE = re.compile(r"\d{4}(?:[-/]\d{1,2}){1,2}")
PER_FAMILY = 4
LINK = re.compile(rb"""(?:href|src|action)=["']([^"'#]*)""")
# Random UIDs (uuid4, e.g. an event's iCalendar UID): numbered in the order they first appear.
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
VOLATILE = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*'), rb"\1CSRF"),
    (re.compile(rb"^DTSTAMP[:;].*$", re.M), b"DTSTAMP:NORMALISED\r"),
]


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ehrenamt-snapshot-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="example_project.settings",
        SQLITE_PATH=str(work / "db.sqlite3"),
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_STATIC_ROOT=str(work / "static"),
    )
    for name in ("DATABASE_URL", "PGHOST", "PGDATABASE", "DJANGO_REDIS_URL", "DJANGO_CACHE"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import time_machine

    with time_machine.travel(FIXED_MOMENT, tick=False):
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0, interactive=False)
        call_command("setup_demo", stdout=io.StringIO())
        client = Client(HTTP_HOST="127.0.0.1:8000")
        crawl(client, out)
    shutil.rmtree(work)


def crawl(client, out):
    queue, seen, index, families, uuids = ["/"], {"/"}, [], Counter(), {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code in (301, 302):
            body = response["Location"].encode()
        for pattern, replacement in VOLATILE:
            body = pattern.sub(replacement, body)
        body = UUID.sub(lambda match: uuids.setdefault(match[0], b"uuid-%04d" % len(uuids)), body)
        name = file_name(url)
        (out / name).write_bytes(body)
        index.append(f"{response.status_code}\t{response.get('Content-Type', '')}\t{url}\t{name}")
        if response.status_code in (301, 302):
            links = [response["Location"].encode()]
        elif b"html" in response.get("Content-Type", "").encode():
            links = LINK.findall(body)
        else:
            continue
        for link in links:
            target = same_site(url, link.decode().replace("&amp;", "&"))
            if "?" in url and target and "?" in target:
                continue  # one level of query variants (filters, months), not endless paging
            if not target or target in seen:
                continue
            family = DATE.sub("DATE", target)
            families[family] += 1
            if families[family] <= PER_FAMILY and len(seen) < MAX_URLS:
                seen.add(target)
                queue.append(target)
    (out / "INDEX.txt").write_text("\n".join(index) + "\n")
    print(f"{len(index)} URLs in {out}")


def same_site(base, link):
    if not link or link.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return None
    parts = urlsplit(urljoin("http://127.0.0.1:8000" + base, link))
    if parts.netloc not in ("127.0.0.1:8000", "testserver") or parts.scheme not in ("http", ""):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def file_name(url):
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", unquote(url)).strip("_")[:80] or "root"
    return f"{readable}--{hashlib.sha1(url.encode()).hexdigest()[:8]}"


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ehrenamt-snapshot")
