"""Demo networks, competence teams, platforms, documents and minutes (Landkreis Auenwald).

Modelled on the seeds: the county working group "Netzwerk Flüchtlinge" with six competence
teams, a steering group and a networking platform on six topics (seed 001), a network of
municipal volunteer coordinators convened by the county's integration centre (seed 002) and
a network of trained integration guides (seed 004). All people are invented.
"""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Locale

from wagtail_ehrenamt.models import (
    CompetenceTeamPage,
    ContactPerson,
    CoordinationOfficePage,
    DocumentLibraryPage,
    LibraryDocument,
    NetworkingPlatformPage,
    NetworkPage,
    Organisation,
    Topic,
)

from .files import demo_file, make_csv

COLLECTION_NAME = "Netzwerke und Downloadcenter (Demo)"
DIAGRAM_TITLE = "Schaubild Kreisarbeitsgemeinschaft Netzwerk Flüchtlinge"
NETWORK_SLUGS = ["netzwerk-fluechtlinge", "koordinatorennetzwerk", "integrationslotsen"]

ORGANISATIONS = {
    # key: (name, short name, kind, website)
    "county": (
        "Landkreis Auenwald – Fachbereich Migration und Integration",
        "FB Migration",
        "municipality",
        "https://www.auenwald.example/integration",
    ),
    "integration_centre": (
        "Kommunales Integrationszentrum Landkreis Auenwald",
        "KI Auenwald",
        "municipality",
        "https://www.auenwald.example/ki",
    ),
    "caritas": ("Caritasverband Auenwald e.V.", "Caritas", "welfare", ""),
    "diakonie": ("Diakonisches Werk Auenwald", "Diakonie", "welfare", ""),
    "drk": ("DRK-Kreisverband Auenwald e.V.", "DRK", "welfare", ""),
    "awo": ("AWO Kreisverband Auenwald e.V.", "AWO", "welfare", ""),
    "volunteer_centre": (
        "Freiwilligenagentur Lindenhain",
        "",
        "volunteer_centre",
        "https://freiwillig-lindenhain.example",
    ),
    "vhs": ("Volkshochschule Auenwald", "VHS", "education", "https://vhs-auenwald.example"),
    "jobcenter": ("Jobcenter Landkreis Auenwald", "", "municipality", ""),
    "health": ("Gesundheitsamt Landkreis Auenwald", "", "municipality", ""),
    "housing": ("Wohnbau Lindenhain eG", "", "company", ""),
    "psz": ("Psychosoziales Zentrum für Geflüchtete Auenwald", "PSZ", "welfare", ""),
    "schools": ("Staatliches Schulamt Auenwald", "", "municipality", ""),
    "helpers_brunnhausen": ("Helferkreis Asyl Brunnhausen", "", "initiative", ""),
    "wir_centre": (
        "WIR-Vielfaltszentrum Auenwald",
        "",
        "municipality",
        "https://www.auenwald.example/wir",
    ),
}

CONTACTS = {
    # key: (salutation, first name, last name, role, organisation key)
    "county_coordinator": (
        "ms",
        "Selin",
        "Okonkwo-Berg",
        "Landkreiskoordinatorin Flüchtlingsarbeit",
        "county",
    ),
    "head_of_department": ("ms", "Dorothea", "Kranich", "Fachbereichsleiterin", "county"),
    "integration_officer": ("mr", "Tarik", "Lindqvist", "Integrationsbeauftragter", "county"),
    "education_coordinator": (
        "ms",
        "Hannah",
        "Feldmeier",
        "Bildungskoordinatorin für Neuzugewanderte",
        "county",
    ),
    "ki_head": ("ms", "Irina", "Vogelsang", "Leiterin", "integration_centre"),
    "caritas": ("mr", "Jonas", "Perlich", "Migrationsdienst", "caritas"),
    "diakonie": ("ms", "Miriam", "Achterberg", "Fachdienst Migration", "diakonie"),
    "drk": ("mr", "Benedikt", "Sauerland", "Leitung Unterkünfte", "drk"),
    "awo": ("ms", "Fatma", "Yıldırım-Kraus", "Sozialberatung", "awo"),
    "volunteer_centre": (
        "ms",
        "Lea",
        "Sonnleitner",
        "Freiwilligenkoordination",
        "volunteer_centre",
    ),
    "vhs": ("mr", "Konstantin", "Rehwald", "Fachbereich Deutsch als Zweitsprache", "vhs"),
    "jobcenter": ("ms", "Nadine", "Steinbrück", "Integration in Arbeit", "jobcenter"),
    "health": ("mr", "Dr. Emil", "Hainbuch", "Amtsarzt", "health"),
    "psz": ("ms", "Amira", "Halloran", "Psychologische Beratung", "psz"),
    "coordinator_lindenhain": (
        "ms",
        "Paula",
        "Marquardt",
        "Ehrenamtskoordinatorin Stadt Lindenhain",
        None,
    ),
    "coordinator_kellbach": (
        "mr",
        "Yusuf",
        "Dornbach",
        "Ehrenamtskoordinator Stadt Kellbach",
        None,
    ),
    "coordinator_sommerau": (
        "ms",
        "Greta",
        "Wiesental",
        "Ehrenamtskoordinatorin Sommerau und Tannfeld",
        None,
    ),
    "speaker_brunnhausen": (
        "mr",
        "Holger",
        "Quast",
        "Sprecher des Helferkreises",
        "helpers_brunnhausen",
    ),
    "wir_coordinator": ("ms", "Marie", "Osterloh", "WIR-Koordinatorin", "wir_centre"),
}

TOPICS = {
    "wohnen": "Wohnen",
    "sprache": "Sprache und Bildung",
    "arbeit": "Arbeit und Ausbildung",
    "gesundheit": "Gesundheit",
    "ehrenamt": "Ehrenamt",
    "betreuung": "Soziale Betreuung",
}

# What a team page says about its meetings matches its dates in the demo calendar.
TEAM_RHYTHM = {"unterkunft": "Das Team trifft sich jeden 2. Dienstag im Monat."}
TEAM_RHYTHM_DEFAULT = "Das Team trifft sich nach Bedarf; die Termine stehen im Kalender."

TEAMS = [
    # slug, title, topic area, goals, lead key, topic slug, members [(contact, org, role)]
    (
        "soziale-betreuung",
        "Kompetenzteam Soziale Betreuung",
        "Soziale Betreuung in der Gemeinschaftsunterkunft",
        "Gute Betreuung in den Gemeinschaftsunterkünften: Sozialberatung, Hausordnung, "
        "Gewaltschutz und ein fester Ansprechpartner für die Ehrenamtlichen vor Ort.",
        "drk",
        "betreuung",
        [("awo", "awo", "Sozialberatung"), (None, "diakonie", "Gewaltschutzkonzept")],
    ),
    (
        "unterkunft",
        "Kompetenzteam Unterkunft",
        "Unterkunft und Anschlussunterbringung",
        "Wohnraum für die Anschlussunterbringung finden, Umzüge begleiten und Vermieterinnen "
        "und Vermieter beraten.",
        "head_of_department",
        "wohnen",
        [(None, "housing", "Wohnungsgeber"), ("caritas", "caritas", "Wohnraumberatung")],
    ),
    (
        "engagement-ehrenamt",
        "Kompetenzteam Engagement und Ehrenamt",
        "Engagement und Ehrenamt",
        "Ehrenamtliche gewinnen, schulen und begleiten; Standards für die Zusammenarbeit von "
        "Haupt- und Ehrenamt weiterentwickeln.",
        "county_coordinator",
        "ehrenamt",
        [
            ("volunteer_centre", "volunteer_centre", "Clearingstelle für Engagierte"),
            ("speaker_brunnhausen", "helpers_brunnhausen", "Vertritt die Helferkreise"),
        ],
    ),
    (
        "erziehung-bildung",
        "Kompetenzteam Erziehung und Bildung",
        "Erziehung und Bildung",
        "Plätze in Kita und Schule, Sprachförderung und Elternarbeit abstimmen.",
        "education_coordinator",
        "sprache",
        [("vhs", "vhs", "Integrationskurse"), (None, "schools", "Seiteneinsteiger-Klassen")],
    ),
    (
        "ausbildung-arbeit",
        "Kompetenzteam (Aus-)Bildung und Arbeit",
        "(Aus-)Bildung und Arbeit",
        "Wege in Ausbildung und Arbeit öffnen: Anerkennung von Abschlüssen, Praktika und "
        "Kontakte zu Betrieben.",
        "jobcenter",
        "arbeit",
        [("vhs", "vhs", "Berufssprachkurse")],
    ),
    (
        "gesundheit",
        "Kompetenzteam Gesundheit",
        "Medizinische Versorgung und psychosoziale Betreuung",
        "Zugang zu Ärztinnen und Ärzten, Dolmetschen im Gesundheitswesen und psychosoziale "
        "Hilfe für traumatisierte Menschen.",
        "health",
        "gesundheit",
        [("psz", "psz", "Psychosoziale Beratung")],
    ),
]

PLATFORM_TOPICS = [
    ("Wohnen und Anschlussunterbringung", "Wohnungssuche, Mietverträge, Umzug."),
    ("Sprache und Bildung", "Sprachcafés, Kurse, Kita und Schule."),
    ("Arbeit und Ausbildung", "Praktika, Anerkennung, Kontakte zu Betrieben."),
    ("Gesundheit und Psychosoziales", "Arztbesuche, Dolmetschen, Belastung von Helfenden."),
    ("Behörden und Aufenthalt", "Ämtergänge, Bescheide, Beratungsstellen."),
    ("Begegnung, Freizeit und Sport", "Vereine, Patenschaften, Feste."),
]

STRUCTURE_TEXT = (
    "Die Kreisarbeitsgemeinschaft „Netzwerk Flüchtlinge“ wird vom Fachbereich Migration und "
    "Integration des Landkreises einberufen und von einem Lenkungskreis gesteuert. Sie "
    "arbeitet in sechs Kompetenzteams: Soziale Betreuung in der Gemeinschaftsunterkunft; "
    "Unterkunft und Anschlussunterbringung; Engagement und Ehrenamt; Erziehung und Bildung; "
    "(Aus-)Bildung und Arbeit; Medizinische Versorgung und psychosoziale Betreuung. Darunter "
    "steht die Vernetzungsplattform für Ehrenamtliche mit sechs Themen, organisiert von den "
    "kommunalen Koordinierungsstellen."
)


def load(context):
    from . import get_or_create_child

    root = context.root
    collection = _collection()
    orgs = {key: _organisation(*values) for key, values in ORGANISATIONS.items()}
    contacts = {
        key: _contact(salutation, first, last, role, orgs.get(org_key))
        for key, (salutation, first, last, role, org_key) in CONTACTS.items()
    }
    topics = {slug: _topic(slug, name) for slug, name in TOPICS.items()}
    offices = {
        slug: CoordinationOfficePage.objects.filter(slug=slug).first()
        for slug in [
            "koordinierungsstelle-lindenhain",
            "fluechtlingsarbeit-landkreis",
            "beratungsstelle-ehrenamt",
            "koordinierungsstelle-kellbach",
            "koordinierungsstelle-sommerau-tannfeld",
        ]
    }

    # --- Netzwerk Flüchtlinge (seed 001) ------------------------------------------
    network = root.get_children().filter(slug="netzwerk-fluechtlinge").first()
    if network is None:
        diagram = _diagram(collection)
        network = NetworkPage(
            slug="netzwerk-fluechtlinge",
            title="Netzwerk Flüchtlinge",
            show_in_menus=True,
            search_description="Die Kreisarbeitsgemeinschaft und ihre Kompetenzteams.",
            intro=(
                "<p>Die Kreisarbeitsgemeinschaft (KAG) „Netzwerk Flüchtlinge“ bearbeitet die "
                "zentralen Themen der Aufnahme und Integration Geflüchteter im Landkreis "
                "Auenwald. Haupt- und Ehrenamtliche, Städte und Gemeinden, Wohlfahrtsverbände "
                "und Kirchen stimmen sich hier ab.</p>"
            ),
            convened_by_organisation=orgs["county"],
            convened_by_office=offices["fluechtlingsarbeit-landkreis"],
            convener_note="Der Lenkungskreis stimmt grundsätzliche Fragen des Zusammenwirkens ab.",
            structure_image=diagram,
            structure_alt_text=STRUCTURE_TEXT,
        )
        for key, role in [
            ("head_of_department", "Vorsitz"),
            ("county_coordinator", "Geschäftsführung"),
            ("integration_officer", "Integrationsbeauftragter"),
            ("caritas", "für die Wohlfahrtsverbände"),
            ("speaker_brunnhausen", "für die ehrenamtlichen Helferkreise"),
        ]:
            person = contacts[key]
            network.steering_members.add(
                network.steering_members.model(
                    contact=person, organisation=person.organisation, role=role
                )
            )
        for key in ["caritas", "diakonie", "drk", "awo", "volunteer_centre", "vhs", "jobcenter"]:
            network.network_members.add(
                network.network_members.model(organisation=orgs[key], role="Mitglied")
            )
        _publish(root, network)
    else:
        network = network.specific
    context.sections["network"] = network

    teams = {}
    for slug, title, area, goals, lead_key, topic_slug, members in TEAMS:
        existing = network.get_children().filter(slug=slug).first()
        if existing is not None:
            teams[slug] = existing.specific
            continue
        team = CompetenceTeamPage(
            slug=slug,
            title=title,
            topic_area=area,
            intro=f"<p>{goals}</p>",
            how_to_join=(
                f"<p>{TEAM_RHYTHM.get(slug, TEAM_RHYTHM_DEFAULT)} Fachleute aus Verwaltung, "
                "Verbänden und Initiativen sind willkommen – melden Sie sich bei der Leitung.</p>"
            ),
        )
        lead = contacts[lead_key]
        team.leads.add(
            team.leads.model(contact=lead, organisation=lead.organisation, role="Leitung")
        )
        for contact_key, org_key, role in members:
            team.members.add(
                team.members.model(
                    contact=contacts.get(contact_key), organisation=orgs.get(org_key), role=role
                )
            )
        team.topics.add(topics[topic_slug])
        _publish(network, team)
        teams[slug] = team

    platform = network.get_children().filter(slug="vernetzungsplattform").first()
    if platform is None:
        platform = NetworkingPlatformPage(
            slug="vernetzungsplattform",
            title="Vernetzungsplattform für Ehrenamtliche",
            intro=(
                "<p>Auf ausdrücklichen Wunsch der Ehrenamtlichen geschaffen: Austausch auf "
                "Landkreisebene zu sechs Themen. Fachleute bereiten die Ehrenamtlichen auf ihre "
                "Rolle als Wegweiserinnen und Wegweiser für Geflüchtete vor.</p>"
            ),
            # The platform meets in person a few times a year; its online exchange every two
            # weeks (demo/events.py) is what the page shows as the next meeting.
            rhythm="zwei- bis dreimal im Jahr vor Ort, dazwischen alle zwei Wochen online",
            invited=(
                "<p>Ehrenamtliche und Arbeitskreise aus allen Städten und Gemeinden des "
                "Landkreises.</p>"
            ),
            invites_groups_without_speaker=True,
            next_meeting_note="Das nächste Treffen wird rechtzeitig im Kalender angekündigt.",
        )
        for title, description in PLATFORM_TOPICS:
            platform.platform_topics.add(
                platform.platform_topics.model(title=title, description=description)
            )
        for slug in [
            "koordinierungsstelle-lindenhain",
            "koordinierungsstelle-kellbach",
            "koordinierungsstelle-sommerau-tannfeld",
        ]:
            if offices[slug] is not None:
                platform.organisers.add(
                    platform.organisers.model(
                        office=offices[slug], note="in Absprache mit der Landkreiskoordinatorin"
                    )
                )
        platform.platform_contacts.add(
            platform.platform_contacts.model(
                contact=contacts["county_coordinator"], role="Landkreiskoordinatorin"
            )
        )
        _publish(network, platform)
    else:
        platform = platform.specific

    # --- Koordinatorennetzwerk (seed 002) ------------------------------------------
    coordinators = root.get_children().filter(slug="koordinatorennetzwerk").first()
    if coordinators is None:
        coordinators = NetworkPage(
            slug="koordinatorennetzwerk",
            title="Koordinatorennetzwerk",
            seo_title="Netzwerk der Ehrenamtskoordinatorinnen und -koordinatoren",
            show_in_menus=True,
            search_description="Die kommunalen Ehrenamtskoordinationen tauschen sich aus.",
            intro=(
                "<p>Die Ehrenamtskoordinatorinnen und -koordinatoren der Städte und Gemeinden "
                "sind oft die ersten Ansprechpersonen der Freiwilligen. Im Netzwerk fangen sie "
                "gemeinsam Schwierigkeiten auf, bündeln Unterstützungsbedarfe und entwickeln "
                "gemeinsame Maßnahmen, um das Engagement zu stärken.</p>"
            ),
            convened_by_organisation=orgs["integration_centre"],
            convened_by_office=offices["fluechtlingsarbeit-landkreis"],
            convener_note="Auf Einladung des Kommunalen Integrationszentrums.",
        )
        coordinators.steering_members.add(
            coordinators.steering_members.model(
                contact=contacts["ki_head"],
                organisation=orgs["integration_centre"],
                role="Einladung und Moderation",
            )
        )
        for key in ["coordinator_lindenhain", "coordinator_kellbach", "coordinator_sommerau"]:
            coordinators.network_members.add(
                coordinators.network_members.model(
                    contact=contacts[key], role="Kommunale Ehrenamtskoordination"
                )
            )
        _publish(root, coordinators)

    # --- Integrationslotsen (seed 004) ---------------------------------------------
    guides = root.get_children().filter(slug="integrationslotsen").first()
    if guides is None:
        guides = NetworkPage(
            slug="integrationslotsen",
            title="Integrationslotsen",
            seo_title="Netzwerk der Integrationslotsinnen und -lotsen",
            show_in_menus=True,
            search_description="Geschulte ehrenamtliche Integrationslotsen im Landkreis.",
            intro=(
                "<p>Über 40 ehrenamtliche Integrationslotsinnen und -lotsen hat der Landkreis "
                "geschult. Sie helfen Zugewanderten in ihrer Freizeit, damit Integration in den "
                "Städten und Gemeinden gelingt. Begleitet werden sie vom WIR-Vielfaltszentrum.</p>"
                "<p>Eine neue Basisqualifizierung für neue Lotsinnen und Lotsen ist geplant; die "
                "Termine werden noch bekannt gegeben.</p>"
            ),
            convened_by_organisation=orgs["wir_centre"],
            convener_note="Organisiert vom WIR-Vielfaltszentrum Auenwald.",
        )
        guides.steering_members.add(
            guides.steering_members.model(
                contact=contacts["wir_coordinator"],
                organisation=orgs["wir_centre"],
                role="Koordination",
            )
        )
        _publish(root, guides)
        meeting = NetworkingPlatformPage(
            slug="netzwerktreffen",
            title="Netzwerktreffen der Integrationslotsen",
            intro=(
                "<p>Berichte aus dem Alltag, fachliche Impulse aus der Verwaltung und "
                "Kleingruppen zu aktuellen Themen, mit gemeinsamem Mittagessen.</p>"
            ),
            rhythm="einmal im Jahr",
            invited="<p>Alle geschulten Integrationslotsinnen und -lotsen sowie Hauptamtliche.</p>",
            invites_groups_without_speaker=False,
        )
        for title in [
            "Gewaltprävention in Gemeinschaftsunterkünften",
            "Kinder in Elternrollen (Parentifizierung)",
            "Bezahlkarte und digitale Angebote",
        ]:
            meeting.platform_topics.add(meeting.platform_topics.model(title=title))
        _publish(guides, meeting)

    context.sections["documents"] = get_or_create_child(
        root,
        DocumentLibraryPage,
        "downloadcenter",
        title="Downloadcenter",
        show_in_menus=True,
        search_description="Flyer, Listen, Standards und Protokolle.",
        intro=(
            "<p>Flyer, Listen, Standards, Protokolle und Formulare rund um das Ehrenamt in der "
            "Flüchtlingshilfe. Filtern Sie nach Art und Thema.</p>"
        ),
    )
    count = _documents(collection, topics, teams, platform, coordinators)
    context.log(f"Networks: 3 networks, {len(teams)} competence teams, {count} library documents.")


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _collection():
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    if existing is not None:
        return existing
    root = Collection.get_first_root_node()
    if root is None:  # e.g. after a test database flush
        root = Collection.add_root(name="Root")
    return root.add_child(name=COLLECTION_NAME)


def _organisation(name, short_name, kind, website):
    existing = Organisation.objects.filter(name=name, locale=Locale.get_default()).first()
    if existing is not None:
        return existing
    return Organisation.objects.create(
        name=name, short_name=short_name, kind=kind, website=website, live=True
    )


def _contact(salutation, first_name, last_name, role, organisation):
    existing = ContactPerson.objects.filter(
        first_name=first_name, last_name=last_name, locale=Locale.get_default()
    ).first()
    if existing is not None:
        return existing
    local = last_name.lower().replace("ı", "i").replace(" ", "")
    return ContactPerson.objects.create(
        salutation=salutation,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
        phone=f"06699 12-{3000 + sum(map(ord, local)) % 997}",
        email=f"{local}@auenwald.example",
        live=True,
    )


def _topic(slug, name):
    existing = Topic.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return Topic.objects.create(slug=slug, name=name)


def _diagram(collection):
    existing = Image.objects.filter(title=DIAGRAM_TITLE).first()
    if existing is not None:
        return existing
    # The KAG with its steering group, six competence teams and the volunteers' platform.
    png = demo_file("schaubild-netzwerk-fluechtlinge.png")
    image = Image(
        title=DIAGRAM_TITLE,
        collection=collection,
        file=ImageFile(io.BytesIO(png), name="schaubild-netzwerk-fluechtlinge.png"),
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _document(collection, title, filename, content):
    existing = Document.objects.filter(collection=collection, title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _documents(collection, topics, teams, platform, coordinators):
    offices_rows = [
        ["Kommune", "Stelle", "Telefon", "E-Mail"],
        [
            "Lindenhain",
            "Koordinierungsstelle Ehrenamt",
            "06699 12-3101",
            "ehrenamt@lindenhain.example",
        ],
        ["Kellbach", "Koordinierungsstelle Ehrenamt", "06699 12-3201", "ehrenamt@kellbach.example"],
        [
            "Sommerau, Tannfeld",
            "Gemeinsame Koordinierungsstelle",
            "06699 12-3301",
            "ehrenamt@sommerau.example",
        ],
        [
            "Brunnhausen",
            "über den Landkreis",
            "06699 12-3000",
            "fluechtlingsarbeit@auenwald.example",
        ],
    ]
    entries = [
        # title, filename, content (None: the file of that name in files/), category, date,
        # language, topics, page, description
        (
            "Standards Bürgerschaftliches Engagement – Flyer",
            "standards-be-flyer.pdf",
            None,
            "flyer",
            dt.date(2026, 1, 15),
            "de",
            ["ehrenamt"],
            None,
            "Der Flyer fasst die Standards der Zusammenarbeit zusammen.",
        ),
        (
            "Flyer: Ehrenamt in der Flüchtlingshilfe (englische Fassung)",
            "flyer-volunteering-en.pdf",
            None,
            "flyer",
            dt.date(2025, 11, 3),
            "en",
            ["ehrenamt"],
            None,
            "",
        ),
        (
            "Liste der kommunalen Koordinierungsstellen",
            "liste-koordinierungsstellen.csv",
            make_csv(offices_rows),
            "list",
            dt.date(2026, 4, 1),
            "de",
            ["ehrenamt"],
            None,
            "Ständig aktualisiert: die Ansprechstellen in den Städten und Gemeinden.",
        ),
        (
            "Liste der Koordinierungsstellen (zum Ausdrucken)",
            "liste-koordinierungsstellen.pdf",
            None,
            "list",
            dt.date(2026, 4, 1),
            "de",
            ["ehrenamt"],
            None,
            "",
        ),
        (
            "Leitfaden Wohnungssuche für Ehrenamtliche",
            "leitfaden-wohnungssuche.pdf",
            None,
            "standard",
            dt.date(2025, 9, 20),
            "de",
            ["wohnen"],
            teams.get("unterkunft"),
            "",
        ),
        (
            "Datenschutz in Helferkreisen – Arbeitshilfe",
            "datenschutz-helferkreise.pdf",
            None,
            "standard",
            dt.date(2025, 6, 2),
            "de",
            ["ehrenamt"],
            teams.get("engagement-ehrenamt"),
            "",
        ),
        (
            "Anmeldung zur Vernetzungsplattform",
            "anmeldung-vernetzungsplattform.pdf",
            None,
            "form",
            dt.date(2026, 2, 1),
            "de",
            ["ehrenamt"],
            platform,
            "",
        ),
        (
            "Fahrtkostenerstattung für Ehrenamtliche",
            "fahrtkosten-ehrenamt.pdf",
            None,
            "form",
            dt.date(2026, 1, 10),
            "de",
            ["ehrenamt"],
            None,
            "",
        ),
    ]
    for index, (slug, team) in enumerate(sorted(teams.items())):
        entries.append(
            (
                f"Protokoll {team.title}, Sitzung vom {12 + index}.03.2026",
                f"protokoll-{slug}-2026-03.pdf",
                None,
                "minutes",
                dt.date(2026, 3, 12 + index),
                "de",
                [],
                team,
                "",
            )
        )
    for date, label in [
        (dt.date(2025, 10, 8), "Herbst 2025"),
        (dt.date(2026, 4, 22), "Frühjahr 2026"),
    ]:
        entries.append(
            (
                f"Protokoll Vernetzungsplattform, Treffen {label}",
                f"protokoll-vernetzungsplattform-{date:%Y-%m}.pdf",
                None,
                "minutes",
                date,
                "de",
                ["ehrenamt"],
                platform,
                "Auch für Helferkreise ohne Sprecherin oder Sprecher, "
                "die nicht teilnehmen konnten.",
            )
        )
    entries.append(
        (
            "Protokoll: Erstes Treffen der Ehrenamtskoordinationen",
            "protokoll-koordinatorennetzwerk-1.pdf",
            None,
            "minutes",
            dt.date(2025, 12, 5),
            "de",
            ["ehrenamt"],
            coordinators,
            "",
        )
    )
    for (
        title,
        filename,
        content,
        category,
        date,
        language,
        topic_slugs,
        page,
        description,
    ) in entries:
        if LibraryDocument.objects.filter(title=title).exists():
            continue
        entry = LibraryDocument(
            title=title,
            document=_document(collection, title, filename, content or demo_file(filename)),
            category=category,
            date=date,
            language=language,
            page=page,
            description=description,
            live=True,
        )
        entry.save()
        for slug in topic_slugs:
            entry.topics.add(topics[slug])
        entry.save()
    return len(entries)


def reset(context):
    for model in (NetworkPage, DocumentLibraryPage):
        for page in model.objects.child_of(context.root):
            page.delete()
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is not None:
        document_ids = Document.objects.filter(collection=collection).values_list("pk", flat=True)
        LibraryDocument.objects.filter(document_id__in=list(document_ids)).delete()
        Document.objects.filter(collection=collection).delete()
        Image.objects.filter(collection=collection).delete()
