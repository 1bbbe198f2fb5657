"""Demo municipalities, places, organisations, contacts and coordination offices.

Modelled on the seed texts: a city coordination office with room, public transport and map
(seed 000), a county contact list with roles, phone and fax (seed 001) and an advice office
with mobile number, newsletter and social links (seed 003). All people are invented.
"""

import datetime
from decimal import Decimal

from wagtail_ehrenamt.models import (
    ConsultationHour,
    ContactPerson,
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    Location,
    Municipality,
    OfficeContact,
    Organisation,
)

MUNICIPALITIES = [
    # name, slug, kind, official key (fictional county 06699 in Hesse)
    ("Landkreis Auenwald", "landkreis-auenwald", "county", "06699"),
    ("Lindenhain", "lindenhain", "city", "06699001"),
    ("Kellbach", "kellbach", "city", "06699002"),
    ("Sommerau", "sommerau", "municipality", "06699003"),
    ("Tannfeld", "tannfeld", "municipality", "06699004"),
    ("Brunnhausen", "brunnhausen", "municipality", "06699005"),
]

LOCATIONS = [
    {
        "name": "Rathaus Lindenhain",
        "street": "Marktplatz 3",
        "postcode": "36201",
        "city": "Lindenhain",
        "municipality": "lindenhain",
        "room": "Zimmer 214, 2. Obergeschoss",
        "latitude": Decimal("50.912340"),
        "longitude": Decimal("9.873210"),
        "step_free_access": True,
        "accessible_toilet": True,
        "accessibility_notes": "Aufzug am Seiteneingang Kirchgasse.",
        "transport_notes": "Buslinien 3 und 7 bis Haltestelle „Marktplatz“; "
        "vom Bahnhof Lindenhain etwa 10 Minuten zu Fuß.",
    },
    {
        "name": "Kreishaus Auenwald",
        "street": "Kreishausstraße 1",
        "postcode": "36200",
        "city": "Lindenhain",
        "municipality": "landkreis-auenwald",
        "room": "Haus B, 1. Stock",
        "latitude": Decimal("50.915870"),
        "longitude": Decimal("9.880050"),
        "step_free_access": True,
        "hearing_loop": True,
        "transport_notes": "Buslinie 1 bis Haltestelle „Kreishaus“.",
    },
    {
        "name": "Haus des Ehrenamts",
        "street": "Schulstraße 12",
        "postcode": "36210",
        "city": "Kellbach",
        "municipality": "kellbach",
        "room": "Erdgeschoss",
        "latitude": Decimal("50.861200"),
        "longitude": Decimal("9.792400"),
        "step_free_access": True,
        "transport_notes": "Regionalbus 540 bis „Schulstraße“.",
    },
    {
        "name": "Bürgerhaus Sommerau",
        "street": "Am Anger 5",
        "postcode": "36215",
        "city": "Sommerau",
        "municipality": "sommerau",
        "transport_notes": "Bürgerbus dienstags und donnerstags.",
    },
]

ORGANISATIONS = [
    ("Stadt Lindenhain", "municipality", "https://www.lindenhain.example/"),
    ("Landkreis Auenwald", "municipality", "https://www.auenwald.example/"),
    ("Diakonisches Werk Auenwald", "welfare", "https://diakonie-auenwald.example/"),
    ("Caritasverband Auenwald", "welfare", "https://caritas-auenwald.example/"),
    ("Freiwilligenzentrum Lindenhain", "volunteer_centre", "https://fwz-lindenhain.example/"),
    ("Bündnis „Kellbach hilft“", "initiative", ""),
    ("Evangelische Kirchengemeinde Sommerau", "church", ""),
]

# last name, first name, salutation, title, role, department, organisation, phone, fax,
# mobile, e-mail, room, languages
CONTACTS = [
    (
        "Brandt",
        "Miriam",
        "ms",
        "",
        "Koordinatorin für ehrenamtliche Flüchtlingshilfe",
        "Amt für Soziales",
        "Stadt Lindenhain",
        "06621 880-214",
        "",
        "",
        "miriam.brandt@lindenhain.example",
        "Zimmer 214",
        "Deutsch, Englisch, Französisch",
    ),
    (
        "Okafor",
        "Jonas",
        "mr",
        "Dr.",
        "Fachbereichsleitung",
        "Fachbereich Migration",
        "Landkreis Auenwald",
        "06621 17-300",
        "06621 17-399",
        "",
        "jonas.okafor@auenwald.example",
        "B 101",
        "",
    ),
    (
        "Schäfer",
        "Lena",
        "ms",
        "",
        "Vorzimmer",
        "Fachbereich Migration",
        "Landkreis Auenwald",
        "06621 17-301",
        "06621 17-399",
        "",
        "vorzimmer.migration@auenwald.example",
        "B 102",
        "",
    ),
    (
        "Yıldız",
        "Deniz",
        "ms",
        "",
        "Kreiskoordination Ehrenamt Flüchtlingshilfe",
        "Fachbereich Migration",
        "Landkreis Auenwald",
        "06621 17-310",
        "06621 17-399",
        "",
        "deniz.yildiz@auenwald.example",
        "B 110",
        "Deutsch, Türkisch",
    ),
    (
        "Müller-Lüdenscheidt",
        "Jörg",
        "mr",
        "",
        "Bildungskoordination für Neuzugewanderte",
        "Fachbereich Migration",
        "Landkreis Auenwald",
        "06621 17-320",
        "06621 17-399",
        "",
        "joerg.mueller@auenwald.example",
        "B 112",
        "",
    ),
    (
        "Haddad",
        "Samira",
        "ms",
        "",
        "Integrationsbeauftragte",
        "Fachbereich Migration",
        "Landkreis Auenwald",
        "06621 17-330",
        "06621 17-399",
        "",
        "samira.haddad@auenwald.example",
        "B 115",
        "Deutsch, Arabisch",
    ),
    (
        "Weber",
        "Tobias",
        "mr",
        "",
        "Verwaltung und Förderanträge",
        "Fachbereich Migration",
        "Landkreis Auenwald",
        "06621 17-340",
        "06621 17-399",
        "",
        "tobias.weber@auenwald.example",
        "B 120",
        "",
    ),
    (
        "Lorenz",
        "Greta",
        "ms",
        "",
        "Beraterin Ehrenamt in der Flüchtlingshilfe",
        "",
        "Diakonisches Werk Auenwald",
        "06631 4455-12",
        "",
        "0170 5550123",
        "greta.lorenz@diakonie-auenwald.example",
        "",
        "Deutsch, Englisch, Ukrainisch",
    ),
    (
        "Kowalski",
        "Piotr",
        "mr",
        "",
        "Koordinator Ehrenamt",
        "Bürgerbüro",
        "",
        "06631 900-50",
        "",
        "",
        "ehrenamt@kellbach.example",
        "",
        "Deutsch, Polnisch",
    ),
    (
        "Albers",
        "Hanna",
        "ms",
        "",
        "Koordinatorin Ehrenamt",
        "",
        "",
        "06635 7788",
        "",
        "",
        "ehrenamt@sommerau.example",
        "",
        "",
    ),
]


def _publish(obj):
    obj.save()
    if not obj.live or obj.latest_revision is None:
        obj.save_revision().publish()
    return obj


def _office(index, slug, title, contacts, hours=(), **fields):
    municipalities = fields.pop("municipalities", [])
    topics = fields.pop("topics", [])
    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    office = CoordinationOfficePage(slug=slug, title=title, **fields)
    office.municipalities = municipalities
    office.topics.set(topics)
    office.office_contacts = [OfficeContact(contact=c, role=r) for c, r in contacts]
    office.consultation_hours = [
        ConsultationHour(weekday=d, opens=datetime.time(*o), closes=datetime.time(*c), note=n)
        for d, o, c, n in hours
    ]
    index.add_child(instance=office)
    office.save_revision().publish()
    return office


def load(context):
    from . import get_or_create_child

    # The German snippets: their translations (demo/translations.py) share slugs and names.
    locale = context.root.locale
    municipalities = {}
    for name, slug, kind, key in MUNICIPALITIES:
        municipalities[slug], _ = Municipality.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name, "kind": kind, "official_key": key}
        )
    context.objects["municipalities"] = municipalities

    places = {}
    for data in LOCATIONS:
        data = dict(data)
        data["municipality"] = municipalities[data["municipality"]]
        place = Location.objects.filter(name=data["name"], locale=locale).first()
        places[data["name"]] = place or _publish(Location(**data))
    organisations = {}
    for name, kind, website in ORGANISATIONS:
        org = Organisation.objects.filter(name=name, locale=locale).first()
        organisations[name] = org or _publish(Organisation(name=name, kind=kind, website=website))
    contacts = {}
    for row in CONTACTS:
        (
            last,
            first,
            salutation,
            title,
            role,
            department,
            org,
            phone,
            fax,
            mobile,
            email,
            room,
            languages,
        ) = row
        person = ContactPerson.objects.filter(
            last_name=last, first_name=first, locale=locale
        ).first()
        if person is None:
            person = _publish(
                ContactPerson(
                    last_name=last,
                    first_name=first,
                    salutation=salutation,
                    title=title,
                    role=role,
                    department=department,
                    organisation=organisations.get(org),
                    phone=phone,
                    fax=fax,
                    mobile=mobile,
                    email=email,
                    room=room,
                    languages=languages,
                )
            )
        contacts[last] = person
    context.objects["contacts"] = contacts
    context.objects["organisations"] = organisations

    index = get_or_create_child(
        context.root,
        CoordinationOfficeIndexPage,
        "koordinierungsstellen",
        title="Koordinierungsstellen",
        show_in_menus=True,
        search_description="Wer hilft Ehrenamtlichen in Ihrer Stadt oder Gemeinde weiter?",
        intro="<p>Alle Koordinierungs- und Beratungsstellen für die ehrenamtliche "
        "Flüchtlingshilfe im Landkreis Auenwald – immer aktuell, auch als Liste zum "
        "Herunterladen und Ausdrucken.</p>",
    )
    context.sections["offices"] = index
    m = municipalities
    offices = {}
    offices["koordinierungsstelle-lindenhain"] = _office(
        index,
        "koordinierungsstelle-lindenhain",
        "Koordinierungsstelle Ehrenamt Flüchtlingshilfe Lindenhain",
        [(contacts["Brandt"], "")],
        hours=[(1, (9, 0), (12, 0), ""), (3, (14, 0), (17, 0), "")],
        municipalities=[m["lindenhain"]],
        topics=["Ehrenamt", "Qualifizierung", "Vernetzung"],
        summary="Berät Initiativen und Ehrenamtliche, vernetzt sie mit Sport, Kultur und "
        "Nachbarschaft und organisiert Runde Tische.",
        responsible_body=organisations["Stadt Lindenhain"],
        location=places["Rathaus Lindenhain"],
        phone="06621 880-214",
        email="ehrenamt@lindenhain.example",
        by_appointment=True,
        funding_note="Befristet gefördert vom Land Hessen, kofinanziert vom Landkreis.",
        active_since=datetime.date(2025, 10, 1),
        active_until=datetime.date(2027, 9, 30),
        body=[
            ("heading", {"text": "Unsere Aufgaben", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Beratung von Initiativen und Ehrenamtlichen</li>"
                "<li>Vernetzung mit Sportvereinen, Kultur- und Nachbarschaftsangeboten</li>"
                "<li>Runde Tische und Austauschtreffen</li>"
                "<li>Fortbildungen gemeinsam mit der Clearingstelle des "
                "Freiwilligenzentrums, die Interessierte an passende Angebote vermittelt</li>"
                "</ul>",
            ),
        ],
    )
    offices["fluechtlingsarbeit-landkreis"] = _office(
        index,
        "fluechtlingsarbeit-landkreis",
        "Flüchtlingsarbeit im Landkreis Auenwald",
        [
            (contacts["Okafor"], ""),
            (contacts["Schäfer"], ""),
            (contacts["Yıldız"], ""),
            (contacts["Müller-Lüdenscheidt"], ""),
            (contacts["Haddad"], ""),
            (contacts["Weber"], ""),
        ],
        hours=[(0, (8, 30), (12, 0), ""), (3, (13, 30), (16, 0), "nur telefonisch")],
        is_county_wide=True,
        topics=["Ehrenamt", "Bildung", "Integration"],
        summary="Steuerungsgruppe, Kreiskoordination und Förderung der kommunalen "
        "Koordinierungsstellen.",
        responsible_body=organisations["Landkreis Auenwald"],
        location=places["Kreishaus Auenwald"],
        phone="06621 17-300",
        fax="06621 17-399",
        email="migration@auenwald.example",
        website="https://www.auenwald.example/migration",
    )
    offices["beratungsstelle-ehrenamt"] = _office(
        index,
        "beratungsstelle-ehrenamt",
        "Beratungsstelle für ehrenamtliche Flüchtlingshilfe",
        [(contacts["Lorenz"], "")],
        is_county_wide=True,
        topics=["Ehrenamt", "Beratung", "Newsletter"],
        summary="Seit August 2025 landesgefördert: Beratung, Vernetzung und ein Newsletter "
        "für alle, die sich in der Flüchtlingshilfe engagieren.",
        responsible_body=organisations["Diakonisches Werk Auenwald"],
        phone="06631 4455-12",
        mobile="0170 5550123",
        email="beratung@diakonie-auenwald.example",
        website="https://diakonie-auenwald.example/ehrenamt",
        newsletter_url="https://diakonie-auenwald.example/newsletter",
        by_appointment=True,
        funding_note="Gefördert vom Land Hessen.",
        active_since=datetime.date(2025, 8, 1),
        social_links=[
            ("link", {"label": "Instagram", "url": "https://instagram.example/ehrenamt_auenwald"}),
            ("link", {"label": "Mastodon", "url": "https://social.example/@ehrenamt_auenwald"}),
        ],
    )
    offices["koordinierungsstelle-kellbach"] = _office(
        index,
        "koordinierungsstelle-kellbach",
        "Koordinierungsstelle Ehrenamt Kellbach",
        [(contacts["Kowalski"], "")],
        hours=[(2, (10, 0), (12, 0), "")],
        municipalities=[m["kellbach"]],
        topics=["Ehrenamt", "Wohnen"],
        summary="Ansprechstelle für das Bündnis „Kellbach hilft“ und alle Ehrenamtlichen in "
        "Kellbach.",
        location=places["Haus des Ehrenamts"],
        phone="06631 900-50",
        email="ehrenamt@kellbach.example",
    )
    offices["koordinierungsstelle-sommerau-tannfeld"] = _office(
        index,
        "koordinierungsstelle-sommerau-tannfeld",
        "Koordinierungsstelle Sommerau und Tannfeld",
        [(contacts["Albers"], "")],
        municipalities=[m["sommerau"], m["tannfeld"]],
        topics=["Ehrenamt", "Sprache"],
        summary="Gemeinsame Stelle der Gemeinden Sommerau und Tannfeld.",
        location=places["Bürgerhaus Sommerau"],
        phone="06635 7788",
        email="ehrenamt@sommerau.example",
        by_appointment=True,
    )
    context.objects["offices"] = offices
    context.log(
        f"Directory: {len(municipalities)} municipalities, {len(contacts)} contacts, "
        f"{len(offices)} offices."
    )


def reset(context):
    for page in CoordinationOfficeIndexPage.objects.child_of(context.root):
        page.delete()
    ContactPerson.objects.filter(last_name__in=[row[0] for row in CONTACTS]).delete()
    Organisation.objects.filter(name__in=[row[0] for row in ORGANISATIONS]).delete()
    Location.objects.filter(name__in=[row["name"] for row in LOCATIONS]).delete()
    Municipality.objects.filter(slug__in=[slug for _, slug, _, _ in MUNICIPALITIES]).delete()
