"""“In meinen Kalender eintragen”: the ``.ics`` download of one date, and the Google and Outlook
links for it.

The download of a date must be the very event the feeds describe for that date (same UID,
same RECURRENCE-ID, same start in Europe/Berlin), read alike by icalendar,
recurring-ical-events, vobject and ical.js, on both sides of each daylight-saving change.
The dates come from ``tests.feed_data`` (next year, relative to the clock), so the tests pass
on any date.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory

from tests.feed_data import add_all_day_series, feed_path, module_feed_site

BERLIN = ZoneInfo("Europe/Berlin")
ICALCLIENTS = Path(__file__).resolve().parent / "icalclients"


@pytest.fixture(scope="module")
def feed_site(django_db_setup, django_db_blocker):
    for site in module_feed_site(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            add_all_day_series(site)
        yield site


@pytest.fixture
def site(feed_site, db):
    cache.clear()
    return feed_site


def date_path(event, day):
    return f"{event.url}ical/{day.isoformat()}/"


def download(client, event, day):
    response = client.get(date_path(event, day))
    assert response.status_code == 200, (event.slug, day, response.content[:300])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-{day.isoformat()}.ics"'
    )
    return response.content


def only_vevent(content):
    calendar = icalendar.Calendar.from_ical(content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    # No calendar name: clients add the date to an existing calendar, not a new one.
    for name in ("X-WR-CALNAME", "NAME", "REFRESH-INTERVAL", "SOURCE"):
        assert name not in calendar
    return events[0]


def feed_instance(site, client, uid, original):
    """The feed's event for the series date ``original`` (local), expanded by
    recurring-ical-events from the calendar feed."""
    content = client.get(feed_path(site.calendar)).content
    calendar = icalendar.Calendar.from_ical(content)
    day = original.date() if isinstance(original, dt.datetime) else original
    found = [
        event
        for event in recurring_ical_events.of(calendar).between(
            day - dt.timedelta(days=3), day + dt.timedelta(days=3)
        )
        if str(event["UID"]) == uid and event["RECURRENCE-ID"].dt == original
    ]
    assert len(found) == 1, (uid, original)
    return found[0]


def node_read(tmp_path, content):
    node = shutil.which("node")
    assert node, "node is required for the ical.js interop test"
    if not (ICALCLIENTS / "node_modules" / "ical.js").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ICALCLIENTS,
            check=True,
        )
    path = tmp_path / "date.ics"
    path.write_bytes(content)
    result = subprocess.run(
        [node, str(ICALCLIENTS / "single.js"), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        check=True,
    )
    return json.loads(result.stdout)


def utc_text(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def series_dates(site):
    """{name: (series date, expected local start)} of the weekly 18:00 series, around both
    daylight-saving changes, plus the moved and the annotated date."""
    at = lambda day, hour=18: dt.datetime.combine(day, dt.time(hour), BERLIN)  # noqa: E731
    days = {
        "before summer time": site.march_dst - dt.timedelta(days=3),
        "after summer time": site.march_dst + dt.timedelta(days=4),
        "before winter time": site.october_dst - dt.timedelta(days=3),
        "after winter time": site.october_dst + dt.timedelta(days=4),
        "note": site.note_date,
    }
    result = {name: (day, at(day)) for name, day in days.items()}
    result["moved"] = (site.moved_date, at(site.moved_date + dt.timedelta(days=1), 19))
    return result


# --- the file ------------------------------------------------------------------------------


def test_series_dates_match_the_feed_in_every_client(site, client, tmp_path):
    uid = site.series.uid
    offsets = set()
    for name, (day, start) in series_dates(site).items():
        content = download(client, site.series, day)
        original = dt.datetime.combine(day, dt.time(18), BERLIN)
        text = content.decode()
        # The VEVENT: the series' UID, the date's RECURRENCE-ID, a TZID start, no RRULE.
        assert f"RECURRENCE-ID;TZID=Europe/Berlin:{day:%Y%m%d}T180000\r\n" in text, name
        assert f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}\r\n" in text, name
        assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" in text
        event = only_vevent(content)
        assert str(event["UID"]) == uid
        assert "RRULE" not in event and "EXDATE" not in event
        assert event["RECURRENCE-ID"].dt == original
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTSTART"].dt == start, name
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=2)
        assert str(event["STATUS"]) == "CONFIRMED"
        offsets.add(start.utcoffset())

        # The feed's event for that date is the same event.
        expected = feed_instance(site, client, uid, original)
        assert expected["DTSTART"].dt == event["DTSTART"].dt, name
        assert expected["DTEND"].dt == event["DTEND"].dt, name
        for prop in ("SUMMARY", "LOCATION", "DESCRIPTION", "SEQUENCE", "URL", "STATUS"):
            assert str(expected[prop]) == str(event[prop]), (name, prop)

        # recurring-ical-events reads the file alone: one event at the (new) start.
        (alone,) = recurring_ical_events.of(icalendar.Calendar.from_ical(content)).between(
            start.date(), start.date() + dt.timedelta(days=1)
        )
        assert alone["DTSTART"].dt == start

        # vobject.
        parsed = vobject.readOne(text)
        assert parsed.vevent.uid.value == uid
        assert parsed.vevent.recurrence_id.value == original
        assert parsed.vevent.dtstart.value == start
        assert not hasattr(parsed, "x_wr_calname")

        # ical.js, with the file's own VTIMEZONE (as Thunderbird and Outlook).
        data = node_read(tmp_path, content)
        assert data["calname"] is None and data["name"] is None
        (js,) = data["events"]
        assert js["uid"] == uid and js["rrule"] is False
        assert js["start"] == utc_text(start), name
        assert js["startTzid"] == "Europe/Berlin"
        assert js["recurrenceId"] == utc_text(original), name
        assert js["recurrenceIdTzid"] == "Europe/Berlin"
    # Winter (CET) and summer (CEST) dates both seen.
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_ical_js_finds_the_date_where_the_feed_has_it(site, client, tmp_path):
    """ical.js expands the feed; the download's start and RECURRENCE-ID are among its
    occurrences, in UTC, across the October change."""
    from tests.test_feeds_interop import _node_expand

    feed = client.get(feed_path(site.series)).content
    expanded = _node_expand(
        tmp_path, feed, f"{site.year - 1}-12-01T00:00:00", f"{site.year}-12-31T00:00:00"
    )
    (series,) = [e for e in expanded["events"] if e["uid"] == site.series.uid]
    by_recurrence = {o["recurrenceId"]: o for o in series["occurrences"]}
    for name, (day, start) in series_dates(site).items():
        (js,) = node_read(tmp_path, download(client, site.series, day))["events"]
        assert by_recurrence[js["recurrenceId"]]["start"] == js["start"] == utc_text(start), name


def test_cancelled_date_is_served_as_cancelled(site, client, tmp_path):
    """A cancelled date (an EXDATE in the feed) gives its VEVENT with STATUS:CANCELLED, so a
    client that had added it marks it cancelled; the page offers no link to it."""
    day = site.cancelled_date
    content = download(client, site.series, day)
    event = only_vevent(content)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["RECURRENCE-ID"].dt == dt.datetime.combine(day, dt.time(18), BERLIN)
    assert event["DTSTART"].dt == event["RECURRENCE-ID"].dt
    assert str(event["SUMMARY"]).endswith("Netzwerktreffen Ehrenamt")
    assert str(event["SUMMARY"]) != "Netzwerktreffen Ehrenamt"  # "Abgesagt: …"
    assert "Ferien" in str(event["DESCRIPTION"])  # the editor's note on the date
    (js,) = node_read(tmp_path, content)["events"]
    assert js["status"] == "CANCELLED"
    # The feed leaves the date out.
    feed = icalendar.Calendar.from_ical(client.get(feed_path(site.calendar)).content)
    assert not [
        e for e in recurring_ical_events.of(feed).at(day) if str(e["UID"]) == site.series.uid
    ]


def test_all_day_series_dates(site, client, tmp_path):
    uid = site.all_day_series.uid
    cases = {
        site.all_day_first: (site.all_day_first, "CONFIRMED"),
        site.all_day_moved: (site.all_day_moved + dt.timedelta(days=1), "CONFIRMED"),
        site.all_day_cancelled: (site.all_day_cancelled, "CANCELLED"),
    }
    for day, (start, status) in cases.items():
        content = download(client, site.all_day_series, day)
        text = content.decode()
        assert f"RECURRENCE-ID;VALUE=DATE:{day:%Y%m%d}\r\n" in text
        assert f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\n" in text
        assert f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}\r\n" in text
        assert "VTIMEZONE" not in text
        event = only_vevent(content)
        assert str(event["UID"]) == uid and str(event["STATUS"]) == status
        (js,) = node_read(tmp_path, content)["events"]
        assert js["recurrenceId"] == day.isoformat() and js["start"] == start.isoformat()
        assert js["status"] == status
        if status == "CONFIRMED":
            expected = feed_instance(site, client, uid, day)
            assert expected["DTSTART"].dt == start


def test_one_off_event_is_the_feed_vevent(site, client):
    """A single event: its date gives the feed's VEVENT byte for byte (no RECURRENCE-ID), the
    same as the event's own ``ical/`` download."""
    day = site.winter.start_date
    content = download(client, site.winter, day)
    event = only_vevent(content)
    assert "RECURRENCE-ID" not in event
    assert str(event["UID"]) == site.winter.uid
    assert event["DTSTART"].dt == dt.datetime.combine(day, dt.time(9, 30), BERLIN)
    feed = icalendar.Calendar.from_ical(client.get(feed_path(site.calendar)).content)
    (in_feed,) = [e for e in feed.walk("VEVENT") if str(e["UID"]) == site.winter.uid]
    assert in_feed.to_ical() == event.to_ical()
    assert client.get(feed_path(site.winter)).content == content


def test_moved_and_annotated_dates_are_the_feed_overrides(site, client):
    feed = icalendar.Calendar.from_ical(client.get(feed_path(site.calendar)).content)
    overrides = {
        e["RECURRENCE-ID"].dt.date(): e
        for e in feed.walk("VEVENT")
        if str(e["UID"]) == site.series.uid and "RECURRENCE-ID" in e
    }
    for day in (site.moved_date, site.note_date):
        event = only_vevent(download(client, site.series, day))
        assert event.to_ical() == overrides[day].to_ical()


# --- bad dates and visibility ------------------------------------------------------------


def test_malformed_dates_are_400(site, client):
    for value in ("2027-02-30", "kein-datum", "20270304", "2027-3-4", "0000-00-00", "9" * 60):
        response = client.get(f"{site.series.url}ical/{value}/")
        assert response.status_code == 400, value
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Cache-Control"] == "no-store"


def test_dates_that_are_not_dates_of_the_event_are_404(site, client):
    first = site.first
    for event, day in [
        (site.series, first + dt.timedelta(days=1)),  # a Friday
        (site.series, first - dt.timedelta(days=7)),  # before the first date
        (site.series, dt.date(site.year, 12, 2)),  # after the last date
        (site.series, site.moved_date + dt.timedelta(days=1)),  # a moved date's new day
        (site.winter, site.winter.start_date + dt.timedelta(days=1)),
        (site.series, dt.date(1969, 12, 31)),
        (site.series, dt.date(9999, 12, 30)),
    ]:
        response = client.get(date_path(event, day))
        assert response.status_code == 404, (event.slug, day)
    assert client.post(date_path(site.series, first)).status_code == 405


def test_unpublished_and_restricted_events_give_no_file(site, client):
    from wagtail.models import PageViewRestriction

    path = date_path(site.winter, site.winter.start_date)
    site.winter.unpublish()
    assert client.get(path).status_code == 404
    site.winter.save_revision().publish()
    cache.clear()
    assert client.get(path).status_code == 200
    PageViewRestriction.objects.create(page=site.winter, restriction_type="login")
    cache.clear()
    response = client.get(path)
    assert response.status_code == 302  # to the login page
    assert b"BEGIN:VCALENDAR" not in response.content


# --- links ---------------------------------------------------------------------------------


def _query(url):
    parts = urlsplit(url)
    return parts, {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_google_and_outlook_links_for_one_date(site):
    from wagtail_ehrenamt.events import feeds
    from wagtail_ehrenamt.models import EventPage

    request = RequestFactory().get("/", secure=True)
    series = EventPage.objects.get(pk=site.series.pk)
    url = "https://testserver/termine/netzwerktreffen/"
    for name, (day, start) in series_dates(site).items():
        occurrence = series.occurrence_on(day)
        assert occurrence.start == start, name
        end = start + dt.timedelta(hours=2)
        parts, google = _query(feeds.google_event_url(series, request, occurrence))
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "calendar.google.com",
            "/calendar/render",
        )
        assert google["action"] == "TEMPLATE"
        assert google["text"] == "Netzwerktreffen Ehrenamt"
        assert google["ctz"] == "Europe/Berlin"
        utc = "%Y%m%dT%H%M%SZ"
        assert google["dates"] == (
            f"{start.astimezone(dt.UTC):{utc}}/{end.astimezone(dt.UTC):{utc}}"
        ), name
        assert google["details"].endswith(url)
        for host in ("outlook", "office"):
            parts, outlook = _query(feeds.outlook_event_url(series, request, occurrence, host))
            assert (
                parts.netloc
                == {"outlook": "outlook.live.com", "office": "outlook.office.com"}[host]
            )
            assert parts.path == "/calendar/0/deeplink/compose"
            assert outlook["path"] == "/calendar/action/compose"
            assert outlook["rru"] == "addevent"
            assert outlook["subject"] == "Netzwerktreffen Ehrenamt"
            assert dt.datetime.fromisoformat(outlook["startdt"]) == start, name
            assert dt.datetime.fromisoformat(outlook["startdt"]).utcoffset() == start.utcoffset()
            assert dt.datetime.fromisoformat(outlook["enddt"]) == end
            assert outlook["body"].endswith(url)
        if name == "moved":
            assert google["location"].startswith("Stadtbücherei Kellbach")
            assert outlook["location"].startswith("Stadtbücherei Kellbach")
        else:
            assert google["location"].startswith("Rathaus Lindenhain")
        if name == "note":
            assert "Mit Gastvortrag" in google["details"]

    all_day = EventPage.objects.get(pk=site.all_day_series.pk)
    moved = all_day.occurrence_on(site.all_day_moved)
    new_day = site.all_day_moved + dt.timedelta(days=1)
    _parts, google = _query(feeds.google_event_url(all_day, request, moved))
    assert google["dates"] == f"{new_day:%Y%m%d}/{new_day + dt.timedelta(days=1):%Y%m%d}"
    _parts, outlook = _query(feeds.outlook_event_url(all_day, request, moved))
    assert outlook["allday"] == "true"
    assert (outlook["startdt"], outlook["enddt"]) == (
        new_day.isoformat(),
        (new_day + dt.timedelta(days=1)).isoformat(),
    )
    assert all_day.occurrence_on(site.all_day_cancelled).is_cancelled
    assert all_day.occurrence_on(site.all_day_first + dt.timedelta(days=1)) is None


def _render(template, context, path="/"):
    request = RequestFactory().get(path)
    return Template("{% load ehrenamt_feeds %}" + template).render(
        Context({**context, "request": request})
    )


def test_template_tags(site):
    from wagtail_ehrenamt.models import EventPage

    series = EventPage.objects.get(pk=site.series.pk)
    moved = series.occurrence_on(site.moved_date)
    html = _render("{% add_to_calendar page occurrence %}", {"page": series, "occurrence": moved})
    # The moved date's file is found under its date in the series.
    assert f'href="http://testserver/termine/netzwerktreffen/ical/{site.moved_date}/"' in html
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "outlook.live.com/calendar/0/deeplink/compose" in html
    assert "outlook.office.com/calendar/0/deeplink/compose" in html
    cancelled = series.occurrence_on(site.cancelled_date)
    assert (
        _render(
            "{% add_to_calendar page occurrence %}", {"page": series, "occurrence": cancelled}
        ).strip()
        == ""
    )
    links = _render(
        "{% date_calendar_links occurrence as links %}{{ links.ics_url }}",
        {"occurrence": series.occurrence_on(site.note_date)},
    )
    assert links == f"http://testserver/termine/netzwerktreffen/ical/{site.note_date}/"
    assert (
        _render(
            "{% date_calendar_links occurrence as links %}{{ links }}", {"occurrence": cancelled}
        )
        == "None"
    )
    # A cancelled or postponed event offers no date to add.
    sommerfest = EventPage.objects.get(pk=site.cancelled.pk)
    assert _render("{% add_to_calendar page %}", {"page": sommerfest}).strip() == ""


def test_event_pages_offer_the_dates(site, client):
    """A series page: the next date prominently, each listed date with its own links,
    cancelled dates without; the series can still be subscribed. A single event: the add
    links, no subscription box."""
    from wagtail_ehrenamt.events.event_listing import today
    from wagtail_ehrenamt.models import EventPage

    series = EventPage.objects.get(pk=site.series.pk)
    html = client.get(site.series.url).content.decode()
    upcoming = series.next_occurrences(count=12)
    assert upcoming, "the series lies ahead of today"
    first = next(o for o in upcoming if not o.is_cancelled)
    card = html.split('class="ehrenamt-card ehrenamt-add-to-calendar"')[1].split("</div>")[0]
    assert f"/termine/netzwerktreffen/ical/{first.original_start.date()}/" in card
    for occurrence in upcoming:
        day = occurrence.original_start.date()
        link = f'href="http://testserver/termine/netzwerktreffen/ical/{day}/" download'
        assert (link in html) is (not occurrence.is_cancelled), day
    assert html.count('class="ehrenamt-date-actions"') == sum(
        1 for o in upcoming if not o.is_cancelled
    )
    assert "ehrenamt-subscribe" in html
    assert today() <= first.start_date

    one_off = client.get(site.winter.url).content.decode()
    assert 'href="http://testserver/termine/schulung/ical/" download' in one_off
    assert "ehrenamt-subscribe" not in one_off
    assert "ehrenamt-date-actions" not in one_off
    cancelled = client.get(site.cancelled.url).content.decode()
    assert "ehrenamt-add-to-calendar" not in cancelled


def test_subscribe_box_has_a_copy_button_and_outlook_desktop_steps(site):
    html = _render("{% subscribe_box page %}", {"page": site.calendar})
    assert 'class="ehrenamt-copy" data-ehrenamt-copy="ehrenamt-feed-url-' in html
    assert " hidden>" in html  # shown by the script only
    assert 'role="status"' in html
    assert "/static/wagtail_ehrenamt/js/copy.js" in html
    assert "<ol>" in html  # the steps for Outlook on Windows
    # The field stays: without JavaScript, the address is selected and copied by hand.
    assert 'readonly value="http://testserver/termine/ical/"' in html


def test_calendar_listing_links_each_date(site, client):
    """The calendar's list: each date that is not cancelled links its own ``.ics``."""
    html = client.get(site.calendar.url).content.decode()
    assert 'href="http://testserver/termine/schulung/ical/" download' in html
    items = html.count('<li class="ehrenamt-occurrence">')
    assert items > 0
    assert html.count('class="ehrenamt-occurrence__add"') == items
    assert html.count('<li class="ehrenamt-occurrence ehrenamt-cancelled">') + items == (
        html.count('<li class="ehrenamt-occurrence')
    )
    series_links = [
        part.split("/", 1)[0]
        for part in html.split('href="http://testserver/termine/netzwerktreffen/ical/')[1:]
    ]
    assert str(site.cancelled_date) not in series_links
