"""Synchronise the partner calendars (ExternalCalendar snippets) with their iCal feeds.

Meant for cron (e.g. every hour). Each active calendar is synchronised on its own: a broken
feed is recorded on its calendar and the others go on. Exit status 1 if any failed.
"""

from django.core.management.base import BaseCommand, CommandError

from wagtail_ehrenamt.partner_calendars.sync import due_calendars, sync_calendar


class Command(BaseCommand):
    help = (
        "Import and merge the iCal feeds of the active partner calendars "
        "(--calendar ID for one, also an inactive one; --dry-run to only report)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--calendar", type=int, help="Only the partner calendar with this ID.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Download and read the feeds, report what would change, change nothing.",
        )

    def handle(self, *args, calendar=None, dry_run=False, **options):
        calendars = list(due_calendars(calendar))
        if calendar is not None and not calendars:
            raise CommandError(f"There is no partner calendar with the ID {calendar}.")
        failed = 0
        for external in calendars:
            result = sync_calendar(external, dry_run=dry_run)
            prefix = "[dry run] " if dry_run else ""
            line = f"{prefix}{external.pk} {external.name}: {result.summary()}"
            if result.status == "error":
                failed += 1
                self.stderr.write(line)
            else:
                self.stdout.write(line)
            for problem in result.problems:
                self.stdout.write(f"  - {problem}")
        if failed:
            raise CommandError(f"{failed} of {len(calendars)} partner calendars failed.")
