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

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import label_for_field, quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.exception import response_for_exception
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import DeleteView, EditView, IndexView, InspectView

from .models.directory import CoordinationOfficePage
from .models.engagement import (
    EnquiryInboxAccess,
    EnquiryStatus,
    VolunteerEnquiry,
    inbox_office_ids,
    user_can_handle_enquiry,
    user_sees_all_enquiries,
)
from .templatetags.ehrenamt_tags import ehrenamt_date
from .text import clean_text, csv_cell

INDEX_URL_NAME = "wagtail_ehrenamt_volunteerenquiry_modeladmin_index"


def tel_href(phone):
    """``tel:`` link target: the digits, with a leading ``+`` kept (RFC 3966)."""
    digits = "".join(char for char in phone if char.isdigit())
    return f"tel:+{digits}" if phone.strip().startswith("+") else f"tel:{digits}"


def email_link(enquiry):
    if not enquiry.email:
        return ""
    return format_html('<a href="mailto:{}">{}</a>', enquiry.email, enquiry.email)


def phone_link(enquiry):
    if not enquiry.phone:
        return ""
    return format_html('<a href="{}">{}</a>', tel_href(enquiry.phone), enquiry.phone)


class EnquiryEditForm(WagtailAdminModelForm):
    """Status (only along the allowed moves), a note for this change, the internal note."""

    status_note = forms.CharField(
        label=_("Note on this change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept in the history with date and your name, e.g. “Phoned, meets the café team "
            "on Tuesday.” Can be saved without changing the status."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.pk:
            current = self.instance.status
            labels = dict(EnquiryStatus.choices)
            offered = [(current, _("%(status)s (unchanged)") % {"status": labels[current]})]
            offered += [(s, labels[s]) for s in self.instance.next_statuses()]
            # Validation still knows every status, so that a refused move gets a clear message.
            self.fields["status"].widget.choices = offered

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = VolunteerEnquiry.objects.get(pk=self.instance.pk)
        try:
            current.check_move(status)
        except ValidationError as error:
            raise ValidationError(error.messages, code="status_move")
        return status


class EnquiryDetailsPanel(Panel):
    """The enquiry itself, read-only, on the edit screen."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_ehrenamt/engagement/admin/details_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["enquiry"] = self.instance
            context["email_link"] = email_link(self.instance)
            context["phone_link"] = phone_link(self.instance)
            return context


class EnquiryHistoryPanel(Panel):
    """The status history (with notes), read-only, on the edit screen."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_ehrenamt/engagement/admin/history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["status_changes"] = self.instance.status_changes.select_related("user")
            return context


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
    def get_field_display_value(self, field_name, field=None):
        if field_name == "email" and self.instance.email:
            return email_link(self.instance)
        if field_name == "phone" and self.instance.phone:
            return phone_link(self.instance)
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_changes"] = self.instance.status_changes.select_related("user")
        # modeladmin's light "secondary" button is unreadable on the dark footer (contrast
        # 2.87): the footer's buttons are solid ones, like Wagtail's own "Save".
        context["buttons"] = self.button_helper.get_buttons_for_obj(
            self.instance, exclude=["inspect"], classnames_exclude=["button-secondary"]
        )
        return context


class EnquiryDeleteView(ForbiddenMixin, DeleteView):
    pass


class EnquiryEditView(ForbiddenMixin, EditView):
    """The enquiry read-only; status, a note on the change and the internal note editable.

    Every status change (and every note saved without one) is a row of the history.
    """

    def form_valid(self, form):
        with transaction.atomic():
            previous = VolunteerEnquiry.objects.select_for_update().get(pk=self.instance.pk)
            enquiry = form.save(commit=False)
            new_status = enquiry.status
            enquiry.status = previous.status
            enquiry.closed_at = previous.closed_at
            enquiry.save(update_fields=["internal_note"])
            note = form.cleaned_data.get("status_note", "").strip()
            if new_status != previous.status or note:
                try:
                    enquiry.set_status(new_status, user=self.request.user, note=note, check=True)
                except ValidationError as error:  # moved by someone else meanwhile
                    transaction.set_rollback(True)
                    form.add_error("status", error)
                    return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(enquiry))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.url_helper.get_action_url("inspect", quote(self.instance.pk))


def admin_column(label, order=None):
    """Label (and sort field) of a method column of the list."""

    def decorate(method):
        method.short_description = label
        if order:
            method.admin_order_field = order
        return method

    return decorate


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
    # Few, short columns, so that nothing breaks at 1024 px (the office column only for
    # those who see more than one office); the full enquiry is on the inspect and edit views.
    list_display = ("person", "received", "status", "office", "offer")
    list_display_add_buttons = "person"
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
        "reference": _("Reference number"),
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
    edit_handler = ObjectList(
        [
            EnquiryDetailsPanel(heading=_("Enquiry")),
            FieldPanel("status"),
            FieldPanel("status_note"),
            FieldPanel("internal_note"),
            EnquiryHistoryPanel(heading=_("Status history")),
        ],
        base_form_class=EnquiryEditForm,
    )
    index_template_name = "wagtail_ehrenamt/engagement/admin/index.html"
    edit_template_name = "wagtail_ehrenamt/engagement/admin/edit.html"
    index_view_extra_css = ["wagtail_ehrenamt/css/inbox-admin.css"]
    inspect_view_extra_css = ["wagtail_ehrenamt/css/inbox-admin.css"]
    form_view_extra_css = ["wagtail_ehrenamt/css/inbox-admin.css"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_list_display(self, request):
        user = request.user
        if not user_sees_all_enquiries(user) and len(inbox_office_ids(user)) <= 1:
            return tuple(name for name in self.list_display if name != "office")
        return self.list_display

    @admin_column(_("Enquiry"), order="name")
    def person(self, obj):
        if obj.anonymised_at:
            name = _("(anonymised)")
        else:
            name = obj.name or _("(no name)")
        return format_html(
            '<span class="ehrenamt-inbox__name">{}</span> '
            '<span class="ehrenamt-inbox__reference">{}</span>',
            name,
            obj.reference,
        )

    @admin_column(_("received"), order="created_at")
    def received(self, obj):
        return ehrenamt_date(obj.created_at, "SHORT_DATETIME_FORMAT")


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
        return False  # no inspect view: its button would break the list


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


# --- dashboard ----------------------------------------------------------------------------


class NewEnquiriesPanel(Component):
    """Dashboard panel: new enquiries per office, for the offices the user may see."""

    name = "ehrenamt_new_enquiries"
    template_name = "wagtail_ehrenamt/engagement/admin/dashboard_panel.html"
    order = 90

    class Media:
        css = {"all": ["wagtail_ehrenamt/css/inbox-admin.css"]}

    def __init__(self, user):
        self.user = user

    def rows(self):
        """``(office title or None, count, list URL)``; two queries at most."""
        user = self.user
        counts = dict(
            VolunteerEnquiry.objects.visible_to(user)
            .filter(status=EnquiryStatus.NEW)
            .values_list("office_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        if user_sees_all_enquiries(user):
            office_ids = [pk for pk in counts if pk is not None]
        else:
            office_ids = list(inbox_office_ids(user))
        titles = dict(
            CoordinationOfficePage.objects.filter(pk__in=office_ids).values_list("pk", "title")
        )
        index_url = reverse(INDEX_URL_NAME)
        rows = [
            (
                title,
                counts.get(pk, 0),
                f"{index_url}?office__page_ptr__exact={pk}&status__exact={EnquiryStatus.NEW}",
            )
            for pk, title in sorted(titles.items(), key=lambda item: item[1].casefold())
        ]
        if counts.get(None):
            rows.append((None, counts[None], f"{index_url}?office__isnull=True&status__exact=new"))
        return rows

    def get_context_data(self, parent_context=None):
        rows = self.rows()
        return {
            "rows": rows,
            "total": sum(count for _title, count, _url in rows),
            "index_url": reverse(INDEX_URL_NAME) + f"?status__exact={EnquiryStatus.NEW}",
        }


@hooks.register("construct_homepage_panels")
def add_new_enquiries_panel(request, panels):
    user = request.user
    if not EnquiryPermissionHelper(VolunteerEnquiry).user_can_list(user):
        return
    if not user_sees_all_enquiries(user) and not inbox_office_ids(user):
        return
    panels.append(NewEnquiriesPanel(user))
