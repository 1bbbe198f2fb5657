"""Editor groups per coordination office.

One call, :func:`setup_office_editors` (the ``ehrenamt_office_editors`` command and the
"Redaktion einrichten" button on an office page), sets up a group whose members edit one
office and nothing of another office:

* **The office page**: Wagtail's ``GroupPagePermission`` (edit, publish) on that page.
* **Its events**: events live under a shared calendar and name their organiser in
  ``EventPage.organiser_page``; the calendar is not below the office, so a permission on the
  office page cannot reach them. The group gets "add" on the office site's calendars (create
  events, edit the drafts it created, nothing more) and edit/publish rows on **each event the
  office organises**, kept up to date by a ``post_save`` receiver whenever an event is created
  or its organiser changes (:func:`sync_event`). Wagtail's own permission checks then do the
  rest in every view, bulk action, listing and direct URL; nothing is patched.
  The event form only accepts the editor's own office as organiser
  (:func:`~wagtail_ehrenamt.models.office_editors.organiser_error`),
  so an editor cannot publish an event under another office's name, and office editors
  cannot copy another office's events (``before_copy_page`` hook).
* **Contact persons and places**: Wagtail grants snippet rights per model, not per entry:
  the group may add, edit and publish *all* contact persons and places (not delete them);
  every change is in the entry's history.
* **Inbox**: an :class:`~wagtail_ehrenamt.models.EnquiryInboxAccess` for the office, with the
  view/change rights on enquiries: the group sees that office's enquiries only.
* **Documents and images**: a collection named after the office (below the package's
  collection, see :mod:`wagtail_ehrenamt.networks.page_collections`), where the group may add, edit
  and choose documents and images.
* **Moderation** (optional, ``workflow=True``): the group edits but does not publish; the
  office page and its events get the workflow "Freigabe durch Kreis", a group approval task
  of the reviewer group (default: Wagtail's "Moderators").

Running it again changes nothing; it puts back rights that were removed by hand and follows a
changed title only for new objects (an existing group keeps its name).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..models import (
    ContactPerson,
    CoordinationOfficePage,
    EnquiryInboxAccess,
    EventCalendarPage,
    EventPage,
    Location,
    OfficeEditorGroup,
    VolunteerEnquiry,
)
from ..models.office_editors import bound_to_offices
from ..networks.page_collections import page_collection

#: Model permissions of every office editor group (app_label, codename).
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *((VolunteerEnquiry._meta.app_label, f"{a}_volunteerenquiry") for a in ("view", "change")),
    *(
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in (ContactPerson, Location)
        for action in ("add", "change", "publish")
    ),
]
DOCUMENT_ACTIONS = ("add", "change", "choose")
COLLECTION_MODELS = (("wagtaildocs", "document"), ("wagtailimages", "image"))
WORKFLOW_NAME = "Freigabe durch Kreis"
DEFAULT_REVIEWERS = "Moderators"


def find_office(value):
    """The office page for an id or slug, else ``CoordinationOfficePage.DoesNotExist``."""
    offices = CoordinationOfficePage.objects.all()
    if str(value).isdigit():
        return offices.get(pk=int(value))
    return offices.get(slug=value)


def _page_permission(action):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")


def _editor_actions(setup):
    return ["change"] if setup.workflow_id else ["change", "publish"]


def _set_page_rights(group, page, actions):
    """Exactly ``actions`` for ``group`` on ``page`` (other groups' rows stay untouched)."""
    wanted = {_page_permission(a).pk for a in actions}
    rows = GroupPagePermission.objects.filter(group=group, page=page)
    rows.exclude(permission_id__in=wanted).delete()
    have = set(rows.values_list("permission_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission_id=pk) for pk in wanted - have
    )


def _set_workflow(page, workflow, own_workflow):
    """Assign ``workflow`` to ``page``; with ``workflow=None`` remove ``own_workflow`` only."""
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    elif own_workflow is not None:
        WorkflowPage.objects.filter(page=page, workflow=own_workflow).delete()


def office_calendars(office):
    """The calendars where the office's editors may add events: those of the office's site."""
    site = office.get_site()
    calendars = EventCalendarPage.objects.all()
    if site is not None:
        calendars = calendars.descendant_of(site.root_page, inclusive=True)
    return calendars


def _approval_workflow(reviewers):
    group, _created = Group.objects.get_or_create(name=reviewers)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    task, _created = GroupApprovalTask.objects.get_or_create(name=WORKFLOW_NAME)
    task.groups.add(group)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def setup_office_editors(office, *, workflow=False, reviewers=DEFAULT_REVIEWERS):
    """Set up (or repair) the editor group of ``office``; returns ``(setup, created)``."""
    office = office.specific if not isinstance(office, CoordinationOfficePage) else office
    setup = OfficeEditorGroup.objects.filter(office=office).select_related("group").first()
    created = setup is None
    if created:
        name = (_("Editors %(office)s") % {"office": office.title})[:150]
        group, _created = Group.objects.get_or_create(name=name)
        setup = OfficeEditorGroup.objects.create(office=office, group=group)
    group = setup.group
    own_workflow = setup.workflow

    # Model rights.
    group.permissions.add(
        *Permission.objects.filter(
            Q(
                *[Q(content_type__app_label=a, codename=c) for a, c in MODEL_PERMISSIONS],
                _connector=Q.OR,
            )
        )
    )

    # Moderation.
    setup.workflow = _approval_workflow(reviewers) if workflow else None
    actions = _editor_actions(setup)

    # The office page and its events.
    _set_page_rights(group, office, actions)
    _set_workflow(office, setup.workflow, own_workflow)
    for calendar in office_calendars(office):
        _set_page_rights(group, calendar, ["add"])
    sync_office_events(setup, own_workflow)

    # Inbox.
    EnquiryInboxAccess.objects.get_or_create(group=group, office=office)

    # Documents and images.
    if setup.collection is None:
        setup.collection = page_collection(office)
    for app_label, model in COLLECTION_MODELS:
        for action in DOCUMENT_ACTIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=setup.collection, permission=permission
                )
    setup.save()
    return setup, created


def sync_office_events(setup, previous_workflow=None):
    """Rights (and workflow) on every event of the office; none on others' events."""
    events = EventPage.objects.filter(organiser_page=setup.office_id)
    event_type = ContentType.objects.get_for_model(EventPage)
    GroupPagePermission.objects.filter(group=setup.group, page__content_type=event_type).exclude(
        page__in=events
    ).delete()
    actions = _editor_actions(setup)
    for event in events:
        _set_page_rights(setup.group, event, actions)
        _set_workflow(event, setup.workflow, previous_workflow)


def sync_event(event):
    """Give the organising office's editors rights on ``event``; take them from others."""
    setups = OfficeEditorGroup.objects.all()
    stale = GroupPagePermission.objects.filter(
        page=event, group__office_editors__isnull=False
    ).exclude(group__office_editors__office=event.organiser_page_id)
    stale.delete()
    WorkflowPage.objects.filter(
        page=event,
        workflow__in=setups.exclude(office=event.organiser_page_id)
        .exclude(workflow=None)
        .values("workflow"),
    ).delete()
    setup = None
    if event.organiser_page_id:
        setup = setups.filter(office=event.organiser_page_id).first()
    if setup is not None:
        _set_page_rights(setup.group, event, _editor_actions(setup))
        _set_workflow(event, setup.workflow, None)


def on_event_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """``post_save``: keep the office editors' rights in step with the organiser."""
    if raw or not isinstance(instance, EventPage):
        return
    if update_fields is not None and "organiser_page" not in update_fields and not created:
        return  # e.g. a draft revision: the organiser on the page row did not change
    if not OfficeEditorGroup.objects.exists():
        return
    sync_event(instance)


# --- Who is bound to their own office ------------------------------------------------------


def may_copy(user, page):
    """Office editors copy only events they may edit themselves."""
    if not isinstance(page.specific_deferred, EventPage):
        return True
    parent = page.get_parent()
    if bound_to_offices(user, parent) is None:
        return True
    return page.permissions_for_user(user).can_edit()


def user_can_set_up(user):
    """Superusers and users with the model permission see the button and use the view."""
    return user.is_active and (
        user.is_superuser or user.has_perm("wagtail_ehrenamt.add_officeeditorgroup")
    )


#: The receiver's ``dispatch_uid`` (connected in signals.py).
EVENT_SIGNAL_UID = "wagtail_ehrenamt_office_editors_events"
