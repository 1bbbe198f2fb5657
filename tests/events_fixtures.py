"""Builders for event tests: a small county with a calendar, organisers and events."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_ehrenamt.events import feed_cache
from wagtail_ehrenamt.events.event_listing import today
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
    hall = Location.objects.create(
        name="Bürgerhaus Kellbach", city="Kellbach", live=True, municipality=kellbach
    )
    town_hall = Location.objects.create(
        name="Rathaus Lindenhain", city="Lindenhain", live=True, municipality=lindenhain
    )
    offices = add_page(home, CoordinationOfficeIndexPage(title="Stellen", slug="stellen"))
    office = CoordinationOfficePage(title="Koordinierungsstelle Lindenhain", slug="ks-lindenhain")
    offices.add_child(instance=office)
    office.municipalities.add(lindenhain)
    office.save_revision().publish()
    network = add_page(home, NetworkPage(title="Netzwerk", slug="netzwerk"))
    team = add_page(
        network, CompetenceTeamPage(title="Kompetenzteam Unterkunft", slug="unterkunft")
    )
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


def add_busy_day(calendar, title, hours, per_hour=None):
    """One published event per hour in ``hours`` on the 15th of next month (never in the past,
    whatever today is), 45 minutes each; ``per_hour(hour)``: further fields. Returns the day."""
    day = (today().replace(day=1) + dt.timedelta(days=32)).replace(day=15)
    for hour in hours:
        add_event(
            calendar,
            f"{title} {hour} Uhr",
            day,
            start_time=dt.time(hour),
            end_time=dt.time(hour, 45),
            publish=True,
            **(per_hour(hour) if per_hour else {}),
        )
    return day


def add_many(calendar, county, count, series):
    """``count`` live events, ``series`` of them weekly series with a cancelled and a moved
    date, spread over a year around today.

    Built in bulk (tree rows with bulk_create, event rows with raw inserts): creating 2,000
    pages one by one through the page tree would take minutes.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Page

    calendar.refresh_from_db()
    content_type = ContentType.objects.get_for_model(EventPage)
    offset = calendar.numchild
    base = today()
    pages = []
    for index in range(count):
        slug = f"bulk-{offset + index}"
        pages.append(
            Page(
                title=f"Termin {offset + index}",
                draft_title=f"Termin {offset + index}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(calendar.path, calendar.depth + 1, offset + index + 1),
                depth=calendar.depth + 1,
                numchild=0,
                url_path=f"{calendar.url_path}{slug}/",
                live=True,
                locale_id=calendar.locale_id,
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=calendar.pk).update(numchild=F("numchild") + count)
    created = Page.objects.filter(path__startswith=calendar.path, slug__startswith="bulk-")
    by_slug = {page.slug: page for page in created}
    exceptions = []
    for index in range(count):
        page = by_slug[f"bulk-{offset + index}"]
        start = base + dt.timedelta(days=(index % 365) - 180)
        event = EventPage(
            page_ptr=page,
            start_date=start,
            start_time=dt.time(9 + index % 10),
            end_time=dt.time(10 + index % 10),
            location=county["hall"] if index % 2 else county["town_hall"],
            organiser_page=county["team"] if index % 3 else county["office"],
            for_volunteers=bool(index % 2),
            repeat="weekly" if index < series else "",
        )
        event.__dict__.update({f.attname: getattr(page, f.attname) for f in Page._meta.fields})
        event.rrule = event.editor_rrule()
        event.series_end_date = event._compute_series_end_date()
        event.save_base(raw=True)
        if index < series:
            exceptions.append(
                EventOccurrenceException(
                    page_id=page.pk, original_date=start + dt.timedelta(days=7), action="cancel"
                )
            )
            exceptions.append(
                EventOccurrenceException(
                    page_id=page.pk,
                    original_date=start + dt.timedelta(days=14),
                    action="move",
                    new_date=start + dt.timedelta(days=15),
                    new_location=county["hall"],
                )
            )
    EventOccurrenceException.objects.bulk_create(exceptions)
    analyze_on_postgresql()


def analyze_on_postgresql():
    """Refresh PostgreSQL's statistics after bulk rows. A test's rows are invisible to
    autovacuum until its transaction ends, so the planner would keep the near-empty tables'
    statistics and plan joins over thousands of rows as if there were one (minutes per
    query). The page tree and every table of the package (the occurrence table included)."""
    from example_project.demo import refresh_statistics

    refresh_statistics()


def count_page_queries(client, urls):
    """The SQL queries of each URL: ``[rendered, cached]``, i.e. as the first request after a
    publication (a calendar's list part rendered), then with that list part from the cache."""
    counts = {}
    for url in urls:
        client.get(url)  # warm caches (site, root paths; a rebuilt table after bulk rows)
        counts[url] = []
        for prepare in (feed_cache.bump, lambda: None):
            prepare()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[url].append(len(queries))
    return counts
