"""The enquiry inbox in Wagtail's admin, built with wagtail-modeladmin.

Who sees what:

* members of a group that has an :class:`~wagtail_ehrenamt.models.EnquiryInboxAccess` for an
  office (and the model permissions ``view``/``change`` on volunteer enquiries) see and handle
  that office's enquiries only;
* users with ``wagtail_ehrenamt.view_all_enquiries`` (county coordinators) and superusers see
  all enquiries.

The restriction holds in every view: the list and its CSV export filter the queryset, and the
inspect, edit and delete views check the single enquiry (a direct URL gives 403).
"""

from django.contrib import messages
from django.contrib.admin.utils import label_for_field, quote
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.db import transaction
from django.shortcuts import redirect
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import DeleteView, EditView, IndexView, InspectView

from .models.engagement import (
    EnquiryInboxAccess,
    VolunteerEnquiry,
    user_can_handle_enquiry,
    user_sees_all_enquiries,
)
from .text import clean_text, csv_cell


class EnquiryPermissionHelper(PermissionHelper):
    """Model permissions plus: only enquiries of the user's own offices."""

    def user_can_list(self, user):
        return user.is_active and (
            user_sees_all_enquiries(user)
            or self.user_has_specific_permission(user, "view_volunteerenquiry")
            or self.user_has_specific_permission(user, "change_volunteerenquiry")
        )

    def user_can_create(self, user):
        return False  # enquiries come from the public form only

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user) and user_can_handle_enquiry(user, obj)

    def user_can_edit_obj(self, user, obj):
        return (
            obj.anonymised_at is None
            and super().user_can_edit_obj(user, obj)
            and user_can_handle_enquiry(user, obj)
        )

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and user_can_handle_enquiry(user, obj)


class ForbiddenMixin:
    """Answer 403 when the user may not handle this enquiry.

    Wagtail's admin turns a raised ``PermissionDenied`` into a redirect to the dashboard; the
    single-enquiry views answer with the site's 403 response instead, as documented.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as error:
            return response_for_exception(request, error)


class EnquiryIndexView(IndexView):
    """The list and its exports: readable headings, and cells that cannot run as formulas."""

    def get_heading(self, queryset, field):
        heading = self.model_admin.export_headings.get(field) or label_for_field(
            field, model=self.model, model_admin=self.model_admin
        )
        return capfirst(force_str(heading))

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if not isinstance(value, str):
            return value
        # openpyxl already stores formulas as text, but refuses control characters.
        return csv_cell(value) if export_format == self.FORMAT_CSV else clean_text(value)


class EnquiryInspectView(ForbiddenMixin, InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_changes"] = self.instance.status_changes.select_related("user")
        return context


class EnquiryDeleteView(ForbiddenMixin, DeleteView):
    pass


class EnquiryEditView(ForbiddenMixin, EditView):
    """Status and internal note only; every status change is recorded."""

    def form_valid(self, form):
        previous = VolunteerEnquiry.objects.get(pk=self.instance.pk).status
        with transaction.atomic():
            enquiry = form.save(commit=False)
            new_status = enquiry.status
            enquiry.status = previous
            enquiry.save(update_fields=["internal_note"])
            if new_status != previous:
                enquiry.set_status(new_status, user=self.request.user)
        messages.success(self.request, self.get_success_message(enquiry))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.url_helper.get_action_url("inspect", quote(self.instance.pk))


class VolunteerEnquiryAdmin(ModelAdmin):
    model = VolunteerEnquiry
    menu_label = _("Inbox")
    menu_icon = "mail"
    permission_helper_class = EnquiryPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = EnquiryInspectView
    inspect_template_name = "wagtail_ehrenamt/engagement/admin/inspect.html"
    edit_view_class = EnquiryEditView
    delete_view_class = EnquiryDeleteView
    index_view_class = EnquiryIndexView
    history_view_enabled = False  # the status history is on the inspect view
    list_display = ("reference", "created_at", "name", "status", "office", "offer", "municipality")
    list_display_add_buttons = "reference"
    list_filter = ("office", "status", "offer", "created_at")
    list_select_related = ("office", "offer", "municipality")
    search_fields = ("name", "email", "phone", "message", "availability")
    ordering = ("-created_at",)
    list_per_page = 50
    list_export = (
        "reference",
        "created_at",
        "status",
        "office",
        "offer",
        "municipality",
        "name",
        "email",
        "phone",
        "get_interests_display",
        "get_languages_display",
        "availability",
        "message",
        "closed_at",
    )
    export_headings = {
        "get_interests_display": _("Interests"),
        "get_languages_display": _("Languages"),
    }
    export_filename = "enquiries"
    inspect_view_fields = (
        "created_at",
        "status",
        "office",
        "offer",
        "municipality",
        "name",
        "email",
        "phone",
        "interests",
        "languages",
        "availability",
        "message",
        "consent_at",
        "internal_note",
        "closed_at",
        "anonymised_at",
    )
    panels = [FieldPanel("status"), FieldPanel("internal_note")]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class EnquiryInboxAccessPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return user.is_active and user.is_superuser

    def user_can_create(self, user):
        return self.user_can_list(user)

    def user_can_edit_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_delete_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)


class EnquiryInboxAccessAdmin(ModelAdmin):
    """Which group handles which office's enquiries (superusers only)."""

    model = EnquiryInboxAccess
    menu_label = _("Inbox access")
    menu_icon = "lock"
    permission_helper_class = EnquiryInboxAccessPermissionHelper
    list_display = ("group", "office")
    list_filter = ("office",)


class EnquiriesGroup(ModelAdminGroup):
    menu_label = _("Volunteer enquiries")
    menu_icon = "mail"
    menu_order = 260
    items = (VolunteerEnquiryAdmin, EnquiryInboxAccessAdmin)


modeladmin_register(EnquiriesGroup)
