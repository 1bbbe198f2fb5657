"""Views behind the routes of the engagement pages (see ``models/engagement.py``)."""

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ..languages import localized_all
from ..models.directory import CoordinationOfficePage, Municipality
from ..models.engagement import (
    EngagementOfferPage,
    EnquiryStatus,
    EnquiryStatusChange,
    OfferStatus,
    VolunteerEnquiry,
)
from ..models.topics import Topic
from ..page_views import register
from ..pagination import paginate
from ..visibility import visible_pages
from . import services
from .forms import EnquiryForm, OfferFilterForm


@register("engagement.offer_list")
def offer_list(index_page, request):
    all_offers = visible_pages(EngagementOfferPage.objects.child_of(index_page), within=index_page)
    open_offers = all_offers.filter(offer_status=OfferStatus.OPEN)
    municipalities = Municipality.objects.filter(
        engagement_offers__in=open_offers.values("pk")
    ).distinct()
    # Named in the language of the page (the offers point at the German municipalities).
    municipalities = localized_all(municipalities, index_page)
    topics = Topic.objects.filter(
        engagement_offer_items__content_object__in=open_offers.values("pk")
    ).distinct()
    filter_form = OfferFilterForm(request.GET or None, municipalities=municipalities, topics=topics)
    filters = filter_form.valid_filters() if request.GET else {}
    offers = index_page.get_offers()
    if filters.get("q"):
        term = filters["q"]
        offers = offers.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
            | Q(requirements__icontains=term)
        )
    if filters.get("municipality"):
        offers = offers.filter(municipality__slug=filters["municipality"])
    if filters.get("topic"):
        offers = offers.filter(topic_items__tag__slug=filters["topic"])
    if filters.get("time"):
        offers = offers.filter(time_commitment=filters["time"])
    if filters.get("language"):
        offers = offers.filter(languages__contains=f" {filters['language']} ")
    filter_errors = filter_form.errors if request.GET else {}
    pagination = paginate(offers.distinct(), request.GET.get("page"))
    page_error, page_obj = pagination.error, pagination.page
    status = pagination.status if page_error else 400 if filter_errors else 200
    query = urlencode(filters)
    response = index_page.render(
        request,
        context_overrides={
            "filter_form": filter_form,
            "filter_errors": filter_errors,
            "page_error": page_error,
            "filters_active": bool(filters),
            "page_obj": page_obj,
            "offers": page_obj.object_list,
            "query": query,
        },
    )
    response.status_code = status
    return response


def sent_url(page):
    """The thank-you page after an enquiry to ``page`` (an offer or the offers index)."""
    return page.url + page.reverse_subpage("enquiry_sent")


@register("engagement.enquiry_form")
def enquiry_form(page, request, index_page, offer):
    """The enquiry form: on an offer page (``offer``) or the general one of the index."""
    template = (
        "wagtail_ehrenamt/engagement/offer_page.html"
        if offer is not None
        else "wagtail_ehrenamt/engagement/general_enquiry.html"
    )
    accepting = offer is None or offer.is_open
    status = 200
    form = None
    if accepting:
        if request.method == "POST":
            form = EnquiryForm(request.POST, page=page, offer=offer)
            if form.is_spam:
                # Pretend success so that bots learn nothing; store and send nothing.
                return HttpResponseRedirect(sent_url(page), status=303)
            limited = services.rate_limited(request)
            if not limited and form.is_valid():
                # Counted before saving, atomically: concurrent requests cannot all pass.
                if services.count_submission(request):
                    enquiry = save_enquiry(form, offer)
                    # The thank-you page names the office (a public page; nothing personal).
                    sent = sent_url(page)
                    if enquiry.office_id:
                        sent += f"?office={enquiry.office_id}"
                    return HttpResponseRedirect(sent, status=303)
                limited = True
            if limited:
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Many enquiries were sent from your connection in a short time. "
                        "Please try again later or phone the coordination office."
                    ),
                )
                status = 429
        else:
            form = EnquiryForm(page=page, offer=offer)
    response = page.render(
        request,
        template=template,
        context_overrides={
            "form": form,
            "form_action": page.url if offer is not None else page.url + "enquiry/",
            "index_page": index_page,
            "offer": offer,
        },
    )
    response.status_code = status
    return response


def save_enquiry(form, offer):
    data = form.cleaned_data
    municipality = data["municipality"]
    now = timezone.now()
    with transaction.atomic():
        enquiry = VolunteerEnquiry.objects.create(
            created_at=now,
            offer=offer,
            office=services.responsible_office(municipality, offer),
            municipality=municipality,
            name=data["name"].strip(),
            email=data["email"],
            phone=data["phone"].strip(),
            interests=data["interests"],
            languages=data["languages"],
            availability=data["availability"].strip(),
            message=data["message"].strip(),
            consent_at=now,
        )
        EnquiryStatusChange.objects.create(
            enquiry=enquiry, changed_at=now, from_status="", to_status=EnquiryStatus.NEW
        )
        transaction.on_commit(lambda: _send_mails(enquiry))
    return enquiry


def _send_mails(enquiry):
    services.notify_office(enquiry)
    services.confirm_to_volunteer(enquiry)


@register("engagement.enquiry_sent")
def enquiry_sent(page, request, index_page):
    office = None
    raw = request.GET.get("office", "")
    if raw.isdigit() and len(raw) < 12:
        office = visible_pages(CoordinationOfficePage.objects.filter(pk=int(raw))).first()
    return page.render(
        request,
        template="wagtail_ehrenamt/engagement/enquiry_sent.html",
        context_overrides={"index_page": index_page, "office": office},
    )
