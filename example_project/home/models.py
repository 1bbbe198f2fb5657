from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The county's home page: an introduction and links to the volunteer sections."""

    intro = RichTextField(blank=True)
    contact_line = models.CharField(max_length=255, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("contact_line")]
    max_count = 1
