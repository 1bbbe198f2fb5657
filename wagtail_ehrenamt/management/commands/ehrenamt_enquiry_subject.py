"""Data subject requests (DSGVO Art. 15 and 17) for volunteer enquiries.

The person is found by e-mail address, name and/or phone number (any of them matches):

manage.py ehrenamt_enquiry_subject export person@example.org > auskunft.json
manage.py ehrenamt_enquiry_subject export --name "Erika Muster" --phone "06621 17320"
manage.py ehrenamt_enquiry_subject erase person@example.org --phone "+49 6621 17320" --dry-run
manage.py ehrenamt_enquiry_subject erase --name "Erika Muster" [--dry-run]
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from wagtail_ehrenamt.models import VolunteerEnquiry
from wagtail_ehrenamt.models.engagement import normalise_phone


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
        "Export (as JSON) or erase all volunteer enquiries of one person, found by e-mail "
        "address (case-insensitive), name (case and spaces ignored) and/or phone number "
        "(however it is written: +49 6621 17-320 = 06621/17320). An enquiry matching any of "
        "them is included; check the list of --dry-run before erasing by name."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email", nargs="?", default="", help="the person's e-mail address")
        parser.add_argument("--email", dest="email_option", default="", help="e-mail address")
        parser.add_argument("--name", default="", help="the person's full name")
        parser.add_argument("--phone", default="", help="the person's phone number")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="erase: only list the enquiries that would be deleted.",
        )

    def handle(self, *args, action, email, email_option, name, phone, dry_run=False, **options):
        email = (email or email_option or "").strip()
        name, phone = (name or "").strip(), (phone or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"Not an e-mail address: {email!r}")
        if not (email or name or phone):
            raise CommandError("Give an e-mail address, --name or --phone.")
        if phone and len(normalise_phone(phone)) < 5:
            raise CommandError(f"Not a phone number: {phone!r}")
        enquiries = (
            VolunteerEnquiry.objects.for_person(email=email, name=name, phone=phone)
            .select_related("office", "offer", "municipality")
            .prefetch_related("status_changes")
            .order_by("created_at")
        )
        wanted = ", ".join(value for value in (email, name, phone) if value)
        if action == "export":
            data = {
                "email": email,
                "name": name,
                "phone": phone,
                "enquiries": [enquiry_as_dict(e) for e in enquiries],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        found = list(enquiries)
        if dry_run:
            self.stdout.write(f"Would delete {len(found)} enquiries of {wanted}:")
            for enquiry in found:
                self.stdout.write(
                    f"  {enquiry} ({enquiry.created_at:%Y-%m-%d}, "
                    f"{enquiry.office.title if enquiry.office else '-'}): "
                    f"{enquiry.name or '-'}, {enquiry.email or '-'}, {enquiry.phone or '-'}"
                )
            return
        with transaction.atomic():
            VolunteerEnquiry.objects.filter(pk__in=[e.pk for e in found]).delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {len(found)} enquiries of {wanted}."))
