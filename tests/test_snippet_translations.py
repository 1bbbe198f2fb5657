"""Snippets in the language of the page: a translated page shows the translation of each
place, contact person, organisation, municipality and topic it points at (pages, inline rows
and blocks point at the German snippet), in a fixed number of queries."""

import datetime as dt

import icalendar
import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail_ehrenamt.events.event_listing import EventFilterForm, filter_event_queryset
from wagtail_ehrenamt.models import (
    ContactPerson,
    CoordinationOfficePage,
    EventPage,
    Location,
    Municipality,
    OfficeContact,
    Organisation,
    TopicName,
)

from .events_fixtures import add_event
from .languages_data import build_translated_site, publish_translation

pytestmark = pytest.mark.django_db


def translate_snippet(snippet, locale, **fields):
    translated = snippet.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def add_contact(offices, number, translate_to=None):
    """A public German contact of ``offices``, and its translation into ``translate_to``.

    The office's translations point at the German contact too (their inline rows are copies
    of the German ones; wagtail-localize does not remap them, its issue #710)."""
    contact = ContactPerson.objects.create(
        last_name=f"Person{number}",
        role=f"Koordinatorin {number}",
        languages="Deutsch, Englisch",
        live=True,
        is_public=True,
    )
    for office in offices:
        OfficeContact.objects.create(page=office, contact=contact, sort_order=number)
    if translate_to is not None:
        translate_snippet(
            contact, translate_to, role=f"منسقة {number}", languages="الألمانية، الإنجليزية"
        )
    return contact


@pytest.fixture
def site(home_page):
    site = build_translated_site(home_page)
    county = site["county"]
    ar = site["office_ar"].locale
    site["ar"] = ar
    site["en"] = site["calendar_en"].locale
    offices = [county["office"], site["office_ar"]]
    CoordinationOfficePage.objects.filter(pk__in=[o.pk for o in offices]).update(
        location=county["town_hall"]
    )
    add_contact(offices, 1, translate_to=ar)
    site["offices"] = offices
    translate_snippet(county["lindenhain"], ar, name="ليندنهاين")
    translate_snippet(county["town_hall"], ar, name="دار البلدية ليندنهاين", live=True)
    translate_snippet(county["hall"], ar, name="دار المواطنين كيلباخ", live=True)
    TopicName.objects.create(topic=county["housing"], language="en", name="Housing")
    TopicName.objects.create(topic=county["housing"], language="ar", name="السكن")
    return site


def html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


def test_translated_office_shows_translated_contacts_place_and_municipality(client, site):
    arabic = html(client, site["office_ar"])
    assert "منسقة 1" in arabic and "الألمانية، الإنجليزية" in arabic
    assert "Koordinatorin 1" not in arabic and "Deutsch, Englisch" not in arabic
    assert "دار البلدية ليندنهاين" in arabic and "Rathaus Lindenhain" not in arabic
    assert "ليندنهاين" in arabic
    german = html(client, site["county"]["office"])
    assert "Koordinatorin 1" in german and "منسقة" not in german
    assert "Rathaus Lindenhain" in german and "دار البلدية" not in german


def test_draft_translation_is_not_shown(client, site):
    contact = ContactPerson.objects.get(last_name="Person1", locale__language_code="ar")
    contact.live = False
    contact.save()
    arabic = html(client, site["office_ar"])
    assert "Koordinatorin 1" in arabic and "منسقة 1" not in arabic


def test_translated_directory_cards(client, site):
    arabic = html(client, site["offices_ar"])
    assert "دار البلدية ليندنهاين" in arabic and "منسقة 1" in arabic
    assert "ليندنهاين" in arabic


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_office_queries_do_not_grow_with_translated_contacts(client, site):
    queries(client, site["office_ar"].url)  # the first request also caches the locale's language
    small = queries(client, site["office_ar"].url)
    for number in range(2, 9):
        add_contact(site["offices"], number, translate_to=site["ar"])
    office_ar = site["office_ar"]
    page = html(client, office_ar)
    assert all(f"منسقة {number}" in page for number in range(1, 9))
    assert queries(client, office_ar.url) == small


def test_calendar_places_translated_in_a_fixed_number_of_queries(client, site):
    county, calendar_ar, ar = site["county"], site["calendar_ar"], site["ar"]
    day = site["day"]
    page = html(client, calendar_ar)
    assert "دار المواطنين كيلباخ" in page and "Bürgerhaus Kellbach" not in page
    small = queries(client, calendar_ar.url)
    for number in range(6):
        place = Location.objects.create(name=f"Ort {number}", live=True)
        translate_snippet(place, ar, name=f"مكان {number}", live=True)
        event = add_event(
            county["calendar"], f"Treffen {number}", day + dt.timedelta(days=1), location=place
        )
        publish_translation(event, ar, title=f"لقاء {number}")
    page = html(client, calendar_ar)
    assert all(f"مكان {number}" in page for number in range(6))
    assert "Ort 0" not in page
    assert queries(client, calendar_ar.url) == small


def test_german_pages_read_no_translations(client, site):
    """A page in the snippets' own language pays nothing for their translations."""
    german = [
        site["county"]["office"],
        site["offices_ar"].get_translation(site["county"]["office"].locale),
        site["calendar"],
    ]
    before = [queries(client, page.url) for page in german]
    for model in (ContactPerson, Location, Municipality):
        model.objects.exclude(locale=site["county"]["office"].locale).delete()
    TopicName.objects.all().delete()
    assert [queries(client, page.url) for page in german] == before


def test_organisation_translated_on_event_page(client, site):
    county, ar = site["county"], site["ar"]
    organisation = Organisation.objects.create(name="Caritasverband", live=True)
    translate_snippet(organisation, ar, name="جمعية كاريتاس", live=True)
    event = add_event(
        county["calendar"],
        "Beratung",
        site["day"],
        publish=True,
        organiser_organisation=organisation,
        location=county["hall"],
    )
    event_ar = publish_translation(event, ar, title="استشارة")
    arabic = html(client, event_ar)
    assert "جمعية كاريتاس" in arabic and "Caritasverband" not in arabic
    assert "دار المواطنين كيلباخ" in arabic
    assert "Caritasverband" in html(client, event)


def test_topics_named_in_the_language_of_the_page(client, site):
    housing = site["county"]["housing"]
    event, event_ar = site["event"], site["event_ar"]
    for page in (event, event_ar):
        page.topics.add(housing, site["county"]["language"])
        page.save_revision().publish()
    # The Arabic list separator between the topics.
    arabic, german = html(client, event_ar), html(client, event)
    assert "</a>، <a" in arabic and "</a>, <a" not in arabic
    assert "</a>, <a" in german and "</a>، <a" not in german
    german = html(client, event)
    assert "Wohnen" in german and "السكن" not in german
    for language, name in (("de", "Wohnen"), ("en", "Housing"), ("ar", "السكن")):
        with translation.override(language):
            choices = dict(EventFilterForm().fields["topic"].choices)
        assert choices["wohnen"] == name


def test_feed_gives_places_and_topics_in_the_feed_language(client, site):
    county = site["county"]
    event_ar = site["event_ar"]
    event = site["event"]
    event.topics.add(county["housing"])
    event.save_revision().publish()
    event_ar.topics.add(county["housing"])
    event_ar.save_revision().publish()
    calendar_ar = site["calendar_ar"]
    feed = icalendar.Calendar.from_ical(client.get(f"{calendar_ar.url}ical/").content)
    (vevent,) = feed.walk("VEVENT")
    assert str(vevent["LOCATION"]).startswith("دار المواطنين كيلباخ")
    assert vevent["LOCATION"].params["LANGUAGE"] == "ar"
    categories = [str(c) for c in vevent["CATEGORIES"].cats]
    assert "السكن" in categories and "Wohnen" not in categories
    calendar = county["calendar"]
    german = icalendar.Calendar.from_ical(client.get(f"{calendar.url}ical/").content)
    (vevent,) = german.walk("VEVENT")
    assert str(vevent["LOCATION"]).startswith("Bürgerhaus Kellbach")
    assert vevent["LOCATION"].params["LANGUAGE"] == "de"
    categories = [str(c) for c in vevent["CATEGORIES"].cats]
    assert "Wohnen" in categories and "السكن" not in categories


def test_one_name_per_topic_and_language(site):
    housing = site["county"]["housing"]
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicName.objects.create(topic=housing, language="en", name="Living")


def test_untranslated_snippet_text_is_marked_german(client, site):
    """A snippet without a translation is shown as entered, its text marked ``lang="de"``."""
    contact = add_contact(site["offices"], 2)
    contact.consultation_hours = "Dienstag 9–12 Uhr"
    contact.save()
    arabic = html(client, site["office_ar"])
    assert '<p class="ehrenamt-contact__role" lang="de" dir="ltr">Koordinatorin 2</p>' in arabic
    assert '<dd lang="de" dir="ltr">Dienstag 9–12 Uhr</dd>' in arabic
    # The translated contact and the translated place carry the page's language.
    assert '<p class="ehrenamt-contact__role">منسقة 1</p>' in arabic
    assert "<address>" in arabic
    german = html(client, site["county"]["office"])
    assert '<p class="ehrenamt-contact__role">Koordinatorin 2</p>' in german
    assert '<dd lang="de"' not in german and 'role" lang=' not in german


def test_vcard_link_of_a_translated_contact(client, site):
    arabic = html(client, site["office_ar"])
    german_contact = ContactPerson.objects.get(
        last_name="Person1", locale=site["county"]["office"].locale
    )
    link = f"{site['office_ar'].url}vcard/{german_contact.pk}/"
    assert f'href="{link}"' in arabic
    response = client.get(link)
    assert response.status_code == 200
    assert "منسقة 1" in response.content.decode()


def test_untranslated_event_title_is_marked_in_a_translated_listing(client, site):
    """The English calendar lists the German event (an alias, not translated yet): its title
    is marked German; the Arabic translation of the event is not marked."""
    english = html(client, site["calendar_en"])
    assert f'href="{site["event_en"].url}" lang="de" dir="ltr">Sprachcafé</a>' in english
    # Its place has no English translation either.
    assert '<span lang="de" dir="ltr">Bürgerhaus Kellbach, Kellbach</span>' in english
    arabic = html(client, site["calendar_ar"])
    assert f'href="{site["event_ar"].url}">مقهى اللغة</a>' in arabic
    assert " · دار المواطنين كيلباخ, Kellbach" in arabic
    german = html(client, site["calendar"])
    assert f'href="{site["event"].url}">Sprachcafé</a>' in german


def test_unpublished_place_is_not_shown(client, site):
    """A place that is not published (German, or a translation a page points at directly, as
    wagtail-localize repoints it) is left out of the event page and listing, like the feed."""
    county, ar = site["county"], site["ar"]
    draft = Location.objects.create(name="Entwurfsort", live=False)
    draft_ar = translate_snippet(draft, ar, name="مكان مسودة", live=False)
    event = add_event(county["calendar"], "Treffen", site["day"], publish=True, location=draft)
    event_ar = publish_translation(event, ar, title="لقاء", location=draft_ar)
    for page, calendar in ((event, county["calendar"]), (event_ar, site["calendar_ar"])):
        for url in (page.url, calendar.url):
            text = client.get(url).content.decode()
            assert "Entwurfsort" not in text and "مكان مسودة" not in text, url


def test_translated_organiser_is_one_filter_entry(site):
    """An organiser and its translations share a slug: one entry, named in the language shown,
    and the filter finds the events of every translation."""
    office = site["county"]["office"]
    publish_translation(office.get_parent().specific, site["en"], title="Offices")
    publish_translation(office, site["en"], title="Coordination office Lindenhain")
    event = site["event"]  # organised by the German office
    for language, title in (
        ("de", "Koordinierungsstelle Lindenhain"),
        ("en", "Coordination office Lindenhain"),
        ("ar", "مكتب التنسيق ليندنهاين"),
    ):
        with translation.override(language):
            choices = EventFilterForm().fields["organiser"].choices
        assert [slug for slug, _label in choices].count("ks-lindenhain") == 1, choices
        assert dict(choices)["ks-lindenhain"] == title
    events, errors = filter_event_queryset(EventPage.objects.all(), {"organiser": "ks-lindenhain"})
    assert errors == {}
    assert event in set(events)


def test_link_to_a_german_organiser_page_is_marked(client, site):
    """The Arabic event names its organiser, a German office page: its title is marked."""
    office = site["county"]["office"]
    arabic = html(client, site["event_ar"])
    assert f'<a href="{office.url}" lang="de" dir="ltr">{office.title}</a>' in arabic
    german = html(client, site["event"])
    assert f'<a href="{office.url}">{office.title}</a>' in german
    listing = html(client, site["calendar_ar"])
    assert f'<span lang="de" dir="ltr">{office.title}</span>' in listing
