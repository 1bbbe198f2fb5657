"""Network, team, platform and document library pages in Chromium: look, axe, no third parties."""

import pytest

from tests.a11y import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(home_page):
    from example_project.demo import load_demo

    return load_demo(home_page, translations=False)


def test_network_team_platform_and_library_pages(
    live_server, page, demo, block_third_party, screenshot
):
    base = live_server.url

    page.goto(f"{base}/netzwerk-fluechtlinge/")
    assert page.locator("h1").inner_text() == "Netzwerk Flüchtlinge"
    teams = page.locator(".ehrenamt-teams__item")
    assert teams.count() == 7  # six competence teams and the networking platform
    diagram = page.locator(".ehrenamt-network__diagram img")
    assert "sechs Kompetenzteams" in diagram.get_attribute("alt")
    assert diagram.evaluate("img => img.naturalWidth") > 0
    screenshot("networks-network-page")
    assert_no_axe_violations(page, "network page")

    page.get_by_role("link", name="Kompetenzteam Unterkunft", exact=True).click()
    page.wait_for_url("**/netzwerk-fluechtlinge/unterkunft/")
    assert page.locator("h1").inner_text() == "Kompetenzteam Unterkunft"
    assert page.locator(".ehrenamt-members__item").count() >= 3
    assert page.get_by_text("Protokoll Kompetenzteam Unterkunft").count() == 1
    screenshot("networks-team-page")
    assert_no_axe_violations(page, "team page")

    page.goto(f"{base}/netzwerk-fluechtlinge/vernetzungsplattform/")
    assert page.locator(".ehrenamt-platform__topics li").count() == 6
    assert page.get_by_text("zwei- bis dreimal im Jahr").count() == 1
    screenshot("networks-platform-page")
    assert_no_axe_violations(page, "platform page")

    page.goto(f"{base}/downloadcenter/")
    groups = page.locator(".ehrenamt-library__group h2")
    assert groups.count() == 5
    screenshot("networks-library-page")
    assert_no_axe_violations(page, "library page")

    # Filter by keyboard only: choose a category and submit the form.
    page.locator("#library-category").focus()
    page.keyboard.press("End")
    page.locator("#library-category").select_option("minutes")
    page.locator(".ehrenamt-filters button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/downloadcenter/?category=minutes**")
    assert groups.count() == 1
    assert page.locator(".ehrenamt-documents__item").count() == 9
    screenshot("networks-library-filtered")
    assert_no_axe_violations(page, "library filtered")

    response = page.goto(f"{base}/downloadcenter/?category=nope&page=-3")
    assert response.status == 400
    assert page.locator(".ehrenamt-errors").is_visible()
    screenshot("networks-library-bad-filter")
    assert_no_axe_violations(page, "library bad filter")

    # The documents are real files.
    href = page.locator(".ehrenamt-documents__link").first.get_attribute("href")
    download = page.request.get(f"{base}{href}")
    assert download.status == 200 and len(download.body()) > 100
