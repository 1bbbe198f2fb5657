"""axe-core checks, offline (axe-playwright-python ships axe-core in its wheel)."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_no_axe_violations(page, context=""):
    results = _axe.run(page)
    assert results.violations_count == 0, f"{context}\n{results.generate_report()}"
