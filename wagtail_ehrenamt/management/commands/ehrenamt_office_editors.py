"""Set up the editor group of one coordination office (safe to run again)."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_ehrenamt.directory.office_editors import (
    DEFAULT_REVIEWERS,
    find_office,
    setup_office_editors,
)
from wagtail_ehrenamt.models import CoordinationOfficePage


class Command(BaseCommand):
    help = (
        "Set up an editor group for one office: its page, its events, contact persons and "
        "places, its inbox and a collection. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("office", help="id or slug of the coordination office page")
        parser.add_argument(
            "--workflow",
            action="store_true",
            help="editors submit changes for approval ('Freigabe durch Kreis') instead of "
            "publishing; without it an approval set up earlier is removed",
        )
        parser.add_argument(
            "--reviewers",
            default=DEFAULT_REVIEWERS,
            help=f"group that approves with --workflow (default: {DEFAULT_REVIEWERS})",
        )

    def handle(self, office, workflow, reviewers, **options):
        try:
            page = find_office(office)
        except CoordinationOfficePage.DoesNotExist:
            raise CommandError(f"No coordination office with id or slug {office!r}.") from None
        except CoordinationOfficePage.MultipleObjectsReturned:
            raise CommandError(f"Several offices have the slug {office!r}; use the id.") from None
        setup, created = setup_office_editors(page, workflow=workflow, reviewers=reviewers)
        verb = "Created" if created else "Checked"
        self.stdout.write(
            f"{verb} group {setup.group.name!r} (id {setup.group.pk}) for {page.title!r}; "
            f"collection {setup.collection.name!r}; "
            f"approval: {setup.workflow.name if setup.workflow else 'none'}."
        )
