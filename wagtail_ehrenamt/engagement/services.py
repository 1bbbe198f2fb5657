"""Routing, rate limiting and e-mail notifications for volunteer enquiries."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Site

from ..conf import get_setting
from ..models.directory import CoordinationOfficePage
from ..visibility import visible_pages

logger = logging.getLogger(__name__)

INSPECT_URL_NAME = "wagtail_ehrenamt_volunteerenquiry_modeladmin_inspect"


def responsible_office(municipality, offer=None):
    """The office an enquiry goes to.

    1. the office responsible for the offer, if the enquiry is about one;
    2. an office whose municipalities include ``municipality`` (local before county-wide);
    3. a county-wide office.

    Only visible offices (live, no view restriction): the volunteer's confirmation names
    the office, so it must be one they may see.
    """
    offices = visible_pages(CoordinationOfficePage.objects.all())
    if offer is not None and offer.office_id:
        office = offices.filter(pk=offer.office_id).first()
        if office is not None:
            return office
    if municipality is not None:
        office = (
            offices.filter(municipalities=municipality).order_by("is_county_wide", "path").first()
        )
        if office is not None:
            return office
    return offices.filter(is_county_wide=True).order_by("path").first()


def client_address(request):
    header = get_setting("ENQUIRY_CLIENT_ADDRESS_HEADER")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _rate_key(request):
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}:{client_address(request)}".encode()
    ).hexdigest()[:32]
    return f"wagtail_ehrenamt:enquiry-rate:{digest}"


def _slot_keys(request):
    key = _rate_key(request)
    return [f"{key}:{n}" for n in range(get_setting("ENQUIRY_RATE_LIMIT"))]


def rate_limited(request):
    """True when this client address already sent the allowed number of enquiries."""
    keys = _slot_keys(request)
    return len(cache.get_many(keys)) >= len(keys)


def count_submission(request):
    """Take one of this client address's enquiry slots; False when all are taken.

    Each of the ``ENQUIRY_RATE_LIMIT`` slots is a cache key that ``cache.add`` creates for
    ``ENQUIRY_RATE_LIMIT_PERIOD`` seconds. ``add`` is atomic in the shared cache backends
    (database, Redis, Memcached) where ``get`` + ``incr`` is not (Django's database cache
    increments with a read and a write), so however many processes accept enquiries at once,
    at most the limit passes in any period.
    """
    period = get_setting("ENQUIRY_RATE_LIMIT_PERIOD")
    return any(cache.add(key, 1, timeout=period) for key in _slot_keys(request))


def admin_inspect_url(enquiry):
    try:
        path = reverse(INSPECT_URL_NAME, args=[enquiry.pk])
    except NoReverseMatch:  # the inbox is not registered
        return ""
    return f"{admin_base_url().rstrip('/')}{path}"


def admin_base_url():
    """The admin's address for e-mails (made without a request): Wagtail's
    ``WAGTAILADMIN_BASE_URL``, else the default ``Site`` record's address."""
    base = get_admin_base_url()
    if not base:
        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site is not None else ""
    return base


def _from_email():
    return get_setting("ENQUIRY_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL


def notify_office(enquiry):
    """Tell the office there is a new enquiry: a link to the admin, no personal data."""
    office = enquiry.office
    recipient = (office.email if office is not None else "") or get_setting(
        "ENQUIRY_FALLBACK_EMAIL"
    )
    if not recipient:
        logger.warning("Volunteer enquiry %s: no office e-mail address to notify.", enquiry.pk)
        return False
    context = {
        "enquiry": enquiry,
        "office": office,
        "offer": enquiry.offer,
        "admin_url": admin_inspect_url(enquiry),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "wagtail_ehrenamt/engagement/email/office_notification_subject.txt", context
        )
        body = render_to_string(
            "wagtail_ehrenamt/engagement/email/office_notification.txt", context
        )
    return _send(" ".join(subject.split()), body, recipient, enquiry)


def confirm_to_volunteer(enquiry):
    if not get_setting("ENQUIRY_SEND_CONFIRMATION") or not enquiry.email:
        return False
    context = {"enquiry": enquiry, "office": enquiry.office, "offer": enquiry.offer}
    subject = render_to_string(
        "wagtail_ehrenamt/engagement/email/volunteer_confirmation_subject.txt", context
    )
    body = render_to_string("wagtail_ehrenamt/engagement/email/volunteer_confirmation.txt", context)
    return _send(" ".join(subject.split()), body, enquiry.email, enquiry)


def _send(subject, body, recipient, enquiry):
    try:
        send_mail(subject, body, _from_email(), [recipient])
    except Exception:  # the enquiry is stored; a mail problem must not lose it or show a 500
        logger.exception("Volunteer enquiry %s: sending an e-mail failed.", enquiry.pk)
        return False
    return True
