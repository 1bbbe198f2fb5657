"""One today() for the package: the date in the site's time zone for events, whatever
Django's TIME_ZONE (a fresh `wagtail start` site has UTC)."""

import datetime as dt

import time_machine

from wagtail_ehrenamt import conf
from wagtail_ehrenamt.events import event_listing, feeds, listing_cache, occurrence_table
from wagtail_ehrenamt.models import LibraryDocument

# 23:30 UTC on New Year's Eve is already New Year's Day in Berlin.
NEW_YEAR_IN_BERLIN = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)


def test_every_today_is_the_packages(settings):
    settings.TIME_ZONE = "UTC"
    settings.WAGTAIL_EHRENAMT = {"TIME_ZONE": "Europe/Berlin"}
    with time_machine.travel(NEW_YEAR_IN_BERLIN, tick=False):
        assert conf.today() == dt.date(2027, 1, 1)
        assert event_listing.today is feeds.today is occurrence_table.today is conf.today
        assert listing_cache.today is conf.today
        # A document's date defaults to the same day.
        assert LibraryDocument().date == dt.date(2027, 1, 1)
    settings.WAGTAIL_EHRENAMT = {"TIME_ZONE": "UTC"}
    with time_machine.travel(NEW_YEAR_IN_BERLIN, tick=False):
        assert LibraryDocument().date == dt.date(2026, 12, 31)
