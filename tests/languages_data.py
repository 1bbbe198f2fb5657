"""A small site in German with English and Arabic translations, for the language tests."""

import datetime as dt

from wagtail.models import Locale

from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import CoordinationOfficeIndexPage, CoordinationOfficePage

from .events_fixtures import add_event, build_county


def publish_translation(page, locale, **fields):
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def build_translated_site(home):
    """German home, calendar with one event, office; English and Arabic home and calendar;
    the event aliased into English (untranslated) and translated into Arabic."""
    county = build_county(home)
    calendar = county["calendar"]
    day = today() + dt.timedelta(days=10)
    event = add_event(
        calendar,
        "Sprachcafé",
        day,
        publish=True,
        start_time=dt.time(18),
        end_time=dt.time(19, 30),
        location=county["hall"],
        organiser_page=county["office"],
    )
    en = Locale.objects.get_or_create(language_code="en")[0]
    ar = Locale.objects.get_or_create(language_code="ar")[0]
    result = {"county": county, "day": day, "event": event, "calendar": calendar}
    for locale, title, calendar_title in (
        (en, "Volunteering", "Dates"),
        (ar, "التطوع", "المواعيد"),
    ):
        result[f"home_{locale.language_code}"] = publish_translation(home, locale, title=title)
        result[f"calendar_{locale.language_code}"] = publish_translation(
            calendar, locale, title=calendar_title
        )
    result["event_en"] = event.copy_for_translation(en, alias=True).specific
    result["event_ar"] = publish_translation(event, ar, title="مقهى اللغة")
    offices = CoordinationOfficeIndexPage.objects.get(slug="stellen")
    result["offices_ar"] = publish_translation(offices, ar, title="مكاتب التنسيق")
    office = CoordinationOfficePage.objects.get(slug="ks-lindenhain")
    result["office_ar"] = publish_translation(office, ar, title="مكتب التنسيق ليندنهاين")
    return result
