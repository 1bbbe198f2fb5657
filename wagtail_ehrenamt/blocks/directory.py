"""Directory blocks for any StreamField: a contact card, an office card and the offices
of a municipality."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..visibility import is_visible, visible_pages
from .base import content_blocks


class ContactCardBlock(blocks.StructBlock):
    """One contact person as a card (only shown while the person is published and public)."""

    contact = SnippetChooserBlock("wagtail_ehrenamt.ContactPerson", label=_("contact person"))
    role = blocks.CharBlock(
        label=_("role"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the person's own role."),
    )

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "wagtail_ehrenamt/blocks/contact_card.html"


class OfficeCardBlock(blocks.StructBlock):
    """A coordination office with its address and how to reach it."""

    office = blocks.PageChooserBlock(
        page_type="wagtail_ehrenamt.CoordinationOfficePage", label=_("coordination office")
    )

    class Meta:
        icon = "home"
        label = _("Office card")
        template = "wagtail_ehrenamt/blocks/office_card.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        office = value.get("office")
        within = (parent_context or {}).get("page")
        within = within if getattr(within, "path", None) else None
        context["office"] = office.specific if is_visible(office, within=within) else None
        return context


class MunicipalityOfficesBlock(blocks.StructBlock):
    """All live coordination offices serving one municipality (optionally with county-wide ones)."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)
    municipality = SnippetChooserBlock("wagtail_ehrenamt.Municipality", label=_("municipality"))
    include_county_wide = blocks.BooleanBlock(
        label=_("include county-wide offices"), required=False, default=True
    )

    class Meta:
        icon = "list-ul"
        label = _("Offices of a municipality")
        template = "wagtail_ehrenamt/blocks/municipality_offices.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        municipality = value.get("municipality")
        offices = []
        if municipality is not None:
            # The office model through the municipality's relation: blocks import no models.
            office_model = municipality.offices.model
            offices = visible_pages(office_model.objects.all()).with_card_data()
            if value.get("include_county_wide"):
                offices = offices.filter(Q(municipalities=municipality) | Q(is_county_wide=True))
            else:
                offices = offices.filter(municipalities=municipality)
            offices = offices.distinct().order_by("title")
        context["offices"] = offices
        return context


def directory_blocks():
    """The directory blocks, to add to any StreamField of a site."""
    return [
        ("contact_card", ContactCardBlock()),
        ("office_card", OfficeCardBlock()),
        ("municipality_offices", MunicipalityOfficesBlock()),
    ]


def office_body_blocks():
    """Blocks of :attr:`CoordinationOfficePage.body`."""
    return [*content_blocks(), ("contact_card", ContactCardBlock())]
