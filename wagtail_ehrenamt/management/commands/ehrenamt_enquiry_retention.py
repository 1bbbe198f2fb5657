"""Anonymise (or delete) volunteer enquiries closed longer than ENQUIRY_RETENTION_DAYS.

Safe to schedule (e.g. daily by cron or a systemd timer): it only touches enquiries that are
closed, past the retention period and not yet anonymised, so running it twice changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail_ehrenamt.conf import get_setting
from wagtail_ehrenamt.models import VolunteerEnquiry


class Command(BaseCommand):
    help = (
        "Anonymise volunteer enquiries that were closed more than ENQUIRY_RETENTION_DAYS "
        "days ago (--delete removes them instead). Idempotent; safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete the enquiries (with their status history) instead of anonymising them.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report what would be done."
        )

    def handle(self, *args, delete=False, dry_run=False, **options):
        now = timezone.now()
        days = get_setting("ENQUIRY_RETENTION_DAYS")
        due = VolunteerEnquiry.objects.due_for_retention(now)
        if delete:
            # Enquiries anonymised earlier are deleted as well once --delete is used.
            due = VolunteerEnquiry.objects.filter(
                status="closed", closed_at__lt=now - timezone.timedelta(days=days)
            )
        count = due.count()
        action = "delete" if delete else "anonymise"
        if dry_run:
            self.stdout.write(f"Would {action} {count} enquiries closed more than {days} days ago.")
            return
        with transaction.atomic():
            if delete:
                due.delete()
            else:
                for enquiry in due.select_for_update():
                    enquiry.anonymise(now=now)
        past = "deleted" if delete else "anonymised"
        self.stdout.write(
            self.style.SUCCESS(f"{count} enquiries closed more than {days} days ago {past}.")
        )
