"""Topics: one tag vocabulary (django-taggit) shared by every model of the app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase


class Topic(TagBase):
    """A topic such as "Wohnen", "Sprache" or "Arbeit"; used as a tag everywhere."""

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]


def topic_through_field(related_name):
    """The ``tag`` foreign key of a through model, pointing at :class:`Topic`."""
    return models.ForeignKey(Topic, on_delete=models.CASCADE, related_name=related_name)
