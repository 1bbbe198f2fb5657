"""Blocks for networks and documents, usable in any StreamField of a site.

- :class:`NetworkTeamsBlock`: the competence teams and platforms of a chosen network.
- :class:`DocumentsBlock`: documents from the library, chosen one by one or by category
  and topic.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..visibility import is_visible

CATEGORY_CHOICES = [
    ("", _("All categories")),
    ("flyer", _("Flyers")),
    ("list", _("Lists")),
    ("standard", _("Standards and guidelines")),
    ("minutes", _("Minutes")),
    ("form", _("Forms")),
    ("other", _("Other documents")),
]


class TextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Text")
        features = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class NetworkTeamsBlock(blocks.StructBlock):
    """The teams and platforms of a network, with topic area and lead."""

    heading = blocks.CharBlock(
        label=_("heading"), required=False, help_text=_("Default: Teams of this network")
    )
    network = blocks.PageChooserBlock(label=_("network"), page_type="wagtail_ehrenamt.NetworkPage")

    class Meta:
        icon = "group"
        label = _("Teams of a network")
        template = "wagtail_ehrenamt/networks/blocks/network_teams.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        network = value.get("network")
        teams, platforms = [], []
        # Within the network's own section Wagtail already checked the visitor.
        within = (parent_context or {}).get("page")
        within = within if getattr(within, "path", None) else None
        if network is not None and is_visible(network, within=within):
            network = network.specific
            teams = list(network.get_teams())
            platforms = list(network.get_platforms())
        context.update({"teams": teams, "platforms": platforms, "network": network})
        return context


class DocumentsBlock(blocks.StructBlock):
    """Documents from the library: chosen ones, or the newest of a category and topic."""

    heading = blocks.CharBlock(label=_("heading"), required=False)
    documents = blocks.ListBlock(
        SnippetChooserBlock("wagtail_ehrenamt.LibraryDocument"),
        label=_("chosen documents"),
        required=False,
        help_text=_("Leave empty to show the newest documents of a category and topic."),
    )
    category = blocks.ChoiceBlock(label=_("category"), choices=CATEGORY_CHOICES, required=False)
    topic = blocks.CharBlock(label=_("topic (slug)"), required=False, help_text=_("e.g. wohnen"))
    limit = blocks.IntegerBlock(label=_("at most"), default=5, min_value=1, max_value=50)

    class Meta:
        icon = "doc-full"
        label = _("Documents")
        template = "wagtail_ehrenamt/networks/blocks/documents.html"

    def get_entries(self, value):
        # The model the chooser names (blocks import no models).
        public = self.child_blocks["documents"].child_block.target_model.objects.public()
        chosen = [entry.pk for entry in value.get("documents") or [] if entry is not None]
        limit = value.get("limit") or 5
        if chosen:
            by_pk = {entry.pk: entry for entry in public.filter(pk__in=chosen)}
            return [by_pk[pk] for pk in chosen if pk in by_pk][:limit]
        entries = public
        if value.get("category"):
            entries = entries.filter(category=value["category"])
        if value.get("topic"):
            entries = entries.filter(topic_items__tag__slug=value["topic"].strip())
        return list(entries[:limit])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["entries"] = self.get_entries(value)
        return context
