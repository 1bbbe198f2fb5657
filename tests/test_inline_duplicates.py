"""No InlinePanel row is stored twice (Wagtail autosave issue #14568).

Every InlinePanel of the package has a key (``inline_key``) and a unique constraint; the
admin form merges exact duplicates, lets a repeated new row update the row an earlier
autosave stored, and refuses rows with the same key but other details at the row. The
feeds never repeat a RECURRENCE-ID or an EXDATE, even for old duplicate rows.
"""

import datetime as dt
import importlib

import icalendar
import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from wagtail.admin.panels import InlinePanel
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from wagtail_ehrenamt.models import (
    CompetenceTeamPage,
    EventCalendarPage,
    EventOccurrenceException,
    EventPage,
)
from wagtail_ehrenamt.models.inline_rows import EhrenamtPageForm
from wagtail_ehrenamt.models.networks import TeamMember

from .factories import add_page
from .networks_factories import contact, network, organisation, team

pytestmark = pytest.mark.django_db

# A Thursday far enough ahead that the tests do not depend on today's date.
FIRST_THURSDAY = dt.date(2031, 1, 2)
THIRD = FIRST_THURSDAY + dt.timedelta(days=14)
FOURTH = FIRST_THURSDAY + dt.timedelta(days=21)

MIGRATION = importlib.import_module("wagtail_ehrenamt.migrations.0002_unique_inline_rows")


@pytest.fixture
def calendar(home_page):
    return add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def event_form(changes, action="action-publish", initial=0, **fields):
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
        "exceptions": inline_formset(changes, initial=initial),
        "comments": inline_formset([]),
    }
    if action:
        data[action] = action
    data.update(fields)
    return nested_form_data(data)


def change(day, action="cancel", **fields):
    return {"original_date": day.isoformat(), "action": action, "note": "", **fields}


def add_url(calendar):
    return f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/"


def stored(event):
    return list(
        EventOccurrenceException.objects.filter(page=event)
        .order_by("original_date")
        .values_list("original_date", "action", "note")
    )


# --- every InlinePanel is covered ---------------------------------------------------------


def inline_models():
    for model in django_apps.get_app_config("wagtail_ehrenamt").get_models():
        if not issubclass(model, Page):
            continue
        panels = [model.get_edit_handler()]
        while panels:
            panel = panels.pop()
            if isinstance(panel, InlinePanel):
                yield model, panel.db_field.related_model
            panels.extend(getattr(panel, "children", []))


def test_every_inline_panel_has_a_key_and_a_constraint():
    found = list(inline_models())
    assert len(found) >= 10
    for page_model, child in found:
        assert getattr(child, "inline_key", None), child
        unique = [c for c in child._meta.constraints if isinstance(c, models.UniqueConstraint)]
        assert any(c.fields == ("page", *child.inline_key) for c in unique), child
        assert MIGRATION.INLINE_KEYS[child._meta.model_name] == child.inline_key
        form_class = page_model.get_edit_handler().get_form_class()
        assert issubclass(form_class, EhrenamtPageForm), page_model


# --- the admin form -------------------------------------------------------------------------


def test_exact_duplicate_is_merged(editor, calendar):
    changes = [change(THIRD, note="Ferien"), change(THIRD, note="Ferien"), change(FOURTH)]
    response = editor.post(add_url(calendar), event_form(changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="sprachcafe")
    assert stored(event) == [(THIRD, "cancel", "Ferien"), (FOURTH, "cancel", "")]


def test_conflicting_duplicate_is_refused_at_the_row(editor, calendar):
    changes = [change(THIRD), change(FOURTH), change(THIRD, action="note", note="Im Garten")]
    response = editor.post(add_url(calendar), event_form(changes))
    assert response.status_code == 200
    forms = response.context["form"].formsets["exceptions"].forms
    assert forms[0].errors == {} and forms[1].errors == {}
    [message] = forms[2].errors["original_date"]
    assert message.startswith("Change 1 already changes the date")
    assert "put both changes into one," in message
    html = response.content.decode()
    assert "Change 1 already changes the date" in html
    # Nothing stored, and everything the editor entered is still in the form.
    assert not EventPage.objects.filter(slug="sprachcafe").exists()
    assert 'value="Im Garten"' in html
    assert html.count(f'value="{THIRD.isoformat()}"') == 2


def test_conflict_message_is_german_for_german_editors(client, admin_user, calendar):
    client.force_login(admin_user)
    changes = [change(THIRD), change(THIRD, action="note", note="Im Garten")]
    response = client.post(add_url(calendar), event_form(changes), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Änderung 1 ändert den Termin am" in response.content.decode()


def test_deleted_duplicate_is_not_a_conflict(editor, calendar):
    changes = [change(THIRD), change(THIRD, action="note", DELETE="1")]
    response = editor.post(add_url(calendar), event_form(changes))
    assert response.status_code == 302
    assert stored(EventPage.objects.get(slug="sprachcafe")) == [(THIRD, "cancel", "")]


@pytest.mark.parametrize("live", [False, True], ids=["draft", "live"])
def test_autosave_replay_stores_one_row(editor, calendar, live):
    """Autosave posts a new row again without the id the last save gave it (#14568)."""
    response = editor.post(add_url(calendar), event_form([], action="action-publish"))
    assert response.status_code == 302
    event = EventPage.objects.get(slug="sprachcafe")
    if not live:
        event.unpublish()
    edit_url = f"/admin/pages/{event.pk}/edit/"
    # Three autosave cycles of the same new row, the editor adding a note in between.
    for note in ["", "Ferien", "Ferien"]:
        response = editor.post(
            edit_url,
            event_form([change(THIRD, note=note)], action=None),
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 200, response.content.decode()[:2000]
        assert response.json()["success"] is True
    response = editor.post(edit_url, event_form([change(THIRD, note="Ferien")]))
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.live
    assert stored(event) == [(THIRD, "cancel", "Ferien")]
    assert [e.original_date for e in event.get_latest_revision_as_object().exceptions.all()] == [
        THIRD
    ]


def test_two_rows_can_exchange_their_dates(editor, calendar):
    changes = [change(THIRD), change(FOURTH, action="note", note="Im Garten")]
    assert editor.post(add_url(calendar), event_form(changes)).status_code == 302
    event = EventPage.objects.get(slug="sprachcafe")
    first, second = event.exceptions.order_by("sort_order")
    swapped = [
        change(FOURTH, id=str(first.pk)),
        change(THIRD, action="note", note="Im Garten", id=str(second.pk)),
    ]
    response = editor.post(f"/admin/pages/{event.pk}/edit/", event_form(swapped, initial=2))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert stored(event) == [(THIRD, "note", "Im Garten"), (FOURTH, "cancel", "")]
    assert set(event.exceptions.values_list("pk", flat=True)) == {first.pk, second.pk}


def team_form(members, initial=0):
    return nested_form_data(
        {
            "title": "Kompetenzteam Unterkunft",
            "slug": "unterkunft",
            "topic_area": "Unterkunft",
            "intro": rich_text(""),
            "how_to_join": rich_text(""),
            "leads": inline_formset([]),
            "members": inline_formset(members, initial=initial),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def test_team_members_duplicates_merged_or_refused(editor, home_page):
    person, caritas = contact("Weber"), organisation("Caritas")
    page = team(network(home_page))
    edit_url = f"/admin/pages/{page.pk}/edit/"
    member = {"contact": str(person.pk), "organisation": str(caritas.pk), "role": "Sprecherin"}
    only_person = {"contact": str(person.pk), "organisation": "", "role": ""}
    response = editor.post(edit_url, team_form([member, dict(member), only_person]))
    assert response.status_code == 302, response.content.decode()[:3000]
    rows = TeamMember.objects.filter(page=page).values_list("contact", "organisation", "role")
    assert sorted(rows, key=str) == sorted(
        [(person.pk, caritas.pk, "Sprecherin"), (person.pk, None, "")], key=str
    )

    other_role = dict(member, role="Mitglied")
    response = editor.post(edit_url, team_form([member, other_role]))
    assert response.status_code == 200
    forms = response.context["form"].formsets["members"].forms
    assert forms[1].errors["contact"][0].startswith("No. 1 above already lists this")
    assert 'value="Mitglied"' in response.content.decode()


# --- the database ---------------------------------------------------------------------------


def test_database_refuses_a_duplicate_date(calendar):
    event = add_page(calendar, EventPage(title="Reihe", slug="reihe", start_date=FIRST_THURSDAY))
    EventOccurrenceException.objects.create(page=event, original_date=THIRD)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventOccurrenceException.objects.create(page=event, original_date=THIRD, action="note")
    # Another series may change the same date.
    other = add_page(calendar, EventPage(title="Zweite", slug="zweite", start_date=FIRST_THURSDAY))
    EventOccurrenceException.objects.create(page=other, original_date=THIRD)


def test_database_refuses_a_duplicate_member_but_allows_emptied_rows(home_page):
    person, caritas = contact("Weber"), organisation("Caritas")
    page = team(network(home_page), members=[(person, caritas, "")])
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(page=page, contact=person, organisation=caritas, role="x")
    # Deleting a contact person empties its rows; that never collides.
    other = contact("Schulz")
    TeamMember.objects.create(page=page, contact=other, organisation=caritas)
    person.delete()
    other.delete()
    assert TeamMember.objects.filter(page=page, contact=None).count() == 2


def test_copy_and_revert_keep_one_row_per_date(calendar):
    event = EventPage(
        title="Reihe",
        slug="reihe",
        start_date=FIRST_THURSDAY,
        start_time=dt.time(18),
        repeat="weekly",
        repeat_ends="count",
        repeat_count=10,
    )
    event.exceptions.add(EventOccurrenceException(original_date=THIRD))
    event = add_page(calendar, event)
    old_revision = event.latest_revision
    # Later the change is removed and the same date changed again, then the old revision
    # is published again.
    event.exceptions.set([EventOccurrenceException(original_date=THIRD, action="note")])
    event.save_revision().publish()
    old_revision.publish()
    assert stored(event) == [(THIRD, "cancel", "")]
    copy = event.copy(to=calendar, update_attrs={"slug": "reihe-2", "title": "Reihe 2"})
    assert stored(copy) == []


# --- old data: migration and feed ----------------------------------------------------------


@pytest.fixture
def schema_without_constraints(transactional_db):
    """The database as before migration 0002, i.e. one that may hold duplicates."""
    from django.db.models.signals import post_save

    from wagtail_ehrenamt.directory.office_editors import EVENT_SIGNAL_UID, on_event_saved

    executor = MigrationExecutor(connection)
    executor.migrate([("wagtail_ehrenamt", "0001_initial")])
    # Receivers that read tables of later migrations are off while the schema is old.
    assert post_save.disconnect(sender=EventPage, dispatch_uid=EVENT_SIGNAL_UID)
    try:
        yield
    finally:
        post_save.connect(on_event_saved, sender=EventPage, dispatch_uid=EVENT_SIGNAL_UID)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("wagtail_ehrenamt"))


def legacy_series(home_page):
    calendar = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    event = EventPage(
        title="Sprachcafé",
        slug="sprachcafe",
        start_date=FIRST_THURSDAY,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        repeat_ends="count",
        repeat_count=10,
    )
    calendar.add_child(instance=event)
    for note in ["", "Ferien"]:
        EventOccurrenceException.objects.create(page=event, original_date=THIRD, note=note)
        EventOccurrenceException.objects.create(
            page=event, original_date=FOURTH, action="note", note=note
        )
    return event


@pytest.mark.django_db(transaction=True)
@time_machine.travel(dt.datetime(2030, 12, 20, 9, tzinfo=dt.UTC), tick=False)
def test_feed_with_legacy_duplicates(schema_without_constraints, home_page, client):
    event = legacy_series(home_page)
    assert EventOccurrenceException.objects.filter(page=event).count() == 4
    response = client.get("/termine/ical/")
    assert response.status_code == 200
    components = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    [master] = [c for c in components if "RRULE" in c]
    overrides = [c for c in components if "RECURRENCE-ID" in c]
    assert [d.dt.date() for d in master["EXDATE"].dts] == [THIRD]
    assert [c["RECURRENCE-ID"].dt.date() for c in overrides] == [FOURTH]
    assert {str(c["UID"]) for c in overrides} == {event.uid}
    assert "Ferien" in str(overrides[0]["DESCRIPTION"])


@pytest.mark.django_db(transaction=True)
def test_migration_removes_duplicates_and_adds_constraints(schema_without_constraints, home_page):
    event = legacy_series(home_page)
    person, caritas = contact("Weber"), organisation("Caritas")
    page = team(network(home_page), slug="team")
    for role in ["", "Sprecherin"]:
        TeamMember.objects.create(page=page, contact=person, organisation=caritas, role=role)
    TeamMember.objects.create(page=page, contact=None, organisation=None)
    TeamMember.objects.create(page=page, contact=None, organisation=None)

    MIGRATION.dedupe_inline_rows(django_apps, None)

    # The newest of each group stays; rows without a key are left alone.
    assert stored(event) == [(THIRD, "cancel", "Ferien"), (FOURTH, "note", "Ferien")]
    assert list(
        TeamMember.objects.filter(page=page, contact=person).values_list("role", flat=True)
    ) == ["Sprecherin"]
    assert TeamMember.objects.filter(page=page, contact=None).count() == 2
    # Running it again changes nothing, and the constraints can now be added.
    MIGRATION.dedupe_inline_rows(django_apps, None)
    assert len(stored(event)) == 2
    executor = MigrationExecutor(connection)
    executor.migrate([("wagtail_ehrenamt", "0002_unique_inline_rows")])
    with pytest.raises(IntegrityError), transaction.atomic():
        EventOccurrenceException.objects.create(page=event, original_date=THIRD)


@pytest.mark.django_db(transaction=True)
def test_migration_runs_on_a_database_with_duplicates(schema_without_constraints, home_page):
    event = legacy_series(home_page)
    executor = MigrationExecutor(connection)
    executor.migrate([("wagtail_ehrenamt", "0002_unique_inline_rows")])
    assert stored(event) == [(THIRD, "cancel", "Ferien"), (FOURTH, "note", "Ferien")]
    assert CompetenceTeamPage.objects.count() == 0
