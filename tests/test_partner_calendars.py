"""Partner calendars: feeds shaped like Google, Outlook/Exchange and Nextcloud exports, served
by a local HTTP server, imported, merged on re-sync, and broken feeds that change nothing.

The feeds in tests/partner_feeds/ hold placeholders for dates relative to the package's
today(): ``{D+3}`` is YYYYMMDD three days ahead, ``{WD+3}`` that day's weekday code (MO…SU),
``{NTH+3}`` its position in the month with the weekday (``2TU``; ``-1TU`` for a fifth).
"""

import datetime as dt
import http.server
import re
import socket
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from wagtail_ehrenamt.conf import DEFAULTS
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import (
    EventCalendarPage,
    EventPage,
    ExternalCalendar,
    ImportedEvent,
    Organisation,
    Topic,
)
from wagtail_ehrenamt.partner_calendars import fetch
from wagtail_ehrenamt.partner_calendars.fetch import FetchError, fetch_feed
from wagtail_ehrenamt.partner_calendars.parse import decode
from wagtail_ehrenamt.partner_calendars.sync import sync_calendar
from wagtail_ehrenamt.weekdays import WEEKDAY_CODES

from .factories import add_page

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).parent / "partner_feeds"
BERLIN = ZoneInfo("Europe/Berlin")
ALLOW_PRIVATE = {
    **DEFAULTS,
    "TIME_ZONE": "Europe/Berlin",
    "PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES": True,
    "PARTNER_FEED_TIMEOUT": 1.5,
    "PARTNER_FEED_MAX_BYTES": 200_000,
}


def day(offset):
    return today() + dt.timedelta(days=offset)


def render_feed(name, replacements=None):
    """The fixture feed with its date placeholders filled in, CRLF line ends."""
    text = (FEEDS / name).read_text(encoding="utf-8")
    for old, new in (replacements or {}).items():
        text = text.replace(old, new)

    def fill(match):
        kind, offset = match.group(1), int(match.group(2))
        date = day(offset)
        if kind == "D":
            return date.strftime("%Y%m%d")
        code = WEEKDAY_CODES[date.weekday()]
        if kind == "WD":
            return code
        position = (date.day - 1) // 7 + 1
        return f"{position if position <= 4 else -1}{code}"

    text = re.sub(r"\{(D|WD|NTH)([+-]\d+)\}", fill, text)
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class FeedServer:
    """A threading HTTP server on 127.0.0.1; ``routes[path]`` is a dict with body, status,
    headers, delay (seconds before the body) and drip (seconds between bytes)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>Not found</body></html>")
                    return
                body = route.get("body", b"")
                etag = route.get("etag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                time.sleep(route.get("delay", 0))
                self.send_response(route.get("status", 200))
                headers = {"Content-Type": "text/calendar; charset=utf-8"}
                headers.update(route.get("headers", {}))
                if etag:
                    headers["ETag"] = etag
                for key, value in headers.items():
                    self.send_header(key, value)
                if not route.get("drip"):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if route.get("drip"):
                        for index in range(len(body)):
                            self.wfile.write(body[index : index + 1])
                            self.wfile.flush()
                            time.sleep(route["drip"])
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path, body, **options):
        if isinstance(body, str):
            body = body.encode(options.pop("encoding", "utf-8"))
        self.routes[path] = {"body": body, **options}
        return self.url(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server():
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()


@pytest.fixture(autouse=True)
def allow_private():
    # Messages are checked in English (German is the default language).
    with override_settings(WAGTAIL_EHRENAMT=ALLOW_PRIVATE), translation.override("en"):
        yield


@pytest.fixture
def calendar_page(home_page):
    return add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))


@pytest.fixture
def partner(calendar_page):
    return Organisation.objects.create(
        name="Diakonie Kellbach", website="https://diakonie-kellbach.example", live=True
    )


def make_calendar(calendar_page, partner, url, name="Diakonie", **fields):
    return ExternalCalendar.objects.create(
        name=name, url=url, calendar=calendar_page, organisation=partner, **fields
    )


def imported(calendar, title):
    return EventPage.objects.get(partner_import__calendar=calendar, title=title)


def changes(page):
    return {c.original_date: c for c in page.exceptions.all()}


# --- the three exports ---------------------------------------------------


def test_google_export(server, calendar_page, partner):
    topic = Topic.objects.create(name="Sprache", slug="sprache")
    url = server.serve("/google.ics", render_feed("google.ics"))
    calendar = make_calendar(calendar_page, partner, url, for_refugees=True)
    calendar.default_topics.add(topic)
    result = sync_calendar(calendar)
    assert result.status == "ok", result.error
    assert (result.created, result.skipped) == (5, 0), result.problems

    cafe = imported(calendar, "Sprachcafé")
    assert cafe.uid == "5q1n0mbsd4c2hk1ml0lv0fq3rq@google.com"  # the original UID
    assert cafe.live and cafe.get_parent().pk == calendar_page.pk
    assert (cafe.start_date, cafe.start_time, cafe.end_time) == (
        day(-7),
        dt.time(18),
        dt.time(20),
    )
    assert cafe.repeat == "weekly" and cafe.repeat_weekdays == WEEKDAY_CODES[day(-7).weekday()]
    assert cafe.online_url == "https://meet.google.com/abc-defg-hij"
    assert cafe.summary.startswith("Deutsch üben bei Kaffee und Kuchen.\nAlle sind willkommen!")
    assert "<" not in cafe.summary
    assert cafe.location.name == "Gemeindehaus St. Marien"
    assert (cafe.location.street, cafe.location.postcode, cafe.location.city) == (
        "Kirchstraße 3",
        "12345",
        "Kellbach",
    )
    assert cafe.organiser_organisation == partner and cafe.for_refugees
    assert list(cafe.topics.values_list("name", flat=True)) == ["Sprache"]
    dates = changes(cafe)
    assert set(dates) == {day(7), day(14), day(21)}
    moved = dates[day(7)]
    assert (moved.action, moved.new_date, moved.new_start_time) == ("move", day(8), dt.time(19))
    assert moved.note == "Sprachcafé (einen Tag später)"
    assert dates[day(14)].action == "cancel"  # EXDATE
    assert dates[day(21)].action == "cancel"  # STATUS:CANCELLED
    occurrences = cafe.occurrences_between(day(0), day(22))
    starts = [(o.start.date(), o.start.time(), o.is_cancelled) for o in occurrences]
    assert starts == [
        (day(0), dt.time(18), False),
        (day(8), dt.time(19), False),
        (day(14), dt.time(18), True),
        (day(21), dt.time(18), True),
    ]

    # DTSTART in UTC with an RRULE: read in X-WR-TIMEZONE (x-wr-timezone), a weekly series.
    homework = imported(calendar, "Hausaufgabenhilfe")
    local_start = dt.datetime.combine(day(-3), dt.time(15), dt.UTC).astimezone(BERLIN)
    assert homework.repeat == "weekly"
    assert (homework.start_date, homework.start_time) == (day(-3), local_start.time())

    evening = imported(calendar, "Infoabend Ehrenamt")
    local_evening = dt.datetime.combine(day(4), dt.time(17), dt.UTC).astimezone(BERLIN)
    assert (evening.start_date, evening.start_time) == (day(4), local_evening.time())
    assert not evening.repeat

    fest = imported(calendar, "Sommerfest")
    assert (fest.start_date, fest.start_time, fest.end_date) == (day(5), None, None)
    week = imported(calendar, "Aktionstage gegen Rassismus")
    assert (week.start_date, week.end_date, week.start_time) == (day(10), day(12), None)

    # Like native events: in the calendar's listing and in its iCal feed, with the original UID.
    assert cafe in calendar_page.get_events()
    feed = calendar_page.specific.feed_ics(rf_get(calendar_page)).content.decode()
    assert "UID:5q1n0mbsd4c2hk1ml0lv0fq3rq@google.com" in feed.replace("\r\n ", "")


def rf_get(page):
    from django.test import RequestFactory

    return RequestFactory().get(page.url + "ical/", SERVER_NAME="localhost")


def test_outlook_export(server, calendar_page, partner):
    # Exchange publishes Windows-1252 with Microsoft time-zone names.
    url = server.serve(
        "/outlook.ics",
        render_feed("outlook.ics"),
        encoding="cp1252",
        headers={"Content-Type": "text/calendar"},
    )
    calendar = make_calendar(calendar_page, partner, url, name="Caritas")
    result = sync_calendar(calendar)
    assert result.status == "ok", result.error
    assert result.skipped == 0, result.problems

    advice = imported(calendar, "Beratung für Geflüchtete")
    assert advice.uid.startswith("040000008200E00074C5B7101A82E008") and " " not in advice.uid
    assert (advice.start_date, advice.start_time, advice.end_time) == (
        day(3),
        dt.time(10),
        dt.time(12),
    )
    position = (day(3).day - 1) // 7 + 1
    assert advice.repeat == "monthly_weekday"
    assert advice.repeat_week_of_month == (position if position <= 4 else -1)
    assert (advice.repeat_ends, advice.repeat_count) == ("count", 6)
    assert advice.summary == "Offene Sprechstunde – ohne Anmeldung.\n\nBitte Ausweis mitbringen."

    # No DTEND: a start time only.
    team = imported(calendar, "Teamsitzung Ehrenamtliche (online)")
    assert (team.start_time, team.end_time, team.end_date) == (dt.time(18, 30), None, None)
    assert team.online_url.startswith("https://teams.microsoft.com/l/meetup-join/")

    # RDATE: not expressible as the package's series, so one event per date.
    store = EventPage.objects.filter(
        partner_import__calendar=calendar, title="Kleiderkammer geöffnet"
    )
    assert sorted(store.values_list("start_date", flat=True)) == [day(9), day(16), day(30)]
    assert all(page.start_time is None and not page.repeat for page in store)
    keys = set(store.values_list("partner_import__recurrence_key", flat=True))
    assert keys == {day(n).strftime("%Y%m%d") for n in (9, 16, 30)}


def test_nextcloud_export_with_a_broken_entry(server, calendar_page, partner):
    Topic.objects.create(name="Begegnung", slug="begegnung")
    url = server.serve("/nextcloud.ics", render_feed("nextcloud.ics"))
    calendar = make_calendar(calendar_page, partner, url, name="Kirchengemeinde")
    result = sync_calendar(calendar)
    assert result.status == "ok", result.error
    assert result.skipped == 1 and "Kaputter Termin" in result.problems[0]
    calendar.refresh_from_db()
    assert calendar.last_skipped == 1 and "Kaputter Termin" in calendar.last_error

    swap = imported(calendar, "Kleidertausch")
    assert list(swap.topics.values_list("name", flat=True)) == ["Begegnung"]  # CATEGORIES

    # Every other week on two weekdays with WKST=SU: imported date by date.
    breakfast = EventPage.objects.filter(partner_import__calendar=calendar, title="Frauenfrühstück")
    dates = sorted(breakfast.values_list("start_date", flat=True))
    assert dates[0] == day(1) and dates[-1] <= day(42) and 5 <= len(dates) <= 12
    assert len({d.weekday() for d in dates}) == 2  # two days a week
    assert all(page.start_time == dt.time(9) for page in breakfast)

    # A weekly series in London time: the dates keep London's wall clock.
    calls = EventPage.objects.filter(partner_import__calendar=calendar).filter(
        title="Videocall mit Partnergemeinde"
    )
    assert calls.count() == 3
    for page in calls:
        london = dt.datetime.combine(page.start_date, dt.time(17), ZoneInfo("Europe/London"))
        assert page.start_time == london.astimezone(BERLIN).time()


# --- merging -------------------------------------------------------------


FEED_V1 = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Partner//DE
BEGIN:VEVENT
UID:stays@partner
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:{D+2}T100000
DTEND;TZID=Europe/Berlin:{D+2}T110000
SUMMARY:Bleibt gleich
END:VEVENT
BEGIN:VEVENT
UID:changes@partner
DTSTAMP:20260101T000000Z
SEQUENCE:0
DTSTART;TZID=Europe/Berlin:{D+3}T100000
DTEND;TZID=Europe/Berlin:{D+3}T110000
SUMMARY:Wird verschoben
END:VEVENT
BEGIN:VEVENT
UID:goes@partner
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:{D+4}T100000
SUMMARY:Fällt weg
END:VEVENT
END:VCALENDAR
"""

FEED_V2 = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Partner//DE
BEGIN:VEVENT
UID:stays@partner
DTSTAMP:20260201T000000Z
DTSTART;TZID=Europe/Berlin:{D+2}T100000
DTEND;TZID=Europe/Berlin:{D+2}T110000
SUMMARY:Bleibt gleich
END:VEVENT
BEGIN:VEVENT
UID:changes@partner
DTSTAMP:20260201T000000Z
SEQUENCE:1
LAST-MODIFIED:20260201T000000Z
DTSTART;TZID=Europe/Berlin:{D+3}T140000
DTEND;TZID=Europe/Berlin:{D+3}T150000
SUMMARY:Wird verschoben (neue Zeit)
END:VEVENT
BEGIN:VEVENT
UID:new@partner
DTSTAMP:20260201T000000Z
DTSTART;VALUE=DATE:{D+6}
SUMMARY:Neu dazu
END:VEVENT
END:VCALENDAR
"""


def serve_text(server, path, text, **options):
    rendered = re.sub(
        r"\{D([+-]\d+)\}", lambda m: day(int(m.group(1))).strftime("%Y%m%d"), text
    ).replace("\n", "\r\n")
    return server.serve(path, rendered, **options)


def test_resync_updates_unpublishes_and_never_duplicates(server, calendar_page, partner):
    url = serve_text(server, "/merge.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    first = sync_calendar(calendar)
    assert (first.created, first.updated, first.unpublished) == (3, 0, 0)
    moving = imported(calendar, "Wird verschoben")
    stays = imported(calendar, "Bleibt gleich")
    moving_url, stays_revision = moving.url, stays.latest_revision_id

    serve_text(server, "/merge.ics", FEED_V2)
    second = sync_calendar(calendar)
    assert (second.created, second.updated, second.unchanged, second.unpublished) == (1, 1, 1, 1)
    moving.refresh_from_db()
    assert moving.title == "Wird verschoben (neue Zeit)" and moving.start_time == dt.time(14)
    assert moving.url == moving_url  # same page, same address
    assert moving.sequence >= 1
    stays.refresh_from_db()
    assert stays.latest_revision_id == stays_revision  # untouched
    gone = EventPage.objects.get(partner_import__uid="goes@partner")
    assert not gone.live
    assert imported(calendar, "Neu dazu").start_time is None

    for _ in range(2):
        again = sync_calendar(calendar)
        assert (again.created, again.updated, again.unpublished) == (0, 0, 0)
    assert ImportedEvent.objects.filter(calendar=calendar).count() == 4
    assert EventPage.objects.descendant_of(calendar_page).count() == 4

    # The entry comes back: the same page is published again.
    serve_text(server, "/merge.ics", FEED_V1 + "")
    sync_calendar(calendar)
    gone.refresh_from_db()
    assert gone.live
    assert EventPage.objects.descendant_of(calendar_page).count() == 4


def test_conditional_requests(server, calendar_page, partner):
    url = serve_text(server, "/etag.ics", FEED_V1, etag='"v1"')
    calendar = make_calendar(calendar_page, partner, url)
    assert sync_calendar(calendar).created == 3
    calendar.refresh_from_db()
    assert calendar.etag == '"v1"'
    result = sync_calendar(calendar)
    assert result.status == "not_modified"
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    calendar.refresh_from_db()
    assert calendar.last_sync_status == "not_modified" and calendar.last_success_at


# --- bad input -----------------------------------------------------------


BROKEN = {
    "html": {"body": b"<!DOCTYPE html><html><body>Login</body></html>"},
    "huge": {"body": b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"x" * 300_000},
    "huge-no-length": {"body": b"x" * 300_000, "drip": 0},
    "slow": {"body": b"BEGIN:VCALENDAR\r\n", "delay": 3},
    "dripping": {"body": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" * 10, "drip": 0.1},
    "404": {"body": b"gone", "status": 404},
    "truncated": {"body": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"},
    "not-ical": {"body": b"hello, this is not a calendar"},
    "empty": {"body": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"},
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_feed_changes_nothing(server, calendar_page, partner, kind):
    url = serve_text(server, f"/broken-{kind}.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    assert sync_calendar(calendar).created == 3
    before = list(EventPage.objects.descendant_of(calendar_page).values_list("pk", "title", "live"))
    route = dict(BROKEN[kind])
    if route.get("drip") == 0:
        route["drip"] = 0.000001
    server.routes[f"/broken-{kind}.ics"] = route
    started = time.monotonic()
    result = sync_calendar(calendar)
    assert time.monotonic() - started < 2.5
    assert result.status == "error" and result.error
    calendar.refresh_from_db()
    assert calendar.last_sync_status == "error" and calendar.last_error == result.error
    assert calendar.last_error in calendar.last_result
    after = list(EventPage.objects.descendant_of(calendar_page).values_list("pk", "title", "live"))
    assert after == before


def test_unreachable_server(calendar_page, partner):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    calendar = make_calendar(calendar_page, partner, f"http://127.0.0.1:{port}/x.ics")
    result = sync_calendar(calendar)
    assert result.status == "error" and "could not be reached" in result.error


# --- addresses -----------------------------------------------------------


@pytest.mark.parametrize(
    "address,public",
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("172.16.5.4", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
        ("93.184.215.14", True),
        ("2a00:1450:4001:82a::200e", True),
    ],
)
def test_public_addresses(address, public):
    assert fetch._is_public(address) is public


def test_private_addresses_refused_without_the_setting(server):
    url = server.serve("/private.ics", render_feed("google.ics"))
    settings = {**ALLOW_PRIVATE, "PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES": False}
    with override_settings(WAGTAIL_EHRENAMT=settings):
        with pytest.raises(FetchError, match="internal address"):
            fetch_feed(url)


def test_redirects_are_checked_and_limited(server, monkeypatch):
    real_getaddrinfo = socket.getaddrinfo
    names = {"partner.example": "127.0.0.1", "intranet.example": "10.1.2.3"}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    # Pretend the test server's address is public, so only the redirect target is refused.
    real_is_public = fetch._is_public
    monkeypatch.setattr(fetch, "_is_public", lambda a: a == "127.0.0.1" or real_is_public(a))
    settings = {**ALLOW_PRIVATE, "PARTNER_FEED_ALLOW_PRIVATE_ADDRESSES": False}
    server.serve(
        "/to-intranet", b"", status=302, headers={"Location": "http://intranet.example/x.ics"}
    )
    server.serve("/loop", b"", status=301, headers={"Location": "/loop"})
    server.serve("/hop", b"", status=307, headers={"Location": "/final.ics"})
    server.serve("/final.ics", render_feed("google.ics"))
    base = f"http://partner.example:{server.port}"
    with override_settings(WAGTAIL_EHRENAMT=settings):
        with pytest.raises(FetchError, match="internal address"):
            fetch_feed(base + "/to-intranet")
        with pytest.raises(FetchError, match="redirected more than"):
            fetch_feed(base + "/loop")
        result = fetch_feed(base + "/hop")
    assert result.url == base + "/final.ics" and b"BEGIN:VCALENDAR" in result.body
    host_headers = [headers.get("Host") for path, headers in server.requests[-1:]]
    assert host_headers == [f"partner.example:{server.port}"]


def test_decoding():
    assert decode("Café".encode("cp1252")) == "Café"
    assert decode(b"\xef\xbb\xbfCaf\xc3\xa9") == "Café"
    assert decode("Café".encode("utf-16")) == "Café"


# --- admin, command, public page ------------------------------------------


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_imported_events_are_read_only_until_detached(server, admin, calendar_page, partner):
    url = serve_text(server, "/detach.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    sync_calendar(calendar)
    page = imported(calendar, "Wird verschoben")
    edit_url = f"/admin/pages/{page.pk}/edit/"
    response = admin.get(edit_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "imported from the partner calendar" in html and "Detach and edit" in html
    assert 'name="title"' not in html  # no edit form
    # Posting the edit form is blocked as well.
    admin.post(edit_url, {"title": "Hacked", "slug": page.slug})
    page.refresh_from_db()
    assert page.title == "Wird verschoben"

    response = admin.post(f"/admin/ehrenamt/imported-events/{page.pk}/detach/")
    assert response.status_code == 302
    assert ImportedEvent.objects.get(page=page).detached
    assert 'name="title"' in admin.get(edit_url).content.decode()

    serve_text(server, "/detach.ics", FEED_V2)
    result = sync_calendar(calendar)
    assert result.detached == 1
    page.refresh_from_db()
    assert page.title == "Wird verschoben" and page.live


def test_admin_listing_and_sync_button(server, admin, calendar_page, partner):
    url = serve_text(server, "/admin.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    listing = admin.get("/admin/snippets/wagtail_ehrenamt/externalcalendar/")
    html = listing.content.decode()
    assert listing.status_code == 200
    sync_url = f"/admin/snippets/wagtail_ehrenamt/externalcalendar/sync/{calendar.pk}/"
    assert sync_url in html and "Not synchronised yet" in html
    assert admin.get(sync_url).status_code == 200
    response = admin.post(sync_url, follow=True)
    assert response.status_code == 200
    assert "3 new" in response.content.decode()
    calendar.refresh_from_db()
    assert calendar.last_sync_status == "ok" and calendar.last_created == 3
    html = admin.get("/admin/snippets/wagtail_ehrenamt/externalcalendar/").content.decode()
    assert "3 new, 0 updated, 0 unpublished" in html


def test_admin_form_reads_webcal_and_rejects_other_schemes(calendar_page, partner):
    from django.core.exceptions import ValidationError

    calendar = ExternalCalendar(name="X", url="webcal://example.org/a.ics", calendar=calendar_page)
    calendar.full_clean()
    assert calendar.url == "https://example.org/a.ics"
    with pytest.raises(ValidationError):
        ExternalCalendar(name="X", url="file:///etc/passwd", calendar=calendar_page).full_clean()


def test_command(server, calendar_page, partner, capsys):
    url = serve_text(server, "/command.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    inactive = make_calendar(
        calendar_page, partner, server.url("/missing.ics"), name="Alt", active=False
    )
    call_command("ehrenamt_sync_calendars", "--dry-run")
    assert "3 new" in capsys.readouterr().out
    assert not ImportedEvent.objects.exists()
    calendar.refresh_from_db()
    assert calendar.last_sync_at is None
    call_command("ehrenamt_sync_calendars")
    assert ImportedEvent.objects.filter(calendar=calendar).count() == 3
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("ehrenamt_sync_calendars", "--calendar", str(inactive.pk))
    with pytest.raises(CommandError, match="no partner calendar"):
        call_command("ehrenamt_sync_calendars", "--calendar", "999999")


def test_public_page_names_the_source(server, client, calendar_page, partner):
    url = serve_text(server, "/public.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    sync_calendar(calendar)
    page = imported(calendar, "Bleibt gleich")
    html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "https://diakonie-kellbach.example" in html and "Diakonie Kellbach" in html


def test_demo_partner_feeds(client, calendar_page):
    """The demo's two feeds (static files of the example project) import as series beside native
    events, again without changes, on any date."""
    from example_project.demo import DemoContext
    from example_project.demo import partner_calendars as demo_feeds

    native = add_page(
        calendar_page,
        EventPage(title="Netzwerktreffen", slug="netzwerktreffen", start_date=day(3)),
    )
    context = DemoContext(root=calendar_page.get_parent(), sections={"calendar": calendar_page})
    demo_feeds.load(context)
    assert ExternalCalendar.objects.count() == 2
    pages = EventPage.objects.filter(partner_import__isnull=False)
    titles = set(pages.values_list("title", flat=True))
    assert titles == {
        "Sprachcafé der Diakonie",
        "Hausaufgabenhilfe",
        "Offene Migrationsberatung",
        "Kleiderkammer geöffnet",
    }
    assert all(page.repeat and not page.partner_import.recurrence_key for page in pages)
    cafe = pages.get(title="Sprachcafé der Diakonie")
    assert (cafe.start_time, cafe.repeat_weekdays) == (dt.time(18), "TU")
    revisions = sorted(pages.values_list("latest_revision_id", flat=True))
    demo_feeds.load(context)
    assert sorted(pages.values_list("latest_revision_id", flat=True)) == revisions
    html = client.get(calendar_page.url).content.decode()
    assert "Sprachcafé der Diakonie" in html and native.title in html


def test_an_event_unpublished_by_hand_stays_unpublished(server, calendar_page, partner):
    url = serve_text(server, "/hidden.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    sync_calendar(calendar)
    page = imported(calendar, "Wird verschoben")
    page.unpublish()
    assert sync_calendar(calendar).updated == 0
    serve_text(server, "/hidden.ics", FEED_V2)
    assert sync_calendar(calendar).updated == 1
    page.refresh_from_db()
    assert not page.live and page.get_latest_revision_as_object().start_time == dt.time(14)


def test_https_checks_the_certificate_of_the_host_name(server, tmp_path, monkeypatch):
    """The connection goes to the checked address, but TLS (SNI and the certificate check)
    uses the feed's host name."""
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=partner.example",
            "-addext",
            "subjectAltName=DNS:partner.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    secure = FeedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    secure.httpd.socket = context.wrap_socket(secure.httpd.socket, server_side=True)
    try:
        secure.serve("/feed.ics", render_feed("google.ics"))
        real_getaddrinfo = socket.getaddrinfo
        names = {"partner.example", "other.example"}

        def getaddrinfo(host, port, *args, **kwargs):
            if host in names:
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
            return real_getaddrinfo(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        # Not trusted by the system: refused.
        with pytest.raises(FetchError, match="secure connection"):
            fetch_feed(f"https://partner.example:{secure.port}/feed.ics")
        monkeypatch.setattr(fetch, "CA_CERTS", str(cert))
        result = fetch_feed(f"webcal://partner.example:{secure.port}/feed.ics")
        assert b"BEGIN:VCALENDAR" in result.body
        # Trusted certificate, but for another name: refused.
        with pytest.raises(FetchError, match="secure connection"):
            fetch_feed(f"https://other.example:{secure.port}/feed.ics")
    finally:
        secure.close()


def test_one_synchronisation_of_a_calendar_at_a_time(server, admin, calendar_page, partner):
    from django.core.cache import cache

    from wagtail_ehrenamt.partner_calendars import sync

    url = serve_text(server, "/lock.ics", FEED_V1)
    calendar = make_calendar(calendar_page, partner, url)
    overlapping = []
    download = sync.fetch_feed

    def fetch_while_another_run_starts(*args, **kwargs):
        # The cron job starts while the editor's button run is still downloading.
        overlapping.append(sync_calendar(ExternalCalendar.objects.get(pk=calendar.pk)))
        return download(*args, **kwargs)

    sync.fetch_feed = fetch_while_another_run_starts
    try:
        first = sync_calendar(calendar)
    finally:
        sync.fetch_feed = download
    assert [r.status for r in overlapping] == ["busy"]
    assert "already running" in overlapping[0].summary()
    assert (first.status, first.created) == ("ok", 3)
    assert ImportedEvent.objects.filter(calendar=calendar).count() == 3
    # The lock is gone afterwards, also after a failed run.
    assert sync_calendar(calendar).status == "ok"
    server.serve("/lock.ics", "kaputt")
    assert sync_calendar(calendar).status == "error"
    serve_text(server, "/lock.ics", FEED_V1)
    assert sync_calendar(calendar).status == "ok"

    # The admin button says so while another run holds the lock, and records nothing.
    calendar.refresh_from_db()
    recorded = calendar.last_sync_at
    cache.add(f"wagtail_ehrenamt:partner-sync:{calendar.pk}", True, 60)
    try:
        sync_url = f"/admin/snippets/wagtail_ehrenamt/externalcalendar/sync/{calendar.pk}/"
        response = admin.post(sync_url, follow=True)
    finally:
        cache.delete(f"wagtail_ehrenamt:partner-sync:{calendar.pk}")
    assert "already running" in response.content.decode()
    calendar.refresh_from_db()
    assert calendar.last_sync_at == recorded
