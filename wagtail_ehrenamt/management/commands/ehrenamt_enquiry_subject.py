"""Data subject requests (DSGVO Art. 15 and 17) for volunteer enquiries, by e-mail address.

manage.py ehrenamt_enquiry_subject export person@example.org > auskunft.json
manage.py ehrenamt_enquiry_subject erase person@example.org [--dry-run]
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from wagtail_ehrenamt.models import VolunteerEnquiry


def enquiry_as_dict(enquiry):
    return {
        "reference": str(enquiry),
        "received": enquiry.created_at.isoformat(),
        "status": enquiry.get_status_display(),
        "office": enquiry.office.title if enquiry.office else None,
        "offer": enquiry.offer.title if enquiry.offer else None,
        "municipality": enquiry.municipality.name if enquiry.municipality else None,
        "name": enquiry.name,
        "email": enquiry.email,
        "phone": enquiry.phone,
        "interests": enquiry.interest_labels,
        "languages": enquiry.language_labels,
        "availability": enquiry.availability,
        "message": enquiry.message,
        "consent_given": enquiry.consent_at.isoformat() if enquiry.consent_at else None,
        "internal_note": enquiry.internal_note,
        "closed": enquiry.closed_at.isoformat() if enquiry.closed_at else None,
        "status_history": [
            {
                "changed": change.changed_at.isoformat(),
                "from": change.get_from_status_display(),
                "to": change.get_to_status_display(),
                "note": change.note,
            }
            for change in enquiry.status_changes.all()
        ],
    }


class Command(BaseCommand):
    help = (
        "Export (as JSON) or erase all volunteer enquiries of one person, found by their "
        "e-mail address (case-insensitive)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument(
            "--dry-run", action="store_true", help="erase: only report what would be deleted."
        )

    def handle(self, *args, action, email, dry_run=False, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"Not an e-mail address: {email!r}")
        enquiries = (
            VolunteerEnquiry.objects.for_email(email)
            .select_related("office", "offer", "municipality")
            .prefetch_related("status_changes")
            .order_by("created_at")
        )
        if action == "export":
            data = {
                "email": email.strip(),
                "enquiries": [enquiry_as_dict(e) for e in enquiries],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        count = enquiries.count()
        if dry_run:
            self.stdout.write(f"Would delete {count} enquiries of {email.strip()}.")
            return
        with transaction.atomic():
            enquiries.delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} enquiries of {email.strip()}."))
