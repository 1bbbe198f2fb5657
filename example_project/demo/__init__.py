"""Demo content: the fictional Landkreis Auenwald, its towns, offices, networks and dates.

Every loader is idempotent (get-or-create by slug or name), so loading twice changes
nothing; ``reset`` removes the package's demo pages and snippets first. No real people:
all names are invented.
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Page

from . import directory, engagement, events, networks, partner_calendars, translations


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
def load_demo(root, stdout=None, reset=False):
    context = DemoContext(root=root, stdout=stdout)
    if reset:
        for loader in reversed(LOADERS):
            loader.reset(context)
    for loader in LOADERS:
        loader.load(context)
    translations.load(context, reset=reset)
    return context
