"""StreamField block: the next dates of the event calendar, filterable."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models.events import AUDIENCE_CHOICES, EventType
from ..page_types import ORGANISER_PAGE_TYPES
from ..templatetags.ehrenamt_events import upcoming_for
from ..visibility import is_visible, restricted_paths


def _event_type_choices():
    return list(EventType.choices)


class UpcomingEventsBlock(blocks.StructBlock):
    """Add to any StreamField: ``("upcoming_events", UpcomingEventsBlock())``."""

    heading = blocks.CharBlock(label=_("heading"), required=False, default="")
    calendar = blocks.PageChooserBlock(
        label=_("calendar"), page_type="wagtail_ehrenamt.EventCalendarPage", required=False
    )
    organiser = blocks.PageChooserBlock(
        label=_("organiser"),
        page_type=ORGANISER_PAGE_TYPES,
        required=False,
        help_text=_("Only events of this office, network, team or platform."),
    )
    topic = blocks.CharBlock(label=_("topic (slug)"), required=False, help_text=_("e.g. sprache"))
    audience = blocks.ChoiceBlock(label=_("for whom"), choices=AUDIENCE_CHOICES, required=False)
    event_type = blocks.ChoiceBlock(
        label=_("type of event"), choices=_event_type_choices, required=False
    )
    limit = blocks.IntegerBlock(label=_("number of dates"), default=5, min_value=1, max_value=20)

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "wagtail_ehrenamt/events/blocks/upcoming_events_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        filters = {
            "topic": value.get("topic") or "",
            "audience": value.get("audience") or "",
            "type": value.get("event_type") or "",
        }
        organiser = value.get("organiser")
        calendar = value.get("calendar")
        occurrences = []
        # A chosen organiser or calendar that visitors may not see shows nothing (unless
        # the block is on that page or below it, where Wagtail already checked the visitor).
        chosen = [page for page in (organiser, calendar) if page is not None]
        paths = restricted_paths() if chosen else []
        within = (parent_context or {}).get("page")
        within = within if getattr(within, "path", None) else None
        if all(is_visible(page, paths, within) for page in chosen):
            occurrences, _errors = upcoming_for(
                organiser.specific if organiser else None,
                calendar,
                value.get("limit") or 5,
                filters,
            )
        else:
            organiser = calendar = None
        if calendar is None and occurrences:
            calendar = occurrences[0].event.get_parent()
        context.update(
            occurrences=occurrences,
            organiser=organiser,
            calendar=calendar,
            heading=value.get("heading"),
            show_heading=True,
            section_id=f"upcoming-{getattr(organiser or calendar, 'pk', 'all')}",
        )
        return context
