"""Topics: one tag vocabulary (django-taggit) shared by every model of the app.

A topic stays one tag in every language, so a filter such as ``?topic=wohnen`` finds the
pages of all languages; its name is translated on the topic itself (``TopicName``, one row
per language), not by wagtail-localize, which synchronises tags rather than translating them.
"""

import copy

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant


def content_language_choices():
    """The site's content languages but the default one (whose name is the topic's own)."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return [(code, name) for code, name in get_content_languages().items() if code != default]


class Topic(ClusterableModel, TagBase):
    """A topic such as "Wohnen", "Sprache" or "Arbeit"; used as a tag everywhere."""

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        InlinePanel("names", heading=_("Name in other languages"), label=_("name")),
    ]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    @classmethod
    def localized_copies(cls, language_code):
        """A function giving a topic with its name in ``language_code`` (one query at most)."""
        if language_code == get_supported_content_language_variant(settings.LANGUAGE_CODE):
            return lambda topic: topic
        names = dict(
            TopicName.objects.filter(language=language_code).values_list("topic_id", "name")
        )

        def with_name(topic):
            name = names.get(topic.pk)
            if not name:
                return topic
            named = copy.copy(topic)
            named.name = name
            return named

        return with_name

    @classmethod
    def choices(cls, topics):
        """(slug, name) of ``topics`` for a filter, named and ordered in the active language."""
        try:
            language = get_supported_content_language_variant(get_language())
        except LookupError:
            language = None
        named = cls.localized_copies(language) if language else None
        topics = list(topics)
        shown = [named(topic) if named else topic for topic in topics]
        if any(copy is not topic for copy, topic in zip(shown, topics, strict=True)):
            shown.sort(key=lambda topic: topic.name.casefold())
        return [(topic.slug, topic.name) for topic in shown]


class TopicName(models.Model):
    """A topic's name in one more language ("Wohnen" → "Housing")."""

    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(_("language"), max_length=20, choices=content_language_choices)
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("language"), FieldPanel("name")]

    class Meta:
        verbose_name = _("topic name")
        verbose_name_plural = _("topic names")
        # One name per language: also guards against autosave duplicating a new row
        # (Wagtail #14568).
        constraints = [
            models.UniqueConstraint(fields=["topic", "language"], name="ehrenamt_topic_name_unique")
        ]

    def __str__(self):
        return f"{self.language}: {self.name}"


def topic_through_field(related_name):
    """The ``tag`` foreign key of a through model, pointing at :class:`Topic`."""
    return models.ForeignKey(Topic, on_delete=models.CASCADE, related_name=related_name)
