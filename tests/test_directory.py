"""Directory: office pages, the filtered directory, CSV, print view, vCard, JSON-LD,
e-mail protection, blocks, admin usage and listing filters."""

import base64
import csv
import io
import json
import re
from datetime import time

import pytest
import vobject
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, ReferenceIndex

from tests import directory_data as d
from wagtail_ehrenamt.blocks import ContactCardBlock, MunicipalityOfficesBlock, OfficeCardBlock
from wagtail_ehrenamt.models import ContactPerson, CoordinationOfficePage, Municipality

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def decode(encoded):
    return base64.b64decode(encoded).decode("utf-8")[::-1]


@pytest.fixture
def county(home_page):
    kellbach = d.municipality("kellbach", "Kellbach", "city", "06699002")
    sommerau = d.municipality("sommerau", "Sommerau")
    index = d.directory(home_page)
    jorg = d.contact(
        salutation="mr",
        title="Dr.",
        role="Kreiskoordinator",
        department="Fachbereich Migration",
        phone="06621 17-320",
        fax="06621 17-399",
        mobile="0170 5550123",
        email="joerg.mueller@auenwald.example",
        room="B 112",
        languages="Deutsch, Türkisch",
        consultation_hours="Di 9–12 Uhr",
    )
    hanna = d.contact("Albers", "Hanna", role="Koordinatorin", email="hanna@sommerau.example")
    body = d.organisation("Stadt Kellbach")
    place = d.location()
    kellbach_office = d.office(
        index,
        "Koordinierungsstelle Kellbach",
        "koordinierungsstelle-kellbach",
        contacts=[(jorg, "Leitung der Stelle")],
        municipalities=[kellbach],
        topics=["Wohnen", "Ehrenamt"],
        hours=[(1, (9, 0), (12, 0)), (3, (14, 0), (17, 30))],
        summary="Hilft Ehrenamtlichen in Kellbach.",
        responsible_body=body,
        location=place,
        phone="06631 900-50",
        fax="06631 900-59",
        email="ehrenamt@kellbach.example",
        website="https://kellbach.example/",
        newsletter_url="https://kellbach.example/newsletter",
        social_links=[("link", {"label": "Mastodon", "url": "https://social.example/@kellbach"})],
    )
    sommerau_office = d.office(
        index,
        "Koordinierungsstelle Sommerau",
        "koordinierungsstelle-sommerau",
        contacts=[hanna],
        municipalities=[sommerau],
        topics=["Sprache"],
        email="ehrenamt@sommerau.example",
        by_appointment=True,
    )
    county_office = d.office(
        index,
        "Flüchtlingsarbeit im Landkreis",
        "fluechtlingsarbeit-landkreis",
        is_county_wide=True,
        topics=["Ehrenamt"],
        phone="06621 17-300",
    )
    # These tests read the English interface, which follows the page's language (issue 17):
    # the county's pages are English pages.
    english = Locale.objects.get_or_create(language_code="en")[0]
    Page.objects.filter(depth__gte=2).update(locale=english)
    return {
        "index": index,
        "kellbach": kellbach_office,
        "sommerau": sommerau_office,
        "county": county_office,
        "jorg": jorg,
        "hanna": hanna,
    }


# Office page ------------------------------------------------------------------------------


def test_office_page_shows_everything_and_no_plain_email(client, county):
    response = client.get(county["kellbach"].url, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Koordinierungsstelle Kellbach",
        "Dr. Jörg Müller-Lüdenscheidt",
        "Leitung der Stelle",
        "06621 17-320",
        "06621 17-399",
        "0170 5550123",
        "B 112",
        "Deutsch, Türkisch",
        "Marktstraße 1",
        "36210 Kellbach",
        "Zimmer 12",
        "Bus 540 bis Marktstraße",
        "Step-free access",
        "Stadt Kellbach",
        "https://kellbach.example/newsletter",
        "https://social.example/@kellbach",
        "09:00 to 12:00",
    ]:
        assert text in html, text
    # No address in harvestable form: not plain, not as mailto, not in JSON-LD.
    for address in ["joerg.mueller@auenwald.example", "ehrenamt@kellbach.example"]:
        assert address not in html
    assert "mailto:" not in html
    encoded = re.findall(r'data-ehrenamt-email="([^"]+)"', html)
    assert {decode(e) for e in encoded} == {
        "joerg.mueller@auenwald.example",
        "ehrenamt@kellbach.example",
    }
    # Readable without JavaScript, spoken naturally by screen readers.
    assert "joerg.mueller" in html and "[at]" in html and "[dot]" in html
    assert '<span class="visually-hidden"> at </span>' in html
    # The decoder script is included once.
    assert html.count("wagtail_ehrenamt/js/email.js") == 1
    # vCard link of the contact, on the office's own route.
    assert f"{county['kellbach'].url}vcard/{county['jorg'].pk}/" in html


def test_office_page_json_ld(client, county):
    html = client.get(county["kellbach"].url, **EN).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOffice"
    assert data["name"] == "Koordinierungsstelle Kellbach"
    assert data["telephone"] == "06631 900-50"
    assert data["faxNumber"] == "06631 900-59"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Marktstraße 1",
        "postalCode": "36210",
        "addressLocality": "Kellbach",
        "addressCountry": "DE",
    }
    assert data["geo"]["latitude"] == pytest.approx(50.8612)
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Tuesday",
            "opens": "09:00",
            "closes": "12:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Thursday",
            "opens": "14:00",
            "closes": "17:30",
        },
    ]
    assert data["contactPoint"] == [
        {
            "@type": "ContactPoint",
            "name": "Dr. Jörg Müller-Lüdenscheidt",
            "contactType": "Leitung der Stelle",
            "telephone": "06621 17-320",
            "faxNumber": "06621 17-399",
            "availableLanguage": ["Deutsch", "Türkisch"],
        }
    ]
    assert data["areaServed"] == [{"@type": "AdministrativeArea", "name": "Kellbach"}]
    assert data["parentOrganization"]["name"] == "Stadt Kellbach"
    assert data["sameAs"] == ["https://kellbach.example/", "https://social.example/@kellbach"]
    assert "email" not in json.dumps(data)


def test_json_ld_cannot_break_out_of_the_script(client, county):
    page = county["sommerau"]
    page.title = "Stelle </script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(match.group(1))["name"] == page.title


def test_map_waits_for_consent_and_uses_configured_tiles(client, county, settings):
    settings.WAGTAIL_EHRENAMT = {"MAP_TILE_URL": "https://tiles.example.org/{z}/{x}/{y}.png"}
    html = client.get(county["kellbach"].url, **EN).content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "tiles.example.org, which sees your IP address" in html
    # Nothing loads from the tile host or Leaflet until the visitor clicks.
    assert not re.search(r'(src|href)="https://tiles\.example\.org', html)
    assert not re.search(r"<(script|link)[^>]+leaflet", html)
    assert "wagtail_ehrenamt/js/map.js" in html
    # Route planner link with the coordinates.
    assert "https://www.openstreetmap.org/directions?to=50.861200%2C9.792400" in html


def test_leaflet_is_vendored():
    from django.contrib.staticfiles import finders

    for name in ["leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png"]:
        assert finders.find(f"wagtail_ehrenamt/vendor/leaflet/{name}"), name


def test_office_page_query_count_does_not_grow_with_contacts(client, home_page):
    index = d.directory(home_page)
    one = d.office(index, "Eins", "eins", contacts=[d.contact("A", "Anna", email="a@x.example")])
    many = d.office(
        index,
        "Zwanzig",
        "zwanzig",
        contacts=[d.contact(f"P{i}", "Paula", email=f"p{i}@x.example") for i in range(20)],
    )
    client.get(one.url)  # warm caches (site root paths)
    counts = []
    for page in (one, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert response.content.decode().count("ehrenamt-contact__name") == 20


def test_deleted_and_unpublished_contacts_do_not_break_the_page(client, county):
    page = county["kellbach"]
    jorg = county["jorg"]
    # Wagtail's reference index knows where the contact is used ...
    usages = ReferenceIndex.get_references_to(jorg).group_by_source_object()
    assert [source.specific for source, _refs in usages] == [page]
    # ... and so does the admin's usage view.
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "b@x.example", "pw")
    client.force_login(admin)
    usage = client.get(f"/admin/snippets/wagtail_ehrenamt/contactperson/usage/{jorg.pk}/")
    assert usage.status_code == 200
    assert "Koordinierungsstelle Kellbach" in usage.content.decode()
    client.logout()

    jorg.unpublish()
    html = client.get(page.url).content.decode()
    assert "Müller-Lüdenscheidt" not in html
    assert client.get(f"{page.url}vcard/{jorg.pk}/").status_code == 404

    jorg.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Koordinierungsstelle Kellbach" in response.content.decode()


def test_internal_contacts_are_not_shown(client, county):
    hanna = county["hanna"]
    hanna.is_public = False
    hanna.internal_note = "Nur intern: privat erreichbar"
    hanna.save_revision().publish()
    html = client.get(county["sommerau"].url).content.decode()
    assert "Albers" not in html and "Nur intern" not in html
    assert client.get(f"{county['index'].url}vcard/{hanna.pk}/").status_code == 404


# Directory --------------------------------------------------------------------------------


def titles(response):
    return re.findall(
        r'class="ehrenamt-office-card__title"><a href="[^"]+">([^<]+)<', response.content.decode()
    )


def test_directory_lists_offices_with_protected_email(client, county):
    response = client.get(county["index"].url, **EN)
    assert response.status_code == 200
    assert titles(response) == [
        "Flüchtlingsarbeit im Landkreis",
        "Koordinierungsstelle Kellbach",
        "Koordinierungsstelle Sommerau",
    ]
    html = response.content.decode()
    assert "ehrenamt@kellbach.example" not in html and "mailto:" not in html
    assert "3 offices found." in html
    assert f"{county['index'].url}csv/" in html and f"{county['index'].url}print/" in html


FILTER_CASES = [
    (
        # The town's own office first, then the county-wide one (issue 14).
        "municipality=kellbach",
        ["Koordinierungsstelle Kellbach", "Flüchtlingsarbeit im Landkreis"],
    ),
    ("topic=sprache", ["Koordinierungsstelle Sommerau"]),
    ("municipality=sommerau&topic=sprache", ["Koordinierungsstelle Sommerau"]),
    ("q=M%C3%BCller-L%C3%BCdenscheidt", ["Koordinierungsstelle Kellbach"]),
    ("q=sommerau", ["Koordinierungsstelle Sommerau"]),
    ("q=wohnen", ["Koordinierungsstelle Kellbach"]),
    ("q=landkreis", ["Flüchtlingsarbeit im Landkreis"]),
    ("q=nichts+passt", []),
    ("q=%25", []),
    (
        "q=",
        [
            "Flüchtlingsarbeit im Landkreis",
            "Koordinierungsstelle Kellbach",
            "Koordinierungsstelle Sommerau",
        ],
    ),
]


def test_directory_filters_and_search(client, county):
    # One fixture, many queries: building the county is the slow part.
    for query, expected in FILTER_CASES:
        response = client.get(f"{county['index'].url}?{query}", **EN)
        assert response.status_code == 200, query
        assert titles(response) == expected, query


BAD_INPUT_CASES = [
    ("municipality=atlantis", 400, "There is no town or municipality “atlantis”"),
    ("municipality=%3Cscript%3E", 400, "“&lt;script&gt;”"),
    ("topic=unbekannt", 400, "There is no topic “unbekannt”"),
    ("municipality[]=kellbach&municipality=x", 400, "There is no town or municipality “x”"),
    ("q=" + "x" * 101, 400, "at most 100 characters"),
    ("q=a%00b", 400, "Null characters are not allowed"),
    ("q=a%01b", 400, "cannot be searched for"),
    ("page=abc", 400, "“abc” is not a page number"),
    ("page=-1", 400, "“-1” is not a page number"),
    ("page=0", 400, "“0” is not a page number"),
    ("page=1.5", 400, "“1.5” is not a page number"),
    ("page=99999999999999999999", 400, "is not a page number"),
    ("page=7", 404, "There is no page 7; this list has 1 page(s)."),
]


def test_directory_bad_input_gives_a_clear_message(client, county):
    for query, status, message in BAD_INPUT_CASES:
        response = client.get(f"{county['index'].url}?{query}", **EN)
        assert response.status_code == status, query
        html = response.content.decode()
        assert message in html, query
        assert 'class="ehrenamt-errors" role="alert"' in html
        # A refused page number shows the first page; other bad input shows no offices.
        expected = titles(client.get(county["index"].url, **EN)) if "page=" in query else []
        assert titles(response) == expected, query


def test_directory_pagination(client, county, settings):
    settings.WAGTAIL_EHRENAMT = {"PAGE_SIZE": 2}
    first = client.get(county["index"].url, **EN)
    assert len(titles(first)) == 2 and "Page 1 of 2" in first.content.decode()
    second = client.get(f"{county['index'].url}?page=2", **EN)
    assert titles(second) == ["Koordinierungsstelle Sommerau"]
    filtered = client.get(f"{county['index'].url}?topic=ehrenamt&page=1", **EN)
    assert len(titles(filtered)) == 2


def test_directory_only_shows_live_offices(client, county):
    county["sommerau"].unpublish()
    assert "Koordinierungsstelle Sommerau" not in titles(client.get(county["index"].url))


def test_directory_query_count_does_not_grow_with_offices(client, home_page, settings):
    settings.WAGTAIL_EHRENAMT = {"PAGE_SIZE": 20}
    towns = [d.municipality(f"town-{i}", f"Town {i}") for i in range(3)]
    place = d.location()

    def build(slug, count):
        index = d.directory(home_page, slug=slug)
        d.bulk_offices(index, count, towns, ["Ehrenamt", "Sprache"], place)
        return index

    small, large = build("klein", 5), build("gross", 200)
    client.get(small.url)
    counts = []
    for index, query in [
        (small, ""),
        (large, ""),
        (small, "?q=stelle&municipality=town-1"),
        (large, "?q=stelle&municipality=town-1"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index.url + query)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[2] == counts[3], counts
    assert len(titles(response)) == 20


# CSV, print view, vCard -------------------------------------------------------------------


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_field_by_field(client, county):
    response = client.get(f"{county['index'].url}csv/", **EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="koordinierungsstellen-'
    )
    rows = read_csv(response)
    assert [row["Office"] for row in rows] == [
        "Flüchtlingsarbeit im Landkreis",
        "Koordinierungsstelle Kellbach",
        "Koordinierungsstelle Sommerau",
    ]
    assert rows[1] == {
        "Office": "Koordinierungsstelle Kellbach",
        "Towns and municipalities": "Kellbach",
        "Responsible body": "Stadt Kellbach",
        "Street": "Marktstraße 1",
        "Postcode": "36210",
        "City": "Kellbach",
        "Room": "Zimmer 12",
        "Phone": "06631 900-50",
        "Fax": "06631 900-59",
        "Mobile": "",
        "E-mail": "ehrenamt@kellbach.example",
        "Website": "https://kellbach.example/",
        "Consultation hours": "Tuesday 09:00–12:00; Thursday 14:00–17:30",
        "Contact persons": "Dr. Jörg Müller-Lüdenscheidt, Leitung der Stelle, 06621 17-320",
        "Topics": "Ehrenamt, Wohnen",
        "Web page": "http://testserver" + county["kellbach"].url,
    }
    assert rows[0]["Towns and municipalities"] == "whole county"
    assert rows[2]["Consultation hours"] == "by appointment"


def test_csv_follows_filters_and_rejects_bad_ones(client, county):
    rows = read_csv(client.get(f"{county['index'].url}csv/?topic=sprache", **EN))
    assert [row["Office"] for row in rows] == ["Koordinierungsstelle Sommerau"]
    bad = client.get(f"{county['index'].url}csv/?municipality=atlantis", **EN)
    assert bad.status_code == 400
    assert "atlantis" in bad.content.decode()


def test_csv_cells_cannot_run_as_formulas(client, county):
    page = county["sommerau"]
    page.title = '=HYPERLINK("http://evil.example","klick")'
    page.phone = "+49 6635 7788"
    page.save_revision().publish()
    row = read_csv(client.get(f"{county['index'].url}csv/?topic=sprache", **EN))[0]
    assert row["Office"] == "'" + page.title
    assert row["Phone"] == "+49 6635 7788"


def test_print_view(client, county):
    response = client.get(f"{county['index'].url}print/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Koordinierungsstelle Kellbach",
        "06631 900-59",
        "Dr. Jörg Müller-Lüdenscheidt",
        "Zimmer 12",
    ]:
        assert text in html
    assert "ehrenamt@kellbach.example" not in html and "mailto:" not in html
    assert "wagtail_ehrenamt/css/directory.css" in html
    assert client.get(f"{county['index'].url}print/?topic=nope").status_code == 400


def test_vcard_parses_with_umlauts(client, county):
    response = client.get(f"{county['kellbach'].url}vcard/{county['jorg'].pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert (
        "filename*=UTF-8''dr-j%C3%B6rg-m%C3%BCller-l%C3%BCdenscheidt.vcf"
        in response["Content-Disposition"]
    )
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.fn.value == "Dr. Jörg Müller-Lüdenscheidt"
    assert card.n.value.family == "Müller-Lüdenscheidt"
    assert card.n.value.given == "Jörg"
    assert card.n.value.prefix == "Dr."
    assert card.title.value == "Kreiskoordinator"
    assert (
        card.org.value == ["Fachbereich Migration"] or card.org.value[-1] == "Fachbereich Migration"
    )
    tels = {tuple(sorted(",".join(t.params["TYPE"]).split(","))): t.value for t in card.tel_list}
    assert tels == {
        ("VOICE", "WORK"): "06621 17-320",
        ("CELL",): "0170 5550123",
        ("FAX", "WORK"): "06621 17-399",
    }
    assert card.email.value == "joerg.mueller@auenwald.example"
    assert card.adr.value.street == "Marktstraße 1, Zimmer 12"
    assert card.adr.value.city == "Kellbach"
    assert card.adr.value.code == "36210"
    assert card.url.value == "http://testserver" + county["kellbach"].url
    assert "Di 9–12 Uhr" in card.note.value and "Türkisch" in card.note.value


def test_vcard_from_the_directory_and_bad_ids(client, county):
    index_url = county["index"].url
    card = vobject.readOne(client.get(f"{index_url}vcard/{county['hanna'].pk}/").content.decode())
    assert card.fn.value == "Hanna Albers"
    assert client.get(f"{index_url}vcard/999999/").status_code == 404
    assert client.get(f"{index_url}vcard/abc/").status_code == 404
    # A contact of another office is not reachable through this office.
    assert client.get(f"{county['kellbach'].url}vcard/{county['hanna'].pk}/").status_code == 404
    draft = d.contact("Entwurf", "Erik", live=False)
    assert client.get(f"{index_url}vcard/{draft.pk}/").status_code == 404


def test_long_vcard_lines_are_folded_without_breaking_characters(client, county):
    jorg = county["jorg"]
    jorg.public_note = "Öffnungszeiten für Ehrenamtliche: " + "äöü " * 40
    jorg.save_revision().publish()
    raw = client.get(f"{county['index'].url}vcard/{jorg.pk}/").content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    card = vobject.readOne(raw.decode())
    assert "äöü äöü" in card.note.value


# Tag, blocks, models, admin ---------------------------------------------------------------


def test_protected_email_tag():
    request = RequestFactory().get("/")
    template = Template(
        "{% load ehrenamt_tags %}{% protected_email a %}"
        "|{% protected_email b 'Schreiben Sie uns' %}"
        "|{% protected_email b c %}|{% protected_email '' %}"
    )
    html = template.render(
        Context(
            {"request": request, "a": "anna@ämter.example", "b": "b@x.example", "c": "b@x.example"}
        )
    )
    assert "anna@" not in html and "b@x.example" not in html
    assert 'data-label="Schreiben Sie uns"' in html
    assert html.count("js/email.js") == 1
    assert decode(re.findall(r'data-ehrenamt-email="([^"]+)"', html)[0]) == "anna@ämter.example"


def test_blocks_render(county, rf):
    request = rf.get("/")
    card = ContactCardBlock()
    html = card.render(
        card.to_python({"contact": county["jorg"].pk, "role": "Ansprechpartner"}),
        {"request": request},
    )
    assert "Müller-Lüdenscheidt" in html and "Ansprechpartner" in html
    assert "joerg.mueller@auenwald.example" not in html
    assert f"{county['index'].url}vcard/{county['jorg'].pk}/" in html

    office_block = OfficeCardBlock()
    html = office_block.render(
        office_block.to_python({"office": county["kellbach"].pk}), {"request": request}
    )
    assert "Koordinierungsstelle Kellbach" in html and "ehrenamt@kellbach.example" not in html

    block = MunicipalityOfficesBlock()
    kellbach = Municipality.objects.get(slug="kellbach")
    value = block.to_python(
        {"heading": "Für Kellbach", "municipality": kellbach.pk, "include_county_wide": True}
    )
    html = block.render(value, {"request": request})
    assert "Koordinierungsstelle Kellbach" in html and "Flüchtlingsarbeit im Landkreis" in html
    assert "Sommerau" not in html
    value = block.to_python({"municipality": kellbach.pk, "include_county_wide": False})
    assert "Flüchtlingsarbeit" not in block.render(value, {"request": request})


def test_contact_card_block_in_office_body_survives_deletion(client, county):
    page = county["county"]
    page.body = [
        ("heading", {"text": "Aufgaben", "level": "h2"}),
        ("paragraph", "<p>Wir beraten.</p>"),
        ("contact_card", {"contact": county["hanna"], "role": "Ansprechpartnerin"}),
    ]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Hanna Albers" in html and "Ansprechpartnerin" in html and "<h2" in html
    county["hanna"].delete()
    response = client.get(page.url)
    assert response.status_code == 200 and "Wir beraten." in response.content.decode()


def test_official_municipality_key_is_validated():
    for key in ["06699001", "06699", "16077001"]:
        Municipality(name="Ok", slug=f"ok-{key}", official_key=key).full_clean()
    for key in ["123", "17699001", "00699001", "0669900a", "066990011"]:
        with pytest.raises(ValidationError):
            Municipality(name="Bad", slug=f"bad-{key}", official_key=key).full_clean()


def test_admin_office_listing_filters_by_municipality_and_topic(client, county):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("boss", "b@x.example", "pw"))
    url = "/admin/ehrenamt_offices/"
    kellbach = Municipality.objects.get(slug="kellbach")
    html = client.get(url, {"municipalities": kellbach.pk}).content.decode()
    assert "Koordinierungsstelle Kellbach" in html and "Koordinierungsstelle Sommerau" not in html
    from wagtail_ehrenamt.models import Topic

    sprache = Topic.objects.get(slug="sprache")
    html = client.get(url, {"topics": sprache.pk}).content.decode()
    assert "Koordinierungsstelle Sommerau" in html and "Koordinierungsstelle Kellbach" not in html
    assert client.get(url, {"municipalities": "nonsense"}).status_code == 200


def test_snippet_previews_render(client, county):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("boss", "b@x.example", "pw"))
    jorg = county["jorg"]
    response = client.get(f"/admin/snippets/wagtail_ehrenamt/contactperson/preview/{jorg.pk}/")
    # Wagtail posts the form first; a GET without stored form data still renders a page.
    assert response.status_code in (200, 302)


def test_office_page_in_the_page_editor(client, county):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("boss", "b@x.example", "pw"))
    response = client.get(f"/admin/pages/{county['kellbach'].pk}/edit/")
    assert response.status_code == 200
    assert ContactPerson.objects.count() == 2
    assert CoordinationOfficePage.objects.live().count() == 3


def test_unsaved_office_renders_for_preview(county, rf):
    """The page editor's preview renders a page that is not saved yet."""
    from wagtail_ehrenamt.directory.views import office_context
    from wagtail_ehrenamt.models import ConsultationHour, OfficeContact, Organisation

    page = CoordinationOfficePage(title="Neue Stelle", slug="neue-stelle", email="neu@x.example")
    page.related_offices = [county["kellbach"]]
    page.partners = list(Organisation.objects.all())
    page.office_contacts = [OfficeContact(contact=county["jorg"], role="Vertretung")]
    page.consultation_hours = [ConsultationHour(weekday=0, opens=time(9), closes=time(10))]
    context = office_context(page, rf.get("/"))
    assert context["related_office_list"] == [county["kellbach"]]
    assert [card["role"] for card in context["contact_cards"]] == ["Vertretung"]
    assert json.loads(context["json_ld"])["name"] == "Neue Stelle"
