"""Admin viewsets: everything the package adds to Wagtail's admin lives in one "Ehrenamt" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .directory import DIRECTORY_VIEWSETS
from .events import EVENT_VIEWSETS
from .networks import NETWORK_VIEWSETS
from .partner_calendars import PARTNER_CALENDAR_VIEWSETS


class EhrenamtViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Ehrenamt")
    menu_icon = "group"
    menu_order = 250
    items = [
        *DIRECTORY_VIEWSETS,
        *EVENT_VIEWSETS,
        *PARTNER_CALENDAR_VIEWSETS,
        *NETWORK_VIEWSETS,
    ]
