"""The enquiry inbox in the admin, the retention command and data subject requests."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.engagement_helpers import build_engagement_site, office_staff
from wagtail_ehrenamt.models import EnquiryStatusChange, VolunteerEnquiry

pytestmark = pytest.mark.django_db

BASE = "/admin/wagtail_ehrenamt/volunteerenquiry/"


@pytest.fixture
def site(home_page):
    return build_engagement_site(home_page)


def make_enquiry(office, name, email, status="new", **fields):
    enquiry = VolunteerEnquiry.objects.create(
        office=office,
        name=name,
        email=email,
        message=f"Nachricht von {name}",
        consent_at=timezone.now(),
        **fields,
    )
    EnquiryStatusChange.objects.create(enquiry=enquiry, from_status="", to_status="new")
    if status != "new":
        enquiry.set_status(status)
    return enquiry


@pytest.fixture
def enquiries(site):
    return {
        "lindenhain": make_enquiry(
            site["offices"]["lindenhain"], "Lina Lindenhainerin", "lina@example.org"
        ),
        "kellbach": make_enquiry(
            site["offices"]["kellbach"], "Karl Kellbacher", "karl@example.org"
        ),
    }


@pytest.fixture
def staff(site, django_user_model):
    return {
        "lindenhain": office_staff(django_user_model, "lindenhain", site["offices"]["lindenhain"]),
        "kellbach": office_staff(django_user_model, "kellbach", site["offices"]["kellbach"]),
        "county": office_staff(django_user_model, "kreis", None, all_offices=True),
        "nobody": office_staff(django_user_model, "ohnebuero", None),
    }


def test_office_staff_see_only_their_office(client, enquiries, staff):
    client.force_login(staff["kellbach"])
    html = client.get(BASE).content.decode()
    assert "Karl Kellbacher" in html
    assert "Lina Lindenhainerin" not in html
    own, other = enquiries["kellbach"], enquiries["lindenhain"]
    assert client.get(f"{BASE}inspect/{own.pk}/").status_code == 200
    # Every way to the other office's enquiry is refused.
    for url in [
        f"{BASE}inspect/{other.pk}/",
        f"{BASE}edit/{other.pk}/",
        f"{BASE}delete/{other.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Lina" not in response.content.decode()
    response = client.post(f"{BASE}edit/{other.pk}/", {"status": "closed", "internal_note": "x"})
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.status == "new"
    # The history view is switched off (it would bypass the object check).
    assert client.get(f"{BASE}history/{other.pk}/").status_code == 404
    # Searching and filtering do not leak either.
    assert "Lindenhainerin" not in client.get(f"{BASE}?q=Lina").content.decode()
    office_id = enquiries["lindenhain"].office_id
    filtered = client.get(f"{BASE}?office__id__exact={office_id}").content.decode()
    assert "Lindenhainerin" not in filtered


def test_csv_export_is_scoped(client, enquiries, staff):
    client.force_login(staff["kellbach"])
    response = client.get(f"{BASE}?export=csv")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    assert "karl@example.org" in body
    assert "lina@example.org" not in body


def test_county_coordinator_sees_all(client, enquiries, staff):
    client.force_login(staff["county"])
    html = client.get(BASE).content.decode()
    assert "Karl Kellbacher" in html and "Lina Lindenhainerin" in html
    assert client.get(f"{BASE}inspect/{enquiries['lindenhain'].pk}/").status_code == 200


def test_staff_without_office_see_nothing(client, enquiries, staff):
    client.force_login(staff["nobody"])
    html = client.get(BASE).content.decode()
    assert "Karl" not in html and "Lina" not in html
    assert client.get(f"{BASE}inspect/{enquiries['kellbach'].pk}/").status_code in (302, 403)


def test_no_create_view(client, staff):
    client.force_login(staff["county"])
    assert client.get(f"{BASE}create/").status_code in (302, 403)


def test_status_change_is_recorded(client, enquiries, staff):
    client.force_login(staff["kellbach"])
    enquiry = enquiries["kellbach"]
    response = client.post(
        f"{BASE}edit/{enquiry.pk}/",
        {"status": "contacted", "internal_note": "Angerufen, Termin am Dienstag."},
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "contacted"
    assert enquiry.internal_note == "Angerufen, Termin am Dienstag."
    change = enquiry.status_changes.last()
    assert (change.from_status, change.to_status, change.user) == (
        "new",
        "contacted",
        staff["kellbach"],
    )
    client.post(f"{BASE}edit/{enquiry.pk}/", {"status": "closed", "internal_note": ""})
    enquiry.refresh_from_db()
    assert enquiry.closed_at is not None
    html = client.get(f"{BASE}inspect/{enquiry.pk}/").content.decode()
    assert "Status" in html
    assert html.count("<li>") >= 3  # new, contacted, closed


# --- retention ------------------------------------------------------------------------------


def test_retention_command_anonymises_after_period(site, settings):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "ENQUIRY_RETENTION_DAYS": 30}
    start = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        closed = make_enquiry(site["offices"]["kellbach"], "Alt Geschlossen", "alt@example.org")
        closed.set_status("closed", note="Vermittelt an Frau X")
        open_ = make_enquiry(site["offices"]["kellbach"], "Noch Offen", "offen@example.org")
    # 29 days later: too early.
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        out = StringIO()
        call_command("ehrenamt_enquiry_retention", stdout=out)
        assert "0 enquiries" in out.getvalue()
    closed.refresh_from_db()
    assert closed.name == "Alt Geschlossen"
    # 31 days later: dry run changes nothing, the real run anonymises.
    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        out = StringIO()
        call_command("ehrenamt_enquiry_retention", "--dry-run", stdout=out)
        assert "Would anonymise 1" in out.getvalue()
        closed.refresh_from_db()
        assert closed.anonymised_at is None
        call_command("ehrenamt_enquiry_retention", stdout=StringIO())
        closed.refresh_from_db()
        assert closed.anonymised_at == start + dt.timedelta(days=31)
        for field in VolunteerEnquiry.PERSONAL_FIELDS:
            assert getattr(closed, field) == "", field
        assert closed.office == site["offices"]["kellbach"]  # kept for statistics
        assert not closed.status_changes.exclude(note="").exists()
        # Idempotent: a second run finds nothing.
        out = StringIO()
        call_command("ehrenamt_enquiry_retention", stdout=out)
        assert "0 enquiries" in out.getvalue()
    open_.refresh_from_db()
    assert open_.name == "Noch Offen"


def test_retention_command_can_delete(site):
    start = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        closed = make_enquiry(site["offices"]["kellbach"], "Alt", "alt@example.org")
        closed.set_status("closed")
    with time_machine.travel(start + dt.timedelta(days=181), tick=False):
        call_command("ehrenamt_enquiry_retention", "--delete", stdout=StringIO())
    assert not VolunteerEnquiry.objects.filter(pk=closed.pk).exists()
    assert not EnquiryStatusChange.objects.filter(enquiry_id=closed.pk).exists()


def test_reopened_enquiry_is_not_anonymised(site):
    start = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        enquiry = make_enquiry(site["offices"]["kellbach"], "Wieder Offen", "w@example.org")
        enquiry.set_status("closed")
        enquiry.set_status("contacted")
    with time_machine.travel(start + dt.timedelta(days=400), tick=False):
        call_command("ehrenamt_enquiry_retention", stdout=StringIO())
    enquiry.refresh_from_db()
    assert enquiry.name == "Wieder Offen"


# --- data subject requests ------------------------------------------------------------------


def test_subject_export_and_erase(site):
    make_enquiry(site["offices"]["kellbach"], "Erika", "Erika@Example.org")
    make_enquiry(site["offices"]["lindenhain"], "Erika", "erika@example.org")
    other = make_enquiry(site["offices"]["lindenhain"], "Max", "max@example.org")
    out = StringIO()
    call_command("ehrenamt_enquiry_subject", "export", "ERIKA@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["enquiries"]) == 2
    assert {e["office"] for e in data["enquiries"]} == {
        "Koordinierungsstelle Kellbach",
        "Koordinierungsstelle Lindenhain",
    }
    assert data["enquiries"][0]["status_history"][0]["to"]
    out = StringIO()
    call_command("ehrenamt_enquiry_subject", "erase", "erika@example.org", "--dry-run", stdout=out)
    assert "Would delete 2" in out.getvalue()
    assert VolunteerEnquiry.objects.count() == 3
    call_command("ehrenamt_enquiry_subject", "erase", "erika@example.org", stdout=StringIO())
    assert list(VolunteerEnquiry.objects.all()) == [other]
    with pytest.raises(CommandError):
        call_command("ehrenamt_enquiry_subject", "erase", "", stdout=StringIO())


def test_editors_can_create_an_offer_in_the_admin(admin_client, site):
    index = site["index"]
    add_url = f"/admin/pages/add/wagtail_ehrenamt/engagementofferpage/{index.pk}/"
    assert admin_client.get(add_url).status_code == 200
    response = admin_client.post(
        add_url,
        {
            "title": "Nähcafé Kellbach",
            "slug": "naehcafe-kellbach",
            "activity": "other",
            "offer_status": "open",
            "time_commitment": "weekly",
            "municipality": site["municipalities"]["kellbach"].pk,
            "languages": ["ar", "ti"],
            "topics": "Begegnung",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from wagtail_ehrenamt.models import EngagementOfferPage

    offer = EngagementOfferPage.objects.get(slug="naehcafe-kellbach")
    assert offer.live
    assert offer.languages == ["ar", "ti"]
    edit = admin_client.get(f"/admin/pages/{offer.pk}/edit/").content.decode()
    assert 'value="ti"' in edit and "checked" in edit


def test_inbox_query_count_does_not_grow(client, site, enquiries, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff["kellbach"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE).status_code == 200
        return len(ctx)

    client.get(BASE)  # warm up caches (content types, permissions)
    small = count()
    for n in range(15):
        make_enquiry(site["offices"]["kellbach"], f"Person {n}", f"p{n}@example.org")
    large = count()
    assert large <= small + 2, (small, large)
