"""A line break or control character in a field cannot add a property to a vCard or an iCal
feed, or a row to a CSV file: CR, LF, CRLF, NUL and U+2028 are cleaned in every value."""

import csv
import datetime as dt
import io

import icalendar
import pytest
import vobject
from django.db import connection
from django.utils import timezone

from tests import directory_data as d
from tests.events_fixtures import add_event, build_county
from wagtail_ehrenamt.directory.views import build_vcard
from wagtail_ehrenamt.events.feeds import build_calendar
from wagtail_ehrenamt.models import EnquiryStatusChange, VolunteerEnquiry
from wagtail_ehrenamt.text import clean_text, csv_cell

pytestmark = pytest.mark.django_db

BREAKS = {"CR": "\r", "LF": "\n", "CRLF": "\r\n", "NUL": "\x00", "LS": "\u2028"}


def storable(separator):
    """PostgreSQL refuses NUL in text columns: such values are only set in memory there."""
    return separator != "\x00" or connection.vendor != "postgresql"


def injected(separator):
    return f"Anna{separator}X-INJECTED:1{separator}EMAIL:evil@example.org"


def assert_clean_lines(raw):
    """Every line of a vCard or iCal file ends in CRLF; no NUL, no lone CR or LF, no U+2028."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    assert "\x00" not in text and "\u2028" not in text
    assert text.replace("\r\n", "").count("\r") == 0
    assert text.replace("\r\n", "").count("\n") == 0


@pytest.mark.parametrize("name", BREAKS)
def test_vcard_values_cannot_add_properties(name):
    separator = BREAKS[name]
    person = d.contact(last_name="Anna", first_name="Bert", phone="06621 17-320")
    person.last_name = injected(separator)
    person.role = f"Leitung{separator}TEL:0800"
    person.public_note = f"Hinweis{separator}URL:http://evil.example"
    raw = build_vcard(person)
    assert_clean_lines(raw)
    card = vobject.readOne(raw)
    names = sorted(child.name for child in card.getChildren())
    assert names == ["EMAIL", "FN", "N", "NOTE", "REV", "TEL", "TITLE", "VERSION"] or (
        names == ["FN", "N", "NOTE", "REV", "TEL", "TITLE", "VERSION"]
    )
    assert "EMAIL" not in names and "X-INJECTED" not in names and "URL" not in names
    assert len(card.tel_list) == 1
    expected = "\n" if separator != "\x00" else ""
    assert card.n.value.family == f"Anna{expected}X-INJECTED:1{expected}EMAIL:evil@example.org"
    assert card.title.value == f"Leitung{expected}TEL:0800"


@pytest.fixture
def county(home_page):
    return build_county(home_page)


@pytest.mark.parametrize("name", BREAKS)
def test_ical_values_cannot_add_properties(client, county, name):
    separator = BREAKS[name]
    values = {
        "organisation": f"Verein{separator}ATTENDEE:mailto:evil@example.org",
        "hall": f"Saal{separator}GEO:0;0",
        "title": injected(separator),
        "summary": f"Kurz{separator}RRULE:FREQ=DAILY",
        "status_note": f"Raum{separator}STATUS:CANCELLED",
    }
    organisation = d.organisation(name="Verein", email="verein@example.org")
    hall = county["hall"]
    event = add_event(
        county["calendar"],
        "Treffen",
        timezone.localdate() + dt.timedelta(days=3),
        publish=True,
        slug="treffen",
        location=hall,
        organiser_organisation=organisation,
        status="postponed",
    )
    organisation.name, hall.name = values["organisation"], values["hall"]
    event.title, event.summary = values["title"], values["summary"]
    event.status_note = values["status_note"]
    if storable(separator):  # through the feed route, from the database
        organisation.save()
        hall.save()
        event.save_revision().publish()
        response = client.get(event.url + "ical/")
        assert response.status_code == 200
        raw = response.content
    else:  # the same builder, with the values in memory
        raw = build_calendar([event])
    assert_clean_lines(raw)
    calendar = icalendar.Calendar.from_ical(raw)
    (vevent,) = calendar.walk("VEVENT")
    names = sorted(vevent.keys())
    for forbidden in ["X-INJECTED", "EMAIL", "ATTENDEE", "GEO", "RRULE"]:
        assert forbidden not in names, forbidden
    assert sum(1 for key in names if key == "STATUS") == 1
    assert str(vevent["STATUS"]) == "TENTATIVE"
    summary = str(vevent["SUMMARY"])
    assert "X-INJECTED:1" in summary and "\n" not in summary  # the title is one line
    assert vevent["ORGANIZER"].params["CN"].startswith("Verein")
    assert "\n" not in vevent["ORGANIZER"].params["CN"]


@pytest.mark.parametrize("name", BREAKS)
def test_csv_values_cannot_add_rows(client, home_page, django_user_model, name):
    from tests.engagement_helpers import build_engagement_site, office_staff

    separator = BREAKS[name]
    if not storable(separator):  # the helper the export uses, without the database
        buffer = io.StringIO()
        csv.writer(buffer).writerow([csv_cell(injected(separator)), "x"])
        assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
            [clean_text(injected(separator)), "x"]
        ]
        return
    site = build_engagement_site(home_page)
    office = site["offices"]["kellbach"]
    enquiry = VolunteerEnquiry.objects.create(
        office=office,
        name=injected(separator),
        email="anna@example.org",
        message=f"Zeile 1{separator}=1+1",
        consent_at=timezone.now(),
    )
    EnquiryStatusChange.objects.create(enquiry=enquiry, from_status="", to_status="new")
    client.force_login(office_staff(django_user_model, "kellbach", office))
    response = client.get("/admin/wagtail_ehrenamt/volunteerenquiry/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "\x00" not in body and "\u2028" not in body
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert len(rows[1]) == len(rows[0])
    assert clean_text(injected(separator)) in rows[1]
    assert clean_text(f"Zeile 1{separator}=1+1") in rows[1]


@pytest.mark.parametrize("name", BREAKS)
def test_ical_calendar_name_cannot_add_properties(client, county, name):
    separator = BREAKS[name]
    title = f"Termine{separator}X-INJECTED:1"
    if storable(separator):
        calendar_page = county["calendar"]
        calendar_page.title = title
        calendar_page.save_revision().publish()
        response = client.get(calendar_page.url + "ical/")
        assert response.status_code == 200
        raw = response.content
    else:
        raw = build_calendar([], name=title, description=f"Alle{separator}X-INJECTED:2")
    assert_clean_lines(raw)
    calendar = icalendar.Calendar.from_ical(raw)
    assert "X-INJECTED" not in calendar
    expected = "" if separator == "\x00" else " "
    assert str(calendar["X-WR-CALNAME"]).startswith(f"Termine{expected}X-INJECTED:1")
