"""An editor names a topic in another language in the admin; the translated page shows it."""

import re

import pytest
from playwright.sync_api import expect

from wagtail_ehrenamt.models import TopicName

from .languages_data import build_translated_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_names_a_topic_in_english(live_server, page, home_page, admin_user, screenshot):
    site = build_translated_site(home_page)
    housing = site["county"]["housing"]
    event = site["event"]
    event.topics.add(housing)
    event.save_revision().publish()
    event_ar = site["event_ar"]
    event_ar.topics.add(housing)
    event_ar.save_revision().publish()

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill("redaktion")
    page.locator("input[name=password]").fill("pw-redaktion")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/snippets/wagtail_ehrenamt/topic/edit/{housing.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Name in anderen Sprachen"))).to_be_visible()
    page.locator("#id_names-ADD").click()
    language = page.locator("#id_names-0-language")
    # The default language is the topic's own name: only the others are offered.
    options = language.locator("option").all_inner_texts()
    assert "Deutsch" not in options and "العربية" in options
    language.select_option("ar")
    page.locator("#id_names-0-name").fill("السكن")
    screenshot("admin-topic-names")
    # On a phone the names stay usable: nothing scrolls sideways, the fields fit the screen.
    # Wagtail's sidebar slides shut after the resize: wait for the layout to settle.
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_function(
        """() => ["#id_names-0-language", "#id_names-0-name"].every((selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.left >= 0 && box.right <= window.innerWidth;
        }) && document.documentElement.scrollWidth <= window.innerWidth""",
        timeout=10_000,
    )
    screenshot("admin-topic-names-320")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("#id_names-0-name").press("Enter")
    expect(page.locator(".messages")).to_contain_text("Wohnen")

    assert list(TopicName.objects.values_list("topic", "language", "name")) == [
        (housing.pk, "ar", "السكن")
    ]
    page.goto(f"{live_server.url}{event_ar.url}")
    expect(page.locator("dd", has_text="السكن")).to_be_visible()
    page.goto(f"{live_server.url}{event.url}")
    expect(page.locator("dd a", has_text="Wohnen")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("السكن")
