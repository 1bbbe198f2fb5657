"""Prepare the example site: home page as site root, demo content, an admin login."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from example_project.home.models import HomePage

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "ehrenamt-demo"
DEMO_HOST, DEMO_PORT = "127.0.0.1", 8000
DEMO_HOST, DEMO_PORT = "127.0.0.1", 8000

HOME_INTRO = (
    "<p>Willkommen beim Ehrenamt in der Flüchtlingshilfe im Landkreis Auenwald. Hier finden "
    "Sie die Koordinierungsstellen in Ihrer Stadt oder Gemeinde, das Netzwerk Flüchtlinge mit "
    "seinen Kompetenzteams, alle Termine zum Abonnieren und Möglichkeiten, selbst mitzumachen.</p>"
)


class Command(BaseCommand):
    help = "Set up the example site with demo content and an admin user (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Rebuild the demo content.")
        parser.add_argument(
            "--no-translations",
            dest="translations",
            action="store_false",
            help="German pages only (no English, Ukrainian and Arabic translations).",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, translations=True, **options):
        home = ensure_home_page()
        call_command("ehrenamt_demo", reset=reset, translations=translations, stdout=self.stdout)
        show_next_dates(home)
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username=ADMIN_USERNAME, defaults={"email": "admin@auenwald.example"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(ADMIN_PASSWORD)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"Home page: {home.url}"))


def show_next_dates(home):
    """The home page shows the calendar's next dates (the package's UpcomingEventsBlock)."""
    from wagtail_ehrenamt.models import EventCalendarPage

    home = HomePage.objects.get(pk=home.pk)  # fresh: the demo has just added its children
    calendar = EventCalendarPage.objects.live().descendant_of(home).first()
    if calendar is None:
        return
    current = [
        block.value.get("calendar") for block in home.body if block.block_type == "upcoming_events"
    ]  # noqa: E501
    if current and current[0] is not None and current[0].pk == calendar.pk:
        return  # already set up: re-running adds no revision
    home.body = [
        (
            "upcoming_events",
            {"heading": "Nächste Termine", "calendar": calendar, "limit": 4},
        )
    ]
    home.save_revision().publish()


def ensure_home_page():
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    Locale.objects.get_or_create(language_code="de")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = root.get_children().filter(slug="home").first()
        if welcome is not None and not isinstance(welcome.specific, HomePage):
            welcome.slug = "willkommen-alt"
            welcome.save()
        home = HomePage(
            title="Ehrenamt in der Flüchtlingshilfe",
            slug="home",
            intro=HOME_INTRO,
            locale=Locale.get_default(),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        if welcome is not None and not isinstance(welcome.specific, HomePage):
            Site.objects.filter(root_page=welcome).update(root_page=home)
            welcome.delete()
    # Absolute links (feed subscriptions, e-mails) use the site's address: the demo server's.
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": DEMO_HOST,
            "port": DEMO_PORT,
            "root_page": home,
            "site_name": "Landkreis Auenwald",
        },
    )
    return home
