"""The admin in a real browser: log in, see the Ehrenamt menu."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_login_shows_ehrenamt_menu(live_server, page, home_page, admin_user, screenshot):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").or_(page.get_by_label("Benutzername")).fill("redaktion")
    page.locator("input[name=password]").fill("pw-redaktion")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    menu = page.get_by_role("button", name="Ehrenamt")
    menu.click()
    submenu = page.get_by_role("link", name="Kontaktpersonen").or_(
        page.get_by_role("link", name="Contact persons")
    )
    submenu.first.click()
    page.wait_for_url("**/admin/snippets/wagtail_ehrenamt/contactperson/")
    screenshot("admin-contact-persons")
    assert page.locator("h1").first.inner_text().strip() != ""
