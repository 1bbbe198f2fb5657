"""Pages with a view restriction (password, login, groups), or below one, appear in no public
output: listings, filters, feeds, month/range/archive views, blocks, tags, JSON-LD, CSV,
print view, search results, engagement listings and enquiry routing.

Every output test runs for each restriction type, on the page itself and on an ancestor.
"""

import datetime as dt
import inspect
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.factories import add_page
from wagtail_ehrenamt.blocks.directory import MunicipalityOfficesBlock, OfficeCardBlock
from wagtail_ehrenamt.blocks.events import UpcomingEventsBlock
from wagtail_ehrenamt.blocks.networks import NetworkTeamsBlock
from wagtail_ehrenamt.engagement.services import responsible_office
from wagtail_ehrenamt.events import feed_cache
from wagtail_ehrenamt.events.event_listing import EventFilterForm, today
from wagtail_ehrenamt.models import (
    CompetenceTeamPage,
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    EngagementOfferIndexPage,
    EngagementOfferPage,
    EventCalendarPage,
    EventPage,
    Municipality,
    NetworkingPlatformPage,
    NetworkPage,
)
from wagtail_ehrenamt.visibility import (
    is_visible,
    restricted,
    restricted_paths,
    visible_page,
    visible_pages,
    visible_related,
    with_restriction_flag,
)

pytestmark = pytest.mark.django_db

KINDS = [
    PageViewRestriction.PASSWORD,
    PageViewRestriction.LOGIN,
    PageViewRestriction.GROUPS,
]
PLACEMENTS = ["self", "ancestor"]
# Words that only restricted pages carry: none may appear in public output.
SECRETS = [
    "Verborgene Stelle",
    "verborgene-stelle",
    "geheim@auenwald.example",
    "Geheimteam",
    "geheimteam",
    "Geheimtreffen",
    "Geheimangebot",
]


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="geheim" if kind == "password" else ""
    )
    if kind == PageViewRestriction.GROUPS:
        group, _created = Group.objects.get_or_create(name="Kreisverwaltung")
        restriction.groups.add(group)
    return restriction


def assert_no_secrets(text):
    found = [secret for secret in SECRETS if secret in text]
    assert found == [], f"restricted content in public output: {found}"


def weekly(parent, title, **fields):
    """A weekly series at 18:00 that began two weeks ago and goes on (past and future dates)."""
    start = today() - dt.timedelta(days=14)
    page = EventPage(
        title=title,
        slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        start_date=start,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        **fields,
    )
    return add_page(parent, page)


def build_site(home, kind, placement):
    """A public site whose restricted parts carry the SECRETS.

    ``placement="self"``: the secret pages are restricted themselves, among public siblings.
    ``placement="ancestor"``: they sit below a restricted section page.
    """
    lindenhain = Municipality.objects.create(name="Lindenhain", slug="lindenhain")
    kellbach = Municipality.objects.create(name="Kellbach", slug="kellbach")
    directory = add_page(
        home, CoordinationOfficeIndexPage(title="Koordinierungsstellen", slug="stellen")
    )
    secret_sections = []

    def section(public_parent, page):
        if placement == "self":
            return public_parent
        section_page = add_page(home, page)
        secret_sections.append(section_page)
        return section_page

    open_office = add_page(
        directory,
        CoordinationOfficePage(
            title="Offene Stelle Kellbach", slug="offene-stelle", email="offen@auenwald.example"
        ),
    )
    open_office.municipalities.set([kellbach])
    open_office.save_revision().publish()
    add_page(
        directory,
        CoordinationOfficePage(
            title="Kreisstelle",
            slug="kreisstelle",
            email="kreis@auenwald.example",
            is_county_wide=True,
        ),
    )
    secret_office = CoordinationOfficePage(
        title="Verborgene Stelle", slug="verborgene-stelle", email="geheim@auenwald.example"
    )
    secret_office.municipalities = [lindenhain]
    secret_office = add_page(
        section(directory, CoordinationOfficeIndexPage(title="Intern", slug="intern-stellen")),
        secret_office,
    )
    open_office.related_offices = [secret_office]
    open_office.save_revision().publish()

    network = add_page(
        home,
        NetworkPage(
            title="Netzwerk Flüchtlingshilfe", slug="netzwerk", convened_by_office=secret_office
        ),
    )
    open_team = add_page(
        network, CompetenceTeamPage(title="Kompetenzteam Sprache", slug="offenes-team")
    )
    secret_team = add_page(
        section(network, NetworkPage(title="Internes Netzwerk", slug="internes-netzwerk")),
        CompetenceTeamPage(title="Geheimteam", slug="geheimteam"),
    )
    platform = NetworkingPlatformPage(title="Vernetzungsplattform", slug="plattform")
    platform.organisers.add(platform.organisers.model(office=open_office))
    platform.organisers.add(platform.organisers.model(office=secret_office))
    platform = add_page(network, platform)

    calendar = add_page(home, EventCalendarPage(title="Termine", slug="termine"))
    open_event = weekly(calendar, "Offenes Treffen", organiser_page=secret_office)
    team_event = weekly(calendar, "Offene Teamrunde", organiser_page=secret_team)
    event_parent = section(
        calendar, EventCalendarPage(title="Interne Termine", slug="interne-termine")
    )
    secret_events = [
        weekly(event_parent, "Geheimtreffen Stelle", organiser_page=open_office),
        weekly(event_parent, "Geheimtreffen Team", organiser_page=open_team),
        weekly(event_parent, "Geheimtreffen Netzwerk", organiser_page=network),
    ]

    offers = add_page(home, EngagementOfferIndexPage(title="Mitmachen", slug="mitmachen"))
    open_offer = add_page(
        offers,
        EngagementOfferPage(
            title="Sprachcafé", slug="sprachcafe", activity="language_cafe", office=secret_office
        ),
    )
    secret_offer = add_page(
        section(offers, EngagementOfferIndexPage(title="Intern", slug="intern-mitmachen")),
        EngagementOfferPage(title="Geheimangebot", slug="geheimangebot", activity="homework"),
    )

    if placement == "self":
        for page in [secret_office, secret_team, *secret_events, secret_offer]:
            restrict(page, kind)
    else:
        for page in secret_sections:
            restrict(page, kind)
    cache.clear()
    return {
        "directory": directory,
        "open_office": open_office,
        "secret_office": secret_office,
        "network": network,
        "open_team": open_team,
        "secret_team": secret_team,
        "platform": platform,
        "calendar": calendar,
        "open_event": open_event,
        "team_event": team_event,
        "secret_events": secret_events,
        "offers": offers,
        "open_offer": open_offer,
        "secret_offer": secret_offer,
        "lindenhain": lindenhain,
        "kellbach": kellbach,
    }


@pytest.fixture(params=[(k, p) for k in KINDS for p in PLACEMENTS], ids=lambda v: "-".join(v))
def site(request, home_page):
    kind, placement = request.param
    return build_site(home_page, kind, placement)


def test_restricted_pages_stay_hidden_everywhere(client, rf, site, subtests):
    """Every output, one site per kind of restriction and placement (each costs seconds).

    The checks below only read; each reports on its own as a subtest.
    """
    fixtures = {"client": client, "rf": rf, "site": site}
    for check in SITE_CHECKS:
        with subtests.test(check.__name__):
            cache.clear()
            check(**{name: fixtures[name] for name in inspect.signature(check).parameters})


@pytest.fixture
def public_site(home_page):
    """One restriction type and placement, for tests that need only one."""
    return build_site(home_page, PageViewRestriction.LOGIN, "self")


def get_text(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- the helper -------------------------------------------------------------------------


def test_visible_pages_keeps_live_unrestricted_pages_only(home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    section = add_page(home_page, EventCalendarPage(title="Intern", slug="intern"))
    public = weekly(calendar, "Öffentlich")
    own = weekly(calendar, "Selbst geschützt")
    weekly(section, "Darunter")
    draft = weekly(calendar, "Entwurf")
    draft.unpublish()
    restrict(own, PageViewRestriction.PASSWORD)
    restrict(section, PageViewRestriction.LOGIN)
    titles = set(visible_pages(EventPage.objects.all()).values_list("title", flat=True))
    assert titles == {"Öffentlich"}
    assert set(EventPage.objects.live().public().values_list("title", flat=True)) == titles
    # Restrictions on the page being served (and above it) were checked by Wagtail already.
    assert set(
        visible_pages(EventPage.objects.descendant_of(section), within=section).values_list(
            "title", flat=True
        )
    ) == {"Darunter"}
    assert set(
        visible_pages(EventPage.objects.all(), within=own).values_list("title", flat=True)
    ) == {"Öffentlich", "Selbst geschützt"}
    assert public.pk in set(visible_pages(Page.objects.all()).values_list("pk", flat=True))


def test_visible_pages_costs_no_extra_query(home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    for number in range(3):
        restrict(weekly(calendar, f"Intern {number}"), PageViewRestriction.LOGIN)
    weekly(calendar, "Öffentlich")
    with CaptureQueriesContext(connection) as queries:
        titles = list(visible_pages(EventPage.objects.all()).values_list("title", flat=True))
    assert titles == ["Öffentlich"]
    assert len(queries) == 1


def test_restricted_expression_follows_relations(home_page):
    directory = add_page(home_page, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    office = add_page(directory, CoordinationOfficePage(title="Stelle", slug="stelle"))
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    with_office = weekly(calendar, "Mit Stelle", organiser_page=office)
    without = weekly(calendar, "Ohne Veranstalter")
    flags = dict(
        EventPage.objects.annotate(flag=restricted("organiser_page__path")).values_list(
            "pk", "flag"
        )
    )
    assert flags == {with_office.pk: False, without.pk: False}
    restrict(directory, PageViewRestriction.PASSWORD)
    flags = dict(
        EventPage.objects.annotate(flag=restricted("organiser_page__path")).values_list(
            "pk", "flag"
        )
    )
    assert flags == {with_office.pk: True, without.pk: False}


def test_single_page_checks(home_page, django_assert_num_queries):
    directory = add_page(home_page, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    office = add_page(directory, CoordinationOfficePage(title="Stelle", slug="stelle"))
    other = add_page(directory, CoordinationOfficePage(title="Andere", slug="andere"))
    assert is_visible(office) and visible_page(office) == office
    restrict(office, PageViewRestriction.GROUPS)
    assert not is_visible(office) and visible_page(office) is None
    assert is_visible(office, within=office)
    with django_assert_num_queries(1):
        paths = restricted_paths()
        assert [is_visible(page, paths) for page in (office, other, directory)] == [
            False,
            True,
            True,
        ]
    assert not is_visible(None)
    other.unpublish()
    other.refresh_from_db()
    assert not is_visible(other)


def test_visible_related_uses_the_annotation(home_page, django_assert_num_queries):
    directory = add_page(home_page, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    open_office = add_page(directory, CoordinationOfficePage(title="Offen", slug="offen"))
    secret = add_page(directory, CoordinationOfficePage(title="Geheim", slug="geheim"))
    network = add_page(home_page, NetworkPage(title="Netzwerk", slug="netzwerk"))
    platform = NetworkingPlatformPage(title="Plattform", slug="plattform")
    platform.organisers.add(platform.organisers.model(office=open_office))
    platform.organisers.add(platform.organisers.model(office=secret))
    platform = add_page(network, platform)
    restrict(secret, PageViewRestriction.LOGIN)
    organisers = platform.organisers.model.objects.filter(page=platform).select_related("office")
    annotated = list(with_restriction_flag(organisers, "office"))
    with django_assert_num_queries(0):
        assert [o.office.title for o in visible_related(annotated, "office")] == ["Offen"]
    plain = list(organisers)
    with django_assert_num_queries(1):
        assert [o.office.title for o in visible_related(plain, "office")] == ["Offen"]


# --- calendar views ---------------------------------------------------------------------


def check_calendar_listings(client, site):
    day = today()
    urls = [
        "/termine/",
        "/termine/archiv/",
        f"/termine/monat/{day.year}/{day.month}/",
        f"/termine/zeitraum/?from={day - dt.timedelta(days=14)}&to={day + dt.timedelta(days=14)}",
    ]
    for url in urls:
        html = get_text(client, url)
        assert "Offenes Treffen" in html, url
        assert "Offene Teamrunde" in html, url
        assert_no_secrets(html)


def check_organiser_filter_choices(client, site):
    html = get_text(client, "/termine/")
    assert 'value="offene-stelle"' in html and 'value="offenes-team"' in html
    assert_no_secrets(html)
    choices = dict(EventFilterForm().fields["organiser"].choices)
    assert "verborgene-stelle" not in choices and "geheimteam" not in choices
    # Asking for a restricted organiser is the same as asking for an unknown one.
    response = client.get("/termine/?organiser=geheimteam")
    assert response.status_code == 400


def check_event_page_and_json_ld_leave_out_a_restricted_organiser(client, site):
    html = get_text(client, site["open_event"].url)
    assert "Offenes Treffen" in html
    assert_no_secrets(html)
    data = json.loads(site["open_event"].specific.json_ld())
    for item in data if isinstance(data, list) else [data]:
        assert "organizer" not in item


def test_json_ld_names_a_visible_organiser(public_site):
    event = public_site["secret_events"][0]
    data = json.loads(EventPage.objects.get(pk=event.pk).json_ld())
    item = data[0] if isinstance(data, list) else data
    assert item["organizer"]["name"] == "Offene Stelle Kellbach"


def test_listing_query_count_does_not_grow_with_restrictions(client, home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    directory = add_page(home_page, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    offices = [
        add_page(directory, CoordinationOfficePage(title=f"Stelle {n}", slug=f"stelle-{n}"))
        for n in range(4)
    ]
    for n, office in enumerate(offices):
        weekly(calendar, f"Treffen {n}", organiser_page=office)

    def count():
        feed_cache.bump()  # the listing is rendered, not read from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/termine/").status_code == 200
        return len(queries)

    count()  # warms Wagtail's site cache
    before = count()
    for office in offices[:3]:
        restrict(office, PageViewRestriction.LOGIN)
    assert count() == before


# --- feeds ------------------------------------------------------------------------------


def check_calendar_feeds(client, site):
    for url in ["/termine/ical/", "/termine/atom/"]:
        body = get_text(client, url)
        assert "Offenes Treffen" in body
        assert_no_secrets(body)


def check_organiser_is_not_named_in_the_ical_feed(client, site):
    body = get_text(client, "/termine/ical/")
    assert "ORGANIZER" not in body.split("Offenes Treffen")[1].split("END:VEVENT")[0]
    assert_no_secrets(body)


def test_visible_organiser_is_named_in_the_ical_feed(client, home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    directory = add_page(home_page, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    office = add_page(
        directory,
        CoordinationOfficePage(title="Offene Stelle", slug="offen", email="offen@auenwald.example"),
    )
    weekly(calendar, "Treffen", organiser_page=office)
    cache.clear()
    body = get_text(client, "/termine/ical/")
    assert re.search(r'ORGANIZER;CN="?Offene Stelle"?:mailto:offen@auenwald.example', body)
    # Restricting the office afterwards takes its name out of the (cached) feed at once.
    restrict(office, PageViewRestriction.PASSWORD)
    assert "ORGANIZER" not in get_text(client, "/termine/ical/")


def check_office_network_and_team_feeds(client, site):
    for page in (site["open_office"], site["network"], site["open_team"]):
        for kind in ("ical", "atom"):
            body = get_text(client, f"{page.url}{kind}/")
            assert_no_secrets(body)
    if site["secret_team"].path.startswith(site["network"].path):
        # The network's feed still carries the public event of its (restricted) team.
        assert "Offene Teamrunde" in get_text(client, f"{site['network'].url}ical/")


def check_restricted_page_feed_asks_for_the_restriction(client, site):
    for page in (site["secret_office"], site["secret_team"], site["secret_events"][0]):
        for kind in ("ical", "atom"):
            response = client.get(f"{page.url}{kind}/")
            body = response.content.decode()
            assert "BEGIN:VCALENDAR" not in body and "<feed" not in body
            assert response.status_code in (200, 302)
            if response.status_code == 302:
                assert "login" in response["Location"]
            else:
                assert 'name="password"' in body
            assert "public" not in response.get("Cache-Control", "")


def test_restricted_calendar_lists_its_events_to_those_let_in(client, home_page, django_user_model):
    section = add_page(home_page, EventCalendarPage(title="Interne Termine", slug="intern"))
    weekly(section, "Internes Treffen")
    restrict(section, PageViewRestriction.LOGIN)
    cache.clear()
    assert client.get("/intern/").status_code == 302
    assert client.get("/intern/ical/").status_code == 302
    user = django_user_model.objects.create_user(username="mitarbeiterin", password="pw")
    client.force_login(user)
    assert "Internes Treffen" in get_text(client, "/intern/")
    response = client.get("/intern/ical/")
    assert "Internes Treffen" in response.content.decode()
    # Never stored by shared caches: it is for this visitor only.
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    # Elsewhere the events stay hidden, also for this visitor.
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    assert "Internes Treffen" not in get_text(client, calendar.url)


# --- embedding: tag and blocks -----------------------------------------------------------


def check_upcoming_events_tag(rf, site):
    template = Template(
        "{% load ehrenamt_events %}{% upcoming_events limit=20 %}"
        "{% upcoming_events organiser=office limit=20 %}"
        "{% upcoming_events organiser=network limit=20 %}"
    )
    html = template.render(
        Context({"office": site["open_office"], "network": site["network"], "request": rf.get("/")})
    )
    assert "Offenes Treffen" in html
    assert_no_secrets(html)


def check_upcoming_events_block(rf, site):
    block = UpcomingEventsBlock()
    html = block.render(block.to_python({"limit": 20}), context={"request": rf.get("/")})
    assert "Offenes Treffen" in html
    assert_no_secrets(html)
    # A restricted organiser chosen in the block shows nothing of it.
    value = block.to_python({"organiser": site["secret_team"].pk, "limit": 20})
    html = block.render(value, context={"request": rf.get("/")})
    assert "Offene Teamrunde" not in html
    assert_no_secrets(html)


def check_directory_blocks(rf, site):
    request = rf.get("/")
    block = OfficeCardBlock()
    html = block.render(block.to_python({"office": site["secret_office"].pk}), {"request": request})
    assert_no_secrets(html)
    assert "Offene Stelle" in block.render(
        block.to_python({"office": site["open_office"].pk}), {"request": request}
    )
    block = MunicipalityOfficesBlock()
    value = block.to_python({"municipality": site["lindenhain"].pk, "include_county_wide": True})
    html = block.render(value, {"request": request})
    assert "Kreisstelle" in html
    assert_no_secrets(html)


def check_network_teams_block(rf, site):
    block = NetworkTeamsBlock()
    html = block.render(block.to_python({"network": site["network"].pk}), {"request": rf.get("/")})
    assert "Kompetenzteam Sprache" in html and "Vernetzungsplattform" in html
    assert_no_secrets(html)


def test_network_teams_block_of_a_restricted_network(rf, home_page):
    network = add_page(home_page, NetworkPage(title="Internes Netzwerk", slug="intern"))
    add_page(network, CompetenceTeamPage(title="Geheimteam", slug="geheimteam"))
    restrict(network, PageViewRestriction.PASSWORD)
    block = NetworkTeamsBlock()
    html = block.render(block.to_python({"network": network.pk}), {"request": rf.get("/")})
    assert_no_secrets(html)


# --- network, team and platform pages ------------------------------------------------------


def check_network_pages(client, site):
    html = get_text(client, site["network"].url)
    assert "Kompetenzteam Sprache" in html and "Offene Stelle Kellbach" in html
    assert_no_secrets(html)
    for page in (site["open_team"], site["platform"]):
        assert_no_secrets(get_text(client, page.url))


# --- directory ----------------------------------------------------------------------------


def check_directory_outputs(client, site):
    for url in ["/stellen/", "/stellen/print/", "/stellen/csv/", "/stellen/?q=Stelle"]:
        body = get_text(client, url)
        assert "Offene Stelle Kellbach" in body, url
        assert_no_secrets(body)
    html = get_text(client, site["open_office"].url)
    assert "Offene Stelle Kellbach" in html
    assert_no_secrets(html)


# --- engagement ---------------------------------------------------------------------------


def check_engagement_offer_listing_and_search(client, site):
    for url in ["/mitmachen/", "/mitmachen/?q=Geheim", "/mitmachen/?q=Sprach"]:
        html = get_text(client, url)
        assert_no_secrets(html)
    assert "Sprachcafé" in get_text(client, "/mitmachen/")
    # The public offer does not name its restricted office.
    html = get_text(client, site["open_offer"].url)
    assert "Sprachcafé" in html
    assert_no_secrets(html)


def check_enquiries_never_go_to_a_restricted_office(site):
    # The offer's own office is restricted: the municipality decides, then the county.
    offer = EngagementOfferPage.objects.get(pk=site["open_offer"].pk)
    assert responsible_office(site["kellbach"], offer).title == "Offene Stelle Kellbach"
    assert responsible_office(site["lindenhain"], offer).title == "Kreisstelle"
    assert responsible_office(site["lindenhain"]).title == "Kreisstelle"


def check_restricted_offer_page_keeps_its_restriction(client, site):
    response = client.get(site["secret_offer"].url)
    assert "Geheimangebot" not in response.content.decode()
    assert response.status_code in (200, 302)


SITE_CHECKS = [
    check_calendar_listings,
    check_organiser_filter_choices,
    check_event_page_and_json_ld_leave_out_a_restricted_organiser,
    check_calendar_feeds,
    check_organiser_is_not_named_in_the_ical_feed,
    check_office_network_and_team_feeds,
    check_restricted_page_feed_asks_for_the_restriction,
    check_upcoming_events_tag,
    check_upcoming_events_block,
    check_directory_blocks,
    check_network_teams_block,
    check_network_pages,
    check_directory_outputs,
    check_engagement_offer_listing_and_search,
    check_enquiries_never_go_to_a_restricted_office,
    check_restricted_offer_page_keeps_its_restriction,
]
