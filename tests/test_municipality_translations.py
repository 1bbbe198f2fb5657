"""A translated municipality is one municipality for the calendar's filter: one entry in its
list (named in the language shown) and one slug that matches places in every language."""

import datetime as dt

import pytest
from django.utils import translation
from wagtail.models import Locale

from tests.events_fixtures import add_event, build_county
from wagtail_ehrenamt.events.event_listing import EventFilterForm, filter_event_queryset, today
from wagtail_ehrenamt.models import EventPage, Location

pytestmark = pytest.mark.django_db


def test_translated_municipality_is_one_entry_and_one_filter(home_page):
    county = build_county(home_page)
    english = Locale.objects.get_or_create(language_code="en")[0]
    kellbach_en = county["kellbach"].copy_for_translation(english)
    kellbach_en.name = "Kellbach (Auenwald district)"
    kellbach_en.save()
    # A place of an English page points at the English municipality.
    hall_en = Location.objects.create(
        name="Community centre", city="Kellbach", live=True, municipality=kellbach_en
    )
    day = today() + dt.timedelta(days=3)
    german = add_event(county["calendar"], "Sprachcafé", day, location=county["hall"])
    other = add_event(county["calendar"], "Language café", day, location=hall_en)
    add_event(county["calendar"], "Nähtreff", day, location=county["town_hall"])

    events, errors = filter_event_queryset(EventPage.objects.all(), {"municipality": "kellbach"})
    assert errors == {}
    assert set(events) == {german, other}

    for language, name in (("de", "Kellbach"), ("en", "Kellbach (Auenwald district)")):
        with translation.override(language):
            choices = EventFilterForm().fields["municipality"].choices
        slugs = [slug for slug, _label in choices]
        assert slugs.count("kellbach") == 1, choices
        assert dict(choices)["kellbach"] == name
        assert slugs[1:] == ["kellbach", "lindenhain"], "in the order of the names"
