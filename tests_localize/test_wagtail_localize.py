"""The package with wagtail-localize (the extra ``wagtail-ehrenamt[localize]``): pages and snippets
translated with its own machinery, as its admin does it, shown in the language of the page.

* ``submit`` is what *Translate* in the admin does (``translate_object``: a ``TranslationSource``
  and a ``Translation`` per target locale, the target saved at once with the source's text);
* ``enter`` is what the translator does in wagtail-localize's editor: a ``StringTranslation``
  per segment, then *Publish* (``Translation.save_target(publish=True)``).

The English locale synchronises from German (``LocaleSynchronization``), as
docs/how-to/translations.md advises: the German pages first appear in the English tree as
aliases, and translating a page turns its alias into a translation. Run with
``make test-localize`` (settings: tests_localize/settings.py).
"""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from tests.events_fixtures import add_event, build_county
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import ContactPerson, EventPage, OfficeContact, TopicName

pytestmark = pytest.mark.django_db


@pytest.fixture
def localize(django_capture_on_commit_callbacks):
    """Translate with wagtail-localize: ``localize(obj, locale, field="text", …)``.

    Wagtail-localize publishes a translated page in ``transaction.on_commit``; a test runs in a
    transaction that is never committed, so the callbacks are run here as a commit would.
    """

    def submit(instance, locale):
        with django_capture_on_commit_callbacks(execute=True):
            translate_object(instance, [locale])

    def enter(instance, locale, **strings):
        """The translator's strings, by field (segment path), then *Publish*."""
        source = TranslationSource.objects.get_for_instance(instance)
        translation = Translation.objects.get(source=source, target_locale=locale)
        segments = {
            segment.context.path: segment
            for segment in StringSegment.objects.filter(source=source).select_related(
                "context", "string"
            )
        }
        for path, text in strings.items():
            segment = segments[path]  # a field wagtail-localize offers for translation
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text, "translation_type": "manual"},
            )
        publish(translation)
        return instance.get_translation(locale)

    def publish(translation):
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)

    def translate(instance, locale, **strings):
        submit(instance, locale)
        return enter(instance, locale, **strings)

    translate.submit = submit
    translate.enter = enter
    translate.publish = publish
    return translate


@pytest.fixture
def site(home_page):
    """German content, then an English locale synchronised from German (aliases of all pages)."""
    county = build_county(home_page)
    office = county["office"]
    contact = ContactPerson.objects.create(
        first_name="Anna",
        last_name="Berger",
        role="Koordinatorin",
        languages="Deutsch, Englisch",
        live=True,
        is_public=True,
    )
    OfficeContact.objects.create(page=office, contact=contact, sort_order=0)
    office.save_revision().publish()
    event = add_event(
        county["calendar"],
        "Sprachcafé",
        today() + dt.timedelta(days=10),
        publish=True,
        start_time=dt.time(18),
        end_time=dt.time(19, 30),
        location=county["hall"],
        topics=[county["housing"]],
    )
    de = home_page.locale
    en = Locale.objects.create(language_code="en")
    LocaleSynchronization.objects.create(locale=en, sync_from=de)
    return {**county, "home": home_page, "contact": contact, "event": event, "de": de, "en": en}


def html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


def role(text):
    return f'<p class="ehrenamt-contact__role">{text}</p>'


def test_settings_swap_wagtail_locales_for_wagtail_localize(settings):
    apps = settings.INSTALLED_APPS
    assert "wagtail.locales" not in apps
    assert apps.index("wagtail_localize") < apps.index("wagtail_localize.locales")
    assert settings.WAGTAIL_I18N_ENABLED and settings.LANGUAGE_CODE == "de"
    assert [code for code, _name in settings.LANGUAGES] == ["de", "en", "uk", "ar"]


def test_locale_synchronisation_creates_english_aliases(client, site):
    """The docs' set-up: the English tree mirrors the German one as aliases, served in German
    with a note until they are translated."""
    office_en = site["office"].get_translation(site["en"])
    assert office_en.alias_of_id == site["office"].pk
    assert office_en.live
    assert site["event"].get_translation(site["en"]).alias_of_id == site["event"].pk
    english = html(client, office_en)
    assert office_en.url.startswith("/en/")
    assert '<html lang="de"' in english and role("Koordinatorin") in english
    assert '<p class="ehrenamt-untranslated-note" lang="en"' in english
    assert "ehrenamt-untranslated-note" not in html(client, site["office"])


def test_office_shows_the_english_translation_of_its_contact(client, site, localize):
    en, office, contact = site["en"], site["office"], site["contact"]
    contact_en = localize(contact, en, role="Coordinator", languages="German, English")
    assert contact_en.locale == en and contact_en.live
    assert (contact_en.role, contact_en.languages) == ("Coordinator", "German, English")
    office_en = localize(office, en, title="Coordination office Lindenhain")
    assert office_en.alias_of_id is None and office_en.live
    # wagtail-localize copies the inline rows and leaves their foreign keys alone (its issue
    # #710): the English office points at the German contact; the package swaps it.
    assert [row.contact_id for row in office_en.office_contacts.all()] == [contact.pk]

    english = html(client, office_en)
    assert office_en.url.startswith("/en/")
    assert role("Coordinator") in english and "German, English" in english
    assert "Koordinatorin" not in english and "Deutsch, Englisch" not in english
    german = html(client, office)
    assert role("Koordinatorin") in german and "Deutsch, Englisch" in german
    assert "Coordinator" not in german and "German, English" not in german


def test_contact_card_block_points_at_the_english_contact(client, site, localize):
    """A snippet chosen in a block is submitted with the page and remapped to its translation
    (unlike an inline row's)."""
    en, office = site["en"], site["office"]
    adviser = ContactPerson.objects.create(
        last_name="Yilmaz", role="Beraterin", languages="Deutsch, Türkisch", live=True
    )
    office.body = [("contact_card", {"contact": adviser, "role": ""})]
    office.save_revision().publish()
    office_en = localize(office, en, title="Coordination office Lindenhain")
    adviser_en = adviser.get_translation(en)
    assert adviser_en.role == "Beraterin"  # submitted with the office, not translated yet
    (block,) = office_en.body
    assert block.value["contact"].pk == adviser_en.pk
    localize.enter(adviser, en, role="Adviser", languages="German, Turkish")
    english = html(client, office_en)
    assert role("Adviser") in english and "German, Turkish" in english
    assert "Beraterin" not in english
    assert role("Beraterin") in html(client, office)


def test_english_calendar_and_feed_give_the_english_place(client, site, localize):
    en, hall, calendar, event = site["en"], site["hall"], site["calendar"], site["event"]
    municipality_en = localize(site["kellbach"], en, name="Kellbach Municipality")
    hall_en = localize(hall, en, name="Kellbach Community Centre")
    # wagtail-localize points a translated snippet's foreign keys at the translations.
    assert hall_en.municipality == municipality_en
    calendar_en = localize(calendar, en, title="Dates")
    event_en = localize(event, en, title="Language café")
    # … and so a page's own foreign keys (not those of its inline rows).
    assert EventPage.objects.get(pk=event_en.pk).location_id == hall_en.pk

    english = html(client, calendar_en)
    assert calendar_en.url == "/en/termine/"
    assert "Language café" in english
    assert "Kellbach Community Centre" in english and "Bürgerhaus Kellbach" not in english
    assert '<option value="kellbach">Kellbach Municipality</option>' in english
    assert "Kellbach Community Centre" in html(client, event_en)

    feed = icalendar.Calendar.from_ical(client.get(f"{calendar_en.url}ical/").content)
    (vevent,) = feed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Language café"
    assert str(vevent["LOCATION"]).startswith("Kellbach Community Centre")
    assert vevent["LOCATION"].params["LANGUAGE"] == "en"
    german = icalendar.Calendar.from_ical(client.get(f"{calendar.url}ical/").content)
    (vevent,) = german.walk("VEVENT")
    assert str(vevent["LOCATION"]).startswith("Bürgerhaus Kellbach")
    assert vevent["LOCATION"].params["LANGUAGE"] == "de"
    assert "Kellbach Community Centre" not in html(client, calendar)


def test_place_submitted_with_its_event_is_german_until_translated(client, site, localize):
    """Translating a page submits the snippets it points at too (one level): the place
    exists in English at once, with the German text, until the translator enters its own.

    Wagtail-localize's English copy holds German words in an English snippet, so the package
    shows them as English (the feed's ``LANGUAGE=en``): it cannot know that a string was
    left untranslated.
    """
    en, hall, calendar, event = site["en"], site["hall"], site["calendar"], site["event"]
    calendar_en = localize(calendar, en, title="Dates")
    localize(event, en, title="Language café")
    hall_en = hall.get_translation(en)
    assert (hall_en.name, hall_en.live) == ("Bürgerhaus Kellbach", True)
    feed = icalendar.Calendar.from_ical(client.get(f"{calendar_en.url}ical/").content)
    (vevent,) = feed.walk("VEVENT")
    assert str(vevent["LOCATION"]).startswith("Bürgerhaus Kellbach")
    assert vevent["LOCATION"].params["LANGUAGE"] == "en"

    localize.enter(hall, en, name="Kellbach Community Centre")
    # The event needs no new translation: it points at the English place already.
    english = html(client, calendar_en)
    assert "Kellbach Community Centre" in english and "Bürgerhaus Kellbach" not in english
    feed = icalendar.Calendar.from_ical(client.get(f"{calendar_en.url}ical/").content)
    (vevent,) = feed.walk("VEVENT")
    assert str(vevent["LOCATION"]).startswith("Kellbach Community Centre")


def test_admin_translate_button_and_editor_for_a_contact(
    client, site, admin_user, django_capture_on_commit_callbacks
):
    """*Translate* in the contact's menu of the snippet listing, then wagtail-localize's
    editor for the English contact (docs/how-to/translations.md)."""
    en, contact = site["en"], site["contact"]
    client.force_login(admin_user)
    viewset = ContactPerson.snippet_viewset
    listing = client.get(reverse(viewset.get_url_name("list")))
    assert listing.status_code == 200
    submit_url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["wagtail_ehrenamt", "contactperson", contact.pk],
    )
    assert f'href="{submit_url}"' in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url, {"locales": [en.pk]})
    assert response.status_code == 302
    contact_en = contact.get_translation(en)
    assert (contact_en.role, contact_en.live) == ("Koordinatorin", True)
    editor = client.get(reverse(viewset.get_url_name("edit"), args=[contact_en.pk]))
    assert editor.status_code == 200
    templates = [template.name for template in editor.templates]
    assert "wagtail_localize/admin/edit_translation.html" in templates
    # The German contact keeps Wagtail's own form.
    german = client.get(reverse(viewset.get_url_name("edit"), args=[contact.pk]))
    assert german.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" not in [
        template.name for template in german.templates
    ]


def test_changed_source_waits_for_the_translator(client, site, localize):
    """Editing the German contact changes nothing in English until it is synced.

    What wagtail-localize does (its *Sync translated snippets* view, ``UpdateTranslationsView``):
    ``TranslationSource.update_from_db`` takes in the new German text, and the changed string
    has no translation yet; the English contact keeps its text. With *Publish immediately*
    the view also calls ``save_target``, which falls back to the source for strings not
    translated yet ("The changes will use the original language until translated"): the new
    German role is published in the English contact, until the translator enters and
    publishes the English one.
    """
    en, office, contact = site["en"], site["office"], site["contact"]
    localize(contact, en, role="Coordinator", languages="German, English")
    office_en = localize(office, en, title="Coordination office Lindenhain")
    contact.role = "Leiterin der Koordinierungsstelle"
    contact.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(contact)
    translation = Translation.objects.get(source=source, target_locale=en)
    total, done = translation.get_progress()

    source.update_from_db()
    assert translation.get_progress() == (total, done - 1)
    english = html(client, office_en)
    assert role("Coordinator") in english and "Leiterin" not in english
    assert role("Leiterin der Koordinierungsstelle") in html(client, office)

    localize.publish(translation)
    english = html(client, office_en)
    assert role("Leiterin der Koordinierungsstelle") in english and "Coordinator" not in english

    localize.enter(contact, en, role="Head of the coordination office")
    english = html(client, office_en)
    assert role("Head of the coordination office") in english and "Leiterin" not in english
    # The page itself needed no new translation: it shows the contact's.
    assert "Coordination office Lindenhain" in english


def test_topics_are_synchronised_and_named_in_english(client, site, localize):
    en, event, housing, language = site["en"], site["event"], site["housing"], site["language"]
    TopicName.objects.create(topic=housing, language="en", name="Housing")
    localize(site["calendar"], en, title="Dates")
    event_en = localize(event, en, title="Language café")
    assert list(event_en.topics.all()) == [housing]
    english = html(client, event_en)
    assert '?topic=wohnen">Housing</a>' in english and "Wohnen" not in english
    german = html(client, event)
    assert '?topic=wohnen">Wohnen</a>' in german and "Housing" not in german

    # A topic added to the German event reaches the English one with the next sync.
    event.topics.add(language)
    event.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(event)
    source.update_from_db()
    localize.publish(Translation.objects.get(source=source, target_locale=en))
    event_en = EventPage.objects.get(pk=event_en.pk)
    assert set(event_en.topics.all()) == {housing, language}
    english = html(client, event_en)
    # No English name for the new topic: its German one, with the same filter slug.
    assert '?topic=wohnen">Housing</a>' in english and '?topic=sprache">Sprache</a>' in english
