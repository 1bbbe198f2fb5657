"""Editor groups per office: the command, the rights it gives, and what they refuse."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from tests.events_fixtures import add_event
from tests.office_editors_data import editor_of, form_data, two_offices
from wagtail_ehrenamt.directory.office_editors import setup_office_editors
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import EnquiryInboxAccess, EventPage, OfficeEditorGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(home_page):
    return two_offices(home_page)


def page_rights(group):
    return {
        (row.page.specific.title, row.permission.codename)
        for row in GroupPagePermission.objects.filter(group=group).select_related(
            "page", "permission"
        )
    }


def counts():
    return (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        EnquiryInboxAccess.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_command_gives_exact_rights_and_is_idempotent(county, capsys):
    call_command("ehrenamt_office_editors", "ks-lindenhain")
    setup = OfficeEditorGroup.objects.get(office=county["office_a"])
    group = setup.group
    assert "Koordinierungsstelle Lindenhain" in group.name
    assert page_rights(group) == {
        ("Koordinierungsstelle Lindenhain", "change_page"),
        ("Koordinierungsstelle Lindenhain", "publish_page"),
        ("Termine", "add_page"),
        ("Sprachcafé Lindenhain", "change_page"),
        ("Sprachcafé Lindenhain", "publish_page"),
    }
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin"),
        ("wagtail_ehrenamt", "view_volunteerenquiry"),
        ("wagtail_ehrenamt", "change_volunteerenquiry"),
        ("wagtail_ehrenamt", "add_contactperson"),
        ("wagtail_ehrenamt", "change_contactperson"),
        ("wagtail_ehrenamt", "publish_contactperson"),
        ("wagtail_ehrenamt", "add_location"),
        ("wagtail_ehrenamt", "change_location"),
        ("wagtail_ehrenamt", "publish_location"),
    }
    assert setup.collection.name == "Koordinierungsstelle Lindenhain"
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection__name", "permission__codename"
        )
    ) == {
        ("Koordinierungsstelle Lindenhain", f"{action}_{model}")
        for action in ("add", "change", "choose")
        for model in ("document", "image")
    }
    assert list(
        EnquiryInboxAccess.objects.filter(group=group).values_list("office", flat=True)
    ) == [county["office_a"].pk]
    assert "Created group" in capsys.readouterr().out

    before = counts()
    call_command("ehrenamt_office_editors", str(county["office_a"].pk))
    assert counts() == before
    assert "Checked group" in capsys.readouterr().out

    # Rights removed by hand come back.
    GroupPagePermission.objects.filter(group=group, page=county["event_a"]).delete()
    call_command("ehrenamt_office_editors", "ks-lindenhain")
    assert counts() == before
    assert ("Sprachcafé Lindenhain", "publish_page") in page_rights(group)


def test_unknown_office_is_an_error(county):
    with pytest.raises(CommandError, match="gibt-es-nicht"):
        call_command("ehrenamt_office_editors", "gibt-es-nicht")


def test_workflow_option(county):
    call_command("ehrenamt_office_editors", "ks-lindenhain", "--workflow")
    setup = OfficeEditorGroup.objects.get(office=county["office_a"])
    assert setup.workflow.name == "Freigabe durch Kreis"
    assert {codename for _page, codename in page_rights(setup.group)} == {
        "change_page",
        "add_page",
    }
    assigned = set(
        WorkflowPage.objects.filter(workflow__name="Freigabe durch Kreis").values_list(
            "page_id", "workflow__name"
        )
    )
    assert assigned == {
        (county["office_a"].pk, "Freigabe durch Kreis"),
        (county["event_a"].pk, "Freigabe durch Kreis"),
    }
    assert county["office_a"].get_workflow().name == "Freigabe durch Kreis"
    assert county["office_b"].get_workflow() is None or (
        county["office_b"].get_workflow().name != "Freigabe durch Kreis"
    )
    task = setup.workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
    before = counts()
    call_command("ehrenamt_office_editors", "ks-lindenhain", "--workflow")
    assert counts() == before

    # Without the option the editors publish again and the approval is gone.
    call_command("ehrenamt_office_editors", "ks-lindenhain")
    setup.refresh_from_db()
    assert setup.workflow is None
    assert ("Sprachcafé Lindenhain", "publish_page") in page_rights(setup.group)
    assert not WorkflowPage.objects.filter(workflow__name="Freigabe durch Kreis").exists()


def test_rights_follow_new_events_and_organiser_changes(county):
    setup_a, _ = setup_office_editors(county["office_a"])
    setup_b, _ = setup_office_editors(county["office_b"])
    new = add_event(
        county["calendar"], "Elterncafé", today(), publish=True, organiser_page=county["office_a"]
    )
    assert ("Elterncafé", "publish_page") in page_rights(setup_a.group)
    new.organiser_page = county["office_b"]
    new.save_revision().publish()
    assert ("Elterncafé", "change_page") not in page_rights(setup_a.group)
    assert ("Elterncafé", "publish_page") in page_rights(setup_b.group)
    # A draft with another organiser changes nothing until it is published.
    new.organiser_page = county["office_a"]
    new.save_revision()
    assert ("Elterncafé", "publish_page") in page_rights(setup_b.group)


EDIT = "/admin/pages/{}/edit/"


def test_editor_of_a_cannot_edit_or_publish_b(client, county, django_user_model):
    setup, _ = setup_office_editors(county["office_a"])
    editor = editor_of(setup, django_user_model)
    client.force_login(editor)
    event_a, event_b = county["event_a"], county["event_b"]
    office_b = county["office_b"]

    assert client.get(EDIT.format(event_a.pk)).status_code == 200
    assert client.get(EDIT.format(county["office_a"].pk)).status_code == 200

    # Every way to B's pages is refused: edit, publish by POST, unpublish, delete, copy,
    # move, bulk unpublish.
    for page in (event_b, office_b):
        for url in [
            EDIT.format(page.pk),
            f"/admin/pages/{page.pk}/unpublish/",
            f"/admin/pages/{page.pk}/delete/",
            f"/admin/pages/{page.pk}/copy/",
            f"/admin/pages/{page.pk}/move/",
        ]:
            response = client.get(url)
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert response.url in ("/admin/", "/admin/login/"), url
        response = client.post(
            EDIT.format(page.pk), {"title": "Übernommen", "slug": page.slug, "action-publish": "1"}
        )
        assert response.status_code in (302, 403)
        page.refresh_from_db()
        assert page.title != "Übernommen" and page.live
        response = client.post(f"/admin/pages/{page.pk}/unpublish/", {})
        page.refresh_from_db()
        assert page.live
    response = client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={event_b.pk}", {"include_descendants": ""}
    )
    event_b.refresh_from_db()
    assert event_b.live

    # Their own event: edit and publish through the form.
    data = form_data(client.get(EDIT.format(event_a.pk)).content.decode())
    data.update({"title": "Sprachcafé Lindenhain (neu)", "action-publish": "action-publish"})
    response = client.post(EDIT.format(event_a.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event_a.refresh_from_db()
    assert event_a.title == "Sprachcafé Lindenhain (neu)" and event_a.live

    # … but not under B's name.
    data = form_data(client.get(EDIT.format(event_a.pk)).content.decode())
    data.update({"organiser_page": str(office_b.pk), "action-publish": "action-publish"})
    response = client.post(EDIT.format(event_a.pk), data)
    assert response.status_code == 200
    assert "Koordinierungsstelle als Veranstalter" in response.content.decode()
    assert EventPage.objects.get(pk=event_a.pk).organiser_page_id == county["office_a"].pk


def test_new_event_of_an_office_editor(client, county, django_user_model):
    setup, _ = setup_office_editors(county["office_a"])
    client.force_login(editor_of(setup, django_user_model))
    calendar = county["calendar"]
    add_url = f"/admin/pages/add/wagtail_ehrenamt/eventpage/{calendar.pk}/"
    html = client.get(add_url).content.decode()
    data = form_data(html)
    assert data["organiser_page"] == str(county["office_a"].pk)  # preset
    data.update({"title": "Infoabend", "slug": "infoabend", "start_date": today().isoformat()})
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="infoabend")
    assert event.organiser_page_id == county["office_a"].pk
    assert ("Infoabend", "publish_page") in page_rights(setup.group)
    # The calendar itself stays out of reach.
    assert client.get(EDIT.format(calendar.pk)).status_code == 302


def wagtail_editors_group():
    """Wagtail's default "Editors" group (whole tree), made again like Wagtail's migration does
    when a transactional test's flush removed the migration's rows."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        root = Page.get_first_root_node()
        for codename in ("add_page", "change_page"):
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.create(group=group, page=root, permission=permission)
    return group


def test_county_editors_are_not_bound(client, county, django_user_model):
    setup, _ = setup_office_editors(county["office_a"])
    user = editor_of(setup, django_user_model, "kreis")
    user.groups.add(wagtail_editors_group())
    client.force_login(user)
    event_a = county["event_a"]
    data = form_data(client.get(EDIT.format(event_a.pk)).content.decode())
    data.update({"organiser_page": str(county["office_b"].pk), "action-publish": "1"})
    assert client.post(EDIT.format(event_a.pk), data).status_code == 302
    assert EventPage.objects.get(pk=event_a.pk).organiser_page_id == county["office_b"].pk


def test_button_and_view(client, admin_client, county, django_user_model):
    office = county["office_a"]
    url = f"/admin/ehrenamt/office-editors/{office.pk}/"
    edit_html = admin_client.get(EDIT.format(office.pk)).content.decode()
    assert url in edit_html and "Redaktion einrichten" in edit_html
    assert url not in admin_client.get(EDIT.format(county["event_a"].pk)).content.decode()
    html = admin_client.get(url).content.decode()
    assert "Redaktionsgruppe einrichten" in html
    response = admin_client.post(url, {"workflow": "on"})
    assert response.status_code == 302
    setup = OfficeEditorGroup.objects.get(office=office)
    assert setup.workflow is not None
    html = admin_client.get(url).content.decode()
    assert setup.group.name in html

    # Editors neither see the button nor use the view.
    client.force_login(editor_of(setup, django_user_model))
    assert url not in client.get(EDIT.format(office.pk)).content.decode()
    assert client.get(url).status_code == 302
    assert client.post(url, {}).status_code == 302
    assert OfficeEditorGroup.objects.get(office=office).workflow is not None


def test_with_workflow_editors_submit_instead_of_publishing(client, county, django_user_model):
    setup, _ = setup_office_editors(county["office_a"], workflow=True)
    client.force_login(editor_of(setup, django_user_model))
    event_a = county["event_a"]
    data = form_data(client.get(EDIT.format(event_a.pk)).content.decode())
    data.update({"title": "Sprachcafé (geändert)", "action-publish": "action-publish"})
    client.post(EDIT.format(event_a.pk), data)
    event_a.refresh_from_db()
    assert event_a.title == "Sprachcafé Lindenhain"  # not published
    data.pop("action-publish")
    data["action-submit"] = "action-submit"
    assert client.post(EDIT.format(event_a.pk), data).status_code == 302
    state = event_a.workflow_states.get()
    assert state.workflow.name == "Freigabe durch Kreis" and state.status == "in_progress"
    event_a.refresh_from_db()
    assert event_a.title == "Sprachcafé Lindenhain"
