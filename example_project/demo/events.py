# ruff: noqa: E501 - demo texts
"""Demo calendar: 30+ events, series with exceptions, across daylight-saving changes.

All dates are relative to the day the demo is loaded, so the calendar always has upcoming
and past dates. Organisers (offices, teams, platforms, networks) are looked up by slug and
left empty when another part of the demo is missing.
"""

import datetime as dt

from wagtail.models import Page

from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import (
    EventCalendarPage,
    EventOccurrenceException,
    EventPage,
    Location,
    Topic,
)
from wagtail_ehrenamt.models.directory import Municipality

PLACES = [
    # name, street, postcode, city, municipality slug, step-free
    # One address per building: the same as the directory's places (demo/directory.py).
    ("Rathaus Lindenhain, Großer Saal", "Marktplatz 3", "36201", "Lindenhain", "lindenhain", True),
    ("Bürgerhaus Kellbach", "Brunnenstraße 12", "36210", "Kellbach", "kellbach", True),
    (
        "Kreishaus Auenwald, Sitzungssaal",
        "Kreishausstraße 1",
        "36200",
        "Lindenhain",
        "landkreis-auenwald",
        True,
    ),
    ("Gemeindezentrum Sommerau", "Kirchgasse 3", "36215", "Sommerau", "sommerau", False),
    ("Dorfgemeinschaftshaus Tannfeld", "Waldstraße 20", "36216", "Tannfeld", "tannfeld", True),
    ("Familienzentrum Brunnhausen", "Schulstraße 8", "36218", "Brunnhausen", "brunnhausen", True),
]
TOPICS = ["Sprache", "Wohnen", "Arbeit", "Gesundheit", "Bildung", "Ehrenamt", "Begegnung"]


def _weekday_on_or_after(day, weekday):
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _nth_weekday(year, month, weekday, n):
    first = _weekday_on_or_after(dt.date(year, month, 1), weekday)
    if n == -1:
        day = first
        while (day + dt.timedelta(days=7)).month == month:
            day += dt.timedelta(days=7)
        return day
    return first + dt.timedelta(days=7 * (n - 1))


def _months_back(day, months):
    total = day.year * 12 + day.month - 1 - months
    return total // 12, total % 12 + 1


def _events(base):
    """The demo events: (slug, fields, exceptions)."""
    t = dt.time
    days = dt.timedelta
    # A weekly Tuesday series that began 12 weeks ago and crosses the DST changes.
    tuesday = _weekday_on_or_after(base - days(84), 1)
    next_tuesday = _weekday_on_or_after(base + days(1), 1)
    monday = _weekday_on_or_after(base - days(60), 0)
    wednesday = _weekday_on_or_after(base - days(40), 2)
    y, m = _months_back(base, 5)
    second_tuesday = _nth_weekday(y, m, 1, 2)
    y2, m2 = _months_back(base, 3)
    last_thursday = _nth_weekday(y2, m2, 3, -1)
    y3, m3 = _months_back(base, 1)
    first_wednesday = _nth_weekday(y3, m3, 2, 1)
    y4, m4 = _months_back(base, 2)
    friday = _weekday_on_or_after(base + days(24), 4)
    return [
        # --- series ----------------------------------------------------------------
        (
            "sprachcafe-lindenhain",
            {
                "title": "Sprachcafé Lindenhain",
                "summary": "Deutsch üben bei Kaffee und Tee – für Geflüchtete und Ehrenamtliche.",
                "start_date": tuesday,
                "start_time": t(18),
                "end_time": t(19, 30),
                "repeat": "weekly",
                "repeat_weekdays": "TU",
                "event_type": "exchange",
                "organiser": "koordinierungsstelle-lindenhain",
                "place": 0,
                "for_refugees": True,
                "for_volunteers": True,
                "topics": ["Sprache", "Begegnung"],
            },
            [
                {
                    "original_date": next_tuesday,
                    "action": "cancel",
                    "note": "Entfällt wegen Ferien.",
                },
                {
                    "original_date": next_tuesday + days(14),
                    "action": "move",
                    "new_date": next_tuesday + days(15),
                    "new_start_time": t(17),
                    "new_end_time": t(18, 30),
                    "new_place": 1,
                    "note": "Ausnahmsweise am Mittwoch im Bürgerhaus Kellbach.",
                },
                {
                    "original_date": next_tuesday + days(7),
                    "action": "note",
                    "note": "Mit Spieleabend.",
                },
            ],
        ),
        (
            "hausaufgabenhilfe-kellbach",
            {
                "title": "Hausaufgabenhilfe Kellbach",
                "summary": "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben.",
                "start_date": monday,
                "start_time": t(15),
                "end_time": t(16, 30),
                "repeat": "weekly",
                "repeat_weekdays": "MO,TH",
                "repeat_ends": "until",
                "repeat_until": base + days(120),
                "event_type": "other",
                "organiser": "koordinierungsstelle-kellbach",
                "place": 1,
                "for_refugees": True,
                "topics": ["Bildung"],
            },
            [],
        ),
        (
            "sprechstunde-ehrenamt",
            {
                "title": "Offene Sprechstunde für Ehrenamtliche",
                "summary": "Fragen zu Versicherung, Aufwandsentschädigung und Einsatzorten.",
                "start_date": wednesday,
                "start_time": t(10),
                "end_time": t(12),
                "repeat": "weekly",
                "repeat_interval": 2,
                "repeat_weekdays": "WE",
                "event_type": "consultation",
                "organiser": "beratungsstelle-ehrenamt",
                "place": 2,
                "for_volunteers": True,
                "topics": ["Ehrenamt"],
            },
            [],
        ),
        (
            "kompetenzteam-unterkunft",
            {
                "title": "Treffen Kompetenzteam Unterkunft",
                "summary": "Jeden 2. Dienstag im Monat: Wohnraum, Unterkünfte, Auszug.",
                "start_date": second_tuesday,
                "start_time": t(18),
                "end_time": t(20),
                "repeat": "monthly_weekday",
                "repeat_week_of_month": 2,
                "event_type": "network_meeting",
                "organiser": "unterkunft",
                "place": 2,
                "for_volunteers": True,
                "for_professionals": True,
                "topics": ["Wohnen"],
            },
            [],
        ),
        (
            "runder-tisch-kellbach",
            {
                "title": "Runder Tisch Asyl Kellbach",
                "summary": "Am letzten Donnerstag im Monat treffen sich Initiativen, Kirchen und Verwaltung.",
                "start_date": last_thursday,
                "start_time": t(19),
                "end_time": t(21),
                "repeat": "monthly_weekday",
                "repeat_week_of_month": -1,
                "repeat_ends": "count",
                "repeat_count": 10,
                "event_type": "round_table",
                "organiser": "koordinierungsstelle-kellbach",
                "place": 1,
                "for_volunteers": True,
                "for_professionals": True,
                "for_public": True,
                "topics": ["Begegnung"],
            },
            [],
        ),
        (
            "stammtisch-integrationslotsen",
            {
                "title": "Stammtisch der Integrationslotsen",
                "start_date": first_wednesday,
                "start_time": t(19),
                "end_time": t(21),
                "repeat": "monthly_weekday",
                "repeat_week_of_month": 1,
                "repeat_ends": "count",
                "repeat_count": 12,
                "event_type": "exchange",
                "organiser": "integrationslotsen",
                "place": 3,
                "for_volunteers": True,
                "topics": ["Ehrenamt"],
            },
            [],
        ),
        (
            "koordinatorentreffen",
            {
                "title": "Treffen des Koordinatorennetzwerks",
                "summary": "Alle zwei Monate am 15.: Austausch der Koordinierungsstellen im Kreis.",
                "start_date": dt.date(y4, m4, 15),
                "start_time": t(9, 30),
                "end_time": t(12, 30),
                "repeat": "monthly_day",
                "repeat_interval": 2,
                "event_type": "network_meeting",
                "organiser": "koordinatorennetzwerk",
                "place": 2,
                "for_professionals": True,
            },
            [],
        ),
        (
            "online-austausch-plattform",
            {
                "title": "Online-Austausch der Vernetzungsplattform",
                "summary": "Digitale Sprechstunde für alle Ehrenamtlichen im Kreis.",
                "start_date": _weekday_on_or_after(base - days(21), 3),
                "start_time": t(19),
                "end_time": t(20),
                "repeat": "weekly",
                "repeat_interval": 2,
                "repeat_weekdays": "TH",
                "event_type": "exchange",
                "organiser": "vernetzungsplattform",
                "online_url": "https://meet.auenwald.example/plattform",
                "for_volunteers": True,
                "topics": ["Ehrenamt"],
            },
            [],
        ),
        (
            "tag-des-ehrenamts",
            {
                "title": "Tag des Ehrenamts",
                "summary": "Der Landkreis dankt allen Engagierten.",
                "start_date": dt.date(base.year - 1, 12, 5),
                "repeat": "yearly",
                "event_type": "information",
                "organiser": "fluechtlingsarbeit-landkreis",
                "place": 2,
                "for_public": True,
                "for_volunteers": True,
                "topics": ["Ehrenamt"],
            },
            [],
        ),
        (
            # An all-day series with a cancelled and a moved date (VALUE=DATE in feeds).
            "spendenannahme-tannfeld",
            {
                "title": "Spendenannahme Kleiderkammer Tannfeld",
                "summary": "Jeden Samstag nimmt die Kleiderkammer gut erhaltene Kleidung an.",
                "start_date": _weekday_on_or_after(base - days(28), 5),
                "repeat": "weekly",
                "repeat_weekdays": "SA",
                "repeat_ends": "until",
                "repeat_until": base + days(120),
                "event_type": "other",
                "organiser": "koordinierungsstelle-sommerau-tannfeld",
                "place": 4,
                "for_public": True,
                "topics": ["Begegnung"],
            },
            [
                {
                    "original_date": _weekday_on_or_after(base + days(8), 5),
                    "action": "cancel",
                    "note": "Entfällt wegen des Dorffests.",
                },
                {
                    "original_date": _weekday_on_or_after(base + days(22), 5),
                    "action": "move",
                    "new_date": _weekday_on_or_after(base + days(22), 5) - days(1),
                    "note": "Ausnahmsweise am Freitag.",
                },
            ],
        ),
        (
            "ferienspiele-brunnhausen",
            {
                "title": "Ferienspiele Brunnhausen",
                "start_date": base - days(100),
                "start_time": t(9),
                "end_time": t(13),
                "repeat": "daily",
                "repeat_ends": "count",
                "repeat_count": 5,
                "event_type": "other",
                "organiser": "koordinierungsstelle-sommerau-tannfeld",
                "place": 5,
                "for_refugees": True,
                "for_public": True,
                "topics": ["Begegnung"],
            },
            [],
        ),
        # --- single events -----------------------------------------------------------
        (
            "infoabend-patenschaften",
            {
                "title": "Infoabend Patenschaften",
                "summary": "Wie werde ich Patin oder Pate?",
                "start_date": base + days(10),
                "start_time": t(19),
                "end_time": t(20, 30),
                "status": "cancelled",
                "status_note": "Die Referentin ist erkrankt; ein neuer Termin folgt.",
                "event_type": "information",
                "organiser": "koordinierungsstelle-lindenhain",
                "place": 0,
                "for_public": True,
                "topics": ["Ehrenamt"],
            },
            [],
        ),
        (
            "austauschtreffen-gesundheit",
            {
                "title": "Austauschtreffen Gesundheit",
                "start_date": base + days(18),
                "start_time": t(17),
                "end_time": t(19),
                "status": "postponed",
                "status_note": "Der neue Termin wird bekannt gegeben.",
                "event_type": "exchange",
                "organiser": "gesundheit",
                "place": 2,
                "for_volunteers": True,
                "for_professionals": True,
                "topics": ["Gesundheit"],
            },
            [],
        ),
        (
            "fachtag-ausbildung-arbeit",
            {
                "title": "Fachtag Ausbildung und Arbeit",
                "start_date": base + days(30),
                "start_time": t(9),
                "end_time": t(15),
                "status": "moved_online",
                "status_note": "Der Fachtag findet als Videokonferenz statt.",
                "online_url": "https://meet.auenwald.example/fachtag",
                "event_type": "information",
                "organiser": "ausbildung-arbeit",
                "place": 2,
                "for_professionals": True,
                "topics": ["Arbeit"],
            },
            [],
        ),
        (
            "schulung-integrationslotsen",
            {
                "title": "Schulung für neue Integrationslotsen",
                "summary": "Wochenendschulung: Rolle, Grenzen, Asylverfahren, interkulturelle Kommunikation.",
                "start_date": friday,
                "start_time": t(17),
                "end_date": friday + days(2),
                "end_time": t(13),
                "event_type": "training",
                "organiser": "integrationslotsen",
                "place": 3,
                "for_volunteers": True,
                "topics": ["Ehrenamt", "Bildung"],
                "registration_required": True,
                "registration_deadline": friday - days(7),
                "registration_email": "lotsen@auenwald.example",
                "capacity_note": "Höchstens 16 Plätze.",
            },
            [],
        ),
        (
            "aktionstag-begegnung",
            {
                "title": "Aktionstag Begegnung",
                "summary": "Ein Tag der offenen Tür mit Essen aus vielen Ländern.",
                "start_date": base + days(40),
                "event_type": "information",
                "organiser": "koordinierungsstelle-sommerau-tannfeld",
                "place": 4,
                "for_public": True,
                "for_refugees": True,
                "topics": ["Begegnung"],
            },
            [],
        ),
        (
            "interkulturelle-woche",
            {
                "title": "Interkulturelle Woche",
                "start_date": base + days(60),
                "end_date": base + days(66),
                "event_type": "information",
                "organiser": "netzwerk-fluechtlinge",
                "place": 0,
                "for_public": True,
                "topics": ["Begegnung"],
            },
            [],
        ),
        (
            "online-einfuehrung-ehrenamt",
            {
                "title": "Online-Einführung: Ehrenamt in der Flüchtlingshilfe",
                "start_date": base + days(5),
                "start_time": t(18, 30),
                "end_time": t(20),
                "online_url": "https://meet.auenwald.example/einfuehrung",
                "event_type": "training",
                "organiser": "engagement-ehrenamt",
                "for_volunteers": True,
                "topics": ["Ehrenamt"],
                "registration_required": True,
                "registration_url": "https://anmeldung.auenwald.example/einfuehrung",
            },
            [],
        ),
        (
            "kompetenzteam-soziale-betreuung",
            {
                "title": "Treffen Kompetenzteam Soziale Betreuung",
                "start_date": base + days(12),
                "start_time": t(17),
                "end_time": t(19),
                "event_type": "network_meeting",
                "organiser": "soziale-betreuung",
                "place": 2,
                "for_volunteers": True,
                "for_professionals": True,
            },
            [],
        ),
        (
            "kompetenzteam-erziehung-bildung",
            {
                "title": "Treffen Kompetenzteam Erziehung und Bildung",
                "start_date": base + days(20),
                "start_time": t(16),
                "end_time": t(18),
                "event_type": "network_meeting",
                "organiser": "erziehung-bildung",
                "place": 5,
                "for_professionals": True,
                "topics": ["Bildung"],
            },
            [],
        ),
        (
            "infoabend-wohnen",
            {
                "title": "Infoabend: Wohnungssuche mit Geflüchteten",
                "start_date": base + days(25),
                "start_time": t(19),
                "end_time": t(21),
                "event_type": "information",
                "organiser": "unterkunft",
                "place": 1,
                "for_volunteers": True,
                "for_refugees": True,
                "topics": ["Wohnen"],
            },
            [],
        ),
        (
            "jobmesse-lindenhain",
            {
                "title": "Jobmesse für Zugewanderte",
                "start_date": base + days(45),
                "start_time": t(10),
                "end_time": t(16),
                "event_type": "information",
                "organiser": "ausbildung-arbeit",
                "place": 0,
                "for_refugees": True,
                "for_public": True,
                "topics": ["Arbeit"],
            },
            [],
        ),
        (
            "erste-hilfe-kurs",
            {
                "title": "Erste-Hilfe-Kurs für Ehrenamtliche",
                "start_date": base + days(50),
                "start_time": t(9),
                "end_time": t(16),
                "event_type": "training",
                "organiser": "gesundheit",
                "place": 4,
                "for_volunteers": True,
                "topics": ["Gesundheit"],
                "registration_required": True,
                "registration_phone": "06699 12345-0",
                "capacity_note": "12 Plätze.",
            },
            [],
        ),
        (
            "runder-tisch-sommerau",
            {
                "title": "Runder Tisch Sommerau-Tannfeld",
                "start_date": base + days(35),
                "start_time": t(19),
                "end_time": t(21),
                "event_type": "round_table",
                "organiser": "koordinierungsstelle-sommerau-tannfeld",
                "place": 3,
                "for_volunteers": True,
                "for_public": True,
            },
            [],
        ),
        (
            "fruehjahrsempfang",
            {
                "title": "Empfang für Engagierte",
                "start_date": base + days(90),
                "start_time": t(18),
                "end_time": t(21),
                "event_type": "other",
                "organiser": "fluechtlingsarbeit-landkreis",
                "place": 2,
                "for_volunteers": True,
            },
            [],
        ),
        # --- past events ---------------------------------------------------------------
        (
            "netzwerkkonferenz",
            {
                "title": "Netzwerkkonferenz Flüchtlingshilfe",
                "start_date": base - days(60),
                "start_time": t(9),
                "end_time": t(16),
                "event_type": "network_meeting",
                "organiser": "netzwerk-fluechtlinge",
                "place": 2,
                "for_volunteers": True,
                "for_professionals": True,
                "topics": ["Ehrenamt"],
            },
            [],
        ),
        (
            "schulung-asylrecht",
            {
                "title": "Schulung: Grundlagen des Asylrechts",
                "start_date": base - days(30),
                "start_time": t(18),
                "end_time": t(21),
                "event_type": "training",
                "organiser": "beratungsstelle-ehrenamt",
                "place": 2,
                "for_volunteers": True,
            },
            [],
        ),
        (
            "sommerfest-tannfeld",
            {
                "title": "Sommerfest der Kulturen Tannfeld",
                "start_date": base - days(120),
                "event_type": "other",
                "organiser": "koordinierungsstelle-sommerau-tannfeld",
                "place": 4,
                "for_public": True,
                "topics": ["Begegnung"],
            },
            [],
        ),
        (
            "austausch-gesundheit-vergangen",
            {
                "title": "Austauschtreffen Gesundheitsversorgung",
                "start_date": base - days(14),
                "start_time": t(17),
                "end_time": t(19),
                "event_type": "exchange",
                "organiser": "gesundheit",
                "place": 2,
                "for_professionals": True,
                "topics": ["Gesundheit"],
            },
            [],
        ),
        (
            "infoabend-arbeitsmarkt",
            {
                "title": "Infoabend Arbeitsmarktzugang",
                "start_date": base - days(45),
                "start_time": t(19),
                "end_time": t(20, 30),
                "event_type": "information",
                "organiser": "ausbildung-arbeit",
                "place": 1,
                "for_volunteers": True,
                "topics": ["Arbeit"],
            },
            [],
        ),
        (
            "plattform-fruehjahr",
            {
                "title": "Vernetzungsplattform: Frühjahrstreffen",
                "start_date": base - days(200),
                "start_time": t(14),
                "end_time": t(18),
                "event_type": "network_meeting",
                "organiser": "vernetzungsplattform",
                "place": 0,
                "for_volunteers": True,
            },
            [],
        ),
        (
            "lotsen-abschluss",
            {
                "title": "Abschlussfeier Integrationslotsen",
                "start_date": base - days(7),
                "start_time": t(18),
                "end_time": t(20),
                "event_type": "other",
                "organiser": "integrationslotsen",
                "place": 3,
                "for_volunteers": True,
            },
            [],
        ),
        (
            "vortrag-traumasensibel",
            {
                "title": "Vortrag: Traumasensibler Umgang",
                "start_date": base - days(3),
                "start_time": t(19),
                "end_time": t(21),
                "event_type": "training",
                "organiser": "soziale-betreuung",
                "place": 5,
                "for_volunteers": True,
                "topics": ["Gesundheit"],
            },
            [],
        ),
    ]


def load(context):
    from . import get_or_create_child

    calendar = get_or_create_child(
        context.root,
        EventCalendarPage,
        "termine",
        title="Termine",
        show_in_menus=True,
        search_description="Netzwerktreffen, Runde Tische, Schulungen und Austauschtreffen.",
        intro="<p>Termine der Koordinierungsstellen, Netzwerke und Kompetenzteams im Landkreis Auenwald.</p>",
    )
    context.sections["calendar"] = calendar

    places = []
    for name, street, postcode, city, municipality_slug, step_free in PLACES:
        place = Location.objects.filter(name=name).first()
        if place is None:
            place = Location.objects.create(
                name=name,
                street=street,
                postcode=postcode,
                city=city,
                municipality=Municipality.objects.filter(
                    slug=municipality_slug, locale=context.root.locale
                ).first(),
                step_free_access=step_free,
                live=True,
            )
        places.append(place)
    topics = {}
    for name in TOPICS:
        topics[name] = Topic.objects.filter(name=name).first() or Topic.objects.create(name=name)

    created = 0
    existing = set(calendar.get_children().values_list("slug", flat=True))
    for slug, fields, exceptions in _events(today()):
        if slug in existing:
            continue
        fields = dict(fields)
        organiser_slug = fields.pop("organiser", None)
        place_index = fields.pop("place", None)
        topic_names = fields.pop("topics", [])
        fields["organiser_page"] = (
            Page.objects.filter(slug=organiser_slug).first() if organiser_slug else None
        )
        fields["location"] = places[place_index] if place_index is not None else None
        event = EventPage(slug=slug, **fields)
        for exception in exceptions:
            exception = dict(exception)
            new_place = exception.pop("new_place", None)
            if new_place is not None:
                exception["new_location"] = places[new_place]
            event.exceptions.add(EventOccurrenceException(**exception))
        for name in topic_names:
            event.topics.add(topics[name])
        event.clean()
        calendar.add_child(instance=event)
        event.save_revision().publish()
        created += 1
    context.log(f"Events: {created} created under /{calendar.slug}/.")


def reset(context):
    for page in EventCalendarPage.objects.child_of(context.root):
        page.delete()
