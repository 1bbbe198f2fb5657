"""Builders for event tests: a small county with a calendar, organisers and events."""

import datetime as dt

from wagtail_ehrenamt.event_listing import today
from wagtail_ehrenamt.models import (
    CompetenceTeamPage,
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    EventCalendarPage,
    EventOccurrenceException,
    EventPage,
    Location,
    Municipality,
    NetworkPage,
    Topic,
)

from .factories import add_page


def build_county(home):
    """Calendar, two municipalities with places, an office, a network with a team, topics."""
    kellbach = Municipality.objects.create(name="Kellbach", slug="kellbach")
    lindenhain = Municipality.objects.create(name="Lindenhain", slug="lindenhain")
    hall = Location.objects.create(name="Bürgerhaus Kellbach", city="Kellbach", live=True,
                                   municipality=kellbach)
    town_hall = Location.objects.create(name="Rathaus Lindenhain", city="Lindenhain", live=True,
                                        municipality=lindenhain)
    offices = add_page(home, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    office = CoordinationOfficePage(title="Koordinierungsstelle Lindenhain", slug="ks-lindenhain")
    offices.add_child(instance=office)
    office.municipalities.add(lindenhain)
    office.save_revision().publish()
    network = add_page(home, NetworkPage(title="Netzwerk", slug="netzwerk"))
    team = add_page(network, CompetenceTeamPage(title="Kompetenzteam Unterkunft", slug="unterkunft"))
    calendar = add_page(home, EventCalendarPage(title="Termine", slug="termine"))
    language = Topic.objects.create(name="Sprache", slug="sprache")
    housing = Topic.objects.create(name="Wohnen", slug="wohnen")
    return {
        "calendar": calendar,
        "office": office,
        "network": network,
        "team": team,
        "hall": hall,
        "town_hall": town_hall,
        "kellbach": kellbach,
        "lindenhain": lindenhain,
        "language": language,
        "housing": housing,
    }


def add_event(calendar, title, start_date, publish=False, topics=(), exceptions=(), **fields):
    """Add a live event quickly (no revision unless ``publish``)."""
    slug = fields.pop("slug", None) or f"e-{EventPage.objects.count() + 1}-{title.lower()[:20]}"
    page = EventPage(title=title, slug=slug.replace(" ", "-"), start_date=start_date, **fields)
    for topic in topics:
        page.topics.add(topic)
    for exception in exceptions:
        page.exceptions.add(EventOccurrenceException(**exception))
    calendar.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def add_many(calendar, county, count, series):
    """``count`` events, ``series`` of them weekly series, spread over a year around today."""
    base = today()
    for index in range(count):
        start = base + dt.timedelta(days=(index % 365) - 180)
        fields = {
            "start_time": dt.time(9 + index % 10),
            "end_time": dt.time(10 + index % 10),
            "location": county["hall"] if index % 2 else county["town_hall"],
            "organiser_page": county["team"] if index % 3 else county["office"],
            "for_volunteers": bool(index % 2),
        }
        exceptions = ()
        if index < series:
            fields["repeat"] = "weekly"
            exceptions = [
                {"original_date": start + dt.timedelta(days=7), "action": "cancel"},
                {
                    "original_date": start + dt.timedelta(days=14),
                    "action": "move",
                    "new_date": start + dt.timedelta(days=15),
                    "new_location": county["hall"],
                },
            ]
        add_event(calendar, f"Termin {index}", start, exceptions=exceptions, **fields)
