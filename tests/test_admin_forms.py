"""Admin forms for office staff: German dates, empty rows, readable panels and lists."""

import datetime as dt

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from wagtail_ehrenamt.admin_forms import EhrenamtDateInput, EhrenamtTimeInput
from wagtail_ehrenamt.models import (
    CoordinationOfficePage,
    EventCalendarPage,
    EventPage,
    LibraryDocument,
)

from .directory_data import contact, directory, municipality, office
from .factories import add_page

pytestmark = pytest.mark.django_db

GERMAN_DATES = {
    "13.01.2027": dt.date(2027, 1, 13),
    "13.1.2027": dt.date(2027, 1, 13),
    "13.1.27": dt.date(2027, 1, 13),
    "2027-01-13": dt.date(2027, 1, 13),
}


def page_form(model, user, instance=None):
    form_class = model.get_edit_handler().get_form_class()
    return form_class(instance=instance or model(), for_user=user)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_date_field_of_the_event_form_reads_german_dates(admin_user, language):
    with translation.override(language):
        form = page_form(EventPage, admin_user)
        child = form.formsets["exceptions"].empty_form
        date_fields = [form.fields[n] for n in ("start_date", "end_date", "repeat_until")]
        date_fields += [child.fields["original_date"], child.fields["new_date"]]
        for field in date_fields:
            assert isinstance(field.widget, EhrenamtDateInput)
            for typed, expected in GERMAN_DATES.items():
                assert field.clean(typed) == expected, typed
        for field in (form.fields["start_time"], child.fields["new_start_time"]):
            assert isinstance(field.widget, EhrenamtTimeInput)
            assert field.clean("18.30") == dt.time(18, 30)
            assert field.clean("18:30") == dt.time(18, 30)
            assert field.clean("18") == dt.time(18, 0)


def test_the_picker_keeps_what_was_typed_and_says_the_form(admin_user):
    with translation.override("de"):
        form = page_form(EventPage, admin_user)
        widget = form.fields["start_date"].widget
        assert widget.get_config()["validateOnBlur"] is False
        assert widget.get_config()["format"] == "d.m.Y"  # WAGTAIL_DATE_FORMAT
        html = str(form["start_date"])
        assert 'placeholder="TT.MM.JJJJ"' in html
        assert form.fields["start_time"].widget.get_config()["validateOnBlur"] is False
        with pytest.raises(forms.ValidationError) as error:
            form.fields["start_date"].clean("32.13.2027")
        assert "TT.MM.JJJJ" in error.value.messages[0]


def test_snippet_and_office_dates_read_german_dates(admin_user):
    with translation.override("en"):
        form_class = LibraryDocument.snippet_viewset.get_edit_handler().get_form_class()
        document_form = form_class(for_user=admin_user)
        assert isinstance(document_form.fields["date"].widget, EhrenamtDateInput)
        assert document_form.fields["date"].clean("13.1.27") == dt.date(2027, 1, 13)
    form = page_form(CoordinationOfficePage, admin_user)
    assert form.fields["active_since"].clean("1.2.2026") == dt.date(2026, 2, 1)
    hours = form.formsets["consultation_hours"].empty_form
    assert hours.fields["opens"].clean("9.30") == dt.time(9, 30)


def test_an_added_empty_row_is_ignored(admin_user, home_page):
    page = office(directory(home_page), "Koordinierungsstelle Kellbach", "kellbach")
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "",
            "body": streamfield([]),
            "social_links": streamfield([]),
            "downloads": streamfield([]),
            "office_contacts": inline_formset([]),
            # The browser posts a new, untouched row with its position only.
            "consultation_hours": inline_formset(
                [{"weekday": "", "opens": "", "closes": "", "note": "", "ORDER": "1"}]
            ),
            "comments": inline_formset([]),
        }
    )
    form_class = CoordinationOfficePage.get_edit_handler().get_form_class()
    form = form_class(data, instance=page, for_user=admin_user, parent_page=page.get_parent())
    assert form.is_valid(), form.errors.as_text() + str(
        [f.errors for fs in form.formsets.values() for f in fs.forms]
    )
    form.save()
    assert page.consultation_hours.count() == 0


def test_a_half_filled_row_is_still_checked(admin_user, home_page):
    page = office(directory(home_page), "Koordinierungsstelle Kellbach", "kellbach")
    form_class = CoordinationOfficePage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "body": streamfield([]),
            "social_links": streamfield([]),
            "downloads": streamfield([]),
            "office_contacts": inline_formset([]),
            "consultation_hours": inline_formset(
                [{"weekday": "0", "opens": "", "closes": "", "note": "", "ORDER": "1"}]
            ),
            "comments": inline_formset([]),
        }
    )
    form = form_class(data, instance=page, for_user=admin_user, parent_page=page.get_parent())
    assert not form.is_valid()


@pytest.fixture
def german_editor(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    return client


def test_event_form_hides_repetition_fields_and_labels_places(german_editor, home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    response = german_editor.get(f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-controller="ehrenamt-show-if"' in html
    assert 'data-ehrenamt-show-if="repeat=weekly"' in html
    assert 'data-ehrenamt-show-if="repeat repeat_ends=count"' in html
    assert 'data-ehrenamt-row-summary="original_date action new_date"' in html
    assert "wagtail_ehrenamt/js/admin.js" in html
    assert "Plätze" in html
    # No inline script of the package: the controller is a static file.
    assert "ehrenamt-show-if" not in html.split("admin.js")[0].rsplit("<script>", 1)[-1]


def test_event_saved_with_german_dates(german_editor, home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    first = dt.date(2031, 1, 2)  # a Thursday
    moved = first.replace(month=5)
    data = nested_form_data(
        {
            "title": "Sprachcafé",
            "slug": "sprachcafe",
            "start_date": first.strftime("%-d.%-m.%y"),
            "start_time": "18.00",
            "end_time": "20:00",
            "repeat": "monthly_day",
            "repeat_interval": "4",
            "repeat_ends": "never",
            "status": "scheduled",
            "event_type": "exchange",
            "programme": streamfield([]),
            "downloads": streamfield([]),
            "exceptions": inline_formset(
                [
                    {
                        "original_date": first.replace(month=5).strftime("%d.%m.%Y"),
                        "action": "move",
                        "new_date": (moved + dt.timedelta(days=1)).strftime("%-d.%-m.%Y"),
                        "note": "",
                    }
                ]
            ),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = german_editor.post(
        f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="sprachcafe")
    assert event.start_date == first and event.start_time == dt.time(18)
    change = event.exceptions.get()
    assert (change.original_date, change.new_date) == (moved, moved + dt.timedelta(days=1))


def test_invalid_date_keeps_the_typed_value(german_editor, home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    data = nested_form_data(
        {
            "title": "Sprachcafé",
            "slug": "sprachcafe",
            "start_date": "31.02.2031",
            "repeat_interval": "1",
            "repeat_ends": "never",
            "status": "scheduled",
            "event_type": "exchange",
            "programme": streamfield([]),
            "downloads": streamfield([]),
            "exceptions": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = german_editor.post(
        f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/", data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="31.02.2031"' in html
    assert "Bitte das Datum als TT.MM.JJJJ eingeben" in html
    assert not EventPage.objects.exists()


def test_office_form_municipalities_as_checkboxes(german_editor, home_page):
    municipality("kellbach", "Kellbach")
    page = office(directory(home_page), "Koordinierungsstelle Kellbach", "kellbach")
    html = german_editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'type="checkbox" name="municipalities"' in html
    assert 'data-ehrenamt-row-summary="weekday opens closes"' in html
    assert "Dezimalgrad" not in html  # latitude help is on the place form


def test_place_form_explains_coordinates(german_editor):
    html = german_editor.get("/admin/snippets/wagtail_ehrenamt/location/add/").content.decode()
    assert "Dezimalgrad mit Punkt" in html
    assert "z. B. 9.478123" in html


def test_lists_speak_german(german_editor):
    contact()
    html = german_editor.get("/admin/snippets/wagtail_ehrenamt/contactperson/").content.decode()
    assert "Full name" not in html and ">True<" not in html and "True\n" not in html
    assert "Jörg Müller-Lüdenscheidt" in html


def test_contact_list_links_each_person_with_its_menu(german_editor):
    """The name is the title column: a link to the person and the row's menu."""
    person = contact()
    listing = "/admin/snippets/wagtail_ehrenamt/contactperson/"
    html = german_editor.get(listing).content.decode()
    edit = f'href="/admin/snippets/wagtail_ehrenamt/contactperson/edit/{person.pk}/"'
    assert html.count(edit) == 2  # the name and the menu's "Bearbeiten"
    assert f'id="snippet_{person.pk}_title"' in html
    assert f'href="/admin/snippets/wagtail_ehrenamt/contactperson/delete/{person.pk}/"' in html
    assert f'href="{listing}?ordering=last_name"' in html
    assert german_editor.get(f"{listing}?ordering=-last_name").status_code == 200


def test_contact_person_and_place_can_be_created_in_the_chooser(german_editor):
    from wagtail_ehrenamt.models import ContactPerson, Location

    for model, data, label in [
        (ContactPerson, {"first_name": "Ayşe", "last_name": "Yılmaz"}, "Neue Kontaktperson"),
        (Location, {"name": "Rathaus Kellbach", "city": "Kellbach"}, "Neuer Ort"),
    ]:
        chooser = model.snippet_viewset.chooser_viewset
        response = german_editor.get(reverse(chooser.get_url_name("choose")))
        assert label in response.json()["html"]
        response = german_editor.post(reverse(chooser.get_url_name("create")), data)
        assert response.status_code == 200
        assert response.json()["step"] == "chosen"
        assert model.objects.filter(**data).exists()


def test_minutes_are_added_from_the_team_page(german_editor, home_page):
    from wagtail_ehrenamt.models import CompetenceTeamPage, NetworkPage

    network = add_page(home_page, NetworkPage(title="Netzwerk Kellbach", slug="netzwerk"))
    team = add_page(network, CompetenceTeamPage(title="Team Sprache", slug="sprache"))
    html = german_editor.get(f"/admin/pages/{team.pk}/edit/").content.decode()
    assert "Protokoll hinzufügen" in html
    add_url = (
        f"/admin/snippets/wagtail_ehrenamt/librarydocument/add/?page={team.pk}&amp;category=minutes"
    )
    assert add_url in html
    form_html = german_editor.get(add_url.replace("&amp;", "&")).content.decode()
    assert 'value="minutes" selected' in form_html
    assert f'name="page" value="{team.pk}"' in form_html


def test_inbox_speaks_german_and_its_buttons_have_contrast(german_editor, home_page):
    from tests.engagement_helpers import build_engagement_site
    from tests.test_engagement_inbox import make_enquiry

    site = build_engagement_site(home_page)
    enquiry = make_enquiry(site["offices"]["kellbach"], "Karl Kellbacher", "karl@example.org")
    base = "/admin/wagtail_ehrenamt/volunteerenquiry/"
    listing = german_editor.get(base).content.decode()
    assert "Reference" not in listing and "Anfrage" in listing
    inspect = german_editor.get(f"{base}inspect/{enquiry.pk}/").content.decode()
    footer = inspect.split('<footer class="footer">', 1)[1].split("</footer>", 1)[0]
    assert "Bearbeiten" in footer and "button-secondary" not in footer


def test_an_empty_row_counted_as_stored_after_autosave_is_ignored(admin_user, home_page):
    """After an autosave, Wagtail's client posts a new empty row inside INITIAL_FORMS."""
    page = office(directory(home_page), "Koordinierungsstelle Kellbach", "kellbach")
    from wagtail_ehrenamt.models import ConsultationHour

    stored = ConsultationHour.objects.create(
        page=page, weekday=0, opens=dt.time(9), closes=dt.time(12, 30)
    )
    hours = {"weekday": "0", "opens": "9", "closes": "12.30", "note": "", "ORDER": "1"}
    hours["id"] = str(stored.pk)
    empty = {"weekday": "", "opens": "", "closes": "", "note": "", "ORDER": "2", "id": ""}
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "",
            "body": streamfield([]),
            "social_links": streamfield([]),
            "downloads": streamfield([]),
            "office_contacts": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["consultation_hours-TOTAL_FORMS"] = data["consultation_hours-INITIAL_FORMS"] = "2"
    data["consultation_hours-MIN_NUM_FORMS"], data["consultation_hours-MAX_NUM_FORMS"] = "0", "1000"
    for index, row in enumerate([hours, empty]):
        data.update({f"consultation_hours-{index}-{k}": v for k, v in row.items()})
    form_class = CoordinationOfficePage.get_edit_handler().get_form_class()
    form = form_class(data, instance=page, for_user=admin_user, parent_page=page.get_parent())
    assert form.is_valid(), [f.errors for fs in form.formsets.values() for f in fs.forms]
    form.save()
    assert list(page.consultation_hours.values_list("weekday", "opens", "closes")) == [
        (0, dt.time(9), dt.time(12, 30))
    ]
