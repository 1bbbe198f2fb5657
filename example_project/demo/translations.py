"""Demo translations: English, Ukrainian and Arabic versions of the demo's main pages.

The home page, the calendar, the directory of coordination offices, one office and the
refugee network are translated by hand (short texts, no machine translation). Everything
else stays German: the translated calendar lists the German events as aliases, the way
wagtail-localize's tree synchronisation (and Wagtail's simple translation) show pages not
translated yet; they are served in German with a note in the visitor's language.

One entry point, ``load(context, reset=False)``, called last by ``load_demo``. Safe to run
twice; ``reset`` deletes the translated trees first. Does nothing when the site has not
switched on Wagtail's internationalisation (``WAGTAIL_I18N_ENABLED``) or does not offer the
languages (``WAGTAIL_CONTENT_LANGUAGES``).
"""

from django.conf import settings
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

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
    translated.save_revision().publish()
    return translated


def _alias_children(source_parent, translated_parent, locale):
    """Untranslated children (events) as aliases below the translated page."""
    for child in source_parent.get_children().live():
        if child.get_translation_or_none(locale) is None:
            child.specific.copy_for_translation(locale, alias=True)


def load(context, reset=False):
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    home = context.root
    default = home.locale
    if reset:
        for page in Page.objects.filter(depth=home.depth).exclude(locale=default):
            if page.get_translation_or_none(default) is not None:
                page.delete()
    languages = dict(get_content_languages())
    sources = _source_pages(home)
    for code, texts in TEXTS.items():
        if code not in languages or code == default.language_code:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        for key, page in sources.items():
            title, intro, description = texts.get(key, (None, None, None))
            translated = _translate(page, locale, title, intro, description)
            if key == "termine":
                _alias_children(page, translated, locale)
    context.log("Translations: English, Ukrainian, Arabic versions of the main pages.")
