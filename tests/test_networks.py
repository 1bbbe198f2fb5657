"""Networks, competence teams and networking platforms: pages, relations, queries, admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import networks_factories as f
from tests.factories import add_page
from wagtail_ehrenamt.models import (
    ContactPerson,
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    Organisation,
)

pytestmark = pytest.mark.django_db


def office(home, slug="koordinierungsstelle-kellbach", title="Koordinierungsstelle Kellbach"):
    index = home.get_children().type(CoordinationOfficeIndexPage).first()
    if index is None:
        index = add_page(home, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    return add_page(index.specific, CoordinationOfficePage(title=title, slug=slug))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_network_page_lists_teams_with_topic_and_lead_and_platforms(client, home_page):
    network = f.network(home_page)
    lead = f.contact("Brenner", first_name="Jana")
    f.team(network, "unterkunft", leads=[(lead, "Sprecherin")])
    f.team(
        network,
        "gesundheit",
        title="Kompetenzteam Gesundheit",
        topic_area="Medizinische Versorgung",
    )
    kellbach = office(home_page)
    f.platform(network, topics=["Wohnen", "Sprache"], offices=[kellbach])

    response = client.get(network.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kompetenzteam Unterkunft" in html
    assert "Unterkunft und Anschlussunterbringung" in html
    assert "Jana Brenner" in html
    assert "Kompetenzteam Gesundheit" in html and "Medizinische Versorgung" in html
    assert "Vernetzungsplattform Ehrenamt" in html
    assert "Koordinierungsstelle Kellbach" in html
    assert "zwei- bis dreimal im Jahr" in html


def test_network_page_shows_convener_steering_group_members_and_diagram_text(client, home_page):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    county = f.organisation("Landkreis Auenwald – Integrationszentrum")
    image = Image.objects.create(title="Schaubild", file=get_test_image_file())
    network = f.network(
        home_page,
        convened_by_organisation=county,
        convener_note="Lädt zweimal im Jahr ein.",
        structure_image=image,
        structure_alt_text="Die Kreisarbeitsgemeinschaft hat sechs Kompetenzteams.",
    )
    network.steering_members.create(contact=f.contact("Aydin"), role="Vorsitz")
    network.network_members.create(organisation=f.organisation("Caritas Auenwald"), role="Mitglied")
    network.save_revision().publish()

    html = client.get(network.url).content.decode()
    assert "Landkreis Auenwald – Integrationszentrum" in html
    assert "Lädt zweimal im Jahr ein." in html
    assert "Aydin" in html and "Vorsitz" in html
    assert "Caritas Auenwald" in html
    assert 'alt="Die Kreisarbeitsgemeinschaft hat sechs Kompetenzteams."' in html
    assert "Lenkungskreis" in html


def test_diagram_needs_a_text_alternative(home_page):
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    network = f.network(home_page)
    network.structure_image = Image.objects.create(title="S", file=get_test_image_file())
    network.structure_alt_text = " "
    with pytest.raises(ValidationError) as error:
        network.full_clean()
    assert "structure_alt_text" in error.value.message_dict


def test_team_page_shows_goals_leads_members_roles_and_how_to_join(client, home_page):
    network = f.network(home_page)
    caritas = f.organisation("Caritasverband Auenwald")
    team = f.team(
        network,
        leads=[(f.contact("Roth", first_name="Elif"), "Leitung")],
        members=[
            (f.contact("Weber"), caritas, "Wohnraumvermittlung"),
            (None, f.organisation("Wohnbau Lindenhain eG"), "Vermieterin"),
        ],
        how_to_join="<p>Schreiben Sie der Leitung.</p>",
    )
    html = client.get(team.url).content.decode()
    for text in [
        "Kompetenzteam Unterkunft",
        "Unterkunft und Anschlussunterbringung",
        "Wohnraum finden",
        "Elif Roth",
        "Leitung",
        "Weber",
        "Wohnraumvermittlung",
        "Caritasverband Auenwald",
        "Wohnbau Lindenhain eG",
        "Vermieterin",
        "Schreiben Sie der Leitung.",
        "Netzwerk Flüchtlinge",
    ]:
        assert text in html, text


def test_only_live_and_public_snippets_are_shown(client, home_page):
    network = f.network(home_page)
    team = f.team(
        network,
        members=[
            (f.contact("Entwurf", live=False), None, "Mitglied"),
            (f.contact("Verborgenperson", is_public=False), None, "Mitglied"),
            (None, f.organisation("Unveröffentlicht e.V.", live=False), "Mitglied"),
            (f.contact("Sichtbar"), None, "Mitglied"),
        ],
    )
    html = client.get(team.url).content.decode()
    assert "Sichtbar" in html
    assert "Entwurf" not in html
    assert "Verborgenperson" not in html
    assert "Unveröffentlicht" not in html


def test_deleted_snippets_never_break_pages(client, home_page):
    network = f.network(home_page)
    person = f.contact("Gelöscht")
    org = f.organisation("Weg e.V.")
    kellbach = office(home_page)
    network.steering_members.create(contact=person, role="Vorsitz")
    network.convened_by_organisation = org
    network.convened_by_office = kellbach
    network.save_revision().publish()
    team = f.team(network, leads=[(person, "Leitung")], members=[(None, org, "Mitglied")])
    platform = f.platform(network, offices=[kellbach])
    doc = f.library_document("Protokoll", "minutes", page=team)

    ContactPerson.objects.filter(pk=person.pk).delete()
    Organisation.objects.filter(pk=org.pk).delete()
    kellbach.delete()
    doc.document.delete()

    for page in (network, team, platform):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert "Gelöscht" not in html and "Weg e.V." not in html
    assert "Protokoll" not in client.get(team.url).content.decode()


def test_team_page_query_count_does_not_grow_with_members(client, home_page):
    network = f.network(home_page)
    org = f.organisation("Diakonie")
    small = f.team(
        network,
        "klein",
        leads=[(f.contact(), "Leitung")],
        members=[(f.contact(), org, "Mitglied") for _ in range(2)],
    )
    large = f.team(
        network,
        "gross",
        leads=[(f.contact(), "Leitung"), (f.contact(), "Stellvertretung")],
        members=[(f.contact(), f.organisation(), "Mitglied") for _ in range(40)],
    )
    f.library_document("Protokoll klein", "minutes", page=small)
    for i in range(5):
        f.library_document(f"Protokoll {i}", "minutes", page=large)
    client.get(small.url)  # warm caches (site root paths, content types)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert large_count == small_count
    assert client.get(large.url).content.decode().count("ehrenamt-members__item") == 42


def test_network_page_query_count_does_not_grow_with_teams(client, home_page):
    small = f.network(home_page, "klein")
    f.team(small, "t1", leads=[(f.contact(), "Leitung")])
    f.platform(small, "p1", offices=[office(home_page, "o1", "Stelle 1")])
    large = f.network(home_page, "gross")
    for i in range(8):
        f.team(large, f"t{i}", leads=[(f.contact(), "Leitung"), (f.contact(), "Leitung")])
    for i in range(3):
        f.platform(large, f"p{i}", offices=[office(home_page, f"o{i}x", f"Stelle {i}")])
    client.get(small.url)
    assert count_queries(client, large.url) == count_queries(client, small.url)


def test_platform_page_shows_topics_rhythm_organisers_invitation_and_minutes(client, home_page):
    network = f.network(home_page)
    kellbach = office(home_page)
    platform = f.platform(
        network,
        topics=["Wohnen", "Sprache und Bildung", "Arbeit"],
        offices=[kellbach],
        invited="<p>Alle Ehrenamtlichen im Landkreis.</p>",
        next_meeting_note="Nächstes Treffen im Frühjahr.",
    )
    platform.platform_contacts.create(
        contact=f.contact("Koordinatorin"), role="Landkreiskoordinatorin"
    )
    platform.save_revision().publish()
    f.library_document("Protokoll Plattform März", "minutes", page=platform)
    f.library_document("Flyer Plattform", "flyer", page=platform)

    html = client.get(platform.url).content.decode()
    for text in [
        "Wohnen",
        "Sprache und Bildung",
        "zwei- bis dreimal im Jahr",
        "Koordinierungsstelle Kellbach",
        "Alle Ehrenamtlichen im Landkreis.",
        "Nächstes Treffen im Frühjahr.",
        "Koordinatorin",
        "Protokoll Plattform März",
        "Flyer Plattform",
    ]:
        assert text in html, text
    # Groups without a speaker are invited by default.
    assert "Sprecher" in html or "speaker" in html


def test_team_page_shows_its_next_meetings_and_feed(client, home_page):
    """The team page lists the events it organises and offers its own feed."""
    import datetime as dt

    from tests.factories import add_page
    from wagtail_ehrenamt.models import EventCalendarPage, EventPage

    network = f.network(home_page)
    team = f.team(network)
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine-team"))
    add_page(
        calendar,
        EventPage(
            title="Teamtreffen Frühjahr",
            slug="teamtreffen",
            start_date=dt.date.today() + dt.timedelta(days=10),
            start_time=dt.time(18),
            organiser_page=team,
        ),
    )
    html = client.get(team.url).content.decode()
    assert "Teamtreffen Frühjahr" in html
    # One heading for the section, not a second one from the embedded list.
    assert html.count(">Nächste Treffen</h2>") == 1
    assert "Nächste Termine" not in html
    assert 'type="text/calendar"' in html  # the feed is announced in <head>
    assert "webcal://" in html  # and offered for subscription


def test_teams_block_renders_teams_of_a_network(home_page):
    from wagtail_ehrenamt.blocks.networks import NetworkTeamsBlock

    network = f.network(home_page)
    f.team(network, leads=[(f.contact("Lead"), "Leitung")])
    block = NetworkTeamsBlock()
    html = block.render(block.to_python({"heading": "", "network": network.pk}))
    assert "Kompetenzteam Unterkunft" in html
    assert "Lead" in html
    # A deleted or unpublished network renders an empty list, not an error.
    network.unpublish()
    html = block.render(block.to_python({"heading": "Teams", "network": network.pk}))
    assert "Kompetenzteam Unterkunft" not in html


def test_admin_team_listing_filters_by_network(client, home_page, admin_user):
    first = f.network(home_page, "erstes", title="Koordinatorennetzwerk")
    second = f.network(home_page, "zweites", title="Integrationslotsen")
    f.team(first, "a", title="Team Alpha")
    f.team(second, "b", title="Team Beta")
    client.force_login(admin_user)
    everything = client.get("/admin/ehrenamt_teams/")
    assert everything.status_code == 200
    assert "Team Alpha" in everything.content.decode()
    assert "Team Beta" in everything.content.decode()
    filtered = client.get(f"/admin/ehrenamt_teams/?network={first.pk}")
    assert filtered.status_code == 200
    assert "Team Alpha" in filtered.content.decode()
    assert "Team Beta" not in filtered.content.decode()
    assert client.get("/admin/ehrenamt_platforms/?network=999999").status_code == 200


def test_admin_edit_views_of_network_team_and_platform(client, home_page, admin_user):
    network = f.network(home_page)
    team = f.team(network, leads=[(f.contact(), "Leitung")])
    platform = f.platform(network, topics=["Wohnen"])
    client.force_login(admin_user)
    for page in (network, team, platform):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    assert client.get("/admin/ehrenamt_networks/").status_code == 200
    # Editors can add a team below the network.
    url = f"/admin/pages/add/wagtail_ehrenamt/competenceteampage/{network.pk}/"
    assert client.get(url).status_code == 200


def test_network_feed_includes_meetings_of_its_teams_and_platforms(home_page):
    import datetime as dt

    from wagtail_ehrenamt.models import EventCalendarPage, EventPage

    network = f.network(home_page)
    other = f.network(home_page, "anderes", title="Anderes Netzwerk")
    team = f.team(network)
    platform = f.platform(network)
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))

    def event(title, organiser):
        return add_page(
            calendar,
            EventPage(
                title=title,
                slug=title.lower(),
                start_date=dt.date(2026, 6, 1),
                organiser_page=organiser,
            ),
        )

    event("Netzwerksitzung", network)
    event("Teamsitzung", team)
    event("Plattformtreffen", platform)
    event("Fremd", other)
    events = network.get_feed_events()
    assert sorted(events.values_list("title", flat=True)) == [
        "Netzwerksitzung",
        "Plattformtreffen",
        "Teamsitzung",
    ]
    team_events = team.get_feed_events()
    assert list(team_events.values_list("title", flat=True)) == ["Teamsitzung"]


def test_team_preview_shows_unsaved_members(home_page):
    """In a preview the in-memory (unsaved) members are shown, not the saved ones."""
    network = f.network(home_page)
    team = f.team(network, members=[(f.contact("Gespeichert"), None, "Mitglied")])
    team = type(team).objects.get(pk=team.pk)
    team.members.add(team.members.model(contact=f.contact("Vorschau"), role="Neu"))
    response = team.make_preview_request()
    html = (
        response.rendered_content
        if hasattr(response, "rendered_content")
        else response.content.decode()
    )
    assert "Vorschau" in html and "Neu" in html
