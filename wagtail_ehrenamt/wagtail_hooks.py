from wagtail.snippets.models import register_snippet

from .viewsets import EhrenamtViewSetGroup

register_snippet(EhrenamtViewSetGroup)
