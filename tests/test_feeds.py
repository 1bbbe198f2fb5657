"""Feed content, HTTP behaviour (ETag, 304, caching, bad input), SEQUENCE and template tags."""

import datetime as dt
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.factories import add_page
from tests.feed_data import feed_path, module_feed_site, refreshed
from wagtail_ehrenamt.models.events import EventType

ATOM = "{http://www.w3.org/2005/Atom}"


feed_site = pytest.fixture(scope="module")(module_feed_site)


@pytest.fixture
def site(feed_site, db):
    cache.clear()
    return refreshed(feed_site)


def vevents(content):
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def test_calendar_feed_content(site, client):
    response = client.get(feed_path(site.calendar))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    text = response.content.decode()
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]).startswith("Termine")
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text
    assert "X-PUBLISHED-TTL:PT6H\r\n" in text
    assert "METHOD:PUBLISH\r\n" in text
    # VTIMEZONE with yearly rules, valid for every year of an open-ended series.
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text

    series = [v for v in vevents(response.content) if str(v["UID"]) == site.series.uid]
    master = next(v for v in series if "RECURRENCE-ID" not in v)
    assert f"DTSTART;TZID=Europe/Berlin:{site.first:%Y%m%d}T180000" in text
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"]["UNTIL"][0].tzinfo is not None  # UTC UNTIL for a TZID start
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert [d.date() for d in exdates] == [site.cancelled_date]
    assert str(master["LOCATION"]).startswith("Rathaus Lindenhain, Großer Sitzungssaal")
    assert master["GEO"].latitude == pytest.approx(50.512345)
    # The event type, then the topics in alphabetical order.
    type_label = str(dict(EventType.choices)["network_meeting"])
    assert [str(c) for c in master["CATEGORIES"].cats] == [type_label, "Sprache", "Wohnen"]
    assert str(master["ORGANIZER"]) == "mailto:ehrenamt@lindenhain.example"
    assert master["ORGANIZER"].params["CN"] == "Koordinierungsstelle Lindenhain"
    assert "http://testserver/termine/netzwerktreffen/" in str(master["DESCRIPTION"])
    assert str(master["URL"]) == "http://testserver/termine/netzwerktreffen/"
    assert master["DTSTAMP"].dt.tzinfo is not None and "LAST-MODIFIED" in master
    overrides = {v["RECURRENCE-ID"].dt.date(): v for v in series if "RECURRENCE-ID" in v}
    assert set(overrides) == {site.moved_date, site.note_date}
    moved = overrides[site.moved_date]
    assert moved["DTSTART"].dt.replace(tzinfo=None) == dt.datetime.combine(
        site.moved_date + dt.timedelta(days=1), dt.time(19)
    )
    assert "Stadtbücherei" in str(moved["LOCATION"]) and "GEO" not in moved

    days = next(v for v in vevents(response.content) if str(v["UID"]) == site.days.uid)
    assert "DTSTART;VALUE=DATE:" in days.to_ical().decode()
    assert days["DTSTART"].dt == dt.date(site.year, 6, 12)
    assert days["DTEND"].dt == dt.date(site.year, 6, 15)  # exclusive

    cancelled = next(v for v in vevents(response.content) if str(v["UID"]) == site.cancelled.uid)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Abgesagt: Wegen Unwetterwarnung" in str(cancelled["DESCRIPTION"])
    assert str(cancelled["SUMMARY"]) == "Abgesagt: Sommerfest"
    assert site.far.uid not in text  # outside the window


def test_old_cancellations_drop_out(site, client, settings):
    from wagtail_ehrenamt.models import EventPage

    EventPage.objects.filter(pk=site.cancelled.pk).update(
        last_published_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    )
    assert site.cancelled.uid not in client.get(feed_path(site.calendar)).content.decode()
    settings.WAGTAIL_EHRENAMT = {"FEED_KEEP_CANCELLED_DAYS": 60}
    assert site.cancelled.uid in client.get(feed_path(site.calendar)).content.decode()


def test_feed_language_is_the_calendars(site, client):
    """A German calendar's feed is German whatever the browser asks for (a translated
    calendar has its own feed: test_languages.py)."""
    response = client.get(feed_path(site.calendar), HTTP_ACCEPT_LANGUAGE="en")
    cancelled = next(v for v in vevents(response.content) if str(v["UID"]) == site.cancelled.uid)
    assert str(cancelled["SUMMARY"]) == "Abgesagt: Sommerfest"
    german = client.get(feed_path(site.calendar), HTTP_ACCEPT_LANGUAGE="de")
    assert german["ETag"] == response["ETag"]


def test_single_event_download(site, client):
    response = client.get(feed_path(site.series))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="netzwerktreffen.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "X-WR-CALNAME" not in calendar and "NAME" not in calendar
    assert {str(v["UID"]) for v in vevents(response.content)} == {site.series.uid}


def test_organiser_feeds(site, client):
    for page, uids in [
        (site.office, {site.series.uid}),
        (site.team, {site.days.uid}),
        (site.platform, {site.winter.uid, site.cancelled.uid}),
        # A network's feed also carries the meetings of its teams and platforms.
        (site.network, {site.days.uid, site.winter.uid, site.cancelled.uid}),
    ]:
        response = client.get(feed_path(page))
        assert response.status_code == 200
        assert {str(v["UID"]) for v in vevents(response.content)} == uids
        assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_unpublished_event_leaves_feed(site, client):
    assert site.winter.uid in client.get(feed_path(site.calendar)).content.decode()
    site.winter.unpublish()
    assert site.winter.uid not in client.get(feed_path(site.calendar)).content.decode()


def test_plain_get_without_redirect_and_head(site, client):
    response = client.get(feed_path(site.calendar), follow=False)
    assert response.status_code == 200
    assert client.head(feed_path(site.calendar)).status_code == 200
    assert client.post(feed_path(site.calendar)).status_code == 405


def test_etag_and_last_modified_give_304(site, client):
    path = feed_path(site.calendar)
    first = client.get(path)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert not any("wagtail_ehrenamt_eventoccurrenceexception" in q["sql"] for q in queries)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Other filters, another ETag.
    other = client.get(path + "?page=2")
    assert other["ETag"] == etag  # pagination is ignored by feeds
    # Publishing a change changes the ETag.
    site.winter.title = "Schulung Erste Hilfe (neu)"
    site.winter.save_revision().publish()
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert b"Schulung Erste Hilfe (neu)" in changed.content


def test_deleting_an_event_invalidates(site, client):
    path = feed_path(site.calendar)
    etag = client.get(path)["ETag"]
    site.days.delete()
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert site.days.uid.encode() not in response.content


def test_rendered_feed_is_cached(site, client, django_assert_max_num_queries):
    path = feed_path(site.calendar)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert not any("wagtail_ehrenamt_eventoccurrenceexception" in q["sql"] for q in queries)


@pytest.mark.parametrize("kind", ["ics", "atom"])
def test_query_count_independent_of_number_of_events(site, client, kind):
    from wagtail_ehrenamt.models import EventOccurrenceException, EventPage

    def render():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(feed_path(site.calendar, kind))
        assert response.status_code == 200
        return len(queries), response.content

    small, _ = render()
    for number in range(12):
        event = EventPage(
            title=f"Treffen {number}",
            slug=f"treffen-{number}",
            start_date=site.first + dt.timedelta(days=number),
            start_time=dt.time(17),
            repeat="weekly",
            location=site.library,
            organiser_page=site.office,
        )
        event.exceptions.add(
            EventOccurrenceException(
                original_date=site.first + dt.timedelta(days=number + 7), action="cancel"
            )
        )
        add_page(site.calendar, event)
    assert EventPage.objects.count() > 15
    large, content = render()
    assert b"Treffen 11" in content
    assert large == small


@pytest.mark.parametrize(
    "query",
    ["?colour=blue", "?type=network_meeting", "?from=2024-13-45"],
)
def test_unknown_parameters_on_organiser_feed_are_400(site, client, query):
    response = client.get(feed_path(site.office) + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"BEGIN:VCALENDAR" not in response.content
    assert query[1:].split("=")[0].encode() in response.content


def test_calendar_filter_errors_are_400(site, client, monkeypatch):
    from wagtail_ehrenamt.events import event_listing

    def filter_event_queryset(events, params):
        if params.get("from") == "gestern":
            return events.none(), {"from": "Enter a valid date."}
        if params.get("type") == "boom":
            raise ValueError("bad type")
        return events, {}

    monkeypatch.setattr(event_listing, "filter_event_queryset", filter_event_queryset)
    response = client.get(feed_path(site.calendar) + "?from=gestern")
    assert response.status_code == 400
    assert "from: Enter a valid date." in response.content.decode()
    assert client.get(feed_path(site.calendar) + "?type=boom").status_code == 400
    assert client.get(feed_path(site.calendar) + "?from=morgen").status_code == 200
    atom = client.get(feed_path(site.calendar, "atom") + "?from=gestern")
    assert atom.status_code == 400


def test_sequence_grows_on_published_change_of_time_place_or_status(site):
    from wagtail_ehrenamt.models import EventOccurrenceException, EventPage

    event = EventPage.objects.get(pk=site.winter.pk)
    assert event.sequence == 0
    event.summary = "Nur der Text ändert sich."
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 0
    event.start_time = dt.time(10)
    event.save_revision()  # a draft does not count
    event.refresh_from_db()
    assert event.sequence == 0 and event.start_time == dt.time(9, 30)
    event.start_time = dt.time(10)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 1
    event.location = site.town_hall
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 2
    event.status = "postponed"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 3

    series = EventPage.objects.get(pk=site.series.pk)
    series.exceptions.add(
        EventOccurrenceException(original_date=site.first + dt.timedelta(days=14), action="cancel")
    )
    series.save_revision().publish()
    series.refresh_from_db()
    assert series.sequence == 1
    # A copy is a new event: new UID, SEQUENCE from 0.
    copy = event.copy(update_attrs={"slug": "kopie", "title": "Kopie"})
    assert copy.uid != event.uid and copy.sequence == 0


def test_sequence_in_feed(site, client):
    event = site.winter
    event.start_time = dt.time(11)
    event.save_revision().publish()
    (vevent,) = [
        v
        for v in vevents(client.get(feed_path(site.calendar)).content)
        if str(v["UID"]) == event.uid
    ]
    assert vevent["SEQUENCE"] == 1


def test_frontend_cache_purge(site, settings, monkeypatch):
    purged = []
    from wagtail.contrib.frontend_cache import utils

    from wagtail_ehrenamt import signals

    monkeypatch.setattr(utils, "purge_urls_from_cache", lambda urls, **kw: purged.extend(urls))
    monkeypatch.setattr(signals, "frontend_cache_installed", lambda: True)
    site.series.title = "Netzwerktreffen (neu)"
    site.series.save_revision().publish()
    assert "http://localhost/termine/netzwerktreffen/ical/" in purged
    assert "http://localhost/termine/ical/" in purged
    assert "http://localhost/termine/atom/" in purged
    assert "http://localhost/ks/ks-lindenhain/ical/" in purged


def test_atom_feed_is_valid(site, client):
    response = client.get(feed_path(site.calendar, "atom"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/termine/atom/")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert any("Netzwerktreffen Ehrenamt" in t for t in titles)
    series_entry = next(
        e for e in entries if "Netzwerktreffen Ehrenamt" in e.find(f"{ATOM}title").text
    )
    terms = [c.get("term") for c in series_entry.findall(f"{ATOM}category")]
    assert {"Sprache", "Wohnen"} <= set(terms)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    assert client.get(feed_path(site.office, "atom")).status_code == 200


def _render(template, page, query=""):
    request = RequestFactory().get(page.url + query)
    return Template("{% load ehrenamt_feeds %}" + template).render(
        Context({"page": page, "request": request})
    )


def test_head_links(site):
    html = _render("{% feed_head_links page %}", site.calendar, "?type=training&page=3")
    assert (
        '<link rel="alternate" type="text/calendar" '
        'href="http://testserver/termine/ical/?type=training"' in html
    )
    atom = 'type="application/atom+xml" href="http://testserver/termine/atom/?type=training"'
    assert atom in html
    office = _render("{% feed_head_links %}", site.office)
    assert 'href="http://testserver/ks/ks-lindenhain/ical/"' in office
    assert _render("{% feed_head_links %}", site.home) == ""


def test_subscribe_box(site):
    html = _render("{% subscribe_box page %}", site.calendar, "?type=training")
    assert 'href="webcal://testserver/termine/ical/?type=training"' in html
    assert 'value="http://testserver/termine/ical/?type=training"' in html
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ftestserver" in html
    assert "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver" in html
    assert "<details>" in html
    for client_name in ("Outlook", "Google", "Apple", "Thunderbird"):
        assert f"<h3>{client_name}</h3>" in html
    assert '<label for="ehrenamt-feed-url-' in html
    assert _render("{% subscribe_box %}", site.home).strip() == ""


def test_add_to_calendar(site):
    html = _render("{% add_to_calendar page %}", site.winter)
    assert 'href="http://testserver/termine/schulung/ical/"' in html
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert f"dates={site.year}0120T083000Z%2F{site.year}0120T110000Z" in html
    assert "outlook.live.com/calendar/0/deeplink/compose" in html
    assert _render("{% add_to_calendar page %}", site.calendar).strip() == ""
