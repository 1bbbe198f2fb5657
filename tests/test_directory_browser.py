"""The directory in Chromium: office page (protected e-mail, consent-gated map), directory
(filters, search, CSV, print view), without third-party requests and with 0 axe violations."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations
from tests.test_directory import county  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TILE_PATH = "/static/wagtail_ehrenamt/vendor/leaflet/images/layers.png"


def test_office_page(page, live_server, home_page, county, block_third_party, screenshot, settings):  # noqa: F811
    # Tiles come from the live server in tests, so no request leaves the machine.
    settings.WAGTAIL_EHRENAMT = {
        "MAP_TILE_URL": f"{live_server.url}{TILE_PATH}?z={{z}}&x={{x}}&y={{y}}"
    }
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}{county['kellbach'].url}")
    expect(page.locator("h1")).to_have_text("Koordinierungsstelle Kellbach")

    # The script turned the protected addresses into working links.
    link = page.locator('a[href="mailto:joerg.mueller@auenwald.example"]')
    expect(link).to_have_text("joerg.mueller@auenwald.example")
    expect(page.locator('a[href="mailto:ehrenamt@kellbach.example"]')).to_be_visible()

    # Before consent: no Leaflet, no tiles.
    assert not [url for url in requests if "layers.png" in url or "leaflet" in url], requests
    consent = page.get_by_role("button", name=re.compile("Karte anzeigen|Show map"))
    expect(consent).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Route planen|Plan your route"))
    ).to_have_attribute(
        "href", re.compile(r"openstreetmap\.org/directions\?to=50\.861200%2C9\.792400")
    )
    assert_no_axe_violations(page, "office page")
    screenshot("directory-office-page")

    # Consent by keyboard: the map loads, its tiles come from the configured tile URL.
    consent.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-tile-loaded")
    expect(page.locator(".leaflet-marker-icon")).to_be_visible()
    tiles = [url for url in requests if "layers.png?z=" in url]
    assert tiles and all(url.startswith(f"{live_server.url}{TILE_PATH}?z=") for url in tiles)
    assert [url for url in requests if url.endswith("vendor/leaflet/leaflet.js")]
    screenshot("directory-office-page-map")


def test_office_page_without_javascript(browser, live_server, home_page, county):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    nojs = context.new_page()
    nojs.goto(f"{live_server.url}{county['kellbach'].url}")
    email = nojs.locator(".ehrenamt-contact .ehrenamt-email")
    # What sighted people read, and what a screen reader reads (aria-hidden parts skipped).
    visible = email.evaluate(
        "n => { const c = n.cloneNode(true);"
        " c.querySelectorAll('.visually-hidden').forEach(e => e.remove()); return c.textContent; }"
    )
    spoken = email.evaluate(
        "n => { const c = n.cloneNode(true);"
        " c.querySelectorAll('[aria-hidden=true]').forEach(e => e.remove());"
        " return c.textContent; }"
    )
    assert visible.split() == ["joerg.mueller", "[at]", "auenwald", "[dot]", "example"]
    # The fixture's pages are English pages (the interface follows the page's language).
    assert spoken.split() == ["joerg.mueller", "at", "auenwald", "dot", "example"]
    assert nojs.locator('a[href^="mailto:"]').count() == 0
    expect(nojs.get_by_role("button", name=re.compile("Karte anzeigen|Show map"))).to_have_count(0)
    expect(
        nojs.get_by_role("link", name=re.compile("Route planen|Plan your route"))
    ).to_be_visible()
    context.close()


def card_titles(page):
    return [t.strip() for t in page.locator(".ehrenamt-office-card__title").all_inner_texts()]


def test_directory_filters_search_csv_and_print(
    page,
    live_server,
    home_page,
    county,  # noqa: F811
    block_third_party,
    screenshot,
):
    index_url = f"{live_server.url}{county['index'].url}"
    page.goto(index_url)
    assert card_titles(page) == [
        "Flüchtlingsarbeit im Landkreis",
        "Koordinierungsstelle Kellbach",
        "Koordinierungsstelle Sommerau",
    ]
    assert_no_axe_violations(page, "directory")
    screenshot("directory-index")

    page.get_by_label(re.compile("Stadt oder Gemeinde|Town or municipality")).select_option(
        "kellbach"
    )
    page.get_by_role("button", name=re.compile("Stellen anzeigen|Show offices")).click()
    page.wait_for_url(re.compile(r"municipality=kellbach"))
    # The town's own office first, then the county-wide one under its own heading.
    assert card_titles(page) == ["Koordinierungsstelle Kellbach", "Flüchtlingsarbeit im Landkreis"]

    page.goto(index_url)
    page.get_by_label(re.compile("^(Suche|Search)")).fill("Sommerau")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Sommerau"))
    assert card_titles(page) == ["Koordinierungsstelle Sommerau"]

    # CSV download of the filtered list.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("CSV")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Koordinierungsstelle Sommerau"]
    assert "ehrenamt@sommerau.example" in rows[1]

    # Printable view of the same selection.
    page.get_by_role("link", name=re.compile("Druckansicht|Printable list")).click()
    page.wait_for_url(re.compile(r"/print/\?q=Sommerau"))
    expect(page.locator(".ehrenamt-print__table tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("Drucken|Print"))).to_be_visible()
    expect(page.locator('a[href="mailto:ehrenamt@sommerau.example"]')).to_be_visible()
    assert_no_axe_violations(page, "print view")
    page.emulate_media(media="print")
    expect(page.locator(".ehrenamt-print__actions")).to_be_hidden()
    screenshot("directory-print")
    page.emulate_media(media="screen")

    # A malformed page number: a clear message, still accessible.
    response = page.goto(f"{index_url}?page=abc")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("abc")
    assert_no_axe_violations(page, "directory error")
    screenshot("directory-error")
