"""Every public page type of the demo at phone, tablet and desktop widths.

At 320, 390, 768 and 1280 px: no sideways scrolling, no text cut off by its box, no word that
fits its line broken in the middle (Debian's Chromium has no hyphenation dictionaries, so a
word broken there is a real mid-word break; a word wider than its box must at least be
hyphenatable, ``hyphens: auto``), and axe (0 violations) on every page type and every view with
its own template (month, range, archive, print list, enquiry form and thank-you page) at every
width, and on the states whose markup differs at 390 px; every page type of the English,
Ukrainian and Arabic demo pages at 320 and 390 px with axe at 390 px. Screenshots:
``.screenshots/phone-<type>-<width>.png``, ``phone-<language>-<type>-390.png``.
"""

import io
import os
from pathlib import Path

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 768, 1280]
AXE_WIDTH = 390
# Views of a page with their own template: axe at every width, like the page types.
OWN_TEMPLATE = {
    "calendar-month",
    "calendar-range",
    "calendar-archive",
    "directory-print",
    "enquiry",
    "enquiry-sent",
}
# States whose markup differs from their page's (the others: other data, same markup): axe at
# 390 px.
AXE_STATES = {"calendar-errors", "calendar-range-errors", "directory-town", "offers-errors"}
ALL_SCREENSHOTS = os.environ.get("EHRENAMT_ALL_SCREENSHOTS") == "1"

# Sideways scrolling, text cut off by its box, words broken mid-word (a list of messages).
LAYOUT_PROBLEMS = (Path(__file__).parent / "phone_layout.js").read_text()
AXE_SCRIPT = Axe().axe_script


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
        ("calendar-range", calendar + "zeitraum/"),
        ("calendar-range-errors", calendar + "zeitraum/?from=2026-13-01&to=x"),
        ("calendar-archive", calendar + "archiv/"),
        ("directory-town", directory + "?municipality=lindenhain"),
        ("directory-errors", directory + "?municipality=nope&page=x"),
        ("directory-print", directory + "print/"),
        ("offers-errors", offers + "?language=xx&municipality=nope"),
        ("enquiry-sent", offers + f"enquiry/sent/?office={office.pk}"),
        ("enquiry", offers + "enquiry/"),
    ]


def axe_at_this_width(page, context):
    """axe on the page as it is laid out now; axe is put into the page once per page load
    (injecting its script is what costs time, running it again at another width is cheap)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = AxeResults(page.evaluate("axe.run(document, {resultTypes: ['violations']})"))
    assert results.violations_count == 0, f"{context}\n{results.generate_report()}"


def check_layout(page, name, full_screenshots=True, axe_widths=()):
    """The layout checks at every width, axe at ``axe_widths``, and a screenshot at each width
    (the whole page at 390 px, the first screen at the other widths unless
    EHRENAMT_ALL_SCREENSHOTS=1: full-page screenshots are what costs time here)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems = page.evaluate(LAYOUT_PROBLEMS)
        if full_screenshots or width == AXE_WIDTH:
            full = ALL_SCREENSHOTS or width == AXE_WIDTH
            path = SCREENSHOT_DIR / f"phone-{name}-{width}.png"
            page.screenshot(path=str(path), full_page=full)
        assert problems == [], f"{name} at {width}px:\n" + "\n".join(problems[:15])
        if width in axe_widths:
            axe_at_this_width(page, f"{name} at {width}px")


def test_every_public_page_fits_every_width(live_server, page):
    call_command("setup_demo", stdout=io.StringIO())
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    pages = public_pages()
    assert len({name for name, _ in pages}) == len(pages)
    for name, path in pages:
        page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
        response = page.goto(live_server.url + path)
        assert response.status in (200, 400), (name, path, response.status)
        # One page of each type and each view with its own template: screenshots and axe at
        # every width; states: screenshots at 390 px, axe at 390 px where the markup differs.
        is_type = "-" not in name or name in OWN_TEMPLATE
        axe_widths = WIDTHS if is_type else [AXE_WIDTH] if name in AXE_STATES else []
        check_layout(page, name, full_screenshots=is_type, axe_widths=axe_widths)

    check_translated_pages(page, live_server)

    # The enquiry form sent empty: errors, and focus on their summary (no script needed).
    page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
    page.goto(live_server.url + pages[-1][1])
    page.locator(".ehrenamt-enquiry-form button[type=submit]").click()
    # Chromium applies autofocus after the page has loaded: wait for it, don't race it.
    expect(page.locator("#error-summary")).to_be_focused()
    links = page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)")
    fields = page.locator(".ehrenamt-enquiry-form [aria-invalid=true]").evaluate_all(
        "fields => fields.map(f => '#' + f.id)"
    )
    assert links == fields, "the summary lists the problems in the form's order"
    check_layout(page, "enquiry-errors", axe_widths=WIDTHS)

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


def translated_pages():
    """(name, path, lang, dir) for one page of every page type in each of the demo's other
    languages, and the month view of each translated calendar. A page not translated yet (an
    alias) shows German text: ``lang="de"``."""
    from wagtail.models import Locale, Page

    result = []
    default = Locale.get_default()
    for locale in Locale.objects.exclude(pk=default.pk).order_by("language_code"):
        first = {}
        pages = Page.objects.live().filter(locale=locale, depth__gt=1).specific().order_by("path")
        for item in pages:
            first.setdefault(type(item).__name__, item)
        for name, item in first.items():
            source = item.alias_of.locale if item.alias_of_id else locale
            language = source.language_code
            direction = "rtl" if language in ("ar", "fa") else "ltr"
            key = f"{locale.language_code}-{name.removesuffix('Page').lower() or 'home'}"
            result.append((key, item.url, language, direction))
            if name == "EventCalendarPage":
                result.append((f"{key}-month", item.url + "monat/", language, direction))
    return result


def check_translated_pages(page, live_server):
    """Every page type in every other language of the demo: language and direction marked,
    the layout checks at 320 and 390 px, axe at 390 px (issue: axe 0 in every locale)."""
    pages = translated_pages()
    locales = {name.split("-")[0] for name, *_ in pages}
    assert locales == {"ar", "en", "uk"}, locales
    for name, path, language, direction in pages:
        page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, path, response.status)
        html = page.locator("html")
        marked = (html.get_attribute("lang"), html.get_attribute("dir"))
        assert marked == (language, direction), name
        for width in (320, AXE_WIDTH):
            page.set_viewport_size({"width": width, "height": 900})
            problems = page.evaluate(LAYOUT_PROBLEMS)
            assert problems == [], f"{name} at {width}px:\n" + "\n".join(problems[:15])
        page.screenshot(path=str(SCREENSHOT_DIR / f"phone-{name}-{AXE_WIDTH}.png"))
        axe_at_this_width(page, f"{name} at {AXE_WIDTH}px")


def contrast(first, second):
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour):
        channels = [int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
