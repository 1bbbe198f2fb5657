"""Move the occurrence table's window on to today (run daily, e.g. by cron at 03:00).

The listings read the dates of the events from the occurrence table, which holds
OCCURRENCE_PAST_DAYS before today to OCCURRENCE_FUTURE_DAYS after it. This command rewrites
the table for today's window. Safe to run at any time and any number of times; a listing
that finds the table behind extends it too, so a missed run only makes one request slower.
"""

from django.core.management.base import BaseCommand

from wagtail_ehrenamt.events import occurrence_table
from wagtail_ehrenamt.models import EventOccurrence


class Command(BaseCommand):
    help = (
        "Rewrite the occurrence table (the dates the calendar listings read) for today's "
        "window. Idempotent; run it daily from cron."
    )

    def handle(self, *args, **options):
        window = occurrence_table.extend()
        self.stdout.write(
            f"Occurrence table: {EventOccurrence.objects.count()} dates from "
            f"{window.first_date.isoformat()} to {window.last_date.isoformat()}."
        )
