from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import (
    inbox,  # noqa: F401  (registers the volunteer enquiry inbox)
    office_editors_admin,
)
from .viewsets import EhrenamtViewSetGroup

register_snippet(EhrenamtViewSetGroup)

hooks.register("register_admin_urls", office_editors_admin.urlpatterns)
hooks.register("register_page_header_buttons", office_editors_admin.header_buttons)
hooks.register("before_copy_page", office_editors_admin.before_copy_page)
hooks.register("register_permissions", office_editors_admin.permissions)
