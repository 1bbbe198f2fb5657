"""Which group edits which coordination office (see :mod:`wagtail_ehrenamt.office_editors`)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


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
