"""The enquiry inbox as an office works with it (issue 15): allowed status moves with a note
each, the enquiry on the edit screen, the dashboard count per office, erasure by name and
phone, and a list whose query count does not grow."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.engagement_helpers import build_engagement_site, office_staff
from tests.test_engagement_inbox import make_enquiry
from wagtail_ehrenamt.inbox import NewEnquiriesPanel, tel_href
from wagtail_ehrenamt.models import EnquiryInboxAccess, VolunteerEnquiry
from wagtail_ehrenamt.models.engagement import (
    ALLOWED_STATUS_MOVES,
    EnquiryStatus,
    normalise_phone,
)

pytestmark = pytest.mark.django_db

BASE = "/admin/wagtail_ehrenamt/volunteerenquiry/"


@pytest.fixture
def site(home_page):
    return build_engagement_site(home_page)


@pytest.fixture
def staff(site, django_user_model):
    offices = site["offices"]
    users = {
        "kellbach": office_staff(django_user_model, "kellbach", offices["kellbach"]),
        "lindenhain": office_staff(django_user_model, "lindenhain", offices["lindenhain"]),
        "county": office_staff(django_user_model, "kreis", None, all_offices=True),
        "nobody": office_staff(django_user_model, "ohnebuero", None),
    }
    # One person working for two offices.
    both = office_staff(django_user_model, "zwei", offices["kellbach"])
    EnquiryInboxAccess.objects.create(group=both.groups.get(), office=offices["lindenhain"])
    users["both"] = both
    return users


def post_edit(client, enquiry, status, note="", internal_note=""):
    return client.post(
        f"{BASE}edit/{enquiry.pk}/",
        {"status": status, "status_note": note, "internal_note": internal_note},
    )


# --- status moves ---------------------------------------------------------------------------


def test_allowed_moves_are_documented_set():
    assert ALLOWED_STATUS_MOVES == {
        "new": ("contacted", "closed"),
        "contacted": ("placed", "closed"),
        "placed": ("closed", "contacted"),
        "closed": ("contacted",),
    }
    enquiry = VolunteerEnquiry(status="new")
    assert enquiry.can_move_to("new") and enquiry.can_move_to("contacted")
    assert not enquiry.can_move_to("placed")
    with translation.override("de"), pytest.raises(ValidationError) as error:
        enquiry.check_move("placed")
    assert "von „Neu“ zu „Vermittelt“" in error.value.messages[0]
    assert "Kontaktiert, Abgeschlossen" in error.value.messages[0]


def test_enquiry_moves_through_its_statuses_with_a_note_each(client, site, staff):
    enquiry = make_enquiry(site["offices"]["kellbach"], "Karl Kellbacher", "karl@example.org")
    client.force_login(staff["kellbach"])
    steps = [
        ("contacted", "Angerufen, kommt Dienstag."),
        ("contacted", "Dienstag verschoben auf Donnerstag."),  # a note without a move
        ("placed", "Hilft ab März im Sprachcafé."),
        ("closed", ""),
    ]
    for status, note in steps:
        response = post_edit(client, enquiry, status, note, internal_note="Bleibt stehen.")
        assert response.status_code == 302, response.content.decode()[:2000]
    enquiry.refresh_from_db()
    assert enquiry.status == "closed" and enquiry.closed_at is not None
    assert enquiry.internal_note == "Bleibt stehen."
    history = list(enquiry.status_changes.values_list("from_status", "to_status", "note", "user"))
    user = staff["kellbach"].pk
    assert history == [
        ("", "new", "", None),
        ("new", "contacted", "Angerufen, kommt Dienstag.", user),
        ("contacted", "contacted", "Dienstag verschoben auf Donnerstag.", user),
        ("contacted", "placed", "Hilft ab März im Sprachcafé.", user),
        ("placed", "closed", "", user),
    ]
    # Saving with neither a move nor a note adds nothing.
    post_edit(client, enquiry, "closed", "", internal_note="Bleibt stehen.")
    assert enquiry.status_changes.count() == 5
    # The history and its notes are on the edit screen, the newest move too.
    with translation.override("de"):
        html = client.get(f"{BASE}edit/{enquiry.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Dienstag verschoben auf Donnerstag." in html
    assert "Hilft ab März im Sprachcafé." in html


def test_refused_moves_say_why_and_change_nothing(client, site, staff):
    enquiry = make_enquiry(site["offices"]["kellbach"], "Karl Kellbacher", "karl@example.org")
    client.force_login(staff["kellbach"])
    response = post_edit(client, enquiry, "placed", "Übersprungen")
    assert response.status_code == 200
    html = response.content.decode()
    assert "von „Neu“ zu „Vermittelt“" in html
    enquiry.refresh_from_db()
    assert enquiry.status == "new"
    assert enquiry.status_changes.count() == 1
    # Nothing goes back to "new".
    enquiry.set_status("contacted")
    response = post_edit(client, enquiry, "new")
    assert response.status_code == 200
    assert "von „Kontaktiert“ zu „Neu“" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == "contacted"
    # A closed enquiry can be reopened as "contacted", not placed directly.
    enquiry.set_status("closed")
    assert post_edit(client, enquiry, "placed").status_code == 200
    assert post_edit(client, enquiry, "contacted", "Meldet sich wieder.").status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.closed_at) == ("contacted", None)


def test_status_select_offers_only_allowed_moves(client, site, staff):
    enquiry = make_enquiry(site["offices"]["kellbach"], "Karl Kellbacher", "karl@example.org")
    client.force_login(staff["kellbach"])
    html = client.get(f"{BASE}edit/{enquiry.pk}/").content.decode()
    select = html[
        html.index('name="status"') : html.index("</select>", html.index('name="status"'))
    ]
    assert 'value="new"' in select and 'value="contacted"' in select
    assert 'value="closed"' in select and 'value="placed"' not in select
    assert "(unverändert)" in select


def test_edit_screen_shows_the_enquiry_with_links(client, site, staff):
    enquiry = make_enquiry(
        site["offices"]["kellbach"],
        "Karl Kellbacher",
        "karl@example.org",
        phone="+49 6621 17-320",
        offer=site["offers"]["homework"],
        municipality=site["municipalities"]["kellbach"],
        interests=["homework"],
        languages=["ar", "en"],
        availability="Montags",
    )
    client.force_login(staff["kellbach"])
    html = client.get(f"{BASE}edit/{enquiry.pk}/").content.decode()
    for text in [
        "Karl Kellbacher",
        '<a href="mailto:karl@example.org">karl@example.org</a>',
        '<a href="tel:+49662117320">+49 6621 17-320</a>',
        "Nachricht von Karl Kellbacher",
        "Hausaufgabenhilfe Kellbach",
        "Koordinierungsstelle Kellbach",
        "Arabisch, Englisch",
        "Hausaufgabenhilfe und Lernförderung",
        "Montags",
        "eingegangen",
    ]:
        assert text in html, text
    inspect = client.get(f"{BASE}inspect/{enquiry.pk}/").content.decode()
    assert 'href="mailto:karl@example.org"' in inspect
    assert 'href="tel:+49662117320"' in inspect
    # The footer's edit button is a solid one (the light one had a contrast of 2.87).
    assert "button-secondary" not in inspect.split('<footer class="footer">')[1]


def test_tel_links():
    assert tel_href("+49 (6621) 17-320") == "tel:+49662117320"
    assert tel_href("06621/17320") == "tel:0662117320"


def test_german_list_has_no_english_headings(client, site, staff):
    make_enquiry(site["offices"]["kellbach"], "Karl Kellbacher", "karl@example.org")
    client.force_login(staff["county"])
    html = client.get(BASE).content.decode()
    heading = html[html.index("column-person") :]
    assert heading[: heading.index("</th>")].split(">")[-2].strip().startswith("Anfrage")
    assert "Anfrage Nr." in html
    for english in ["Reference", "True", "False", "Enquiry", "received"]:
        assert f">{english}<" not in html, english
        assert f"\n{english}\n" not in html, english
    header, _row = (
        b"".join(client.get(f"{BASE}?export=csv").streaming_content).decode().splitlines()[:2]
    )
    assert header.startswith("Anfrage-Nr.")


# --- dashboard ------------------------------------------------------------------------------


@pytest.fixture
def new_enquiries(site):
    offices = site["offices"]
    for n in range(3):
        make_enquiry(offices["kellbach"], f"K{n}", f"k{n}@example.org")
    make_enquiry(offices["kellbach"], "K alt", "kalt@example.org", status="contacted")
    make_enquiry(offices["lindenhain"], "L", "l@example.org")
    make_enquiry(offices["county"], "C1", "c1@example.org")
    make_enquiry(offices["county"], "C2", "c2@example.org")
    make_enquiry(None, "Ohne", "ohne@example.org")


def panel_rows(user):
    return [(title, count) for title, count, _url in NewEnquiriesPanel(user).rows()]


def test_dashboard_counts_per_office_in_the_users_scope(site, staff, new_enquiries):
    assert panel_rows(staff["kellbach"]) == [("Koordinierungsstelle Kellbach", 3)]
    assert panel_rows(staff["lindenhain"]) == [("Koordinierungsstelle Lindenhain", 1)]
    assert panel_rows(staff["both"]) == [
        ("Koordinierungsstelle Kellbach", 3),
        ("Koordinierungsstelle Lindenhain", 1),
    ]
    assert panel_rows(staff["county"]) == [
        ("Flüchtlingsarbeit Landkreis", 2),
        ("Koordinierungsstelle Kellbach", 3),
        ("Koordinierungsstelle Lindenhain", 1),
        (None, 1),
    ]
    # An office with nothing new still shows its 0 to its own staff.
    VolunteerEnquiry.objects.filter(office=site["offices"]["lindenhain"]).delete()
    assert panel_rows(staff["lindenhain"]) == [("Koordinierungsstelle Lindenhain", 0)]


def test_dashboard_panel_on_the_admin_home(client, site, staff, new_enquiries):
    client.force_login(staff["kellbach"])
    html = client.get("/admin/").content.decode()
    assert "Neue Engagement-Anfragen" in html
    assert "Koordinierungsstelle Kellbach" in html
    assert "Koordinierungsstelle Lindenhain" not in html
    office = site["offices"]["kellbach"].pk
    assert f"{BASE}?office__page_ptr__exact={office}&amp;status__exact=new" in html
    # Staff without an inbox see no panel.
    client.force_login(staff["nobody"])
    assert "Neue Engagement-Anfragen" not in client.get("/admin/").content.decode()


def test_dashboard_query_count_does_not_grow_with_offices(client, site, staff, new_enquiries):
    user = staff["county"]

    def count():
        fresh = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as ctx:
            NewEnquiriesPanel(fresh).rows()
        return len(ctx)

    small = count()
    from tests.engagement_helpers import add_page
    from wagtail_ehrenamt.models import CoordinationOfficePage

    parent = site["offices"]["kellbach"].get_parent()
    for n in range(5):
        office = add_page(parent, CoordinationOfficePage(title=f"Stelle {n}", slug=f"stelle-{n}"))
        make_enquiry(office, f"P{n}", f"p{n}@example.org")
    assert count() == small <= 4
    assert len(panel_rows(user)) == 9


# --- list ---------------------------------------------------------------------------------


def test_list_query_count_is_bounded(client, site, staff):
    client.force_login(staff["county"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE).status_code == 200
        return len(ctx)

    make_enquiry(site["offices"]["kellbach"], "Erste", "e@example.org")
    client.get(BASE)
    small = count()
    for n in range(20):
        office = site["offices"]["kellbach" if n % 2 else "lindenhain"]
        make_enquiry(office, f"Person {n}", f"p{n}@example.org", offer=site["offers"]["cafe"])
    assert count() <= small + 2


def test_office_column_only_for_more_than_one_office(client, site, staff):
    make_enquiry(site["offices"]["kellbach"], "Karl", "karl@example.org")
    client.force_login(staff["kellbach"])
    assert "column-office" not in client.get(BASE).content.decode()
    for user in ["both", "county"]:
        client.force_login(staff[user])
        assert "column-office" in client.get(BASE).content.decode(), user


# --- erasure ------------------------------------------------------------------------------


def test_normalise_phone():
    same = ["+49 6621 17-320", "06621/17320", "0049 6621 17320", "+49 (0) 6621 17320"]
    assert {normalise_phone(number) for number in same} == {"0662117320"}
    assert normalise_phone("+43 1 234567") == "00431234567"


def test_erasure_by_name_and_phone(site):
    offices = site["offices"]
    by_phone = make_enquiry(offices["kellbach"], "E. M.", "", phone="06621/17320")
    by_name = make_enquiry(offices["lindenhain"], "  erika   MÜLLER ", "")
    by_email = make_enquiry(offices["county"], "Erika", "Erika@example.org")
    other = make_enquiry(offices["kellbach"], "Erika Müllerin", "", phone="06621 173201")
    out = StringIO()
    call_command("ehrenamt_enquiry_subject", "export", "--phone", "+49 6621 17-320", stdout=out)
    assert [e["reference"] for e in json.loads(out.getvalue())["enquiries"]] == [str(by_phone)]
    out = StringIO()
    call_command(
        "ehrenamt_enquiry_subject", "erase", "--name", "Erika Müller", "--dry-run", stdout=out
    )
    assert "Would delete 1" in out.getvalue() and str(by_name) in out.getvalue()
    out = StringIO()
    call_command(
        "ehrenamt_enquiry_subject",
        "erase",
        "erika@example.org",
        "--name",
        "Erika Müller",
        "--phone",
        "0049 6621 17320",
        stdout=out,
    )
    assert "Deleted 3" in out.getvalue()
    assert list(VolunteerEnquiry.objects.all()) == [other]
    assert not VolunteerEnquiry.objects.filter(pk__in=[by_phone.pk, by_email.pk]).exists()


def test_erasure_needs_something_to_look_for(site):
    from django.core.management.base import CommandError

    for args in [[], ["--phone", "12"], ["not-an-address"]]:
        with pytest.raises(CommandError):
            call_command("ehrenamt_enquiry_subject", "erase", *args, stdout=StringIO())


def test_queryset_for_person_is_empty_without_criteria(site):
    make_enquiry(site["offices"]["kellbach"], "", "")
    assert not VolunteerEnquiry.objects.for_person().exists()
    assert not VolunteerEnquiry.objects.for_person(name=" ", phone=" ").exists()
    assert EnquiryStatus.NEW in ALLOWED_STATUS_MOVES
