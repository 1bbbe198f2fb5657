"""The whole path in Chromium: find an offer, send an enquiry, handle it in the office's inbox."""

import pytest

from tests.a11y import assert_no_axe_violations
from tests.engagement_helpers import build_engagement_site, office_staff
from wagtail_ehrenamt.models import VolunteerEnquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INBOX = "/admin/wagtail_ehrenamt/volunteerenquiry/"


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(f"pw-{username}")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def test_volunteer_enquiry_path(
    live_server, page, home_page, django_user_model, screenshot, block_third_party
):
    site = build_engagement_site(home_page)
    office_staff(django_user_model, "lindenhain", site["offices"]["lindenhain"])
    office_staff(django_user_model, "kellbach", site["offices"]["kellbach"])
    base = live_server.url

    # 1. Find the offer by filter.
    page.goto(f"{base}/mitmachen/")
    assert_no_axe_violations(page, "offer list")
    page.get_by_label("Sprache", exact=True).or_(page.get_by_label("Language")).select_option("ar")
    page.locator("#id_municipality").select_option("lindenhain")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/mitmachen/?*municipality=lindenhain*")
    offers = page.locator(".ehrenamt-offer h3")
    assert offers.count() == 1
    screenshot("engagement-1-filtered")
    assert_no_axe_violations(page, "filtered offer list")
    offers.first.get_by_role("link").click()
    page.wait_for_url("**/mitmachen/sprachcafe-lindenhain/")
    assert_no_axe_violations(page, "offer page")

    # 2. Submit once with errors: no contact, no consent.
    page.locator("#id_name").fill("Erika Beispiel")
    page.locator("#id_email").fill("erika-at-example")
    page.locator("#id_availability").fill("Dienstags ab 16 Uhr")
    page.locator("#id_languages_0").check()  # the first language offered
    page.get_by_role("button", name="Anfrage senden").or_(
        page.get_by_role("button", name="Send enquiry")
    ).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    screenshot("engagement-2-errors")
    assert_no_axe_violations(page, "form with errors")
    assert summary.get_attribute("role") == "alert"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert "id_email_error" in page.locator("#id_email").get_attribute("aria-describedby")
    # Everything typed is kept.
    assert page.locator("#id_name").input_value() == "Erika Beispiel"
    assert page.locator("#id_availability").input_value() == "Dienstags ab 16 Uhr"
    assert page.locator("#id_languages_0").is_checked()
    # The summary links lead to the fields.
    summary.locator("a[href='#id_email']").click()
    assert page.evaluate("location.hash") == "#id_email"
    assert VolunteerEnquiry.objects.count() == 0

    # 3. Correct it and send.
    page.locator("#id_email").fill("erika@example.org")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Anfrage senden").or_(
        page.get_by_role("button", name="Send enquiry")
    ).click()
    page.wait_for_url("**/mitmachen/sprachcafe-lindenhain/enquiry/sent/*")
    screenshot("engagement-3-sent")
    assert_no_axe_violations(page, "confirmation page")
    enquiry = VolunteerEnquiry.objects.get()
    assert enquiry.office_id == site["offices"]["lindenhain"].pk

    # The general form ("advise me") is accessible too.
    page.goto(f"{base}/mitmachen/enquiry/")
    assert_no_axe_violations(page, "general enquiry form")

    # No request left the site on the public pages.
    assert block_third_party == []

    # 4. The Lindenhain office sees it in its inbox and records a status change.
    log_in(page, base, "lindenhain")
    page.goto(f"{base}{INBOX}")
    assert page.get_by_text("Erika Beispiel").count() == 1
    screenshot("engagement-4-inbox")
    page.goto(f"{base}{INBOX}inspect/{enquiry.pk}/")
    assert page.get_by_text("erika@example.org").count() >= 1
    page.goto(f"{base}{INBOX}edit/{enquiry.pk}/")
    page.locator("select[name=status]").select_option("contacted")
    page.locator("textarea[name=internal_note]").fill("Angerufen, kommt Dienstag vorbei.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{INBOX}inspect/{enquiry.pk}/*")
    screenshot("engagement-5-status")
    history = page.locator(".ehrenamt-status-history li")
    assert history.count() == 2
    assert "lindenhain" in history.last.inner_text()
    enquiry.refresh_from_db()
    assert enquiry.status == "contacted"

    # 5. Staff of another office cannot see it: list, inspect, edit, export, direct URLs.
    page.context.clear_cookies()
    log_in(page, base, "kellbach")
    page.goto(f"{base}{INBOX}")
    assert page.get_by_text("Erika Beispiel").count() == 0
    screenshot("engagement-6-other-office")
    for action in ["inspect", "edit", "delete"]:
        response = page.request.get(f"{base}{INBOX}{action}/{enquiry.pk}/", max_redirects=0)
        assert response.status in (302, 403), action
        assert "Erika" not in response.text()
    export = page.request.get(f"{base}{INBOX}?export=csv")
    assert export.status == 200
    assert "erika@example.org" not in export.text()
    assert "Erika" not in export.text()
    # Wagtail's admin shows Gravatar avatars unless the site sets
    # WAGTAIL_GRAVATAR_PROVIDER_URL = None; that is the site's choice, not a public page.
    block_third_party[:] = [url for url in block_third_party if "gravatar.com/" not in url]
