"""Demo translations: English, Ukrainian and Arabic versions of the demo's main pages.

The home page, the calendar, the directory of coordination offices, one office and the
refugee network are translated by hand (short texts, no machine translation). Everything
else stays German: the translated calendar lists the German events as aliases, the way
wagtail-localize's tree synchronisation (and Wagtail's simple translation) show pages not
translated yet; they are served in German with a note in the visitor's language.

The snippets those pages show are translated too (a page shows a snippet's live translation
in its own language): the office's place, municipalities, contact persons and the
organisation running it; the network's convener and the organisations and contact persons of
its steering group and members (the roles of their seats are text of the translated network
page); every municipality of the demo (for the directory's filter). Names of people,
addresses and phone numbers stay as they are. Topics are one tag in every language: each demo
topic gets a name per language instead (``TopicName``).

One entry point, ``load(context, reset=False)``, called last by ``load_demo``. Safe to run
twice (what exists is left alone); ``reset`` deletes the translated trees, the demo snippets'
translations and the demo topics' names first. Does nothing when the site has not switched on
Wagtail's internationalisation (``WAGTAIL_I18N_ENABLED``) or does not offer the languages
(``WAGTAIL_CONTENT_LANGUAGES``).
"""

from django.conf import settings
from django.db.models import Q
from wagtail.coreutils import get_content_languages
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin

# language: {German slug ("" = the home page): (title, introduction, search description)}
TEXTS = {
    "en": {
        "": (
            "Volunteering in refugee aid",
            "<p>Welcome to volunteering in refugee aid in the district of Auenwald. Find the "
            "coordination office in your town, the refugee network and all dates.</p>",
            "",
        ),
        "termine": (
            "Dates",
            "<p>Meetings, round tables and training of the offices and networks in the "
            "district of Auenwald.</p>",
            "Network meetings, round tables, training and get-togethers.",
        ),
        "koordinierungsstellen": (
            "Coordination offices",
            "<p>All coordination and advice offices for volunteers in refugee aid in the "
            "district of Auenwald.</p>",
            "Who helps volunteers in your town?",
        ),
        "office": (None, None, "Coordination office for volunteers in refugee aid."),
        "netzwerk-fluechtlinge": (
            "Refugee network",
            "<p>The district’s working group on the reception and integration of refugees: "
            "paid staff and volunteers, towns, welfare organisations and churches.</p>",
            "The district working group and its expert teams.",
        ),
    },
    "uk": {
        "": (
            "Волонтерство в допомозі біженцям",
            "<p>Ласкаво просимо до волонтерської допомоги біженцям у районі Ауенвальд. Тут ви "
            "знайдете координаційні центри у вашому місті, мережу допомоги та всі дати.</p>",
            "",
        ),
        "termine": (
            "Дати",
            "<p>Зустрічі, круглі столи та навчання координаційних центрів і мереж району "
            "Ауенвальд.</p>",
            "Зустрічі мережі, круглі столи, навчання.",
        ),
        "koordinierungsstellen": (
            "Координаційні центри",
            "<p>Усі координаційні та консультаційні центри для волонтерів, які допомагають "
            "біженцям у районі Ауенвальд.</p>",
            "Хто допоможе волонтерам у вашому місті?",
        ),
        "office": (None, None, "Координаційний центр для волонтерів."),
        "netzwerk-fluechtlinge": (
            "Мережа допомоги біженцям",
            "<p>Робоча група району з питань прийому та інтеграції біженців: працівники та "
            "волонтери, міста, благодійні організації та церкви.</p>",
            "Робоча група району та її експертні команди.",
        ),
    },
    "ar": {
        "": (
            "التطوع في مساعدة اللاجئين",
            "<p>مرحبًا بكم في العمل التطوعي لمساعدة اللاجئين في مقاطعة آوِنفالد. هنا تجدون "
            "مكتب التنسيق في مدينتكم وشبكة اللاجئين وجميع المواعيد.</p>",
            "",
        ),
        "termine": (
            "المواعيد",
            "<p>اجتماعات وطاولات مستديرة ودورات تدريبية لمكاتب التنسيق والشبكات في مقاطعة "
            "آوِنفالد.</p>",
            "اجتماعات الشبكة والطاولات المستديرة والتدريب.",
        ),
        "koordinierungsstellen": (
            "مكاتب التنسيق",
            "<p>جميع مكاتب التنسيق والاستشارة للمتطوعين في مساعدة اللاجئين في مقاطعة آوِنفالد.</p>",
            "من يساعد المتطوعين في مدينتكم؟",
        ),
        "office": (None, None, "مكتب تنسيق للمتطوعين في مساعدة اللاجئين."),
        "netzwerk-fluechtlinge": (
            "شبكة اللاجئين",
            "<p>مجموعة عمل المقاطعة لاستقبال اللاجئين ودمجهم: موظفون ومتطوعون ومدن "
            "وجمعيات خيرية وكنائس.</p>",
            "مجموعة عمل المقاطعة وفرق الخبراء التابعة لها.",
        ),
    },
}


# The snippets' texts: one tuple per field, in the order of SNIPPET_LANGUAGES.
SNIPPET_LANGUAGES = ("en", "uk", "ar")

# Municipalities by slug (a translation keeps the slug: filter links work in every language).
MUNICIPALITY_NAMES = {
    "landkreis-auenwald": ("District of Auenwald", "Район Ауенвальд", "مقاطعة آوِنفالد"),
    "lindenhain": ("Lindenhain", "Лінденгайн", "ليندنهاين"),
    "kellbach": ("Kellbach", "Келльбах", "كيلباخ"),
    "sommerau": ("Sommerau", "Зоммерау", "زوميراو"),
    "tannfeld": ("Tannfeld", "Таннфельд", "تانفيلد"),
    "brunnhausen": ("Brunnhausen", "Бруннгаузен", "برونهاوزن"),
}

# Places by German name; street, postcode and city stay German (they are the address).
PLACES = {
    "Rathaus Lindenhain": {
        "name": ("Lindenhain Town Hall", "Ратуша Лінденгайна", "مبنى بلدية ليندنهاين"),
        # 2. Obergeschoss: two floors above the ground floor (the 3rd floor in Ukrainian).
        "room": ("Room 214, 2nd floor", "Кімната 214, 3-й поверх", "الغرفة 214، الطابق الثاني"),
        "accessibility_notes": (
            "Lift at the side entrance on Kirchgasse.",
            "Ліфт біля бічного входу з вулиці Кірхгассе (Kirchgasse).",
            "يوجد مصعد عند المدخل الجانبي من شارع كيرشغاسه (Kirchgasse).",
        ),
        "transport_notes": (
            "Bus lines 3 and 7 to the stop “Marktplatz”; about 10 minutes’ walk from "
            "Lindenhain station.",
            "Автобуси № 3 і 7 до зупинки «Marktplatz»; від вокзалу Лінденгайна близько "
            "10 хвилин пішки.",
            "الحافلتان رقم 3 و7 حتى موقف «Marktplatz»؛ ونحو 10 دقائق سيرًا على الأقدام من "
            "محطة قطار ليندنهاين.",
        ),
    },
}

# Organisations by German name. A translated name always differs from the German one: the
# demo's loaders look organisations up by name. Abbreviations (short names) stay.
ORGANISATIONS = {
    "Stadt Lindenhain": {
        "name": ("Town of Lindenhain", "Місто Лінденгайн", "مدينة ليندنهاين"),
    },
    "Landkreis Auenwald – Fachbereich Migration und Integration": {
        "name": (
            "District of Auenwald – Department of Migration and Integration",
            "Район Ауенвальд – відділ міграції та інтеграції",
            "مقاطعة آوِنفالد – قسم الهجرة والاندماج",
        ),
        "short_name": ("Migration Department", "Відділ міграції", "قسم الهجرة"),
    },
    "Caritasverband Auenwald e.V.": {
        "name": (
            "Caritas Auenwald – Catholic welfare association",
            "Карітас Ауенвальд – католицька благодійна спілка",
            "كاريتاس آوِنفالد – جمعية خيرية كاثوليكية",
        ),
    },
    "Diakonisches Werk Auenwald": {
        "name": (
            "Diakonie Auenwald – Protestant welfare service",
            "Дияконія Ауенвальд – євангельська соціальна служба",
            "دياكوني آوِنفالد – خدمة اجتماعية إنجيلية",
        ),
    },
    "DRK-Kreisverband Auenwald e.V.": {
        "name": (
            "German Red Cross – Auenwald district branch",
            "Німецький Червоний Хрест – осередок району Ауенвальд",
            "الصليب الأحمر الألماني – فرع مقاطعة آوِنفالد",
        ),
    },
    "AWO Kreisverband Auenwald e.V.": {
        "name": (
            "Workers’ Welfare Association – Auenwald district branch",
            "Робітнича благодійна спілка – осередок району Ауенвальд",
            "جمعية رعاية العمال – فرع مقاطعة آوِنفالد",
        ),
    },
    "Freiwilligenagentur Lindenhain": {
        "name": (
            "Lindenhain Volunteer Agency",
            "Волонтерська агенція Лінденгайна",
            "وكالة التطوع في ليندنهاين",
        ),
    },
    "Volkshochschule Auenwald": {
        "name": (
            "Auenwald Adult Education Centre",
            "Народний університет Ауенвальд – освіта для дорослих",
            "مركز تعليم الكبار في آوِنفالد",
        ),
    },
    "Jobcenter Landkreis Auenwald": {
        "name": (
            "Jobcentre of the District of Auenwald",
            "Центр зайнятості району Ауенвальд",
            "مركز العمل (جوب سنتر) في مقاطعة آوِنفالد",
        ),
    },
    "Helferkreis Asyl Brunnhausen": {
        "name": (
            "Brunnhausen refugee support group",
            "Група допомоги біженцям у Бруннгаузені",
            "مجموعة مساعدة اللاجئين في برونهاوزن",
        ),
    },
}

# Contact persons by (first name, last name); names, phone numbers and e-mail stay. The
# languages they speak are translated word by word (LANGUAGE_NAMES).
CONTACTS = {
    ("Miriam", "Brandt"): {
        "role": (
            "Coordinator for volunteers in refugee aid",
            "Координаторка волонтерської допомоги біженцям",
            "منسّقة العمل التطوعي في مساعدة اللاجئين",
        ),
        "department": (
            "Social Services Department",
            "Управління соціальних справ",
            "دائرة الشؤون الاجتماعية",
        ),
        "room": ("Room 214", "Кімната 214", "الغرفة 214"),
    },
    ("Dorothea", "Kranich"): {
        "role": ("Head of department", "Керівниця відділу", "رئيسة القسم"),
    },
    ("Selin", "Okonkwo-Berg"): {
        "role": (
            "District coordinator for refugee work",
            "Районна координаторка роботи з біженцями",
            "منسّقة العمل مع اللاجئين في المقاطعة",
        ),
    },
    ("Tarik", "Lindqvist"): {
        "role": ("Integration officer", "Уповноважений з питань інтеграції", "مسؤول شؤون الاندماج"),
    },
    ("Jonas", "Perlich"): {
        "role": ("Migration service", "Міграційна служба", "خدمة الهجرة"),
    },
    ("Holger", "Quast"): {
        "role": (
            "Spokesperson of the support group",
            "Речник групи допомоги",
            "المتحدث باسم مجموعة المساعدة",
        ),
    },
}

LANGUAGE_NAMES = {
    "Deutsch": ("German", "німецька", "الألمانية"),
    "Englisch": ("English", "англійська", "الإنجليزية"),
    "Französisch": ("French", "французька", "الفرنسية"),
    "Arabisch": ("Arabic", "арабська", "العربية"),
    "Ukrainisch": ("Ukrainian", "українська", "الأوكرانية"),
    "Russisch": ("Russian", "російська", "الروسية"),
    "Türkisch": ("Turkish", "турецька", "التركية"),
    "Polnisch": ("Polish", "польська", "البولندية"),
    "Persisch": ("Persian", "перська", "الفارسية"),
    "Farsi": ("Farsi", "фарсі", "الفارسية"),
    "Dari": ("Dari", "дарі", "الدرية"),
    "Kurdisch": ("Kurdish", "курдська", "الكردية"),
}

# The roles of the network's seats (inline rows of the page: shown instead of the person's).
MEMBERSHIP_ROLES = {
    "Vorsitz": ("Chair", "Голова", "الرئاسة"),
    "Geschäftsführung": ("Management", "Ведення справ", "إدارة الأعمال"),
    "Integrationsbeauftragter": (
        "Integration officer",
        "Уповноважений з питань інтеграції",
        "مسؤول شؤون الاندماج",
    ),
    "für die Wohlfahrtsverbände": (
        "for the welfare associations",
        "від благодійних організацій",
        "عن جمعيات الرعاية الاجتماعية",
    ),
    "für die ehrenamtlichen Helferkreise": (
        "for the volunteer support groups",
        "від волонтерських груп допомоги",
        "عن مجموعات المتطوعين",
    ),
    "Mitglied": ("Member", "Член", "عضو"),
}

# Every topic the demo creates (offices, networks, events, offers, library), by German name.
TOPIC_NAMES = {
    "Alltag": ("Everyday life", "Повсякденне життя", "الحياة اليومية"),
    "Arbeit": ("Work", "Робота", "العمل"),
    "Arbeit und Ausbildung": (
        "Work and training",
        "Робота і професійне навчання",
        "العمل والتدريب المهني",
    ),
    "Begegnung": ("Meeting people", "Зустрічі та знайомства", "اللقاء والتعارف"),
    "Behörden": ("Public offices", "Державні установи", "الدوائر الرسمية"),
    "Beratung": ("Advice", "Консультації", "الاستشارة"),
    "Bildung": ("Education", "Освіта", "التعليم"),
    "Ehrenamt": ("Volunteering", "Волонтерство", "العمل التطوعي"),
    "Gesundheit": ("Health", "Здоров’я", "الصحة"),
    "Integration": ("Integration", "Інтеграція", "الاندماج"),
    "Newsletter": ("Newsletter", "Розсилка новин", "النشرة الإخبارية"),
    "Qualifizierung": ("Training", "Підвищення кваліфікації", "التأهيل"),
    "Soziale Betreuung": ("Social care", "Соціальний супровід", "الرعاية الاجتماعية"),
    "Sport": ("Sport", "Спорт", "الرياضة"),
    "Sprache": ("Language", "Мова", "اللغة"),
    "Sprache und Bildung": ("Language and education", "Мова та освіта", "اللغة والتعليم"),
    "Vernetzung": ("Networking", "Співпраця і зв’язки", "التشبيك"),
    "Wohnen": ("Housing", "Житло", "السكن"),
}


def _source_pages(home):
    """German slug key → German page, in tree order (parents before children)."""
    from wagtail_ehrenamt.models import CoordinationOfficeIndexPage, CoordinationOfficePage

    pages = {"": home}
    for slug in ("termine", "koordinierungsstellen", "netzwerk-fluechtlinge"):
        page = home.get_children().filter(slug=slug).first()
        if page is not None:
            pages[slug] = page.specific
    index = pages.get("koordinierungsstellen")
    if isinstance(index, CoordinationOfficeIndexPage):
        office = CoordinationOfficePage.objects.child_of(index).live().order_by("path").first()
        if office is not None:
            pages["office"] = office
    return pages


# The texts of the demo's translated office (Lindenhain), per language.
OFFICE_SLUG = "koordinierungsstelle-lindenhain"
OFFICE_TEXTS = {
    "en": {
        "title": "Coordination office for volunteers in refugee aid, Lindenhain",
        "summary": "Advises initiatives and volunteers, connects them with sports clubs, "
        "culture and neighbourhood groups and organises round tables.",
        "funding_note": "Funded for a limited period by the State of Hesse, co-funded by the "
        "district.",
        "body": [
            ("heading", {"text": "What we do", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Advice for initiatives and volunteers</li>"
                "<li>Links with sports clubs, culture and neighbourhood groups</li>"
                "<li>Round tables and meetings</li>"
                "<li>Training, together with the volunteer centre's clearing office</li></ul>",
            ),
        ],
    },
    "uk": {
        "title": "Координаційний центр волонтерської допомоги біженцям, Лінденгайн",
        "summary": "Консультує ініціативи та волонтерів, поєднує їх зі спортивними клубами, "
        "культурою та сусідськими групами й організовує круглі столи.",
        "funding_note": "Тимчасово фінансується землею Гессен, співфінансується районом.",
        "body": [
            ("heading", {"text": "Наші завдання", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Консультації для ініціатив і волонтерів</li>"
                "<li>Зв’язки зі спортивними клубами, культурою та сусідськими групами</li>"
                "<li>Круглі столи та зустрічі</li>"
                "<li>Навчання разом із центром волонтерів</li></ul>",
            ),
        ],
    },
    "ar": {
        "title": "مكتب تنسيق التطوع في مساعدة اللاجئين، ليندنهاين",
        "summary": "يقدّم المشورة للمبادرات والمتطوعين، ويربطهم بالأندية الرياضية والثقافة "
        "ومجموعات الحي، وينظّم الطاولات المستديرة.",
        "funding_note": "بتمويل مؤقت من ولاية هيسن وتمويل مشترك من المقاطعة.",
        "body": [
            ("heading", {"text": "مهامنا", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>تقديم المشورة للمبادرات والمتطوعين</li>"
                "<li>التواصل مع الأندية الرياضية والثقافة ومجموعات الحي</li>"
                "<li>طاولات مستديرة ولقاءات</li>"
                "<li>دورات تدريبية بالتعاون مع مركز المتطوعين</li></ul>",
            ),
        ],
    },
}


# The network page's own texts besides its title and introduction, per language.
NETWORK_SLUG = "netzwerk-fluechtlinge"
NETWORK_TEXTS = {
    "en": {
        "convener_note": "The steering group agrees on the basic questions of working together.",
        "structure_alt_text": "The district working group “Refugee network” is convened by the "
        "district's department of migration and integration and steered by a steering group. "
        "It works in six expert teams: social care in shared accommodation; housing; "
        "engagement and volunteering; education; training and work; health care and "
        "psychosocial support. Below them is the networking platform for volunteers with six "
        "topics, organised by the municipal coordination offices.",
    },
    "uk": {
        "convener_note": "Керівна група узгоджує основні питання співпраці.",
        "structure_alt_text": "Робочу групу району «Мережа допомоги біженцям» скликає відділ "
        "міграції та інтеграції району, а керує нею керівна група. Вона працює в шести "
        "експертних командах: соціальний супровід у спільному житлі; житло; волонтерство; "
        "виховання та освіта; навчання та робота; медична й психосоціальна допомога. Під ними "
        "— платформа для волонтерів із шістьма темами, яку організовують місцеві "
        "координаційні центри.",
    },
    "ar": {
        "convener_note": "تتفق مجموعة التوجيه على المسائل الأساسية للعمل المشترك.",
        "structure_alt_text": "يدعو قسم الهجرة والاندماج في المقاطعة إلى انعقاد مجموعة عمل "
        "المقاطعة «شبكة اللاجئين»، وتوجّهها مجموعة توجيه. تعمل في ستة فرق خبراء: الرعاية "
        "الاجتماعية في السكن المشترك؛ السكن؛ المشاركة والتطوع؛ التربية والتعليم؛ التدريب "
        "والعمل؛ الرعاية الصحية والدعم النفسي الاجتماعي. وتحتها منصة التواصل للمتطوعين بستة "
        "مواضيع، تنظّمها مكاتب التنسيق في البلديات.",
    },
}


def _translate(page, locale, title, intro, description):
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale)
    translated = translated.specific
    if title:
        translated.title = title
    if intro is not None and hasattr(translated, "intro"):
        translated.intro = intro
    if description is not None:
        translated.search_description = description
    if hasattr(translated, "body") and page.depth == 2:
        translated.body = []  # the home page's "next dates" block points at the German calendar
    own_texts = {OFFICE_SLUG: OFFICE_TEXTS, NETWORK_SLUG: NETWORK_TEXTS}.get(page.slug, {})
    for name, value in own_texts.get(locale.language_code, {}).items():
        setattr(translated, name, value)
    index = SNIPPET_LANGUAGES.index(locale.language_code)
    for relation in ("steering_members", "network_members"):
        if hasattr(translated, relation):  # a network's seats: their roles are page text
            rows = list(getattr(translated, relation).all())
            for row in rows:
                if row.role in MEMBERSHIP_ROLES:
                    row.role = MEMBERSHIP_ROLES[row.role][index]
            setattr(translated, relation, rows)
    translated.save_revision().publish()
    return translated


def _alias_children(source_parent, translated_parent, locale):
    """Untranslated children (events) as aliases below the translated page."""
    for child in source_parent.get_children().live():
        if child.get_translation_or_none(locale) is None:
            child.specific.copy_for_translation(locale, alias=True)


def _unique(objects, locale_id):
    """The objects that are there and in ``locale_id``, each once, in order."""
    found = {}
    for obj in objects:
        if obj is not None and obj.locale_id == locale_id:
            found.setdefault(obj.pk, obj)
    return list(found.values())


def _shown_snippets(sources, locale_id):
    """The German snippets the translated pages show, in the order they are translated:
    municipalities and places before the organisations and contact persons pointing at them."""
    from wagtail_ehrenamt.models import Municipality, NetworkPage

    municipalities = list(
        Municipality.objects.filter(locale_id=locale_id, slug__in=MUNICIPALITY_NAMES)
    )
    places, organisations, contacts = [], [], []
    office = sources.get("office")
    if office is not None:
        municipalities += office.municipalities.all()
        places.append(office.location)
        organisations.append(office.responsible_body)
        contacts += [row.contact for row in office.office_contacts.select_related("contact")]
    network = sources.get("netzwerk-fluechtlinge")
    if isinstance(network, NetworkPage):
        organisations.append(network.convened_by_organisation)
        for row in [*network.steering_members.all(), *network.network_members.all()]:
            contacts.append(row.contact)
            organisations.append(row.organisation)
    organisations += [contact.organisation for contact in contacts if contact is not None]
    places += [organisation.location for organisation in organisations if organisation]
    municipalities += [place.municipality for place in places if place is not None]
    return [
        _unique(objects, locale_id) for objects in (municipalities, places, organisations, contacts)
    ]


def _snippet_texts(snippet, code):
    """The translated fields of a demo snippet in language ``code`` (None: no demo text)."""
    from wagtail_ehrenamt.models import ContactPerson, Location, Municipality, Organisation

    if isinstance(snippet, Municipality):
        entry = (
            {"name": MUNICIPALITY_NAMES[snippet.slug]}
            if snippet.slug in MUNICIPALITY_NAMES
            else None
        )
    elif isinstance(snippet, Location):
        entry = PLACES.get(snippet.name)
    elif isinstance(snippet, Organisation):
        entry = ORGANISATIONS.get(snippet.name)
    elif isinstance(snippet, ContactPerson):
        entry = CONTACTS.get((snippet.first_name, snippet.last_name))
    else:
        entry = None
    if entry is None:
        return None
    index = SNIPPET_LANGUAGES.index(code)
    fields = {field: values[index] for field, values in entry.items()}
    if isinstance(snippet, ContactPerson) and snippet.languages:
        words = [word.strip() for word in snippet.languages.split(",") if word.strip()]
        fields["languages"] = ("، " if code == "ar" else ", ").join(
            LANGUAGE_NAMES[word][index] if word in LANGUAGE_NAMES else word for word in words
        )
    return fields


def _translate_snippet(snippet, locale, fields):
    """A published translation of ``snippet`` with ``fields``; None if there is one already.

    Its links to other translatable snippets (a place's municipality, a person's
    organisation) point at their translation in the same language where there is one."""
    if snippet.get_translation_or_none(locale) is not None:
        return None
    translated = snippet.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    for field in translated._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, TranslatableMixin):
            target = getattr(translated, field.name)
            if target is not None and target.locale_id != locale.pk:
                setattr(translated, field.name, target.get_translation_or_none(locale) or target)
    translated.save()
    if isinstance(translated, DraftStateMixin):
        translated.save_revision().publish()
    return translated


def _translate_snippets(snippets, locale):
    """Translate the (German) ``snippets`` that have demo texts; the number created."""
    created = 0
    for snippet in snippets:
        if not getattr(snippet, "live", True):
            continue  # a draft is not shown, nor would its translation be
        fields = _snippet_texts(snippet, locale.language_code)
        if fields is not None and _translate_snippet(snippet, locale, fields) is not None:
            created += 1
    return created


def _name_topics(code):
    """A name in language ``code`` for each demo topic that has none yet; the number added."""
    from wagtail_ehrenamt.models import Topic, TopicName

    index = SNIPPET_LANGUAGES.index(code)
    created = 0
    for topic in Topic.objects.filter(name__in=TOPIC_NAMES):
        _name, new = TopicName.objects.get_or_create(
            topic=topic, language=code, defaults={"name": TOPIC_NAMES[topic.name][index]}
        )
        created += new
    return created


def _all_names(table):
    names = set(table)
    for entry in table.values():
        names.update(entry["name"])
    return names


def _reset_snippets(default):
    """Delete the demo snippets' translations (also those whose German snippet the other
    loaders' reset deleted already) and the demo topics' names."""
    from wagtail_ehrenamt.models import (
        ContactPerson,
        Location,
        Municipality,
        Organisation,
        TopicName,
    )

    people = Q(pk__in=[])
    for first_name, last_name in CONTACTS:
        people |= Q(first_name=first_name, last_name=last_name)
    for model, demo in (
        (ContactPerson, people),
        (Organisation, Q(name__in=_all_names(ORGANISATIONS))),
        (Location, Q(name__in=_all_names(PLACES))),
        (Municipality, Q(slug__in=MUNICIPALITY_NAMES)),
    ):
        keys = model.objects.filter(demo, locale=default).values("translation_key")
        model.objects.exclude(locale=default).filter(demo | Q(translation_key__in=keys)).delete()
    TopicName.objects.filter(topic__name__in=TOPIC_NAMES).delete()


def load(context, reset=False):
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    home = context.root
    default = home.locale
    if reset:
        for page in Page.objects.filter(depth=home.depth).exclude(locale=default):
            if page.get_translation_or_none(default) is not None:
                page.delete()
        _reset_snippets(default)
    languages = dict(get_content_languages())
    sources = _source_pages(home)
    snippets = _shown_snippets(sources, default.pk)
    counts = []
    for code, texts in TEXTS.items():
        if code not in languages or code == default.language_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        created = sum(_translate_snippets(group, locale) for group in snippets)
        counts.append(f"{code} {created} snippets, {_name_topics(code)} topic names")
        for key, page in sources.items():
            title, intro, description = texts.get(key, (None, None, None))
            translated = _translate(page, locale, title, intro, description)
            if key == "termine":
                _alias_children(page, translated, locale)
    context.log(
        "Translations: English, Ukrainian, Arabic versions of the main pages and the snippets "
        f"they show (new: {'; '.join(counts) or 'none'})."
    )
