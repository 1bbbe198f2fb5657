"""Admin side of the office editor groups: the button on an office page and its view."""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from ..models import CoordinationOfficePage, OfficeEditorGroup
from .office_editors import (
    COLLECTION_MODELS,
    WORKFLOW_NAME,
    may_copy,
    setup_office_editors,
    user_can_set_up,
)

URL_NAME = "wagtail_ehrenamt_office_editors"


class OfficeEditorsForm(forms.Form):
    workflow = forms.BooleanField(label=_("Changes need approval by the county"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workflow"].help_text = _(
            "The office's editors then submit their changes to the workflow “%(workflow)s” "
            "instead of publishing them."
        ) % {"workflow": WORKFLOW_NAME}


class OfficeEditorsView(WagtailAdminTemplateMixin, FormView):
    form_class = OfficeEditorsForm
    template_name = "wagtail_ehrenamt/office_editors/setup.html"
    header_icon = "group"
    page_title = _("Office editors")

    def dispatch(self, request, *args, **kwargs):
        if not user_can_set_up(request.user):
            raise PermissionDenied
        self.office = get_object_or_404(CoordinationOfficePage, pk=kwargs["page_id"])
        self.setup = (
            OfficeEditorGroup.objects.filter(office=self.office)
            .select_related("group", "collection", "workflow")
            .first()
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.office.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.office.pk]),
                "label": self.office.title,
            },
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        return {"workflow": bool(self.setup and self.setup.workflow_id)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            office=self.office,
            setup=self.setup,
            members=self.setup.group.user_set.order_by("last_name", "username")
            if self.setup
            else [],
            collection_models=COLLECTION_MODELS,
        )
        return context

    def form_valid(self, form):
        setup, created = setup_office_editors(self.office, workflow=form.cleaned_data["workflow"])
        message = (
            _("The editor group “%(group)s” was set up. Add its members under Settings → Users.")
            if created
            else _("The editor group “%(group)s” was checked and brought up to date.")
        )
        messages.success(self.request, message % {"group": setup.group.name})
        return redirect(URL_NAME, page_id=self.office.pk)


def urlpatterns():
    view = OfficeEditorsView.as_view()
    return [path("ehrenamt/office-editors/<int:page_id>/", view, name=URL_NAME)]


def header_buttons(page, user, view_name, next_url=None):
    """ "Redaktion einrichten" in the "…" menu of an office page, for those allowed."""
    if page.specific_class is CoordinationOfficePage and user_can_set_up(user):
        yield Button(
            _("Set up office editors"),
            reverse(URL_NAME, args=[page.pk]),
            icon_name="group",
            priority=90,
        )


def before_copy_page(request, page):
    """Office editors do not copy another office's events (the copy would carry its name)."""
    if not may_copy(request.user, page):
        return permission_denied(request)
    return None


def permissions():
    """The right to use the button, offered in the group editor."""
    return Permission.objects.filter(
        content_type__app_label=OfficeEditorGroup._meta.app_label,
        codename=f"add_{OfficeEditorGroup._meta.model_name}",
    )
