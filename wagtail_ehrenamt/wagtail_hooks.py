from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import inbox  # noqa: F401  (registers the volunteer enquiry inbox)
from .viewsets import EhrenamtViewSetGroup

register_snippet(EhrenamtViewSetGroup)


@hooks.register("insert_editor_js")
def editor_js():
    """Fields shown only when they apply, labelled tag inputs (see js/admin.js)."""
    return format_html('<script src="{}" defer></script>', static("wagtail_ehrenamt/js/admin.js"))
