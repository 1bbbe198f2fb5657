"""Demo content: the fictional Landkreis Auenwald, its towns, offices, networks and dates.

Every loader is idempotent (get-or-create by slug or name), so loading twice changes
nothing; ``reset`` removes the package's demo pages and snippets first. No real people:
all names are invented.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from wagtail.models import Page, PageViewRestriction

from . import directory, engagement, events, networks, partner_calendars
from . import translations as translated_pages


@dataclass
class DemoContext:
    root: Page
    stdout: object = None
    sections: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)


LOADERS = [directory, networks, events, partner_calendars, engagement]


def get_or_create_child(parent, model, slug, **fields):
    """The live child page of ``parent`` with ``slug``, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load_demo(root, stdout=None, reset=False, translations=True):
    """Load the demo under ``root``; ``translations=False`` leaves out the English, Ukrainian
    and Arabic pages (about half the loading time; tests that do not look at them)."""
    context = DemoContext(root=root, stdout=stdout)
    if reset:
        for loader in reversed(LOADERS):
            loader.reset(context)
    for loader in LOADERS:
        loader.load(context)
    if translations:
        translated_pages.load(context, reset=reset)
    refresh_statistics()
    return context


def refresh_statistics():
    """ANALYZE the tables a bulk load filled, as PostgreSQL's docs advise: until autovacuum
    catches up (never, inside a test's transaction) the planner takes them for empty."""
    if connection.vendor != "postgresql":
        return
    from django.apps import apps

    tables = {Page._meta.db_table, PageViewRestriction._meta.db_table}
    tables.update(m._meta.db_table for m in apps.get_app_config("wagtail_ehrenamt").get_models())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in sorted(tables)))
