"""Shared behaviour of the package's page types and snippets."""

from django.contrib.contenttypes.fields import GenericRelation

from ..conf import get_setting
from .inline_rows import EhrenamtPageForm, release_changed_keys


class EhrenamtPageMixin:
    """Gives every page of the package the configured base template in its context, and an
    admin form and save that keep InlinePanel rows unique (see :mod:`.inline_rows`)."""

    base_form_class = EhrenamtPageForm

    def save(self, *args, **kwargs):
        release_changed_keys(self, kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ehrenamt_base_template"] = get_setting("BASE_TEMPLATE")
        return context


def live_snippets(queryset):
    """Only the published versions of draftable snippets belong on public pages."""
    return queryset.filter(live=True)


def revisions_relation(related_query_name):
    """The ``revisions`` relation every RevisionMixin snippet declares."""
    return GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name=related_query_name,
        for_concrete_model=False,
    )
