"""The package's admin lists in German: yes/no columns say "Ja"/"Nein", no English, no 500."""

import re

import pytest
from django.contrib.auth.models import Group

from tests.factories import add_page
from tests.test_networks import office
from wagtail_ehrenamt.models import (
    EnquiryInboxAccess,
    EventCalendarPage,
    ExternalCalendar,
    Organisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_admin(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    return client


def text(response):
    assert response.status_code == 200
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_partner_calendar_list_reads_ja_and_nein(german_admin, home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    partner = Organisation.objects.create(name="Diakonie Kellbach", live=True)
    for name, active in [("Diakonie", True), ("Caritas", False)]:
        ExternalCalendar.objects.create(
            name=name,
            url=f"https://{name.lower()}.example/feed.ics",
            calendar=calendar,
            organisation=partner,
            active=active,
        )
    listing = text(german_admin.get("/admin/snippets/wagtail_ehrenamt/externalcalendar/"))
    assert re.search(r"Caritas .* Nein .* Diakonie .* Ja ", listing), listing
    assert not re.search(r"\b(True|False)\b", listing)


def test_inbox_access_list_shows_its_rows(german_admin, home_page):
    group = Group.objects.create(name="Redaktion Kellbach")
    EnquiryInboxAccess.objects.create(group=group, office=office(home_page))
    listing = text(german_admin.get("/admin/wagtail_ehrenamt/enquiryinboxaccess/"))
    assert "Redaktion Kellbach" in listing and "Koordinierungsstelle Kellbach" in listing
