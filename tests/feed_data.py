"""Test content for the feed tests: a calendar, organiser pages and events around DST changes."""

import datetime as dt
from types import SimpleNamespace

from tests.factories import add_page, ensure_site


def last_sunday(year, month):
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def first_weekday(year, month, weekday):
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def build_feed_site():
    """The site tree with one calendar and events of every kind the feeds must handle.

    A weekly Thursday 18:00–20:00 series runs from early March to the end of November of next
    year, across both daylight-saving changes; one date is cancelled, one moved to Friday
    19:00 at another place, and one carries a note.
    """
    from wagtail_ehrenamt.models import (
        CompetenceTeamPage,
        CoordinationOfficeIndexPage,
        CoordinationOfficePage,
        EventCalendarPage,
        EventOccurrenceException,
        EventPage,
        Location,
        NetworkingPlatformPage,
        NetworkPage,
    )

    home = ensure_site()
    year = dt.date.today().year + 1
    town_hall = Location.objects.create(
        name="Rathaus Lindenhain",
        street="Marktplatz 1",
        postcode="35999",
        city="Lindenhain",
        room="Großer Sitzungssaal",
        latitude="50.512345",
        longitude="8.712345",
        live=True,
    )
    library = Location.objects.create(
        name="Stadtbücherei Kellbach", street="Schulstraße 4", postcode="35998", city="Kellbach"
    )
    offices = add_page(home, CoordinationOfficeIndexPage(title="Koordinierungsstellen", slug="ks"))
    office = add_page(
        offices,
        CoordinationOfficePage(
            title="Koordinierungsstelle Lindenhain",
            slug="ks-lindenhain",
            email="ehrenamt@lindenhain.example",
        ),
    )
    network = add_page(home, NetworkPage(title="Netzwerk Flüchtlinge", slug="netzwerk"))
    team = add_page(network, CompetenceTeamPage(title="Erziehung und Bildung", slug="bildung"))
    platform = add_page(
        network, NetworkingPlatformPage(title="Vernetzungsplattform", slug="plattform")
    )
    calendar = add_page(home, EventCalendarPage(title="Termine", slug="termine"))

    first = first_weekday(year, 3, 3)  # first Thursday of March
    march_dst, october_dst = last_sunday(year, 3), last_sunday(year, 10)
    cancelled_date = first_weekday(year, 4, 3) + dt.timedelta(days=7)
    moved_date = first_weekday(year, 5, 3) + dt.timedelta(days=7)
    note_date = first_weekday(year, 6, 3)
    series = EventPage(
        title="Netzwerktreffen Ehrenamt",
        slug="netzwerktreffen",
        start_date=first,
        start_time=dt.time(18),
        end_time=dt.time(20),
        repeat="weekly",
        repeat_ends="until",
        repeat_until=dt.date(year, 11, 30),
        summary="Austausch der Ehrenamtlichen; Gäste sind willkommen.",
        event_type="network_meeting",
        location=town_hall,
        organiser_page=office,
    )
    series.exceptions.add(
        EventOccurrenceException(original_date=cancelled_date, action="cancel", note="Ferien")
    )
    series.exceptions.add(
        EventOccurrenceException(
            original_date=moved_date,
            action="move",
            new_date=moved_date + dt.timedelta(days=1),
            new_start_time=dt.time(19),
            new_end_time=dt.time(21),
            new_location=library,
        )
    )
    series.exceptions.add(
        EventOccurrenceException(original_date=note_date, action="note", note="Mit Gastvortrag")
    )
    series.topics.add("Wohnen", "Sprache")
    series = add_page(calendar, series)
    days = add_page(
        calendar,
        EventPage(
            title="Aktionstage Integration",
            slug="aktionstage",
            start_date=dt.date(year, 6, 12),
            end_date=dt.date(year, 6, 14),
            event_type="information",
            organiser_page=team,
        ),
    )
    winter = add_page(
        calendar,
        EventPage(
            title="Schulung Erste Hilfe",
            slug="schulung",
            start_date=dt.date(year, 1, 20),
            start_time=dt.time(9, 30),
            end_time=dt.time(12),
            event_type="training",
            organiser_page=platform,
            online_url="https://meet.example/schulung",
        ),
    )
    cancelled = add_page(
        calendar,
        EventPage(
            title="Sommerfest",
            slug="sommerfest",
            start_date=dt.date(year, 7, 4),
            start_time=dt.time(15),
            end_time=dt.time(19),
            status="cancelled",
            status_note="Wegen Unwetterwarnung",
            organiser_page=platform,
        ),
    )
    far = add_page(
        calendar,
        EventPage(
            title="Fernes Treffen",
            slug="fern",
            start_date=dt.date.today() + dt.timedelta(days=700),
            start_time=dt.time(10),
        ),
    )
    return SimpleNamespace(
        home=home,
        calendar=calendar,
        office=office,
        network=network,
        team=team,
        platform=platform,
        series=series,
        days=days,
        winter=winter,
        cancelled=cancelled,
        far=far,
        town_hall=town_hall,
        library=library,
        year=year,
        first=first,
        march_dst=march_dst,
        october_dst=october_dst,
        cancelled_date=cancelled_date,
        moved_date=moved_date,
        note_date=note_date,
    )


def feed_path(page, kind="ics"):
    return page.url + ("ical/" if kind == "ics" else "atom/")


def refreshed(data):
    """A copy of ``data`` with every page and snippet fetched again from the database."""
    fresh = {}
    for name, value in vars(data).items():
        if hasattr(value, "_meta") and value.pk:
            model = type(value)
            fresh[name] = model.objects.get(pk=value.pk)
        else:
            fresh[name] = value
    return SimpleNamespace(**fresh)


def module_feed_site(django_db_setup, django_db_blocker):
    """Build the feed site once per test module, inside a transaction rolled back at the end.

    Each test runs in its own savepoint (pytest-django's ``db``), so changes a test makes
    are undone before the next one.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_feed_site()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def add_all_day_series(site):
    """A weekly all-day series (Mondays, February to November of ``site.year``) organised by
    the team, with one date cancelled and one moved to the Tuesday: its feed needs
    ``VALUE=DATE`` on DTSTART, DTEND, EXDATE and RECURRENCE-ID.

    Adds ``all_day_series``, ``all_day_first``, ``all_day_cancelled`` and ``all_day_moved``
    to ``site``.
    """
    from wagtail_ehrenamt.models import EventOccurrenceException, EventPage

    # It starts in February of next year, which is inside the feed window on any date.
    first = first_weekday(site.year, 2, 0)
    cancelled = first_weekday(site.year, 3, 0)
    moved = cancelled + dt.timedelta(days=14)
    series = EventPage(
        title="Kleiderkammer Annahmetag",
        slug="annahmetag",
        start_date=first,
        repeat="weekly",
        repeat_ends="until",
        repeat_until=dt.date(site.year, 11, 30),
        event_type="other",
        organiser_page=site.team,
    )
    series.exceptions.add(EventOccurrenceException(original_date=cancelled, action="cancel"))
    series.exceptions.add(
        EventOccurrenceException(
            original_date=moved, action="move", new_date=moved + dt.timedelta(days=1)
        )
    )
    site.all_day_series = add_page(site.calendar, series)
    site.all_day_first = first
    site.all_day_cancelled = cancelled
    site.all_day_moved = moved
    return site
