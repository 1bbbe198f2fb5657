"""Minutes for a team, from the team page in the German admin (issue 15): a German date,
the PDF uploaded from the "add minutes" screen into the team's collection, published, on
the public team page; axe on every screen the editor sees."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import networks_factories as f
from tests.a11y import assert_no_axe_violations
from tests.test_admin_browser import _enter_date, _log_in, _publish
from wagtail_ehrenamt.events.event_listing import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wagtail's own date picker pop-up (buttons without names) is not the package's.
WAGTAIL_PICKER = [".xdsoft_datetimepicker"]
# Wagtail's snippet editor has no <h1>, its modal no name (docs/reference/admin-accessibility.md).
WAGTAIL_RULES = {"page-has-heading-one": {"enabled": False}, "aria-dialog-name": {"enabled": False}}


def assert_no_package_violations(page, where):
    results = Axe().run(
        page, context={"exclude": [WAGTAIL_PICKER]}, options={"rules": WAGTAIL_RULES}
    )
    assert results.violations_count == 0, f"{where}\n{results.generate_report()}"


def test_minutes_for_a_team_from_the_team_page(
    live_server, page, home_page, admin_user, screenshot, tmp_path
):
    from wagtail_ehrenamt.models import LibraryDocument

    team = f.team(f.network(home_page))
    meeting = dt.date(today().year, 1, 13)
    pdf = tmp_path / "protokoll-januar.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    _log_in(page, live_server)
    steps = 0  # clicks and fields an editor touches, counted for the PR notes

    page.goto(f"{live_server.url}/admin/pages/{team.pk}/edit/")
    page.get_by_role("link", name="Protokoll hinzufügen").click()
    steps += 1
    page.wait_for_url("**/librarydocument/add/**")
    expect(page.locator("#id_category")).to_have_value("minutes")

    page.locator("#id_title").fill("Protokoll der Januar-Sitzung")
    _enter_date(page, page.locator("#id_date"), f"13.1.{meeting.year}")  # German, short
    steps += 2

    # The file: uploaded in the chooser, into the team's collection (preselected).
    page.get_by_role("button", name="Dokument auswählen").click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Hochladen").click()
    upload = modal.locator("form[action*='create']")
    collection = upload.locator("select[name=document-chooser-upload-collection]")
    expect(collection.locator("option:checked")).to_contain_text("Kompetenzteam Unterkunft")
    upload.locator("input[type=file]").set_input_files(str(pdf))
    expect(upload.locator("input[name=document-chooser-upload-title]")).to_have_value(
        "protokoll-januar"
    )  # Wagtail fills in the title from the file name
    screenshot("team-minutes-1-upload")
    assert_no_package_violations(page, "upload tab")
    upload.get_by_role("button", name="Hochladen").click()
    steps += 4
    expect(page.locator("[data-chooser-title]").first).to_have_text("protokoll-januar")
    page.locator("#id_title").click()
    screenshot("team-minutes-2-form")
    assert_no_package_violations(page, "minutes form")

    _publish(page)
    steps += 2
    page.wait_for_url("**/librarydocument/")
    entry = LibraryDocument.objects.get(title="Protokoll der Januar-Sitzung")
    assert entry.live and entry.page_id == team.pk and entry.category == "minutes"
    assert entry.date == meeting
    assert entry.document.collection.name == "Kompetenzteam Unterkunft"
    assert entry.document.collection.get_parent().name == "Ehrenamt"

    # Back on the team page's admin and on the public team page.
    page.goto(f"{live_server.url}/admin/pages/{team.pk}/edit/")
    expect(page.locator(".ehrenamt-minutes-panel")).to_contain_text("Protokoll der Januar-Sitzung")
    page.goto(f"{live_server.url}{team.url}")
    minutes = page.get_by_role("region", name="Protokolle")
    link = minutes.get_by_role("link", name="Protokoll der Januar-Sitzung")
    expect(link).to_have_attribute("href", entry.document.url)
    expect(minutes).to_contain_text(f"13. Januar {meeting.year}")
    screenshot("team-minutes-3-public")
    assert_no_axe_violations(page, "public team page")
    assert steps <= 9  # was: document library, upload there, chooser, page chooser (issue 15)
