"""Admin for the directory: contacts, organisations, places, municipalities, offices."""

import django_filters
from django.forms import CheckboxSelectMultiple
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ..models import (
    ContactPerson,
    CoordinationOfficePage,
    Location,
    Municipality,
    Organisation,
    Topic,
)


class ContactPersonChooserViewSet(SnippetChooserViewSet):
    """The contact person chooser can create a new person ("Neu" tab in the chooser)."""

    form_fields = [
        "salutation",
        "title",
        "first_name",
        "last_name",
        "role",
        "organisation",
        "phone",
        "email",
    ]
    creation_tab_label = _("New contact person")
    create_action_label = _("Create and choose")


class LocationChooserViewSet(SnippetChooserViewSet):
    """The place chooser can create a new place ("Neu" tab in the chooser)."""

    form_fields = ["name", "street", "postcode", "city", "municipality", "room"]
    creation_tab_label = _("New place")
    create_action_label = _("Create and choose")


class ContactPersonIndexView(IndexView):
    """The person's name is the listing's title column: the link to the person and the row's
    menu (edit, copy, delete; wagtail-localize's "Translate"). Wagtail makes a title column only
    of a first column given by name; it would be labelled "Full name" and not sortable."""

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if column.name == "full_name":
                column.label, column.sort_key = capfirst(_("name")), "last_name"
        return columns


class ContactPersonViewSet(SnippetViewSet):
    chooser_viewset_class = ContactPersonChooserViewSet
    index_view_class = ContactPersonIndexView
    model = ContactPerson
    icon = "user"
    menu_label = _("Contact persons")
    list_display = [
        "full_name",
        "role",
        "organisation",
        "phone",
        LiveStatusTagColumn(label=_("Status")),
    ]
    list_filter = ["organisation", "is_public", "live"]
    search_fields = ["first_name", "last_name", "role", "department"]
    ordering = ["last_name", "first_name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "website", LiveStatusTagColumn(label=_("Status"))]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "description"]


class LocationViewSet(SnippetViewSet):
    chooser_viewset_class = LocationChooserViewSet
    model = Location
    icon = "site"
    menu_label = _("Places")
    list_display = ["name", "street", "city", "municipality"]
    list_filter = ["municipality", "step_free_access"]
    search_fields = ["name", "street", "city"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "home"
    menu_label = _("Municipalities")
    list_display = ["name", "kind", "official_key"]
    list_filter = ["kind"]
    search_fields = ["name", "official_key"]


class TopicViewSet(SnippetViewSet):
    """Topics, with their names in the site's other languages."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class OfficeFilterSet(PageFilterSet):
    municipalities = django_filters.ModelMultipleChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        widget=CheckboxSelectMultiple,
        distinct=True,
    )
    topics = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.filter(office_items__isnull=False).distinct().order_by("name"),
        widget=CheckboxSelectMultiple,
        distinct=True,
    )
    is_county_wide = django_filters.BooleanFilter(label=_("County-wide office"))

    class Meta:
        model = CoordinationOfficePage
        fields = []


class CoordinationOfficeListingViewSet(PageListingViewSet):
    model = CoordinationOfficePage
    icon = "doc-full"
    menu_label = _("Coordination offices")
    name = "ehrenamt_offices"
    filterset_class = OfficeFilterSet


DIRECTORY_VIEWSETS = [
    CoordinationOfficeListingViewSet,
    ContactPersonViewSet,
    OrganisationViewSet,
    LocationViewSet,
    MunicipalityViewSet,
    TopicViewSet,
]
