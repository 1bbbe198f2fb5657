"""A shared set of content blocks: text, heading, image, document, link.

Use :func:`content_blocks` for the body of any page of the package (or of a site).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
        help_text=_("Keep headings in order: the page title is heading 1."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "wagtail_ehrenamt/blocks/heading.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "wagtail_ehrenamt/blocks/document.html"


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("link text"), max_length=120)
    url = blocks.URLBlock(label=_("address (URL)"))

    class Meta:
        icon = "link"
        label = _("Link")
        template = "wagtail_ehrenamt/blocks/link.html"


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


def content_blocks():
    """The basic blocks: paragraph, heading, image with alt text, document."""
    return [
        (
            "paragraph",
            blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"), icon="pilcrow"),
        ),
        ("heading", HeadingBlock()),
        ("image", ImageBlock(label=_("Image"))),
        ("document", DocumentBlock()),
    ]
