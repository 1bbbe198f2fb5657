"""Demo networks, competence teams, platforms and documents."""

from ..models import DocumentLibraryPage, NetworkPage


def load(context):
    from . import get_or_create_child

    context.sections["network"] = get_or_create_child(
        context.root,
        NetworkPage,
        "netzwerk-fluechtlinge",
        title="Netzwerk Flüchtlinge",
        show_in_menus=True,
        search_description="Die Kreisarbeitsgemeinschaft und ihre Kompetenzteams.",
    )
    context.sections["documents"] = get_or_create_child(
        context.root,
        DocumentLibraryPage,
        "downloadcenter",
        title="Downloadcenter",
        show_in_menus=True,
        search_description="Flyer, Listen, Standards und Protokolle.",
    )


def reset(context):
    for model in (NetworkPage, DocumentLibraryPage):
        for page in model.objects.child_of(context.root):
            page.delete()
