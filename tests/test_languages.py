"""Content in several languages: the interface follows the page, the switcher lists the
page's translations in their own names, untranslated pages are marked, dates per language,
one feed per language with the event's UID kept."""

import re

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_ALT
from wagtail.models import Locale, Page

from wagtail_ehrenamt.languages import page_language
from wagtail_ehrenamt.templatetags.ehrenamt_tags import locale_format

from .languages_data import build_translated_site

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def site(home_page):
    return build_translated_site(home_page)


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def check_interface_follows_the_page_not_the_browser(client, site):
    german = get(client, site["calendar"].url, **EN)
    assert html_tag(german) == '<html lang="de" dir="ltr">'
    assert "Diese Seite in anderen Sprachen" in german and "&nbsp;Uhr" in german
    assert "ehrenamt-untranslated-note" not in german
    # The switcher: the page's translations, each in its own language and script.
    switch = re.search(r'<nav class="language-switch.*?</nav>', german, re.S).group(0)
    names = re.findall(r'lang="(\w+)" hreflang="\1" dir="(\w+)"[^>]*>([^<]+)</a>', switch)
    assert names == [("de", "ltr", "Deutsch"), ("en", "ltr", "English"), ("ar", "rtl", "العربية")]
    assert 'href="/en/termine/"' in switch and 'aria-current="page">Deutsch' in switch
    # hreflang alternates in the head, absolute, x-default the German source.
    head = german.split("</head>")[0]
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/termine/">' in head
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/termine/">' in head

    english = get(client, site["calendar_en"].url)
    assert html_tag(english) == '<html lang="en" dir="ltr">'
    assert "This page in other languages" in english
    arabic = get(client, site["calendar_ar"].url, **EN)
    assert html_tag(arabic) == '<html lang="ar" dir="rtl">'
    assert "هذه الصفحة بلغات أخرى" in arabic
    # The public interface has its own Arabic catalogue: no German buttons under lang="ar".
    assert "Kalender abonnieren" not in arabic and "الاشتراك في التقويم" in arabic


def check_dates_per_language(client, site):
    day = site["day"]
    english = get(client, site["calendar_en"].url)
    # "Tue 1 December 2026, 18:00–19:30": no ordinal dot, no "o'clock".
    expected = f"{day:%a} {day.day} {day:%B} {day.year}, 18:00</time>–"
    assert expected in english
    assert "o’clock" not in english and "Uhr" not in english
    arabic = get(client, site["calendar_ar"].url)
    with translation.override("ar"):
        # The format may use the nominative or the alternative month name (e.g. April).
        months = {str(MONTHS[day.month]), str(MONTHS_ALT[day.month])}
    assert any(f"{day.day} {month} {day.year}، 18:00" in arabic for month in months)
    assert "Uhr" not in arabic
    german = get(client, site["calendar"].url)
    with translation.override("de"):
        german_month = str(MONTHS[day.month])
    assert f"{day.day}. {german_month} {day.year}, 18:00</time>–" in german


@pytest.mark.django_db
def test_translated_site(client, site):
    """One site built once (it takes a while), every point checked on it."""
    check_interface_follows_the_page_not_the_browser(client, site)
    check_dates_per_language(client, site)
    check_untranslated_page_is_german_with_a_note_in_the_visitors_language(client, site)
    check_feed_per_language_keeps_the_event_uid(client, site)
    check_plain_copy_of_an_event_gets_a_new_uid(site)


def test_german_formats_stay_as_written():
    formats = ["D, j. F Y", "D, j. F Y, H:i", "j. F Y, H:i", "d.m.", "l, j. F Y", "H:i", "c"]
    with translation.override("de"):
        assert [locale_format(f) for f in formats] == formats
        rendered = Template("{% load ehrenamt_tags %}x{% ehrenamt_oclock %}").render(Context())
        assert rendered == "x&nbsp;Uhr"
    with translation.override("en"):
        assert locale_format("D, j. F Y, H:i") == "D j E Y, H:i"
        assert locale_format("SHORT_DATE_FORMAT") == "SHORT_DATE_FORMAT"
        assert Template("{% load ehrenamt_tags %}{% ehrenamt_oclock %}").render(Context()) == ""


def check_untranslated_page_is_german_with_a_note_in_the_visitors_language(client, site):
    alias = site["event_en"]
    assert alias.url.startswith("/en/")
    html = get(client, alias.url)
    # Served in German (the text is German), the note in English.
    assert html_tag(html) == '<html lang="de" dir="ltr">'
    assert (
        '<p class="ehrenamt-untranslated-note" lang="en" dir="ltr">This page has not been '
        "translated into your language yet. It is shown in German.</p>"
    ) in html
    switch = re.search(r'<nav class="language-switch.*?</nav>', html, re.S).group(0)
    assert f'href="{alias.url}" lang="en" hreflang="en" dir="ltr" aria-current="page"' in switch
    # hreflang alternates name the language of the text: not the alias (German text at /en/).
    head = html.split("</head>")[0]
    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head)
    event, arabic_event = site["event"], site["event_ar"]
    assert alternates == [
        ("de", f"http://testserver{event.url}"),
        ("x-default", f"http://testserver{event.url}"),
        ("ar", f"http://testserver{arabic_event.url}"),
    ]
    # The Arabic translation of the same event: Arabic, no note.
    arabic = get(client, site["event_ar"].url)
    assert html_tag(arabic) == '<html lang="ar" dir="rtl">'
    assert "مقهى اللغة" in arabic and "ehrenamt-untranslated-note" not in arabic


def check_feed_per_language_keeps_the_event_uid(client, site):
    event = site["event"]
    assert site["event_ar"].uid == site["event_en"].uid == event.uid
    feeds = {}
    for key in ("calendar", "calendar_en", "calendar_ar"):
        page = site[key]
        html = get(client, page.url)
        assert f"{page.url}ical/" in html, key  # the subscribe box links this locale's feed
        feeds[key] = client.get(f"{page.url}ical/").content.decode().replace("\r\n ", "")
        assert f"UID:{event.uid}" in feeds[key], key
        assert feeds[key].count("BEGIN:VEVENT") == 1, key
    # Texts carry the language of their words (RFC 5545 LANGUAGE): the English calendar's
    # event is an alias, not translated yet, so its words are German.
    texts = {key: text_languages(feed) for key, feed in feeds.items()}
    assert texts["calendar"] == {"SUMMARY": ("Sprachcafé", "de"), "DESCRIPTION": "de"}
    assert texts["calendar_en"] == {"SUMMARY": ("Sprachcafé", "de"), "DESCRIPTION": "de"}
    assert texts["calendar_ar"] == {"SUMMARY": ("مقهى اللغة", "ar"), "DESCRIPTION": "ar"}
    # The organiser's feed lists the event once, not once per translation (same UID).
    office = site["county"]["office"]
    office_feed = client.get(f"{office.url}ical/").content.decode()
    assert office_feed.count(f"UID:{event.uid}") == 1


def text_languages(feed):
    """{"SUMMARY": (text, LANGUAGE), "DESCRIPTION": LANGUAGE} of a feed's one VEVENT."""
    (vevent,) = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    summary, description = vevent["SUMMARY"], vevent["DESCRIPTION"]
    return {
        "SUMMARY": (str(summary), summary.params.get("LANGUAGE")),
        "DESCRIPTION": description.params.get("LANGUAGE"),
    }


def check_plain_copy_of_an_event_gets_a_new_uid(site):
    event = site["event"]
    copy = event.copy(to=site["calendar"], update_attrs={"slug": "kopie", "title": "Kopie"})
    assert copy.uid != event.uid


@pytest.mark.django_db
def test_demo_translations(home_page, client):
    from example_project.demo import DemoContext, translations

    # The translation loader alone on a small German tree (the full demo is test_demo's).
    pages = Page.objects.count()
    context = DemoContext(root=home_page)
    translations.load(context)
    translations.load(context)  # safe to run twice
    titles = {
        "en": "Volunteering in refugee aid",
        "uk": "Волонтерство в допомозі біженцям",
        "ar": "التطوع في مساعدة اللاجئين",
    }
    for code, title in titles.items():
        translated = home_page.get_translation(code_locale(code))
        assert translated.title == title
        html = get(client, translated.url)
        assert f'<html lang="{code}"' in html
    assert Page.objects.count() == pages + 3
    call_command("check")


def code_locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)


def test_a_locales_language_is_read_from_the_cache_and_forgotten_when_it_changes(home_page):
    """The page-language hook runs before every page view: it reads the language code of the
    page's locale from the cache, and a saved or deleted locale is read anew."""
    locale = Locale.objects.create(language_code="uk")
    page = Page.objects.get(pk=home_page.pk)
    page.locale_id = locale.pk
    assert page_language(page) == "uk"
    fresh = Page.objects.get(pk=home_page.pk)
    fresh.locale_id = locale.pk
    with CaptureQueriesContext(connection) as queries:
        assert page_language(fresh) == "uk"
    assert len(queries) == 0
    locale.language_code = "ar"
    locale.save()
    fresh = Page.objects.get(pk=home_page.pk)
    fresh.locale_id = locale.pk
    assert page_language(fresh) == "ar"
    locale_id = locale.pk
    locale.delete()
    fresh = Page.objects.get(pk=home_page.pk)
    fresh.locale_id = locale_id
    with pytest.raises(Locale.DoesNotExist):
        page_language(fresh)
