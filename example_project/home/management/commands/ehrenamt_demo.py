from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from example_project.demo import load_demo
from wagtail_ehrenamt.links import absolute_url


class Command(BaseCommand):
    help = (
        "Load the demo content (fictional Landkreis Auenwald) under the default site's root "
        "page. Safe to run twice; --reset rebuilds it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo content first.")
        parser.add_argument(
            "--no-translations",
            dest="translations",
            action="store_false",
            help="German pages only (no English, Ukrainian and Arabic translations).",
        )

    def handle(self, *args, reset=False, translations=True, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("There is no default Wagtail site to put the demo content in.")
        load_demo(
            site.root_page.specific, stdout=self.stdout, reset=reset, translations=translations
        )
        address = absolute_url(site.root_page)  # no request: the Site record's address
        self.stdout.write(self.style.SUCCESS(f"Demo content ready under {address}"))
