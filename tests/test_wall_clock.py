"""Event times are shown as entered, whatever Django's TIME_ZONE is (issue 11, part 1).

An editor enters 18:00–20:00 in the package's zone (``WAGTAIL_EHRENAMT["TIME_ZONE"]``,
Europe/Berlin). Django's ``TIME_ZONE`` is "UTC" in a new ``wagtail start`` site, and Django's
``date`` filter would convert to it; every output must still say 18:00 and 20:00, with the
right offset (+01:00 in winter, +02:00 in summer), on both sides of both DST changes.
"""

import datetime as dt
import json
import re
from html import unescape
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils import translation

from tests.factories import add_page, ensure_site

BERLIN = ZoneInfo("Europe/Berlin")
DJANGO_ZONES = ["UTC", "Europe/Berlin", "America/New_York"]
# Fixed clocks: two weeks before the spring change (29 March 2026) and before the autumn
# change (25 October 2026), so the next weeks of the series cross one of them.
CLOCKS = {
    "spring": dt.datetime(2026, 3, 16, 10, tzinfo=BERLIN),
    "autumn": dt.datetime(2026, 10, 12, 10, tzinfo=BERLIN),
}
SERIES_FIRST = dt.date(2026, 3, 5)  # a Thursday
SERIES_UNTIL = dt.date(2027, 4, 29)  # crosses 29 March 2026, 25 October 2026, 28 March 2027
SINGLE_DAY = dt.date(2026, 10, 28)  # a Wednesday, after the autumn change
TIME_ELEMENT = re.compile(r'<time datetime="([^"]+)">([^<]*)</time>')
CLOCK_TEXT = re.compile(r"\b\d{1,2}:\d{2}\b")


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """Calendar, office, network and team with an 18:00–20:00 series and single event.

    Built once per module inside a transaction that is rolled back at the end.
    """
    from django.db import transaction

    from wagtail_ehrenamt.models import (
        CompetenceTeamPage,
        CoordinationOfficeIndexPage,
        CoordinationOfficePage,
        EventCalendarPage,
        EventPage,
        NetworkPage,
    )

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=BERLIN), tick=False):
                home = ensure_site()
                offices = add_page(
                    home, CoordinationOfficeIndexPage(title="Stellen", slug="stellen")
                )
                office = add_page(
                    offices, CoordinationOfficePage(title="Stelle Lindenhain", slug="lindenhain")
                )
                network = add_page(home, NetworkPage(title="Netzwerk", slug="netzwerk"))
                team = add_page(network, CompetenceTeamPage(title="Team Wohnen", slug="wohnen"))
                calendar = add_page(home, EventCalendarPage(title="Termine", slug="termine"))
                series = add_page(
                    calendar,
                    EventPage(
                        title="Wochentreffen",
                        slug="wochentreffen",
                        start_date=SERIES_FIRST,
                        start_time=dt.time(18),
                        end_time=dt.time(20),
                        repeat="weekly",
                        repeat_ends="until",
                        repeat_until=SERIES_UNTIL,
                        organiser_page=team,
                    ),
                )
                single = add_page(
                    calendar,
                    EventPage(
                        title="Infoabend",
                        slug="infoabend",
                        start_date=SINGLE_DAY,
                        start_time=dt.time(18),
                        end_time=dt.time(20),
                        organiser_page=office,
                    ),
                )
            yield {
                "home": home,
                "offices": offices,
                "office": office,
                "network": network,
                "team": team,
                "calendar": calendar,
                "series": series,
                "single": single,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(params=DJANGO_ZONES)
def django_zone(request, content, db):
    """Django's TIME_ZONE set to each zone; the package's zone stays Europe/Berlin."""
    from django.conf import settings

    package = {**getattr(settings, "WAGTAIL_EHRENAMT", {}), "TIME_ZONE": "Europe/Berlin"}
    cache.clear()
    with override_settings(TIME_ZONE=request.param, WAGTAIL_EHRENAMT=package):
        yield request.param
    cache.clear()


@pytest.fixture(params=list(CLOCKS))
def clock(request, django_zone):
    with time_machine.travel(CLOCKS[request.param], tick=False):
        yield CLOCKS[request.param]


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def berlin_offset(moment):
    """The offset Europe/Berlin has at ``moment``'s wall-clock time."""
    return moment.replace(tzinfo=BERLIN).utcoffset()


def assert_wall_clock(html, where):
    """Every timed <time> says 18:00 or 20:00 Berlin time, and so does the visible text.

    Returns the offsets seen in the ``datetime`` attributes.
    """
    timed = [(attr, text) for attr, text in TIME_ELEMENT.findall(html) if "T" in attr]
    offsets = set()
    for attr, text in timed:
        moment = dt.datetime.fromisoformat(attr)
        assert moment.strftime("%H:%M") in ("18:00", "20:00"), (where, attr)
        assert moment.utcoffset() == berlin_offset(moment), (where, attr)
        assert unescape(text).strip().endswith(moment.strftime("%H:%M")), (where, attr, text)
        offsets.add(moment.utcoffset())
    clocks = set(CLOCK_TEXT.findall(visible_text(html)))
    assert clocks == {"18:00", "20:00"} or clocks == {"18:00"}, (where, clocks)
    return offsets


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


WINTER, SUMMER = dt.timedelta(hours=1), dt.timedelta(hours=2)


def test_calendar_pages(content, clock, client):
    calendar = content["calendar"]
    offsets = assert_wall_clock(get(client, calendar.url), "upcoming")
    assert offsets == {WINTER, SUMMER}  # the next 20 dates cross a DST change
    assert_wall_clock(get(client, calendar.url + "archiv/"), "archive")
    for year, month in [(2026, 3), (2026, 4), (2026, 10), (2026, 11), (2027, 3), (2027, 4)]:
        html = get(client, f"{calendar.url}monat/{year}/{month}/")
        assert_wall_clock(html, f"month {year}-{month}")
        # The month grid shows the start time of each date in front of the title.
        assert visible_text(html).count("18:00 Wochentreffen") >= 4
    for first, last in [("2026-03-01", "2026-04-30"), ("2026-10-01", "2026-11-30")]:
        html = get(client, f"{calendar.url}zeitraum/?from={first}&to={last}")
        assert assert_wall_clock(html, f"range {first}") == {WINTER, SUMMER}


def test_event_pages_and_json_ld(content, clock, client):
    for event in (content["series"], content["single"]):
        html = get(client, event.url)
        assert_wall_clock(html, event.slug)
        (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(script)
        items = data if isinstance(data, list) else [data]
        offsets = set()
        for item in items:
            start = dt.datetime.fromisoformat(item["startDate"])
            end = dt.datetime.fromisoformat(item["endDate"])
            assert (start.hour, start.minute, end.hour, end.minute) == (18, 0, 20, 0)
            assert start.utcoffset() == berlin_offset(start), item["startDate"]
            assert end.utcoffset() == berlin_offset(end), item["endDate"]
            offsets.add(start.isoformat()[-6:])
        if event is content["series"]:
            assert offsets == {"+01:00", "+02:00"}  # the next 12 weeks cross a DST change
        else:
            assert offsets == {"+01:00"}
            assert items[0]["startDate"] == "2026-10-28T18:00:00+01:00"


def test_organiser_pages(content, clock, client):
    for name in ("office", "team", "network"):
        html = get(client, content[name].url)
        assert_wall_clock(html, name)
        assert "18:00" in visible_text(html)


def test_block_and_template_tag(content, clock):
    from wagtail_ehrenamt.blocks.events import UpcomingEventsBlock

    request = RequestFactory().get("/")
    block = UpcomingEventsBlock()
    value = block.to_python({"calendar": content["calendar"].pk, "limit": 5})
    html = block.render(value, context={"request": request})
    assert_wall_clock(html, "block")
    html = Template("{% load ehrenamt_events %}{% upcoming_events calendar=calendar %}").render(
        Context({"calendar": content["calendar"], "request": request})
    )
    assert_wall_clock(html, "upcoming_events tag")


@pytest.mark.parametrize("user_zone", ["", "America/New_York"])
def test_admin_next_dates_panel(content, django_zone, client, django_user_model, user_zone):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = user_zone  # an editor's own zone in the admin
    profile.save()
    client.force_login(user)
    html = get(client, f"/admin/pages/{content['series'].pk}/edit/")
    (panel,) = re.findall(r'<div class="[^"]*ehrenamt-next-dates">(.*?)</div>', html, re.S)
    # The first ten dates of the series, from 5 March 2026: across the spring change.
    assert assert_wall_clock(panel, "next dates") == {WINTER, SUMMER}
    assert len(TIME_ELEMENT.findall(panel)) == 20


def test_atom_feed(content, clock, client):
    feed = ElementTree.fromstring(get(client, content["calendar"].url + "atom/"))
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter()]
    entries = [t for t in titles if t and ("Wochentreffen" in t or "Infoabend" in t)]
    assert len(entries) == 2
    for title in entries:
        assert CLOCK_TEXT.findall(title) == ["18:00"], title


def test_ical_feed(content, django_zone, clock, client):
    lines = get(client, content["calendar"].url + "ical/").split("\r\n")
    assert "DTSTART;TZID=Europe/Berlin:20260305T180000" in lines
    assert "DTEND;TZID=Europe/Berlin:20260305T200000" in lines
    assert "DTSTART;TZID=Europe/Berlin:20261028T180000" in lines
    assert "DTEND;TZID=Europe/Berlin:20261028T200000" in lines


def test_print_view_and_csv_date_in_package_zone(content, django_zone, client):
    # 23:30 UTC on 15 March is 00:30 on 16 March in Berlin.
    with time_machine.travel(dt.datetime(2026, 3, 15, 23, 30, tzinfo=dt.UTC), tick=False):
        html = get(client, content["offices"].url + "print/")
        assert "16. März 2026, 00:30" in visible_text(html)
        response = client.get(content["offices"].url + "csv/")
    assert "2026-03-16.csv" in response["Content-Disposition"]


def test_filters_use_the_package_zone(settings):
    settings.WAGTAIL_EHRENAMT = {"TIME_ZONE": "Europe/Berlin"}
    settings.TIME_ZONE = "America/New_York"
    moment = dt.datetime(2026, 7, 1, 16, tzinfo=dt.UTC)  # 18:00 in Berlin
    template = Template(
        "{% load ehrenamt_tags %}{{ m|ehrenamt_date:'c' }} {{ m|ehrenamt_time:'H:i' }} "
        "{{ m|date:'H:i' }} {{ d|ehrenamt_date:'Y-m-d' }}"
    )
    output = template.render(Context({"m": moment, "d": dt.date(2026, 7, 1)}))
    # Django's own filter converts to its current zone; ours do not.
    assert output == "2026-07-01T18:00:00+02:00 18:00 12:00 2026-07-01"


def test_kept_formats_follow_language_zone_and_value(settings):
    """The filters keep what they formatted; the same value must still follow the active
    language and the package's time zone, and an equal instant in another zone, a date
    and a naive datetime of the same day must not share a result."""
    template = Template(
        "{% load ehrenamt_tags %}{{ m|ehrenamt_date:'D, j. F Y, H:i' }}|"
        "{{ m|ehrenamt_time:'H:i' }}|{{ d|ehrenamt_date:'c' }}|{{ n|ehrenamt_date:'c' }}|"
        "{{ u|ehrenamt_date:'c' }}"
    )
    moment = dt.datetime(2026, 7, 1, 18, tzinfo=ZoneInfo("Europe/Berlin"))
    context = {
        "m": moment,
        "d": dt.date(2026, 7, 1),
        "n": dt.datetime(2026, 7, 1),
        "u": moment.astimezone(dt.UTC),
    }
    settings.WAGTAIL_EHRENAMT = {"TIME_ZONE": "Europe/Berlin"}
    results = []
    for language, zone in [("de", "Europe/Berlin"), ("en", "Europe/Berlin"), ("de", "UTC")]:
        settings.WAGTAIL_EHRENAMT = {"TIME_ZONE": zone}
        with translation.override(language):
            results.append(template.render(Context(context)))
    naive_offset = Template("{% load ehrenamt_tags %}{{ n|ehrenamt_date:'H:i O' }}")
    for django_zone in ["America/New_York", "Asia/Tokyo"]:
        with override_settings(TIME_ZONE=django_zone):
            results.append(naive_offset.render(Context(context)))
    assert results == [
        "Mi, 1. Juli 2026, 18:00|18:00|2026-07-01|2026-07-01T00:00:00|2026-07-01T18:00:00+02:00",
        "Wed 1 July 2026, 18:00|18:00|2026-07-01|2026-07-01T00:00:00|2026-07-01T18:00:00+02:00",
        "Mi, 1. Juli 2026, 16:00|16:00|2026-07-01|2026-07-01T00:00:00|2026-07-01T16:00:00+00:00",
        "00:00 -0400",
        "00:00 +0900",
    ]


@pytest.mark.parametrize(
    ("package", "django_zone", "expected"),
    [
        ({"TIME_ZONE": "Europe/Berlin"}, "UTC", []),
        ({}, "Europe/Berlin", []),
        # `wagtail start` without the package setting: times would be entered in UTC.
        ({}, "UTC", ["wagtail_ehrenamt.W010"]),
        ({"TIME_ZONE": "UTC"}, "Europe/Berlin", []),  # chosen on purpose
        ({"TIME_ZONE": "Europe"}, "UTC", ["wagtail_ehrenamt.E004"]),  # a directory
        ({"TIME_ZONE": BERLIN}, "UTC", ["wagtail_ehrenamt.E004"]),  # not a name
    ],
)
def test_time_zone_checks(package, django_zone, expected):
    from wagtail_ehrenamt import checks

    with override_settings(WAGTAIL_EHRENAMT=package, TIME_ZONE=django_zone):
        messages = checks.check_settings(None) + checks.check_time_zone(None)
    assert sorted(m.id for m in messages) == expected
    for message in messages:
        assert "Europe/Berlin" in message.hint


def test_no_time_zone_at_all_is_an_error():
    from wagtail_ehrenamt import checks

    # Django accepts TIME_ZONE = None (system zone) when USE_TZ is False; events cannot.
    with override_settings(WAGTAIL_EHRENAMT={}, TIME_ZONE=None, USE_TZ=False):
        messages = checks.check_time_zone(None)
    assert [m.id for m in messages] == ["wagtail_ehrenamt.E010"]
    assert "WAGTAIL_EHRENAMT = {'TIME_ZONE': 'Europe/Berlin'}" in messages[0].hint
