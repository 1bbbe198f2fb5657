"""Every feed variant parsed and expanded by independent iCalendar clients.

ical.js (Mozilla's parser used by Thunderbird; it trusts the feed's VTIMEZONE like Outlook),
recurring-ical-events (icalendar + IANA zones), vobject and ics-py. A weekly 18:00 meeting
must be at 18:00 local time on both sides of each daylight-saving change.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from tests.feed_data import add_all_day_series, feed_path, module_feed_site

ICALCLIENTS = Path(__file__).resolve().parent / "icalclients"
UTC = dt.UTC


def _filter_by_type(events, params):
    """Stand-in for the calendar's filters: ``?type=<event type>``."""
    value = params.get("type") if params else None
    if value:
        events = events.filter(event_type=value)
    return events, {}


@pytest.fixture(scope="module")
def feed_site(django_db_setup, django_db_blocker):
    """The feed test site plus an all-day series with a cancelled and a moved date."""
    for site in module_feed_site(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            add_all_day_series(site)
        yield site


@pytest.fixture
def site(feed_site, db, monkeypatch):
    from django.core.cache import cache

    from wagtail_ehrenamt.events import event_listing

    cache.clear()
    monkeypatch.setattr(event_listing, "filter_event_queryset", _filter_by_type)
    return feed_site


@pytest.fixture
def variants(site, client):
    """name -> feed bytes, fetched with plain GETs."""
    paths = {
        "calendar": feed_path(site.calendar),
        "filtered": feed_path(site.calendar) + "?type=network_meeting",
        "office": feed_path(site.office),
        "team": feed_path(site.team),
        "platform": feed_path(site.platform),
        "event": feed_path(site.series),
    }
    result = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.content[:300])
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        result[name] = response.content
    return result


def _expected_series_starts(site):
    """UTC starts of the series: 17:00Z in winter (CET), 16:00Z in summer (CEST)."""
    starts = []
    day = site.first
    while day <= dt.date(site.year, 11, 30):
        if day != site.cancelled_date:
            if day == site.moved_date:
                local = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(19))
            else:
                local = dt.datetime.combine(day, dt.time(18))
            summer = site.march_dst <= local.date() < site.october_dst
            starts.append(local - dt.timedelta(hours=2 if summer else 1))
        day += dt.timedelta(days=7)
    return [s.replace(tzinfo=UTC) for s in starts]


def _expected_all_day_dates(site):
    """Dates of the all-day series: Mondays, one cancelled, one moved to the Tuesday."""
    dates = []
    day = site.all_day_first
    while day <= dt.date(site.year, 11, 30):
        if day == site.all_day_moved:
            dates.append(day + dt.timedelta(days=1))
        elif day != site.all_day_cancelled:
            dates.append(day)
        day += dt.timedelta(days=7)
    return dates


def _node_expand(tmp_path, content, start, end):
    node = shutil.which("node")
    assert node, "node is required for the ical.js interop test"
    if not (ICALCLIENTS / "node_modules" / "ical.js").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ICALCLIENTS,
            check=True,
        )
    path = tmp_path / "feed.ics"
    path.write_bytes(content)
    result = subprocess.run(
        [node, str(ICALCLIENTS / "expand.js"), str(path), start, end],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        check=True,
    )
    return json.loads(result.stdout)


def _parse_utc(value):
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_format_of_every_variant(variants):
    for name, content in variants.items():
        assert content.startswith(b"BEGIN:VCALENDAR\r\n"), name
        assert content.endswith(b"END:VCALENDAR\r\n"), name
        lines = content.split(b"\r\n")
        assert b"\n" not in content.replace(b"\r\n", b""), f"bare LF in {name}"
        assert max(len(line) for line in lines) <= 75, name
        content.decode("utf-8")
        icalendar.Calendar.from_ical(content)  # strict enough to raise on broken syntax


def test_ical_js_expands_series_across_dst(site, variants, tmp_path):
    expected = _expected_series_starts(site)
    assert any(s.hour == 17 for s in expected if s.month == 3)
    assert any(s.hour == 16 for s in expected if s.month == 4)
    assert any(s.hour == 17 for s in expected if s.month == 11)
    for name in ("calendar", "filtered", "office", "event"):
        data = _node_expand(
            tmp_path,
            variants[name],
            f"{site.year - 1}-12-01T00:00:00",
            f"{site.year}-12-31T00:00:00",
        )
        series = [e for e in data["events"] if e["uid"] == site.series.uid]
        assert len(series) == 1, name
        starts = [_parse_utc(o["start"]) for o in series[0]["occurrences"]]
        assert starts == expected, name
        assert {o["tzid"] for o in series[0]["occurrences"]} == {"Europe/Berlin"}
        if name == "event":
            assert data["calname"] is None
        else:
            assert data["calname"]


def test_ical_js_reads_all_day_and_status(site, variants, tmp_path):
    data = _node_expand(
        tmp_path,
        variants["calendar"],
        f"{site.year - 1}-12-01T00:00:00",
        f"{site.year}-12-31T00:00:00",
    )
    by_uid = {e["uid"]: e for e in data["events"]}
    days = by_uid[site.days.uid]["occurrences"][0]
    assert days["start"] == f"{site.year}-06-12" and days["end"] == f"{site.year}-06-15"
    assert by_uid[site.cancelled.uid]["status"] == "CANCELLED"
    winter = by_uid[site.winter.uid]["occurrences"][0]
    assert winter["start"] == f"{site.year}-01-20T08:30:00.000Z"
    assert site.far.uid not in by_uid


def test_ical_js_expands_all_day_series_with_cancelled_and_moved_date(site, variants, tmp_path):
    expected = [day.isoformat() for day in _expected_all_day_dates(site)]
    for name in ("calendar", "team"):
        data = _node_expand(
            tmp_path,
            variants[name],
            f"{site.year - 1}-12-01T00:00:00",
            f"{site.year}-12-31T00:00:00",
        )
        (series,) = [e for e in data["events"] if e["uid"] == site.all_day_series.uid]
        starts = [o["start"] for o in series["occurrences"]]
        assert starts == expected, name
        assert site.all_day_cancelled.isoformat() not in starts
        moved = [o for o in series["occurrences"] if o["recurrenceId"] != o["start"]]
        assert [(o["recurrenceId"], o["start"]) for o in moved] == [
            (
                site.all_day_moved.isoformat(),
                (site.all_day_moved + dt.timedelta(days=1)).isoformat(),
            )
        ], name


def test_recurring_ical_events_expands_all_day_series(site, variants):
    expected = _expected_all_day_dates(site)
    for name in ("calendar", "team"):
        calendar = icalendar.Calendar.from_ical(variants[name])
        occurrences = recurring_ical_events.of(calendar).between(
            dt.date(site.year - 1, 12, 1), dt.date(site.year, 12, 31)
        )
        starts = sorted(
            o["DTSTART"].dt for o in occurrences if str(o["UID"]) == site.all_day_series.uid
        )
        assert all(type(s) is dt.date for s in starts), name
        assert starts == expected, name


def test_recurring_ical_events_expands_series_across_dst(site, variants):
    expected = _expected_series_starts(site)
    for name in ("calendar", "filtered", "office", "event"):
        calendar = icalendar.Calendar.from_ical(variants[name])
        occurrences = recurring_ical_events.of(calendar).between(
            dt.date(site.year - 1, 12, 1), dt.date(site.year, 12, 31)
        )
        starts = sorted(
            o["DTSTART"].dt.astimezone(UTC) for o in occurrences if str(o["UID"]) == site.series.uid
        )
        assert starts == expected, name
    calendar = icalendar.Calendar.from_ical(variants["calendar"])
    moved = recurring_ical_events.of(calendar).at(site.moved_date + dt.timedelta(days=1))
    assert [str(o["LOCATION"]) for o in moved] == [
        "Stadtbücherei Kellbach, Schulstraße 4, 35998 Kellbach"
    ]
    assert recurring_ical_events.of(calendar).at(site.cancelled_date) == []
    noted = recurring_ical_events.of(calendar).at(site.note_date)
    assert "Mit Gastvortrag" in str(noted[0]["DESCRIPTION"])


def test_vobject_parses_every_variant(site, variants):
    expected = _expected_series_starts(site)
    for name, content in variants.items():
        calendar = vobject.readOne(content.decode("utf-8"))
        vevents = list(calendar.vevent_list)
        assert vevents, name
        masters = [
            v for v in vevents if v.uid.value == site.series.uid and not hasattr(v, "recurrence_id")
        ]
        if name in ("calendar", "filtered", "office", "event"):
            (master,) = masters
            rule = master.getrruleset(addRDate=True)
            starts = [s.astimezone(UTC) for s in rule]
            # vobject applies EXDATE but not RECURRENCE-ID overrides: the moved date stays.
            moved_original = dt.datetime.combine(site.moved_date, dt.time(18))
            summer = site.march_dst <= site.moved_date < site.october_dst
            moved_utc = (moved_original - dt.timedelta(hours=2 if summer else 1)).replace(
                tzinfo=UTC
            )
            assert sorted(starts) == sorted(
                [s for s in expected if s.date() != site.moved_date + dt.timedelta(days=1)]
                + [moved_utc]
            ), name
        else:
            assert masters == [], name


def test_vobject_reads_all_day_series(site, variants):
    # vobject applies EXDATE but not RECURRENCE-ID overrides: the moved date stays.
    expected = [
        day for day in _expected_all_day_dates(site) if day != site.all_day_moved + dt.timedelta(1)
    ] + [site.all_day_moved]
    for name in ("calendar", "team"):
        calendar = vobject.readOne(variants[name].decode("utf-8"))
        (master,) = [
            v
            for v in calendar.vevent_list
            if v.uid.value == site.all_day_series.uid and not hasattr(v, "recurrence_id")
        ]
        assert type(master.dtstart.value) is dt.date
        starts = sorted(
            s.date() if isinstance(s, dt.datetime) else s for s in master.getrruleset(addRDate=True)
        )
        assert starts == sorted(expected), name
        assert site.all_day_cancelled not in starts


def test_ics_py_parses_calendar(site, variants):
    import ics

    for name in ("calendar", "team", "platform", "event"):
        calendar = ics.Calendar(variants[name].decode("utf-8"))
        uids = {event.uid for event in calendar.events}
        assert uids, name
    calendar = ics.Calendar(variants["team"].decode("utf-8"))
    (days,) = [e for e in calendar.events if e.uid == site.days.uid]
    assert days.all_day


def test_uids_equal_across_variants(site, variants):
    def uids(content):
        calendar = icalendar.Calendar.from_ical(content)
        return {str(c["UID"]) for c in calendar.walk("VEVENT")}

    assert uids(variants["calendar"]) == {
        site.series.uid,
        site.days.uid,
        site.winter.uid,
        site.cancelled.uid,
        site.all_day_series.uid,
    }
    assert uids(variants["filtered"]) == {site.series.uid}
    assert uids(variants["office"]) == {site.series.uid}
    assert uids(variants["team"]) == {site.days.uid, site.all_day_series.uid}
    assert uids(variants["platform"]) == {site.winter.uid, site.cancelled.uid}
    assert uids(variants["event"]) == {site.series.uid}

    # The VEVENT of an event is the same in every feed it appears in.
    def vevent(content, uid):
        calendar = icalendar.Calendar.from_ical(content)
        return [c.to_ical() for c in calendar.walk("VEVENT") if str(c["UID"]) == uid]

    assert vevent(variants["calendar"], site.series.uid) == vevent(
        variants["office"], site.series.uid
    )
