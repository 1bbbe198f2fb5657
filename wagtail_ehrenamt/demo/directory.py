"""Demo municipalities, places, organisations, contacts and coordination offices."""

from ..models import CoordinationOfficeIndexPage, Municipality

MUNICIPALITIES = [
    # name, slug, kind, official key (fictional county 06699 in Hesse)
    ("Landkreis Auenwald", "landkreis-auenwald", "county", "06699"),
    ("Lindenhain", "lindenhain", "city", "06699001"),
    ("Kellbach", "kellbach", "city", "06699002"),
    ("Sommerau", "sommerau", "municipality", "06699003"),
    ("Tannfeld", "tannfeld", "municipality", "06699004"),
    ("Brunnhausen", "brunnhausen", "municipality", "06699005"),
]


def load(context):
    from . import get_or_create_child

    municipalities = {}
    for name, slug, kind, key in MUNICIPALITIES:
        municipalities[slug], _ = Municipality.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "official_key": key}
        )
    context.objects["municipalities"] = municipalities
    context.sections["offices"] = get_or_create_child(
        context.root,
        CoordinationOfficeIndexPage,
        "koordinierungsstellen",
        title="Koordinierungsstellen",
        show_in_menus=True,
        search_description="Wer hilft Ehrenamtlichen in Ihrer Stadt oder Gemeinde weiter?",
    )
    context.log(f"Directory: {len(municipalities)} municipalities.")


def reset(context):
    for page in CoordinationOfficeIndexPage.objects.child_of(context.root):
        page.delete()
    Municipality.objects.filter(slug__in=[slug for _, slug, _, _ in MUNICIPALITIES]).delete()
