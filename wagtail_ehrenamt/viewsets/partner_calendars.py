"""Admin for partner calendars: the snippet listing with each feed's last result, a
"Jetzt synchronisieren" button, and the read-only notice on imported events."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ..models import ExternalCalendar, ImportedEvent
from ..partner_calendars.sync import sync_calendar
from .columns import YesNoColumn


def can_sync(user):
    return user.has_perm("wagtail_ehrenamt.change_externalcalendar")


class ExternalCalendarIndexView(IndexView):
    sync_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if can_sync(self.request.user):
            buttons.insert(
                0,
                Button(
                    _("Synchronise now"),
                    url=reverse(self.sync_url_name, args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                ),
            )
        return buttons


class SyncView(WagtailAdminTemplateMixin, View):
    """GET: what will happen, with a button; POST: synchronise and go back to the list."""

    template_name = "wagtail_ehrenamt/partner_calendars/admin/confirm_sync.html"
    header_icon = "resubmit"
    index_url_name = None

    def dispatch(self, request, pk):
        if not can_sync(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(ExternalCalendar, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Synchronise “%(name)s” now") % {"name": self.object.name}

    def get(self, request, pk):
        context = self.get_context_data(object=self.object, index_url=reverse(self.index_url_name))
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, pk):
        result = sync_calendar(self.object)
        text = _("%(name)s: %(result)s") % {"name": self.object.name, "result": result.summary()}
        if result.status == "error":
            messages.error(request, text)
        elif result.status == "busy":
            messages.warning(request, text)
        else:
            messages.success(request, text)
            for problem in result.problems[:5]:
                messages.warning(request, problem)
        return redirect(self.index_url_name)


class ExternalCalendarViewSet(SnippetViewSet):
    model = ExternalCalendar
    icon = "calendar-alt"
    menu_label = gettext_lazy("Partner calendars")
    index_view_class = ExternalCalendarIndexView
    list_display = [
        "name",
        Column("calendar", label=gettext_lazy("Calendar")),
        Column("organisation", label=gettext_lazy("Partner organisation")),
        YesNoColumn("active", label=gettext_lazy("active")),
        DateColumn("last_sync_at", label=gettext_lazy("Last synchronisation")),
        Column("last_result", label=gettext_lazy("Result")),
    ]
    list_filter = ["active", "last_sync_status"]
    search_fields = ["name", "url"]
    ordering = ["name"]

    @property
    def sync_view(self):
        return SyncView.as_view(index_url_name=self.get_url_name("list"))

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(sync_url_name=self.get_url_name("sync"), **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("sync/<int:pk>/", self.sync_view, name="sync"),
        ]


PARTNER_CALENDAR_VIEWSETS = [ExternalCalendarViewSet]


# --- imported events: read-only unless detached ----------------------------


def active_import(page):
    """The ImportedEvent of ``page`` if it is imported and not detached, else None."""
    return (
        ImportedEvent.objects.filter(page_id=page.pk, detached=False)
        .select_related("calendar", "calendar__organisation")
        .first()
    )


def before_edit_page(request, page):
    """Instead of the edit form: where the event comes from, and a button to detach it."""
    link = active_import(page)
    if link is None:
        return None
    context = {
        "page": page,
        "link": link,
        "detach_url": reverse("wagtail_ehrenamt_detach_import", args=[page.pk]),
        "header_title": _("Imported event"),
        "page_title": _("Imported event"),
        "header_icon": "calendar-alt",
    }
    return TemplateResponse(
        request, "wagtail_ehrenamt/partner_calendars/admin/imported_event.html", context
    )


def detach_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method != "POST":
        return redirect("wagtailadmin_pages:edit", page_id)
    updated = ImportedEvent.objects.filter(page_id=page.pk, detached=False).update(detached=True)
    if updated:
        messages.success(
            request,
            _(
                "“%(title)s” is detached from its partner calendar: you can edit it now, and "
                "the synchronisation no longer changes it."
            )
            % {"title": page.title},
        )
    return redirect("wagtailadmin_pages:edit", page_id)


def admin_urls():
    return [
        path(
            "ehrenamt/imported-events/<int:page_id>/detach/",
            detach_view,
            name="wagtail_ehrenamt_detach_import",
        )
    ]
