"""Documents added from a team or office page land in that page's collection, not in Root."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupCollectionPermission

from tests import networks_factories as f
from tests.office_editors_data import editor_of, two_offices
from wagtail_ehrenamt.directory.office_editors import setup_office_editors
from wagtail_ehrenamt.models import LibraryDocument
from wagtail_ehrenamt.networks.page_collections import package_collection, page_collection

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/ehrenamt/documents/chooser/"


def path(collection):
    return [c.name for c in collection.get_ancestors()] + [collection.name]


def test_team_collection_is_created_once_below_the_package_collection(home_page):
    team = f.team(f.network(home_page))
    collection = page_collection(team)
    assert path(collection) == ["Root", "Ehrenamt", "Kompetenzteam Unterkunft"]
    count = Collection.objects.count()
    assert page_collection(team) == collection
    assert Collection.objects.count() == count
    with override_settings(WAGTAIL_EHRENAMT={"COLLECTION_NAME": "Flüchtlingshilfe"}):
        assert path(package_collection()) == ["Root", "Flüchtlingshilfe"]


def test_office_collection_is_its_editor_groups_with_document_rights(
    home_page, client, django_user_model
):
    county = two_offices(home_page)
    office = county["office_a"]
    before = page_collection(office)  # e.g. a document added before the group existed
    setup, _created = setup_office_editors(office)
    assert setup.collection == before == page_collection(office)
    assert path(setup.collection) == ["Root", "Ehrenamt", "Koordinierungsstelle Lindenhain"]
    assert set(
        GroupCollectionPermission.objects.filter(
            group=setup.group, collection=setup.collection
        ).values_list("permission__codename", flat=True)
    ) >= {"add_document", "change_document", "choose_document"}

    # The office editor's upload form offers only that collection and stores the file there.
    client.force_login(editor_of(setup, django_user_model))
    response = client.post(
        f"{CHOOSER}create/",
        {
            "document-chooser-upload-title": "Dienstplan",
            "document-chooser-upload-file": SimpleUploadedFile(
                "dienstplan.pdf", b"%PDF-1.4 x", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200, response.content[:500]
    assert Document.objects.get(title="Dienstplan").collection == setup.collection


def test_add_minutes_opens_the_chooser_on_the_team_collection(home_page, client, admin_user):
    team = f.team(f.network(home_page))
    client.force_login(admin_user)
    viewset = LibraryDocument.snippet_viewset
    response = client.get(
        reverse(viewset.get_url_name("add")), {"page": team.pk, "category": "minutes"}
    )
    assert response.status_code == 200
    collection = Collection.objects.get(name="Kompetenzteam Unterkunft")
    html = response.content.decode()
    urls = set(re.findall(r'data-chooser-url="([^"]+)"', html))
    assert f"{CHOOSER}?collection_id={collection.pk}" in urls

    # The chooser lists that collection and preselects it for uploads …
    chooser = client.get(CHOOSER, {"collection_id": collection.pk})
    soup = BeautifulSoup(chooser.json()["html"], "html.parser")
    upload = soup.find("select", attrs={"name": "document-chooser-upload-collection"})
    assert upload.find("option", selected=True)["value"] == str(collection.pk)
    form = soup.find("form", attrs={"action": re.compile("create")})
    assert f"collection_id={collection.pk}" in form["action"]

    # … and the upload lands there.
    response = client.post(
        form["action"],
        {
            "document-chooser-upload-title": "Protokoll Januar",
            "document-chooser-upload-collection": collection.pk,
            "document-chooser-upload-file": SimpleUploadedFile(
                "protokoll.pdf", b"%PDF-1.4 x", content_type="application/pdf"
            ),
        },
    )
    assert response.json()["step"] == "chosen"
    assert Document.objects.get(title="Protokoll Januar").collection == collection


def test_other_document_fields_keep_wagtails_chooser(home_page, client, admin_user):
    client.force_login(admin_user)
    viewset = LibraryDocument.snippet_viewset
    html = client.get(reverse(viewset.get_url_name("add"))).content.decode()
    assert 'data-chooser-url="/admin/documents/chooser/"' in html
    assert not Collection.objects.filter(name="Ehrenamt").exists()


def test_platform_page_adds_minutes_into_its_own_collection(home_page, client, admin_user):
    platform = f.platform(f.network(home_page))
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    html = client.get(f"/admin/pages/{platform.pk}/edit/").content.decode()
    assert "Protokoll hinzufügen" in html and "in der Sammlung dieser Seite" in html
    add_url = re.search(r'href="([^"]*librarydocument/add/[^"]*)"', html)[1].replace("&amp;", "&")
    form = client.get(add_url).content.decode()
    collection = Collection.objects.get(name="Vernetzungsplattform Ehrenamt")
    assert f'data-chooser-url="{CHOOSER}?collection_id={collection.pk}"' in form
