"""The package's layout holds: no import cycle, few lazy imports, every route has its view."""

import importlib.util
import re
from pathlib import Path

from wagtail_ehrenamt import page_views

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wagtail_ehrenamt"


def load_script():
    script = ROOT / "scripts" / "import_cycles.py"
    spec = importlib.util.spec_from_file_location("import_cycles", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycle_among_the_modules():
    script = load_script()
    graph = script.grimp.build_graph("wagtail_ehrenamt", exclude_type_checking_imports=True)
    edges = {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }
    cycles = [c for c in script.components(edges) if len(c) > 1]
    assert cycles == []


def test_at_most_three_lazy_imports_each_explained():
    found = load_script().lazy_imports()
    assert len(found) <= 3, found
    for path, line, _module in found:
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        # A comment on the import or right above it says why it waits.
        nearby = " ".join(lines[max(0, line - 3) : line])
        assert "#" in nearby, f"{path}:{line} has no comment"


def test_every_view_a_route_asks_for_is_registered():
    asked = set()
    for path in PACKAGE.rglob("*.py"):
        asked |= set(re.findall(r'page_view\("([a-z_.]+)"\)', path.read_text(encoding="utf-8")))
    assert len(asked) >= 15, asked
    assert asked <= page_views.registered_names(), asked - page_views.registered_names()


def test_model_modules_import_no_view_or_service():
    graph = load_script().grimp.build_graph("wagtail_ehrenamt", exclude_type_checking_imports=True)
    upper = (
        "wagtail_ehrenamt.views",
        "wagtail_ehrenamt.templatetags",
        "wagtail_ehrenamt.engagement",
    )
    upper += tuple(
        f"wagtail_ehrenamt.{domain}.{module}"
        for domain, modules in {
            "events": ("views", "event_listing", "feeds", "feed_views", "feed_cache"),
            "directory": ("views", "office_editors", "office_editors_admin"),
            "networks": ("page_collections",),
        }.items()
        for module in modules
    ) + ("wagtail_ehrenamt.events.listing_cache", "wagtail_ehrenamt.events.occurrence_table")
    models = [m for m in graph.modules if m.startswith("wagtail_ehrenamt.models")]
    assert len(models) > 10
    for module in models:
        imported = graph.find_modules_directly_imported_by(module)
        assert not [m for m in imported if m.startswith(upper)], module
