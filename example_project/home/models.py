from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from wagtail_ehrenamt.blocks.events import UpcomingEventsBlock
from wagtail_ehrenamt.models.base import set_cache_control


class HomePage(Page):
    """The county's home page: an introduction and links to the volunteer sections."""

    intro = RichTextField(blank=True)
    contact_line = models.CharField(max_length=255, blank=True)
    # The package's block: the next dates of the calendar on the home page.
    body = StreamField([("upcoming_events", UpcomingEventsBlock())], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("contact_line"),
    ]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        # Cacheable like the package's pages (Cache-Control: public, max-age=...).
        response = super().serve(request, *args, **kwargs)
        response.add_post_render_callback(lambda r: set_cache_control(request, r))
        return response
