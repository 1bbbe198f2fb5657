"""Demo calendar: 30+ events, series with exceptions, across daylight-saving changes."""

from ..models import EventCalendarPage


def load(context):
    from . import get_or_create_child

    context.sections["calendar"] = get_or_create_child(
        context.root,
        EventCalendarPage,
        "termine",
        title="Termine",
        show_in_menus=True,
        search_description="Netzwerktreffen, Runde Tische, Schulungen und Austauschtreffen.",
    )


def reset(context):
    for page in EventCalendarPage.objects.child_of(context.root):
        page.delete()
