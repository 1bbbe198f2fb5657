"""The calendar views, filters, bad input, query counts, event page, tag, block, copy, admin."""

import calendar
import datetime as dt
import json
import re

import pytest
from django.template import Context, Template

from wagtail_ehrenamt.blocks.events import UpcomingEventsBlock
from wagtail_ehrenamt.events.event_listing import page_feed_events, today
from wagtail_ehrenamt.models import EventPage

from .events_fixtures import add_event, add_many, build_county, count_page_queries

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def county(home_page):
    return build_county(home_page)


@pytest.fixture
def events(county):
    cal, base = county["calendar"], today()
    tuesday = base + dt.timedelta(days=(1 - base.weekday()) % 7)
    return {
        "series": add_event(
            cal,
            "Sprachcafé",
            tuesday,
            start_time=dt.time(18),
            end_time=dt.time(19),
            repeat="weekly",
            location=county["town_hall"],
            organiser_page=county["office"],
            for_refugees=True,
            topics=[county["language"]],
            event_type="exchange",
            exceptions=[
                {"original_date": tuesday + 7 * DAY, "action": "cancel", "note": "Ferien"},
                {
                    "original_date": tuesday + 14 * DAY,
                    "action": "move",
                    "new_date": tuesday + 15 * DAY,
                    "new_start_time": dt.time(17),
                },
            ],
        ),
        "team": add_event(
            cal,
            "Teamtreffen Unterkunft",
            base + 3 * DAY,
            start_time=dt.time(17),
            location=county["hall"],
            organiser_page=county["team"],
            for_volunteers=True,
            topics=[county["housing"]],
            event_type="network_meeting",
        ),
        "training": add_event(
            cal,
            "Schulung Lotsen",
            base + 20 * DAY,
            end_date=base + 22 * DAY,
            location=county["hall"],
            for_volunteers=True,
            event_type="training",
            topics=[county["language"]],
        ),
        "past": add_event(cal, "Konferenz", base - 10 * DAY, start_time=dt.time(9)),
        "cancelled": add_event(
            cal, "Infoabend", base + 5 * DAY, start_time=dt.time(19), status="cancelled"
        ),
    }


def titles(response):
    return set(
        re.findall(
            r'class="ehrenamt-occurrence__title"><a href="[^"]*">([^<]+)</a>',
            response.content.decode(),
        )
    )


# --- upcoming and filters --------------------------------------------------------


def test_upcoming_lists_future_dates_grouped_by_month(client, events):
    response = client.get("/termine/")
    assert response.status_code == 200
    assert titles(response) == {
        "Sprachcafé",
        "Teamtreffen Unterkunft",
        "Schulung Lotsen",
        "Infoabend",
    }
    html = response.content.decode()
    assert '<section class="ehrenamt-month-group"' in html
    assert re.search(r"<h2 id=\"month-\d{4}-\d{2}\">", html)


def test_cancelled_dates_are_shown_and_marked(client, events):
    html = client.get("/termine/").content.decode()
    # The cancelled series date and the cancelled single event are both marked.
    assert html.count('class="ehrenamt-occurrence ehrenamt-cancelled"') == 2
    assert "Ferien" in html
    assert "<del>" in html


def test_moved_date_is_listed_at_its_new_time(client, events):
    series = events["series"]
    moved = [o for o in series.next_occurrences(count=10) if o.is_moved][0]
    html = client.get("/termine/").content.decode()
    assert moved.start.isoformat() in html
    assert moved.start.hour == 17


@pytest.mark.parametrize(
    "query, expected",
    [
        ("organiser=unterkunft", {"Teamtreffen Unterkunft"}),
        ("organiser=netzwerk", {"Teamtreffen Unterkunft"}),  # a network includes its teams
        ("organiser=ks-lindenhain", {"Sprachcafé"}),
        ("municipality=kellbach", {"Teamtreffen Unterkunft", "Schulung Lotsen"}),
        ("municipality=lindenhain", {"Sprachcafé"}),
        ("topic=sprache", {"Sprachcafé", "Schulung Lotsen"}),
        ("audience=volunteers", {"Teamtreffen Unterkunft", "Schulung Lotsen"}),
        ("audience=refugees", {"Sprachcafé"}),
        ("type=training", {"Schulung Lotsen"}),
        ("topic=sprache&audience=volunteers", {"Schulung Lotsen"}),
        ("topic=sprache&municipality=kellbach&type=training", {"Schulung Lotsen"}),
        ("topic=wohnen&type=training", set()),
    ],
)
def test_filters_combine(client, events, query, expected):
    response = client.get(f"/termine/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_feed_events_contract_calendar_filters(county, events):
    calendar = county["calendar"]
    queryset, errors = page_feed_events(calendar, {"topic": "sprache", "type": "exchange"})
    assert errors == {}
    assert list(queryset) == [events["series"]]
    queryset, errors = page_feed_events(calendar, {"topic": "gibt-es-nicht"})
    assert set(errors) == {"topic"}
    # Other pages take no filters: their events as they are, whatever the parameters.
    queryset, errors = page_feed_events(county["office"], {"topic": "gibt-es-nicht"})
    assert errors == {}
    assert list(queryset) == list(county["office"].get_feed_events())


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("organiser=gibt-es-nicht", "organiser"),
        ("municipality=atlantis", "municipality"),
        ("topic=%3Cscript%3E", "topic"),
        ("audience=aliens", "audience"),
        ("type=party", "type"),
        ("topic=%00", "topic"),
        ("organiser=a%00b", "organiser"),
        ("municipality=" + "x" * 300, "municipality"),
    ],
)
def test_unknown_filter_values_are_a_clear_400(client, events, query, parameter):
    response = client.get(f"/termine/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="ehrenamt-errors"' in html
    assert "<script>" not in html.split("<body")[1].split("</main>")[0]
    # The other dates are still listed.
    assert "Sprachcafé" in titles(response)


def test_filter_form_reflects_the_url_and_links_keep_filters(client, county):
    for index in range(25):
        add_event(
            county["calendar"],
            f"Termin {index}",
            today() + index * DAY,
            topics=[county["language"]],
        )
    html = client.get("/termine/?topic=sprache").content.decode()
    assert '<option value="sprache" selected>' in html
    assert 'href="?topic=sprache&amp;page=2"' in html


# --- pagination and bad input -----------------------------------------------------


@pytest.mark.parametrize(
    ("page", "status"),
    [("-1", 400), ("0", 400), ("1000000000", 400), ("abc", 400), ("9" * 40, 400), ("99", 404)],
)
def test_bad_page_numbers_say_why_and_show_the_first_page(client, events, page, status):
    first = titles(client.get("/termine/"))
    for url in ("/termine/", "/termine/archiv/", "/termine/zeitraum/"):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == status, url
        html = response.content.decode()
        assert 'id="filter-errors"' in html, url
        expected = f"„{page[:20]}“ ist keine Seitenzahl" if status == 400 else "Eine Seite 99 gibt"
        assert expected in html, url
    assert titles(client.get(f"/termine/?page={page}")) == first


@pytest.mark.parametrize(
    "url",
    [
        "/termine/monat/2026/13/",
        "/termine/monat/2026/0/",
        "/termine/monat/99999/1/",
        "/termine/monat/1/1/",
        "/termine/monat/2026/99999999999999999999/",
    ],
)
def test_impossible_months_are_404(client, events, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("from=gestern", "from"),
        ("from=2026-02-30", "from"),
        ("from=99999-01-01", "from"),
        ("from=2026-11-01&to=2026-10-01", "to"),
        ("from=2026-01-01&to=2028-01-01", "to"),
        ("to=%00", "to"),
    ],
)
def test_malformed_date_ranges_are_a_clear_400(client, events, query, parameter):
    response = client.get(f"/termine/zeitraum/?{query}")
    assert response.status_code == 400
    assert 'class="ehrenamt-errors"' in response.content.decode()


def test_unbounded_series_does_not_blow_up_a_page(client, county, settings):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "PAGE_SIZE": 20}
    add_event(
        county["calendar"], "Täglich", today() - 400 * DAY, start_time=dt.time(8), repeat="daily"
    )
    response = client.get("/termine/")
    assert response.status_code == 200
    assert len(re.findall(r'class="ehrenamt-occurrence"', response.content.decode())) == 20
    assert client.get("/termine/?page=25").status_code == 200  # 500 dates at most
    assert client.get("/termine/?page=26").status_code == 404


# --- month, range, archive ----------------------------------------------------------


def test_month_grid_is_an_accessible_table_with_navigation(client, events):
    # The month of the series' first date: this month, or the next one late in a month.
    base = events["series"].start_date
    url = f"/termine/monat/{base.year}/{base.month}/?topic=sprache"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    caption = re.search(r"<caption>(.*?)</caption>", html, re.S).group(1)
    last_day = base.replace(day=calendar.monthrange(base.year, base.month)[1])
    regular = [
        o
        for model in EventPage.objects.all()
        for o in model.occurrences_between(base.replace(day=1), last_day)
        if not o.is_cancelled and model.title in ("Sprachcafé",)
    ]
    # Cancelled dates are shown but not counted (topic=sprache: the Sprachcafé only,
    # the training in 20 days may fall into this month too).
    training = list(events["training"].occurrences_between(base.replace(day=1), last_day))
    assert f": {len(regular) + len(training)} " in caption
    assert html.count('<th scope="col">') == 7
    if (base.year, base.month) == (today().year, today().month):
        assert 'aria-current="date"' in html
    previous = base.replace(day=1) - DAY
    assert (
        f'href="/termine/monat/{previous.year}/{previous.month}/?topic=sprache" rel="prev"' in html
    )
    assert 'rel="next"' in html
    assert "Sprachcafé" in html
    assert "Teamtreffen Unterkunft" not in html


def test_current_month_redirects_and_keeps_filters(client, events):
    response = client.get("/termine/monat/?type=training")
    base = today()
    assert response.status_code == 302
    assert response["Location"] == f"/termine/monat/{base.year}/{base.month}/?type=training"


def test_multi_day_event_is_shown_on_each_day_of_the_month(client, county):
    add_event(county["calendar"], "Woche", dt.date(2026, 11, 28), end_date=dt.date(2026, 12, 2))
    november = client.get("/termine/monat/2026/11/").content.decode()
    december = client.get("/termine/monat/2026/12/").content.decode()
    # 28.-30. November in the November grid (plus 1.-2. December as trailing days).
    assert november.count(">Woche</a>") == 5 + 1  # grid days + the list below
    assert december.count(">Woche</a>") >= 2 + 1


def test_range_view_lists_dates_in_the_range(client, events):
    start = today() + 2 * DAY
    end = today() + 4 * DAY
    response = client.get(f"/termine/zeitraum/?from={start}&to={end}")
    assert response.status_code == 200
    assert "Teamtreffen Unterkunft" in titles(response)
    assert "Schulung Lotsen" not in titles(response)


def test_archive_lists_past_dates_newest_first(client, events):
    response = client.get("/termine/archiv/")
    assert response.status_code == 200
    assert "Konferenz" in titles(response)
    assert "Teamtreffen Unterkunft" not in titles(response)


# --- query counts ----------------------------------------------------------------------


VIEWS = [
    "/termine/",
    "/termine/archiv/",
    "/termine/zeitraum/?from={start}&to={end}",
    "/termine/monat/{year}/{month}/",
    "/termine/?topic=sprache&audience=volunteers",
]


def count_queries(client):
    base = today()
    urls = [
        view.format(start=base, end=base + 60 * DAY, year=base.year, month=base.month)
        for view in VIEWS
    ]
    return count_page_queries(client, urls)


@pytest.mark.slow
def test_query_count_does_not_grow_with_events(client, county):
    add_many(county["calendar"], county, 10, series=2)
    small = count_queries(client)
    add_many(county["calendar"], county, 1990, series=198)
    assert EventPage.objects.count() == 2000
    assert EventPage.objects.exclude(rrule="").count() == 200
    large = count_queries(client)
    assert small == large


# --- event page ------------------------------------------------------------------------


def json_ld(client, page):
    html = client.get(page.url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_event_page_json_ld(client, events, county):
    data = json_ld(client, events["team"])
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "Bürgerhaus Kellbach"
    assert data["organizer"]["name"] == "Kompetenzteam Unterkunft"
    assert data["startDate"].endswith(("+01:00", "+02:00"))

    assert (
        json_ld(client, events["cancelled"])["eventStatus"] == "https://schema.org/EventCancelled"
    )

    online = add_event(
        county["calendar"],
        "Online",
        today() + DAY,
        start_time=dt.time(18),
        online_url="https://meet.example/x",
        status="moved_online",
        location=county["hall"],
    )
    data = json_ld(client, online)
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/x"}

    series = json_ld(client, events["series"])
    assert isinstance(series, list) and len(series) == 12
    assert sum(item["eventStatus"].endswith("EventCancelled") for item in series) == 1
    assert sum(item["eventStatus"].endswith("EventRescheduled") for item in series) == 1


def test_event_page_survives_deleted_place_and_organiser(client, events, county):
    county["hall"].delete()
    county["team"].delete()
    response = client.get(EventPage.objects.get(pk=events["team"].pk).url)
    assert response.status_code == 200


def test_event_page_shows_dates_and_registration(client, county):
    event = add_event(
        county["calendar"],
        "Kurs",
        today() + 5 * DAY,
        start_time=dt.time(10),
        registration_required=True,
        registration_email="kurs@auenwald.example",
        capacity_note="12 Plätze",
        publish=True,
    )
    html = client.get(event.url).content.decode()
    assert "12 Plätze" in html
    assert 'id="event-registration"' in html


# --- embedding --------------------------------------------------------------------------


def test_upcoming_events_tag_for_an_organiser(rf, events, county):
    template = Template("{% load ehrenamt_events %}{% upcoming_events organiser=page limit=3 %}")
    request = rf.get("/")
    html = template.render(Context({"page": county["network"], "request": request}))
    assert "Teamtreffen Unterkunft" in html
    assert "Sprachcafé" not in html
    html = template.render(Context({"page": county["office"], "request": request}))
    assert html.count('<li class="ehrenamt-occurrence') == 3
    assert 'href="/termine/?organiser=ks-lindenhain"' in html


def test_upcoming_events_tag_with_filters(rf, events, county):
    template = Template(
        '{% load ehrenamt_events %}{% upcoming_events calendar=cal type="training" limit=5 %}'
    )
    html = template.render(Context({"cal": county["calendar"], "request": rf.get("/")}))
    assert "Schulung Lotsen" in html and "Sprachcafé" not in html


def test_upcoming_events_block(rf, events, county):
    block = UpcomingEventsBlock()
    value = block.to_python(
        {
            "heading": "Nächste Termine",
            "calendar": county["calendar"].pk,
            "topic": "sprache",
            "limit": 2,
        }
    )
    html = block.render(value, context={"request": rf.get("/")})
    assert "Nächste Termine" in html
    assert "Sprachcafé" in html and "Teamtreffen" not in html
    # Unknown filter values are left out, never an error.
    value = block.to_python({"topic": "nix", "limit": 2})
    assert "ehrenamt-upcoming" in block.render(value, context={"request": rf.get("/")})


# --- editing ----------------------------------------------------------------------------


def test_copy_keeps_everything_but_the_dates_identity(events, county):
    original = EventPage.objects.get(pk=events["series"].pk)
    original.save_revision().publish()
    copy = original.copy(
        update_attrs={"slug": "sprachcafe-kopie", "title": "Kopie"}, keep_live=True
    )
    copy = EventPage.objects.get(pk=copy.pk)
    assert copy.live is False
    assert copy.uid != original.uid
    assert copy.sequence == 0
    assert copy.exceptions.count() == 0
    assert original.exceptions.count() == 2
    assert copy.rrule == original.rrule
    assert copy.location == original.location
    assert copy.organiser_page == original.organiser_page
    assert set(copy.topics.all()) == set(original.topics.all())
    assert copy.start_time == original.start_time


def test_sequence_rises_when_the_date_changes(events):
    event = EventPage.objects.get(pk=events["team"].pk)
    event.summary = "Neu"
    event.save()
    assert EventPage.objects.get(pk=event.pk).sequence == 0
    event.start_time = dt.time(18)
    event.save()
    assert EventPage.objects.get(pk=event.pk).sequence == 1


def test_admin_events_listing_with_filters(client, admin_user, events, county):
    client.force_login(admin_user)
    base = "/admin/pages/events/"
    from django.urls import reverse

    base = reverse("ehrenamt_events:index")
    response = client.get(base)
    assert response.status_code == 200
    assert "Sprachcafé" in response.content.decode()
    response = client.get(base, {"event_status": "cancelled"})
    html = response.content.decode()
    assert "Infoabend" in html and "Sprachcafé" not in html
    start = today() + 15 * DAY
    response = client.get(
        base, {"dates_from": start.isoformat(), "dates_to": (start + 10 * DAY).isoformat()}
    )
    html = response.content.decode()
    assert "Schulung Lotsen" in html and "Sprachcafé" in html and "Konferenz" not in html
    response = client.get(base, {"calendar": county["calendar"].pk})
    assert response.status_code == 200 and "Konferenz" in response.content.decode()


def test_admin_edit_shows_next_dates_and_validates_repetition(client, admin_user, events):
    client.force_login(admin_user)
    series = events["series"]
    series.save_revision()
    response = client.get(f"/admin/pages/{series.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ehrenamt-next-dates" in html
    assert 'name="repeat_weekdays" value="TU"' in html and "checked" in html
    first = series.occurrences_between(series.start_date, series.start_date)[0]
    assert first.start.strftime("%Y-%m-%d") in html


def test_admin_add_event_form_and_copy_view(client, admin_user, events, county):
    client.force_login(admin_user)
    calendar = county["calendar"]
    response = client.get(f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="checkbox" name="repeat_weekdays"' in html
    assert "ehrenamt-next-dates" in html
    response = client.get(f"/admin/pages/{events['series'].pk}/copy/")
    assert response.status_code == 200
