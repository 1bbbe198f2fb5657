"""Networks, competence teams, networking platforms and the document library."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import EhrenamtPageMixin
from .mixins import CalendarFeedMixin


class NetworkPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A county network, e.g. a working group with competence teams and platforms."""

    intro = RichTextField(_("purpose"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "wagtail_ehrenamt.CompetenceTeamPage",
        "wagtail_ehrenamt.NetworkingPlatformPage",
    ]
    template = "wagtail_ehrenamt/networks/network_page.html"

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")


class CompetenceTeamPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A competence team of a network, working on one topic area."""

    intro = RichTextField(_("goals"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtail_ehrenamt.NetworkPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/networks/competence_team_page.html"

    class Meta:
        verbose_name = _("competence team")
        verbose_name_plural = _("competence teams")


class NetworkingPlatformPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A thematic networking platform for volunteers that meets a few times a year."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtail_ehrenamt.NetworkPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/networks/networking_platform_page.html"

    class Meta:
        verbose_name = _("networking platform")
        verbose_name_plural = _("networking platforms")


class DocumentLibraryPage(EhrenamtPageMixin, Page):
    """A download centre: documents grouped by category, with filters."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = []
    template = "wagtail_ehrenamt/networks/document_library_page.html"

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")
