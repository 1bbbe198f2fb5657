"""Admin for networks: team and platform listings filtered by network, library documents."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from ..admin_forms import EhrenamtSnippetForm
from ..models import (
    CompetenceTeamPage,
    DocumentCategory,
    LibraryDocument,
    NetworkingPlatformPage,
    NetworkPage,
)
from ..networks.page_collections import set_document_collection


def network_choices():
    return [(str(page.pk), page.title) for page in NetworkPage.objects.order_by("title")]


class NetworkChildFilterSet(PageFilterSet):
    """Adds "Network": only pages below the chosen network."""

    network = django_filters.ChoiceFilter(
        label=_("Network"), choices=network_choices, method="filter_network", empty_label=_("All")
    )

    class Meta(PageFilterSet.Meta):
        pass

    def filter_network(self, queryset, name, value):
        network = NetworkPage.objects.filter(pk=value).first()
        if network is None:
            return queryset.none()
        return queryset.child_of(network)


class TeamFilterSet(NetworkChildFilterSet):
    class Meta(NetworkChildFilterSet.Meta):
        model = CompetenceTeamPage


class PlatformFilterSet(NetworkChildFilterSet):
    class Meta(NetworkChildFilterSet.Meta):
        model = NetworkingPlatformPage


class NetworkListingViewSet(PageListingViewSet):
    model = NetworkPage
    icon = "group"
    menu_label = _("Networks")
    name = "ehrenamt_networks"


class CompetenceTeamListingViewSet(PageListingViewSet):
    model = CompetenceTeamPage
    icon = "group"
    menu_label = _("Competence teams")
    name = "ehrenamt_teams"
    filterset_class = TeamFilterSet


class NetworkingPlatformListingViewSet(PageListingViewSet):
    model = NetworkingPlatformPage
    icon = "group"
    menu_label = _("Networking platforms")
    name = "ehrenamt_platforms"
    filterset_class = PlatformFilterSet


class LibraryDocumentCreateView(CreateView):
    """``?page=<id>&category=minutes`` (the team page's "Add minutes") fills in both."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        category = self.request.GET.get("category")
        if category in DocumentCategory.values:
            instance.category = category
        page_id = self.request.GET.get("page", "")
        if page_id.isdigit():
            instance.page = Page.objects.filter(pk=int(page_id)).first()
        return instance


class LibraryDocumentForm(EhrenamtSnippetForm):
    """The file chooser uploads into the collection of the entry's page (a team's minutes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_document_collection(self)


class LibraryDocumentViewSet(SnippetViewSet):
    model = LibraryDocument
    edit_handler = ObjectList(LibraryDocument.panels, base_form_class=LibraryDocumentForm)
    add_view_class = LibraryDocumentCreateView
    icon = "doc-full"
    menu_label = _("Library documents")
    list_display = [
        "title",
        "category",
        "date",
        "language",
        "page",
        LiveStatusTagColumn(label=_("Status")),
    ]
    list_filter = ["category", "language"]
    search_fields = ["title", "description"]
    ordering = ["-date", "title"]


NETWORK_VIEWSETS = [
    NetworkListingViewSet,
    CompetenceTeamListingViewSet,
    NetworkingPlatformListingViewSet,
    LibraryDocumentViewSet,
]
