"""Shared behaviour of the package's page types and snippets."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.utils.cache import patch_cache_control

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

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            # Whether the page uses a CSRF token is known after rendering.
            response.add_post_render_callback(lambda r: set_cache_control(request, r))
        else:
            set_cache_control(request, response)
        return response


def is_personal_request(request):
    """A request whose answer may differ per visitor: session (login, page password),
    CSRF token or a language chosen by cookie."""
    return bool(
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def set_cache_control(request, response):
    """``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`` on public GET pages.

    Pages for a visitor with a session (editors, restricted pages), pages with a form that
    needs a CSRF token and answers that set a cookie are ``private``: shared caches must not
    store them.
    """
    if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
        return response
    if is_personal_request(request) or response.cookies:
        patch_cache_control(response, private=True)
    elif response.status_code == 200 and get_setting("PAGE_CACHE_MAX_AGE"):
        patch_cache_control(response, public=True, max_age=get_setting("PAGE_CACHE_MAX_AGE"))
    return response


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
