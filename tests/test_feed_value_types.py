"""RFC 5545 value types in every VEVENT of every feed, read from the raw lines.

A DATE-valued DTSTART, DTEND, EXDATE, RDATE or RECURRENCE-ID needs ``VALUE=DATE`` (strict
clients drop a bare ``EXDATE:20261005`` of an all-day series, so the cancelled date stays in
the subscriber's calendar); a DATE-TIME one needs a ``TZID`` with a matching VTIMEZONE. The
lines are checked as written, not through icalendar's tolerant parser.
"""

import re

import pytest
from django.core.cache import cache

from tests.feed_data import add_all_day_series, module_feed_site

DATE_PROPERTIES = {"DTSTART", "DTEND", "EXDATE", "RDATE", "RECURRENCE-ID"}
# Properties whose value type must be that of DTSTART (RFC 5545 3.8.2.2, 3.8.4.4, 3.8.5.1).
SAME_TYPE_AS_DTSTART = {"DTEND", "EXDATE", "RECURRENCE-ID"}
LINE = re.compile(
    r'^(?P<name>[A-Z0-9-]+)(?P<params>(?:;[A-Z0-9-]+=(?:"[^"]*"|[^";:]*))*):(?P<value>.*)$'
)
PARAM = re.compile(r';([A-Z0-9-]+)=("[^"]*"|[^";:]*)')
DATE = re.compile(r"^\d{8}$")
DATE_TIME = re.compile(r"^\d{8}T\d{6}$")


def unfold(content):
    assert b"\n" not in content.replace(b"\r\n", b""), "bare LF"
    return content.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def parse_line(line):
    match = LINE.match(line)
    assert match, f"not a content line: {line!r}"
    params = {key: value.strip('"') for key, value in PARAM.findall(match["params"])}
    return match["name"], params, match["value"]


def value_type(name, params, value, tzids, where):
    """'DATE' or 'DATE-TIME' for a date property, after checking its parameters."""
    values = value.split(",")
    if all(DATE.match(v) for v in values):
        assert params.get("VALUE") == "DATE", f"{where}: {name} without VALUE=DATE: {value}"
        assert "TZID" not in params, f"{where}: {name} is a DATE with a TZID"
        return "DATE"
    assert all(DATE_TIME.match(v) for v in values), (
        f"{where}: {name} is neither local DATE-TIME with TZID nor DATE: {value}"
    )
    assert params.get("VALUE", "DATE-TIME") == "DATE-TIME", f"{where}: {name} {params}"
    assert params.get("TZID") in tzids, f"{where}: {name} without a known TZID: {params}"
    return "DATE-TIME"


def check_feed(content, where):
    """Check every VEVENT of one feed; returns the (property, type) pairs seen."""
    lines = unfold(content)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""], where
    tzids = {parse_line(line)[2] for line in lines if line.startswith("TZID:")}
    seen = set()
    stack, vevent = [], None
    for line in lines[:-1]:
        name, params, value = parse_line(line)
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                vevent = {}
            continue
        if name == "END":
            assert stack.pop() == value, f"{where}: END:{value} does not match"
            if value == "VEVENT":
                assert "DTSTART" in vevent, f"{where}: VEVENT without DTSTART"
                for other in SAME_TYPE_AS_DTSTART & set(vevent):
                    assert set(vevent[other]) == {vevent["DTSTART"][0]}, (
                        f"{where}: {other} is not of the type of DTSTART: {vevent}"
                    )
                vevent = None
            continue
        if stack[-1:] == ["VEVENT"] and name in DATE_PROPERTIES:
            kind = value_type(name, params, value, tzids, where)
            vevent.setdefault(name, []).append(kind)
            seen.add((name, kind))
    assert stack == [], where
    return seen


def feed_pages():
    """Every live page with feeds (offices, networks, teams, platforms, calendars, events)."""
    from wagtail.models import Page

    from wagtail_ehrenamt.models.mixins import CalendarFeedMixin

    return [p for p in Page.objects.live().specific() if isinstance(p, CalendarFeedMixin)]


def check_every_feed(client):
    seen = set()
    pages = feed_pages()
    for page in pages:
        url = page.url + page.reverse_subpage("feed_ics")
        response = client.get(url)
        assert response.status_code == 200, url
        seen |= check_feed(response.content, url)
    return pages, seen


@pytest.fixture(scope="module")
def feed_site(django_db_setup, django_db_blocker):
    for site in module_feed_site(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            add_all_day_series(site)
        yield site


def test_every_feed_of_the_feed_site(feed_site, db, client):
    cache.clear()
    pages, seen = check_every_feed(client)
    assert len(pages) >= 10  # calendar, office, network, team, platform and the events
    # Every kind of date property occurs, so the checks above were not vacuous.
    assert seen >= {
        ("DTSTART", "DATE"),
        ("DTEND", "DATE"),
        ("EXDATE", "DATE"),
        ("RECURRENCE-ID", "DATE"),
        ("DTSTART", "DATE-TIME"),
        ("DTEND", "DATE-TIME"),
        ("EXDATE", "DATE-TIME"),
        ("RECURRENCE-ID", "DATE-TIME"),
    }


def test_all_day_exdate_line(feed_site, db, client):
    cache.clear()
    response = client.get(feed_site.all_day_series.url + "ical/")
    lines = unfold(response.content)
    cancelled = feed_site.all_day_cancelled.strftime("%Y%m%d")
    moved = feed_site.all_day_moved.strftime("%Y%m%d")
    assert f"EXDATE;VALUE=DATE:{cancelled}" in lines
    assert f"RECURRENCE-ID;VALUE=DATE:{moved}" in lines
    assert f"DTSTART;VALUE=DATE:{feed_site.all_day_first:%Y%m%d}" in lines


def test_every_feed_of_the_demo(home_page, client):
    from example_project.demo import load_demo
    from wagtail_ehrenamt.models import EventPage

    load_demo(home_page, translations=False)
    cache.clear()
    # The demo has an all-day series with a cancelled and a moved date.
    all_day_series = [
        event
        for event in EventPage.objects.live().exclude(rrule="")
        if event.all_day and {e.action for e in event.exceptions.all()} >= {"cancel", "move"}
    ]
    assert all_day_series
    pages, seen = check_every_feed(client)
    assert {("EXDATE", "DATE"), ("RECURRENCE-ID", "DATE")} <= seen
    assert {("EXDATE", "DATE-TIME"), ("RECURRENCE-ID", "DATE-TIME")} <= seen


def test_check_catches_a_bare_all_day_exdate():
    feed = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261005\r\n"
        b"EXDATE:20261012\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(AssertionError, match="EXDATE without VALUE=DATE"):
        check_feed(feed, "sample")
    utc = feed.replace(b"EXDATE:20261012", b"EXDATE:20261012T100000Z")
    with pytest.raises(AssertionError, match="neither local DATE-TIME"):
        check_feed(utc, "sample")
