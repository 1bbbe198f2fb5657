"""The document library: categories, filters, bad input, query counts, minutes on teams."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import networks_factories as f
from wagtail_ehrenamt.models import DocumentCategory, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    return f.library(home_page)


def test_documents_grouped_by_category_with_title_date_language_type_and_size(client, library):
    f.library_document("Standards Bürgerschaftliches Engagement", "standard")
    f.library_document("Flyer Ehrenamt", "flyer", language="ar")
    f.library_document(
        "Liste der Koordinierungsstellen",
        "list",
        document=f.wagtail_document("Liste", "liste.csv", b"x" * 2048),
    )
    f.library_document("Protokoll Kompetenzteam", "minutes")
    f.library_document("Anmeldeformular", "form")
    f.library_document("Unveröffentlicht", "form", live=False)

    response = client.get(library.url)
    html = response.content.decode()
    assert response.status_code == 200
    headings = re.findall(r'<h2 id="library-group-\d+">([^<]+)</h2>', html)
    with translation.override("de"):
        expected = [str(label) for value, label in DocumentCategory.choices if value != "other"]
    assert headings == expected, "one group per category, in the fixed order"
    assert "Liste der Koordinierungsstellen" in html
    assert "(CSV, 2,0\xa0KB)" in html or "(CSV, 2.0\xa0KB)" in html
    assert "(PDF," in html
    assert "Arabisch" in html
    assert 'datetime="2026-03-01"' in html
    assert "Unveröffentlicht" not in html


def test_filter_by_category_and_topic(client, library):
    f.library_document("Flyer Wohnen", "flyer", topics=["Wohnen"])
    f.library_document("Flyer Sprache", "flyer", topics=["Sprache"])
    f.library_document("Liste Wohnen", "list", topics=["Wohnen"])

    html = client.get(library.url, {"category": "flyer"}).content.decode()
    assert "Flyer Wohnen" in html and "Flyer Sprache" in html and "Liste Wohnen" not in html

    html = client.get(library.url, {"topic": "wohnen"}).content.decode()
    assert "Flyer Wohnen" in html and "Liste Wohnen" in html and "Flyer Sprache" not in html

    html = client.get(library.url, {"topic": "wohnen", "category": "list"}).content.decode()
    assert "Liste Wohnen" in html and "Flyer Wohnen" not in html
    # The topic filter offers only topics that shown documents have.
    Topic.objects.create(name="Leer", slug="leer")
    html = client.get(library.url).content.decode()
    assert 'value="wohnen"' in html and 'value="leer"' not in html


def test_topic_filter_offers_no_topic_of_unpublished_entries_only(client, library):
    f.library_document("Flyer Wohnen", "flyer", topics=["Wohnen"])
    f.library_document("Entwurf Gesundheit", "flyer", topics=["Gesundheit"], live=False)
    html = client.get(library.url).content.decode()
    assert 'value="wohnen"' in html
    assert 'value="gesundheit"' not in html and "Entwurf Gesundheit" not in html


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"category": "brochures"}, 400, "brochures"),
        ({"topic": "../../etc"}, 400, "../../etc"),
        ({"topic": "x" * 5000}, 400, "x" * 50),
        ({"topic": "woh\x00nen"}, 400, "„wohnen“"),
        ({"category": " flyer \x00"}, 400, "flyer"),
        ({"language": "klingon"}, 400, "klingon"),
        ({"page": "-1"}, 400, "-1"),
        ({"page": "0"}, 400, "0"),
        ({"page": "abc"}, 400, "abc"),
        ({"page": "99999999999999999999999"}, 400, "999"),
        ({"page": "²"}, 400, "²"),
        ({"page": "7"}, 404, "7"),
    ],
)
def test_bad_filter_input_gives_a_clear_response(client, library, params, status, message):
    f.library_document("Flyer Ehrenamt", "flyer")
    response = client.get(library.url, params)
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="ehrenamt-errors"' in html
    assert message in html
    # The valid rest of the request still works: the document list is shown.
    assert "Flyer Ehrenamt" in html


def test_bad_filter_is_ignored_but_good_filters_apply(client, library):
    f.library_document("Flyer Ehrenamt", "flyer")
    f.library_document("Liste", "list")
    response = client.get(library.url, {"category": "list", "topic": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Liste" in html and "Flyer Ehrenamt" not in html


def test_pagination_keeps_filters(client, library, settings):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "PAGE_SIZE": 5}
    topic = Topic.objects.create(name="Arbeit", slug="arbeit")
    f.many_library_documents(12, topic=topic)
    response = client.get(library.url, {"topic": "arbeit", "page": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "topic=arbeit&amp;page=3" in html
    assert "Seite 2 von 3" in html or "Page 2 of 3" in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_library_query_count_same_for_5_and_300_documents(client, home_page, settings):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "PAGE_SIZE": 500}
    small = f.library(home_page, "klein", title="Klein")
    wohnen = Topic.objects.create(name="Wohnen", slug="wohnen")
    f.many_library_documents(5, topic=wohnen)
    client.get(small.url)
    small_count, _ = count_queries(client, small.url)

    f.many_library_documents(295, category="minutes", topic=wohnen)
    large_count, response = count_queries(client, small.url)
    assert response.content.decode().count("ehrenamt-documents__item") == 300
    assert large_count == small_count
    filtered_count, _ = count_queries(client, small.url + "?topic=wohnen&category=minutes")
    assert filtered_count <= small_count + 1


def test_minutes_marked_for_a_team_appear_on_the_team_and_in_the_library(
    client, home_page, library
):
    network = f.network(home_page)
    team = f.team(network)
    platform = f.platform(network)
    f.library_document("Protokoll Team Unterkunft 03/2026", "minutes", page=team)
    f.library_document("Protokoll Plattform 04/2026", "minutes", page=platform)
    f.library_document("Arbeitshilfe Wohnungssuche", "standard", page=team)

    team_html = client.get(team.url).content.decode()
    assert "Protokoll Team Unterkunft 03/2026" in team_html
    assert "Arbeitshilfe Wohnungssuche" in team_html
    assert "Protokoll Plattform 04/2026" not in team_html
    platform_html = client.get(platform.url).content.decode()
    assert "Protokoll Plattform 04/2026" in platform_html
    library_html = client.get(library.url, {"category": "minutes"}).content.decode()
    assert "Protokoll Team Unterkunft 03/2026" in library_html
    assert "Protokoll Plattform 04/2026" in library_html


def test_documents_block_chosen_and_by_category(home_page):
    from wagtail_ehrenamt.blocks.networks import DocumentsBlock

    flyer = f.library_document("Flyer A", "flyer", topics=["Sprache"])
    f.library_document("Formular B", "form")
    hidden = f.library_document("Entwurf C", "flyer", live=False)
    block = DocumentsBlock()
    value = block.to_python(
        {
            "heading": "Zum Herunterladen",
            "documents": [hidden.pk, flyer.pk],
            "category": "",
            "topic": "",
            "limit": 5,
        }
    )
    html = block.render(value)
    assert "Zum Herunterladen" in html and "Flyer A" in html and "Entwurf C" not in html
    value = block.to_python(
        {"heading": "", "documents": [], "category": "form", "topic": "", "limit": 5}
    )
    html = block.render(value)
    assert "Formular B" in html and "Flyer A" not in html
    value = block.to_python(
        {"heading": "", "documents": [], "category": "", "topic": "sprache", "limit": 5}
    )
    assert "Flyer A" in block.render(value)


def test_library_document_admin_add_edit_and_preview(client, admin_user):
    entry = f.library_document("Flyer Vorschau", "flyer")
    client.force_login(admin_user)
    base = "/admin/snippets/wagtail_ehrenamt/librarydocument/"
    listing = client.get(base + "?category=flyer")
    assert listing.status_code == 200 and "Flyer Vorschau" in listing.content.decode()
    assert client.get(base + "add/").status_code == 200
    assert client.get(f"{base}edit/{entry.pk}/").status_code == 200
    template = entry.get_preview_template(None, "")
    from django.template.loader import render_to_string

    html = render_to_string(template, entry.get_preview_context(None, ""))
    assert "Flyer Vorschau" in html and "(PDF," in html
