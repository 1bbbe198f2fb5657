"""An office handles an enquiry in the German admin at 1280 px (issue 15): the dashboard
count, a list without broken words or buttons (also at 1024 px), the enquiry on the edit
screen, new → contacted → placed → closed with a note each, and axe on every screen."""

import pytest

from tests.a11y import assert_no_axe_violations
from tests.engagement_helpers import build_engagement_site, office_staff
from tests.test_engagement_inbox import make_enquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INBOX = "/admin/wagtail_ehrenamt/volunteerenquiry/"

# Every word (split at spaces and hyphens) of the list's cells and buttons on one line, no
# cell or button whose content is wider than its box, no button sticking out of its row.
BROKEN = """() => {
  const problems = [];
  const boxes = document.querySelectorAll(".listing th, .listing td, .listing .button");
  for (const box of boxes) {
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`overflow: ${box.tagName} "${box.innerText.trim()}"`);
    }
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-]+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`broken word: "${match[0]}"`);
      }
    }
  }
  for (const row of document.querySelectorAll(".listing tbody tr")) {
    const bottom = row.getBoundingClientRect().bottom;
    for (const button of row.querySelectorAll(".button")) {
      if (button.getBoundingClientRect().bottom > bottom + 1) {
        problems.push(`button outside its row: "${button.innerText.trim()}"`);
      }
    }
  }
  return problems;
}"""


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(f"pw-{username}")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def save_status(page, status_label, note):
    """Status, note, save: three steps of the editor."""
    page.get_by_role("combobox", name="Status").select_option(label=status_label)
    page.get_by_role("textbox", name="Notiz zu dieser Änderung").fill(note)
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/inspect/*/")
    assert page.locator(".messages .success").count() == 1
    return 3


def test_office_moves_an_enquiry_through_its_statuses(
    live_server, page, home_page, django_user_model, screenshot
):
    site = build_engagement_site(home_page)
    kellbach = site["offices"]["kellbach"]
    office_staff(django_user_model, "kellbach", kellbach)
    enquiry = make_enquiry(
        kellbach,
        "Karl-Theodor Kellbacher-Sonnenschein",
        "karl.theodor.kellbacher@example.org",
        phone="+49 6621 17-320",
        offer=site["offers"]["homework"],
        municipality=site["municipalities"]["kellbach"],
        interests=["homework", "language_cafe"],
        languages=["ar", "en"],
        availability="Dienstags ab 16 Uhr",
    )
    make_enquiry(kellbach, "Ana", "ana@example.org", status="contacted")
    make_enquiry(site["offices"]["lindenhain"], "Lina", "lina@example.org")
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "kellbach")

    # 1. The dashboard counts the office's new enquiries, and leads to them.
    panel = page.get_by_role("region", name="Neue Engagement-Anfragen")
    assert panel.get_by_role("row").nth(1).inner_text().split() == [
        "Koordinierungsstelle",
        "Kellbach",
        "1",
    ]
    assert "Lindenhain" not in panel.inner_text()
    assert_no_axe_violations(page, "dashboard")
    panel.get_by_role("link", name="Koordinierungsstelle Kellbach").click()
    page.wait_for_url("**status__exact=new*")
    assert page.locator(".listing tbody tr").count() == 1

    # 2. The list: German headings, whole words and buttons at 1280 and 1024 px.
    page.goto(f"{base}{INBOX}")
    headings = page.locator(".listing thead th").all_inner_texts()
    assert [h.strip() for h in headings] == ["Anfrage", "Eingegangen", "Status", "Angebot"]
    assert page.evaluate(BROKEN) == []
    screenshot("inbox-workflow-1-list-1280")
    assert_no_axe_violations(page, "inbox list")
    page.set_viewport_size({"width": 1024, "height": 900})
    assert page.evaluate(BROKEN) == []
    screenshot("inbox-workflow-2-list-1024")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. The edit screen shows the enquiry itself, with mail and phone links.
    row = page.locator(".listing tbody tr", has_text="Kellbacher-Sonnenschein")
    row.get_by_role("link", name="Bearbeiten").click()
    steps = 1  # clicks and fields the editor touches from the list on, for the PR notes
    page.wait_for_url(f"**{INBOX}edit/{enquiry.pk}/")
    details = page.locator(".ehrenamt-enquiry-details")
    for text in ["Nachricht von Karl-Theodor", "Hausaufgabenhilfe Kellbach", "Arabisch, Englisch"]:
        assert text in details.inner_text(), text
    mail = details.get_by_role("link", name="karl.theodor.kellbacher@example.org")
    assert mail.get_attribute("href") == "mailto:karl.theodor.kellbacher@example.org"
    assert details.get_by_role("link", name="+49 6621 17-320").get_attribute("href") == (
        "tel:+49662117320"
    )
    # Only the allowed moves are offered: from "Neu" not straight to "Vermittelt".
    options = page.get_by_role("combobox", name="Status").locator("option").all_inner_texts()
    assert options == ["Neu (unverändert)", "Kontaktiert", "Abgeschlossen"]
    assert_no_axe_violations(page, "edit screen")

    # 4. New → contacted → placed → closed, a note each; the inspect view's button is readable.
    steps += save_status(page, "Kontaktiert", "Angerufen, kommt Dienstag vorbei.")
    # Wagtail's own green "saved" message has a contrast of 4.09 (not the package's markup):
    # check the inspect view without it.
    page.reload()
    assert_no_axe_violations(page, "inspect view")
    page.locator("footer").get_by_role("link", name="Bearbeiten").click()
    steps += 1 + save_status(page, "Vermittelt", "Hilft ab März bei der Hausaufgabenhilfe.")
    page.locator("footer").get_by_role("link", name="Bearbeiten").click()
    steps += 1 + save_status(page, "Abgeschlossen", "Erste Woche gut gelaufen.")
    page.goto(f"{base}{INBOX}edit/{enquiry.pk}/")
    history = page.locator(".ehrenamt-status-history li")
    assert history.count() == 4
    texts = history.all_inner_texts()
    assert "Formular auf der Website" in texts[0]
    assert "Neu → Kontaktiert" in texts[1] and "Angerufen, kommt Dienstag vorbei." in texts[1]
    assert "Kontaktiert → Vermittelt" in texts[2] and "kellbach" in texts[2]
    assert "Vermittelt → Abgeschlossen" in texts[3] and "Erste Woche" in texts[3]
    assert page.get_by_role("combobox", name="Status").locator("option").all_inner_texts() == [
        "Abgeschlossen (unverändert)",
        "Kontaktiert",
    ]
    history.last.scroll_into_view_if_needed()
    screenshot("inbox-workflow-3-edit-closed")
    assert_no_axe_violations(page, "edit screen with history")
    enquiry.refresh_from_db()
    assert enquiry.status == "closed"
    assert steps <= 12  # three moves with a note each, from the list
