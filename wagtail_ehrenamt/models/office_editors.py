"""Which group edits which coordination office, and what that binds an editor to: the event
form names only their own office (see :mod:`wagtail_ehrenamt.directory.office_editors`)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page


class OfficeEditorGroup(models.Model):
    """The editor group of one office, as set up by ``ehrenamt_office_editors``.

    The group's rights themselves are Wagtail's own rows (``GroupPagePermission``,
    ``GroupCollectionPermission``, ``EnquiryInboxAccess``); this record says which group
    belongs to which office, so that new events of the office get the group's rights.
    """

    office = models.OneToOneField(
        "wagtail_ehrenamt.CoordinationOfficePage",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="editor_group",
    )
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="office_editors"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("approval workflow"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When set, the office's editors submit changes for approval."),
    )

    class Meta:
        verbose_name = _("office editor group")
        verbose_name_plural = _("office editor groups")

    def __str__(self):
        return f"{self.group} → {self.office}"


# --- what an office editor may name as an event's organiser ---------------------------


def user_office_ids(user):
    """Ids of the offices whose editor groups ``user`` belongs to (cached on the user)."""
    cached = getattr(user, "_ehrenamt_editor_offices", None)
    if cached is None:
        cached = frozenset(
            OfficeEditorGroup.objects.filter(group__user=user).values_list("office_id", flat=True)
        )
        user._ehrenamt_editor_offices = cached
    return cached


def bound_to_offices(user, calendar):
    """The offices ``user`` is bound to in ``calendar``, or ``None`` if not bound.

    A user is bound when they belong to office editor groups and no other group gives them
    the right to edit pages in this calendar (county editors stay free).
    """
    if not user.is_active or user.is_superuser:
        return None
    offices = user_office_ids(user)
    if not offices:
        return None
    ancestors = Page.objects.ancestor_of(calendar, inclusive=True)
    free = (
        GroupPagePermission.objects.filter(
            group__user=user,
            page__in=ancestors,
            permission__codename="change_page",
        )
        .filter(group__office_editors__isnull=True)
        .exists()
    )
    return None if free else offices


def organiser_error(user, organiser_page, parent):
    """A message if an office editor names another organiser than their own office."""
    if user is None or parent is None:
        return None
    offices = bound_to_offices(user, parent)
    if offices is None:
        return None
    if organiser_page is None or organiser_page.pk not in offices:
        return gettext("Choose your own office as the organiser; you edit only its events.")
    return None


def initial_organiser(user, parent):
    """The office to preset as organiser of a new event: the editor's only office."""
    offices = bound_to_offices(user, parent) if user is not None and parent else None
    return next(iter(offices)) if offices and len(offices) == 1 else None


def _form_parent(form):
    instance = form.instance
    if instance is not None and instance.pk:
        return instance.get_parent()
    return getattr(form, "parent_page", None)


def preset_organiser(form):
    """``EventPageForm``: a new event of an office editor starts with their office."""
    if form.is_bound or "organiser_page" not in form.fields or form.instance.pk:
        return
    office = initial_organiser(getattr(form, "for_user", None), _form_parent(form))
    if office is not None and not form.instance.organiser_page_id:
        form.initial["organiser_page"] = office


def check_organiser(form, cleaned_data):
    """``EventPageForm.clean``: office editors name only their own office as organiser."""
    if "organiser_page" not in form.fields:
        return
    error = organiser_error(
        getattr(form, "for_user", None), cleaned_data.get("organiser_page"), _form_parent(form)
    )
    if error:
        form.add_error("organiser_page", error)
