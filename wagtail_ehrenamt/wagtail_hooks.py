from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import (
    inbox,  # noqa: F401  (registers the volunteer enquiry inbox)
    languages,
)
from .directory import office_editors_admin
from .networks import page_collections
from .viewsets import EhrenamtViewSetGroup, partner_calendars

register_snippet(EhrenamtViewSetGroup)

# The interface speaks the language of the page shown, not the browser's.
hooks.register("before_serve_page", languages.activate_page_language)

# Imported partner events are read-only until an editor detaches them.
hooks.register("before_edit_page", partner_calendars.before_edit_page)
hooks.register("register_admin_urls", partner_calendars.admin_urls)

hooks.register("register_admin_urls", office_editors_admin.urlpatterns)
hooks.register("register_page_header_buttons", office_editors_admin.header_buttons)
hooks.register("before_copy_page", office_editors_admin.before_copy_page)
hooks.register("register_permissions", office_editors_admin.permissions)

# The library document form's file chooser uploads into the page's collection.
hooks.register("register_admin_viewset", lambda: page_collections.document_chooser_viewset)


@hooks.register("insert_editor_js")
def editor_js():
    """Fields shown only when they apply, labelled tag inputs (see js/admin.js)."""
    return format_html('<script src="{}" defer></script>', static("wagtail_ehrenamt/js/admin.js"))
