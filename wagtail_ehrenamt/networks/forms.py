"""The document library's filter form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.documents import CATEGORY_ORDER, DocumentLanguage
from ..models.topics import Topic

TOPIC_SLUG = re.compile(r"[-\w]{1,100}")


class DocumentFilterForm(forms.Form):
    """The library's filters, in the style of the other listings' filter forms: a valid value
    filters, an unknown or malformed one is reported and its filter left out."""

    # Plain fields: the values are checked (and stripped) below, so that every bad value,
    # NUL bytes included, gets the same message naming it.
    category = forms.Field(required=False)
    language = forms.Field(required=False)
    topic = forms.Field(required=False)

    @staticmethod
    def _value(value):
        return (value or "").strip()

    def clean_category(self):
        value = self._value(self.cleaned_data["category"])
        if value and value not in CATEGORY_ORDER:
            raise forms.ValidationError(
                _("There is no category “%(value)s”.") % {"value": value[:50]}
            )
        return value

    def clean_language(self):
        value = self._value(self.cleaned_data["language"])
        if value and value not in DocumentLanguage.values:
            raise forms.ValidationError(
                _("There is no language “%(value)s”.") % {"value": value[:50]}
            )
        return value

    def clean_topic(self):
        slug = self._value(self.cleaned_data["topic"])
        if not slug:
            return None
        # Checked before the query: PostgreSQL refuses a NUL byte in a query parameter.
        topic = Topic.objects.filter(slug=slug).first() if TOPIC_SLUG.fullmatch(slug) else None
        if topic is None:
            raise forms.ValidationError(
                _("There is no topic “%(value)s”.") % {"value": slug[:50].replace("\x00", "")}
            )
        return topic

    def filter(self, documents):
        data = self.cleaned_data
        if data.get("category"):
            documents = documents.filter(category=data["category"])
        if data.get("language"):
            documents = documents.filter(language=data["language"])
        if data.get("topic"):
            documents = documents.filter(topic_items__tag=data["topic"])
        return documents
