"""Editing events in the Wagtail admin: changes to single dates must hit a date of the series."""

import datetime as dt

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from wagtail_ehrenamt.models import EventCalendarPage, EventPage

from .factories import add_page

pytestmark = pytest.mark.django_db

# A Thursday far enough ahead that the test does not depend on today's date.
FIRST_THURSDAY = dt.date(2031, 1, 2)


@pytest.fixture
def calendar(home_page):
    return add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))


def event_form(changes, **fields):
    data = {
        "title": "Sprachcafé",
        "slug": "sprachcafe",
        "summary": "",
        "start_date": FIRST_THURSDAY.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "repeat": "weekly",
        "repeat_interval": "1",
        "repeat_ends": "count",
        "repeat_count": "10",
        "status": "scheduled",
        "event_type": "exchange",
        "programme": streamfield([]),
        "downloads": streamfield([]),
        "exceptions": inline_formset(changes),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(fields)
    return nested_form_data(data)


def change(day, action="cancel", **fields):
    return {"original_date": day.isoformat(), "action": action, "note": "", **fields}


def add_url(calendar):
    return f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/"


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_change_to_a_date_of_the_series_is_saved(editor, calendar):
    third_date = FIRST_THURSDAY + dt.timedelta(days=14)
    response = editor.post(add_url(calendar), event_form([change(third_date)]))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="sprachcafe")
    assert [e.original_date for e in event.exceptions.all()] == [third_date]
    dates = [o.start.date() for o in event.occurrences_between(FIRST_THURSDAY, third_date)]
    occurrences = event.occurrences_between(FIRST_THURSDAY, third_date)
    assert dates[-1] == third_date and occurrences[-1].is_cancelled


@pytest.mark.parametrize(
    "day",
    [
        FIRST_THURSDAY + dt.timedelta(days=1),  # a Friday
        FIRST_THURSDAY - dt.timedelta(days=7),  # before the series starts
        FIRST_THURSDAY + dt.timedelta(weeks=10),  # after its tenth and last date
    ],
)
def test_change_to_a_date_outside_the_series_is_refused(editor, calendar, day):
    response = editor.post(add_url(calendar), event_form([change(day)]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The series has no date on" in html
    assert not EventPage.objects.filter(slug="sprachcafe").exists()
    # What the editor entered is still in the form.
    assert f'value="{day.isoformat()}"' in html


def test_changes_to_a_single_event_are_refused(editor, calendar):
    form = event_form([change(FIRST_THURSDAY)], repeat="")
    response = editor.post(add_url(calendar), form)
    assert response.status_code == 200
    assert "Only dates of a repeating event can be changed one by one" in (
        response.content.decode()
    )


def test_deleted_change_is_not_checked(editor, calendar):
    friday = FIRST_THURSDAY + dt.timedelta(days=1)
    form = event_form([change(friday, DELETE="1")])
    response = editor.post(add_url(calendar), form)
    assert response.status_code == 302
    assert not EventPage.objects.get(slug="sprachcafe").exceptions.exists()


def test_changing_the_weekday_reports_stale_changes(editor, calendar):
    second_date = FIRST_THURSDAY + dt.timedelta(days=7)
    assert editor.post(add_url(calendar), event_form([change(second_date)])).status_code == 302
    event = EventPage.objects.get(slug="sprachcafe")
    exception = event.exceptions.get()
    # The editor moves the series to Fridays but keeps the old change.
    friday = FIRST_THURSDAY + dt.timedelta(days=1)
    form = event_form([change(second_date, id=str(exception.pk))], start_date=friday.isoformat())
    response = editor.post(f"/admin/pages/{event.pk}/edit/", form)
    assert response.status_code == 200
    assert "The series has no date on" in response.content.decode()
    event.refresh_from_db()
    assert event.start_date == FIRST_THURSDAY


def test_message_is_german_for_german_editors(client, admin_user, calendar):
    client.force_login(admin_user)
    response = client.post(
        add_url(calendar),
        event_form([change(FIRST_THURSDAY + dt.timedelta(days=1))]),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert "Die Reihe hat am" in response.content.decode()
