"""Details of issue 14 seen on the public pages: the enquiry form's error summary and thank-you
page, the directory's town filter and print view, a series' further dates, moved dates, and
organisations named once on team cards."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from tests.engagement_helpers import build_engagement_site, form_token, valid_post
from tests.events_fixtures import add_event, build_county
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import ConsultationHour, Municipality, Organisation

pytestmark = pytest.mark.django_db
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def site(home_page):
    cache.clear()
    yield build_engagement_site(home_page)
    cache.clear()


def test_error_summary_in_form_order_with_focus_and_anchor(client, site):
    html = client.get("/mitmachen/enquiry/", **DE).content.decode()
    token = form_token(html)
    # No name, no way to reach, no municipality, no consent (the contact error comes from
    # the form's clean(), after the field errors).
    data = valid_post(token, name="", email="", phone="", municipality="")
    data.pop("consent")
    response = client.post("/mitmachen/enquiry/", data, **DE)
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert "autofocus" in summary and 'tabindex="-1"' in html
    anchors = re.findall(r'href="#([^"]+)"', summary)
    assert anchors == ["id_name", "id_email", "id_municipality", "id_consent"]
    # Without JavaScript, the browser scrolls to the summary after the failed submit.
    assert 'action="/mitmachen/enquiry/#error-summary"' in html
    # On the general form the summary's heading follows the page's h1.
    assert '<h2 id="error-summary-heading">' in html


def test_thank_you_page_names_the_office(client, site, django_capture_on_commit_callbacks):
    token = form_token(client.get("/mitmachen/enquiry/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mitmachen/enquiry/", valid_post(token, municipality="kellbach"))
    assert response.status_code == 303
    office = site["offices"]["kellbach"]
    location = response["Location"]
    assert re.search(r"enquiry/sent/\?office=\d+$", location)
    html = client.get(location, **DE).content.decode()
    assert "Ihre Anfrage ging an:" in html
    assert "Koordinierungsstelle Kellbach" in html
    assert office.url in html
    # A made-up or unpublished office is not named; the page still thanks.
    for value in ["999999", "abc", "-1"]:
        html = client.get(f"/mitmachen/enquiry/sent/?office={value}", **DE).content.decode()
        assert "Ihre Anfrage ging an:" not in html


def test_directory_town_filter_lists_local_offices_first(client, site):
    html = client.get("/koordinierungsstellen/?municipality=lindenhain", **DE).content.decode()
    local = html.index("Stellen in Lindenhain")
    county = html.index("Kreisweit zuständige Stellen")
    assert local < html.index("Koordinierungsstelle Lindenhain") < county
    assert county < html.index("Flüchtlingsarbeit Landkreis")
    # Without a town: one list, no group headings.
    html = client.get("/koordinierungsstellen/", **DE).content.decode()
    assert "Kreisweit zuständige Stellen" not in html


def test_print_view_has_hours_county_and_date(client, site):
    Municipality.objects.filter(slug="landkreis-auenwald").update(kind="county")
    office = site["offices"]["lindenhain"]
    ConsultationHour.objects.create(page=office, weekday=1, opens=dt.time(9), closes=dt.time(12))
    html = client.get("/koordinierungsstellen/print/?municipality=lindenhain", **DE)
    html = html.content.decode()
    assert '<p class="ehrenamt-print__county">Landkreis Auenwald</p>' in html
    assert "Sprechzeiten" in html and "Dienstag 09:00 bis 12:00" in html
    assert re.search(r"Stand: \d{1,2}\. \w+ \d{4}", html)
    # Local office first in the print list too.
    assert html.index("Koordinierungsstelle Lindenhain") < html.index("Flüchtlingsarbeit Landkreis")


def test_series_page_links_to_further_dates_and_says_when_moved(client, home_page):
    county = build_county(home_page)
    start = today() + dt.timedelta(days=1)
    moved_from = start + dt.timedelta(days=14)
    series = add_event(
        county["calendar"],
        "Sprachcafé",
        start,
        publish=True,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        repeat_weekdays=["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()],
        exceptions=[
            {
                "original_date": moved_from,
                "action": "move",
                "new_date": moved_from + dt.timedelta(days=1),
            }
        ],
    )
    html = client.get(series.url, **DE).content.decode()
    assert _date_items(html) == 12
    assert f"verlegt vom {moved_from:%d.%m.}" in html
    assert '<a href="?termine=alle#event-when">Weitere Termine</a>' in html
    html = client.get(series.url + "?termine=alle", **DE).content.decode()
    assert _date_items(html) > 52  # every week up to the feed's horizon
    assert "Weitere Termine" not in html and "Nur die nächsten Termine" in html
    # A one-off event has no such link.
    single = add_event(county["calendar"], "Infoabend", start, publish=True, start_time=dt.time(18))
    assert "Weitere Termine" not in client.get(single.url, **DE).content.decode()


def _date_items(html):
    """The dates listed on an event page (items of its date list, not of lists inside them)."""
    rest = html[html.index('class="ehrenamt-event__dates"') :]
    depth = count = 0
    for closing, tag in re.findall(r"<(/?)(ul|li)\b", rest):
        if tag == "ul":
            depth += -1 if closing else 1
            if depth < 0:
                break
        elif not closing and depth == 0:
            count += 1
    return count


def test_team_card_names_the_organisation_once(client, home_page):
    county = build_county(home_page)
    from tests.directory_data import contact

    org = Organisation.objects.create(name="Caritasverband Auenwald e.V.", live=True)
    person = contact("Perlich", "Jonas", organisation=org)
    team = county["team"]
    team.members.add(team.members.model(contact=person, organisation=org, role="Mitglied"))
    team.save_revision().publish()
    html = client.get(team.url, **DE).content.decode()
    members = html[html.index('id="team-members"') :]
    assert members.count("Caritasverband Auenwald e.V.") == 1
