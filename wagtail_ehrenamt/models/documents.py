"""The document library: Wagtail documents with category, date, language and topics.

A :class:`LibraryDocument` is a draftable snippet that describes one Wagtail document
(flyer, list, standard, minutes, form). Only live entries whose document still exists are
shown. An entry can be marked for a network, competence team or networking platform page
and then also appears there (minutes of a team's meeting, its working papers).
"""

from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel, Panel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from .. import conf
from ..admin_forms import EhrenamtSnippetForm
from ..conf import get_setting
from ..page_views import page_view
from .base import EhrenamtPageMixin, revisions_relation
from .topics import topic_through_field


class DocumentCategory(models.TextChoices):
    FLYER = "flyer", _("Flyers")
    LIST = "list", _("Lists")
    STANDARD = "standard", _("Standards and guidelines")
    MINUTES = "minutes", _("Minutes")
    FORM = "form", _("Forms")
    OTHER = "other", _("Other documents")


CATEGORY_ORDER = [value for value, _label in DocumentCategory.choices]


class DocumentLanguage(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    PERSIAN = "fa", _("Persian (Farsi/Dari)")
    PASHTO = "ps", _("Pashto")
    KURDISH = "ku", _("Kurdish")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    TURKISH = "tr", _("Turkish")
    FRENCH = "fr", _("French")
    MULTILINGUAL = "mul", _("Several languages")
    EASY_GERMAN = "de-simple", _("German, easy language")


# Page types a document can be marked for.
DOCUMENT_PAGE_TYPES = [
    "wagtail_ehrenamt.NetworkPage",
    "wagtail_ehrenamt.CompetenceTeamPage",
    "wagtail_ehrenamt.NetworkingPlatformPage",
]


class LibraryDocumentTopic(ItemBase):
    tag = topic_through_field("library_document_items")
    content_object = ParentalKey(
        "LibraryDocument", on_delete=models.CASCADE, related_name="topic_items"
    )


def today():
    """The date field's default (migrations name it here): the package's today."""
    return conf.today()


class LibraryDocumentQuerySet(models.QuerySet):
    def public(self):
        """Live entries whose file still exists, with the file in the same query."""
        return (
            self.filter(live=True, document__isnull=False)
            .select_related("document")
            .order_by("-date", "title", "pk")
        )


class LibraryDocument(
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Entries without a file are not shown."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=DocumentCategory.choices, default="other"
    )
    date = models.DateField(
        _("date"), default=today, help_text=_("Date of the document; for minutes the meeting.")
    )
    language = models.CharField(
        _("language"), max_length=12, choices=DocumentLanguage.choices, default="de"
    )
    description = models.TextField(_("description"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("also show on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A network, competence team or platform, e.g. the team whose minutes these are."
        ),
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=LibraryDocumentTopic, blank=True
    )
    revisions = revisions_relation("library_document")

    objects = LibraryDocumentQuerySet.as_manager()

    # The admin's form (viewsets/networks.py) adds the page's collection to the file chooser.
    base_form_class = EhrenamtSnippetForm

    panels = [
        FieldPanel("title"),
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("date"), FieldPanel("language")]),
        FieldPanel("description"),
        FieldPanel("topics"),
        PageChooserPanel("page", DOCUMENT_PAGE_TYPES),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("category"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "wagtail_ehrenamt/networks/document_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["object_list"] = [self]
        context["ehrenamt_base_template"] = get_setting("BASE_TEMPLATE")
        return context

    @property
    def file_type(self):
        """Upper-case file extension (PDF, DOCX …), '' without a file."""
        if self.document is None:
            return ""
        return self.document.file_extension.upper()

    @property
    def file_size(self):
        """Size in bytes as stored by Wagtail (no storage access), or None."""
        if self.document is None:
            return None
        return self.document.file_size


def documents_for_page(page):
    """(minutes, other documents) marked for ``page``: two lists, one query."""
    entries = list(LibraryDocument.objects.public().filter(page=page))
    minutes = [entry for entry in entries if entry.category == DocumentCategory.MINUTES]
    others = [entry for entry in entries if entry.category != DocumentCategory.MINUTES]
    return minutes, others


# --- the download centre ------------------------------------------------------------


class DocumentLibraryPage(EhrenamtPageMixin, Page):
    """A download centre: documents grouped by category, with filters."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = []
    template = "wagtail_ehrenamt/networks/document_library_page.html"

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def get_documents(self):
        return LibraryDocument.objects.public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_view("networks.document_library")(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        status = getattr(response, "context_data", {}).get("status_code", 200)
        response.status_code = status
        return response


class MinutesPanel(Panel):
    """Read-only: a team's or platform's minutes, with a link that adds minutes for it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_ehrenamt/networks/admin/minutes_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            viewset = LibraryDocument.snippet_viewset
            minutes = []
            add_url = ""
            if page is not None and page.pk:
                minutes = LibraryDocument.objects.filter(
                    page=page, category=DocumentCategory.MINUTES
                ).order_by("-date")[:10]
                query = urlencode({"page": page.pk, "category": DocumentCategory.MINUTES})
                add_url = f"{reverse(viewset.get_url_name('add'))}?{query}"
            context.update(
                page=page,
                minutes=minutes,
                add_url=add_url,
                edit_url_name=viewset.get_url_name("edit"),
            )
            return context
