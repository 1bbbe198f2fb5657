"""Every public page type of the demo at phone, tablet and desktop widths.

At 320, 390, 768 and 1280 px: no sideways scrolling, no text cut off by its box, no word that
fits its line broken in the middle (Debian's Chromium has no hyphenation dictionaries, so a
word broken there is a real mid-word break; a word wider than its box must at least be
hyphenatable, ``hyphens: auto``), and axe at 390 px. Screenshots:
``.screenshots/phone-<type>-<width>.png``.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.a11y import assert_no_axe_violations
from tests.conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 768, 1280]
AXE_WIDTH = 390
# States whose markup differs from their page type's (the others: other data, same markup).
AXE_STATES = {"calendar-month", "calendar-errors", "directory-town", "directory-print"}
ALL_SCREENSHOTS = os.environ.get("EHRENAMT_ALL_SCREENSHOTS") == "1"

# Sideways scrolling, text cut off by its box, words broken mid-word (a list of messages).
LAYOUT_PROBLEMS = (Path(__file__).parent / "phone_layout.js").read_text()


def public_pages():
    """(name, path) for one page of every public page type of the demo, and the states that
    change the layout: filters, errors, the month grid, the print list, the enquiry form."""
    from wagtail.models import Page

    from wagtail_ehrenamt.models import (
        CompetenceTeamPage,
        ContactPerson,
        CoordinationOfficePage,
        EventCalendarPage,
        EventPage,
    )

    first = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        first.setdefault(type(page).__name__, page)
    urls = [(name.removesuffix("Page").lower() or "home", page.url) for name, page in first.items()]

    # Long names: a title of long compounds and a team lead whose name takes three lines.
    office = CoordinationOfficePage.objects.live().order_by("path").first()
    office.title = (
        "Koordinierungsstelle Flüchtlingshilfe und Integrationsbegleitung Kreisverwaltung"
    )
    office.save_revision().publish()
    team = next(t for t in CompetenceTeamPage.objects.live() if t.leads.exclude(contact=None))
    lead = team.leads.exclude(contact=None).first().contact
    ContactPerson.objects.filter(pk=lead.pk).update(
        first_name="Maria-Theresia Wilhelmine", last_name="von Hohenberg-Schwarzenfels"
    )
    series = EventPage.objects.live().exclude(repeat="").order_by("path").first()
    single = EventPage.objects.live().filter(repeat="").order_by("path").first()
    calendar = EventCalendarPage.objects.live().first().url
    offers = first["EngagementOfferIndexPage"].url
    directory = first["CoordinationOfficeIndexPage"].url
    return [
        *urls,
        ("office-long", office.url),
        ("team-long", team.url),
        ("event-series", series.url),
        ("event-series-all", series.url + "?termine=alle"),
        ("event-single", single.url),
        ("calendar-filtered", calendar + "?organiser=koordinatorennetzwerk&audience=volunteers"),
        ("calendar-errors", calendar + "?topic=nope&type=nope"),
        ("calendar-month", calendar + "monat/"),
        ("calendar-range-errors", calendar + "zeitraum/?from=2026-13-01&to=x"),
        ("calendar-archive", calendar + "archiv/"),
        ("directory-town", directory + "?municipality=lindenhain"),
        ("directory-errors", directory + "?municipality=nope&page=x"),
        ("directory-print", directory + "print/"),
        ("offers-errors", offers + "?language=xx&municipality=nope"),
        ("enquiry", offers + "enquiry/"),
    ]


def check_layout(page, name, full_screenshots=True):
    """The layout checks at every width, and a screenshot at each (the whole page at 390 px,
    the first screen at the other widths unless EHRENAMT_ALL_SCREENSHOTS=1: full-page
    screenshots are what costs time here)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems = page.evaluate(LAYOUT_PROBLEMS)
        if full_screenshots or width == AXE_WIDTH:
            full = ALL_SCREENSHOTS or width == AXE_WIDTH
            path = SCREENSHOT_DIR / f"phone-{name}-{width}.png"
            page.screenshot(path=str(path), full_page=full)
        assert problems == [], f"{name} at {width}px:\n" + "\n".join(problems[:15])


def test_every_public_page_fits_every_width(live_server, page):
    call_command("setup_demo", stdout=io.StringIO())
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    pages = public_pages()
    assert len({name for name, _ in pages}) == len(pages)
    for name, path in pages:
        page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
        response = page.goto(live_server.url + path)
        assert response.status in (200, 400), (name, path, response.status)
        # One page of each type: screenshots at every width and axe; states: 390 px.
        is_type = "-" not in name
        check_layout(page, name, full_screenshots=is_type)
        if is_type or name in AXE_STATES:
            page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
            assert_no_axe_violations(page, f"{name} at {AXE_WIDTH}px")

    # The enquiry form sent empty: errors, and focus on their summary (no script needed).
    page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
    page.goto(live_server.url + pages[-1][1])
    page.locator(".ehrenamt-enquiry-form button[type=submit]").click()
    page.locator("#error-summary").wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)")
    fields = page.locator(".ehrenamt-enquiry-form [aria-invalid=true]").evaluate_all(
        "fields => fields.map(f => '#' + f.id)"
    )
    assert links == fields, "the summary lists the problems in the form's order"
    check_layout(page, "enquiry-errors")
    assert_no_axe_violations(page, "enquiry with errors")

    # The focus ring in the dark green header stands out from it (WCAG 2.2: at least 3:1).
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name in the header
    colours = page.evaluate(
        """() => {
          const el = document.activeElement;
          return [getComputedStyle(el).outlineColor,
                  getComputedStyle(el.closest("header")).backgroundColor, el.tagName];
        }"""
    )
    assert colours[2] == "A"
    assert contrast(colours[0], colours[1]) >= 3, colours


def contrast(first, second):
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour):
        channels = [int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
