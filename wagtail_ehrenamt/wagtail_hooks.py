from wagtail.snippets.models import register_snippet

from . import inbox  # noqa: F401  (registers the volunteer enquiry inbox)
from .viewsets import EhrenamtViewSetGroup

register_snippet(EhrenamtViewSetGroup)
