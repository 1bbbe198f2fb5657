"""Translated pages in a browser at 390 px: language and direction, right-to-left layout
mirrored, no sideways scrolling, axe 0 in German, English and Arabic, the untranslated note.
Screenshots: ``.screenshots/lang-<name>-390.png``."""

import pytest

from tests.a11y import assert_no_axe_violations

from .languages_data import build_translated_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_translated_pages_at_390_px(page, live_server, home_page, screenshot, block_third_party):
    site = build_translated_site(home_page)
    page.set_viewport_size({"width": 390, "height": 844})
    pages = [
        ("calendar-de", site["calendar"], "de", "ltr"),
        ("calendar-en", site["calendar_en"], "en", "ltr"),
        ("event-en-untranslated", site["event_en"], "de", "ltr"),
        ("home-ar", site["home_ar"], "ar", "rtl"),
        ("calendar-ar", site["calendar_ar"], "ar", "rtl"),
        ("event-ar", site["event_ar"], "ar", "rtl"),
        ("directory-ar", site["offices_ar"], "ar", "rtl"),
        ("office-ar", site["office_ar"], "ar", "rtl"),
    ]
    for name, target, language, direction in pages:
        page.goto(live_server.url + target.url)
        assert page.locator("html").get_attribute("lang") == language, name
        assert page.locator("html").get_attribute("dir") == direction, name
        assert not page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth"), name
        assert_no_axe_violations(page, name)
        screenshot(f"lang-{name}-390")
        if name == "calendar-ar":
            # Mirrored: the date card's bar on the right, the language switch's Arabic name
            # read right to left, the month navigation in Arabic.
            card = page.locator(".ehrenamt-occurrence").first
            styles = card.evaluate(
                "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]"
            )
            assert styles == ["4px", "0px"], styles
            box = card.bounding_box()
            main = page.locator("main").bounding_box()
            assert main["x"] + main["width"] - (box["x"] + box["width"]) < 40
        if name == "event-en-untranslated":
            note = page.locator(".ehrenamt-untranslated-note")
            assert note.get_attribute("lang") == "en"
            assert "shown in German" in note.inner_text()
