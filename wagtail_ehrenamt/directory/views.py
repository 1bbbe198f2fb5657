"""Views and builders of the directory: filtered listing, print view, CSV, vCard, JSON-LD.

The page models route to these functions (``RoutablePageMixin``); they are kept here so the
models stay readable.
"""

import csv
import io
import re
import unicodedata
from urllib.parse import quote, urlencode, urlsplit

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

from ..conf import get_setting, localtime
from ..json_ld import json_ld_text
from ..languages import localized, localized_all, one_per_slug
from ..links import absolute_url
from ..models import CoordinationOfficePage, Municipality, Topic
from ..page_views import register
from ..pagination import paginate
from ..text import clean_text, csv_cell
from ..visibility import visible_pages
from ..weekdays import schema_org_day

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DirectoryFilterForm(forms.Form):
    """The directory's filters. Unknown values are errors that are shown, never ignored."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Name of an office, town, topic or person."),
    )
    municipality = forms.ChoiceField(label=_("Town or municipality"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, data, municipalities, topics):
        super().__init__(data)
        # One entry per slug (translations of a municipality share its slug), named in the
        # language shown where it has a translation in it.
        self.fields["municipality"].choices = [
            ("", _("All towns and municipalities"))
        ] + one_per_slug(municipalities, get_language())
        self.fields["topic"].choices = [("", _("All topics"))] + topics.model.choices(topics)
        self.fields["municipality"].error_messages["invalid_choice"] = _(
            "There is no town or municipality “%(value)s” in this directory. "
            "Please choose one from the list."
        )
        self.fields["topic"].error_messages["invalid_choice"] = _(
            "There is no topic “%(value)s” in this directory. Please choose one from the list."
        )

    def clean_q(self):
        value = self.cleaned_data["q"]
        if CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(
                _("The search text contains characters that cannot be searched for.")
            )
        return value.strip()

    def filter(self, offices):
        data = self.cleaned_data
        if data.get("municipality"):
            offices = offices.filter(
                Q(municipalities__slug=data["municipality"]) | Q(is_county_wide=True)
            )
        if data.get("topic"):
            offices = offices.filter(topics__slug=data["topic"])
        if data.get("q"):
            term = data["q"]
            matches = offices.model.objects.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(municipalities__name__icontains=term)
                | Q(topics__name__icontains=term)
                | Q(location__city__icontains=term)
                | Q(responsible_body__name__icontains=term)
                | Q(office_contacts__contact__last_name__icontains=term)
            )
            offices = offices.filter(pk__in=matches.values("pk"))
        else:
            offices = offices.filter(pk__in=offices.values("pk"))
        if data.get("municipality"):
            # The town's own offices first, then the county-wide ones (shown under a heading).
            local = offices.model.objects.filter(
                pk=OuterRef("pk"), municipalities__slug=data["municipality"]
            )
            offices = offices.annotate(is_local=Exists(local)).order_by("-is_local", "title")
        return offices

    def municipality_name(self):
        """The chosen town's name (for the directory's group headings), or ""."""
        slug = self.cleaned_data.get("municipality") if self.is_valid() else ""
        return dict(self.fields["municipality"].choices).get(slug, "") if slug else ""

    def querystring(self):
        if not self.is_valid():
            return ""
        return urlencode({k: v for k, v in self.cleaned_data.items() if v})


def _filtered(index_page, request):
    """(form, offices or None, errors) for the request's filter parameters."""
    offices = index_page.get_offices()
    form = DirectoryFilterForm(
        request.GET,
        Municipality.objects.order_by("name").values_list("slug", "name", "locale__language_code"),
        Topic.objects.filter(office_items__content_object__in=index_page.get_offices().values("pk"))
        .distinct()
        .order_by("name"),
    )
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return form, None, errors
    return form, form.filter(offices), []


@register("directory.list")
def directory_view(index_page, request):
    form, offices, errors = _filtered(index_page, request)
    status = 400 if errors else 200
    page_obj = None
    if offices is not None:
        pagination = paginate(offices, request.GET.get("page"))
        page_obj = pagination.page
        if pagination.error:
            errors.append(pagination.error)
            status = pagination.status
    query = form.querystring()
    base_url = index_page.get_url(request) or ""
    response = index_page.render(
        request,
        context_overrides={
            "filter_form": form,
            "filter_errors": errors,
            "page_obj": page_obj,
            "offices": page_obj.object_list if page_obj else [],
            "query": query,
            "csv_url": base_url
            + index_page.reverse_subpage("csv_view")
            + (f"?{query}" if query else ""),
            "print_url": base_url
            + index_page.reverse_subpage("print_view")
            + (f"?{query}" if query else ""),
            "reset_url": base_url,
            "is_filtered": bool(query),
            "town_name": form.municipality_name(),
        },
    )
    response.status_code = status
    return response


def _county_name(request):
    """The county's name for the print view's head: its Municipality of kind "county", else
    the site's name (printed pages lose the site's header)."""
    counties = Municipality.objects.filter(kind="county").order_by("pk")
    county = counties.filter(locale=Locale.get_active()).first() or counties.first()
    if county is not None:
        return county.name
    site = Site.find_for_request(request)
    return site.site_name if site else ""


@register("directory.print")
def print_view(index_page, request):
    form, offices, errors = _filtered(index_page, request)
    response = index_page.render(
        request,
        template=index_page.print_template,
        context_overrides={
            "filter_form": form,
            "filter_errors": errors,
            "offices": offices if offices is not None else [],
            "generated_at": localtime(timezone.now()),
            "directory_url": index_page.get_url(request),
            "county_name": _county_name(request),
        },
    )
    response.status_code = 400 if errors else 200
    return response


CSV_COLUMNS = [
    ("office", _("Office")),
    ("municipalities", _("Towns and municipalities")),
    ("responsible_body", _("Responsible body")),
    ("street", _("Street")),
    ("postcode", _("Postcode")),
    ("city", _("City")),
    ("room", _("Room")),
    ("phone", _("Phone")),
    ("fax", _("Fax")),
    ("mobile", _("Mobile")),
    ("email", _("E-mail")),
    ("website", _("Website")),
    ("consultation_hours", _("Consultation hours")),
    ("contacts", _("Contact persons")),
    ("topics", _("Topics")),
    ("url", _("Web page")),
]


def office_row(office, request):
    location = office.location
    return {
        "office": office.title,
        "municipalities": ", ".join(m.name for m in office.municipalities.all())
        or (gettext("whole county") if office.is_county_wide else ""),
        "responsible_body": office.responsible_body.name
        if office.responsible_body and office.responsible_body.live
        else "",
        "street": location.street if location and location.live else "",
        "postcode": location.postcode if location and location.live else "",
        "city": location.city if location and location.live else "",
        "room": location.room if location and location.live else "",
        "phone": office.phone,
        "fax": office.fax,
        "mobile": office.mobile,
        "email": office.email,
        "website": office.website,
        "consultation_hours": consultation_text(office),
        "contacts": "; ".join(
            ", ".join(part for part in [contact.full_name, role, contact.phone] if part)
            for contact, role in office.public_contacts()
        ),
        "topics": ", ".join(sorted(t.name for t in office.topics.all())),
        "url": absolute_url(office, request),
    }


def consultation_text(office):
    parts = []
    for hour in office.consultation_hours.all():
        text = f"{hour.get_weekday_display()} {hour.opens:%H:%M}–{hour.closes:%H:%M}"
        if hour.note:
            text += f" ({hour.note})"
        parts.append(text)
    if office.by_appointment:
        parts.append(gettext("by appointment"))
    if office.consultation_note:
        parts.append(office.consultation_note)
    return "; ".join(parts)


@register("directory.csv")
def csv_view(index_page, request):
    form, offices, errors = _filtered(index_page, request)
    if errors:
        return HttpResponse(
            "\n".join(str(e) for e in errors) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    buffer = io.StringIO()
    # Semicolons and a byte order mark: what spreadsheet programs in Germany expect.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for office in offices:
        row = office_row(office, request)
        writer.writerow([csv_cell(row[key]) for key, _label in CSV_COLUMNS])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{slugify(index_page.slug) or 'offices'}-{localtime(timezone.now()):%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# vCard ------------------------------------------------------------------------------------


def _vcard_escape(value):
    return (
        clean_text(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 6350)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], "", 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current, limit = char, 74
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def build_vcard(contact, office=None, request=None):
    """A vCard 3.0 of a contact person, optionally with the office's address and web page."""
    organisation = (
        contact.organisation if contact.organisation and contact.organisation.live else None
    )
    location = None
    if office is not None and office.location and office.location.live:
        location = office.location
    elif organisation and organisation.location and organisation.location.live:
        location = organisation.location
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:"
        + ";".join(
            _vcard_escape(v) for v in [contact.last_name, contact.first_name, "", contact.title, ""]
        ),
        "FN:" + _vcard_escape(contact.full_name),
    ]
    org = [organisation.name if organisation else (office.title if office else "")]
    if contact.department:
        org.append(contact.department)
    if any(org):
        lines.append("ORG:" + ";".join(_vcard_escape(v) for v in org))
    if contact.role:
        lines.append("TITLE:" + _vcard_escape(contact.role))
    if contact.phone:
        lines.append("TEL;TYPE=WORK,VOICE:" + _vcard_escape(contact.phone))
    if contact.mobile:
        lines.append("TEL;TYPE=CELL:" + _vcard_escape(contact.mobile))
    if contact.fax:
        lines.append("TEL;TYPE=WORK,FAX:" + _vcard_escape(contact.fax))
    if contact.email:
        lines.append("EMAIL;TYPE=INTERNET,WORK:" + _vcard_escape(contact.email))
    if location is not None:
        street = ", ".join(p for p in [location.street, location.room] if p)
        lines.append(
            "ADR;TYPE=WORK:"
            + ";".join(
                _vcard_escape(v)
                for v in ["", "", street, location.city, "", location.postcode, "Deutschland"]
            )
        )
    if office is not None and request is not None:
        lines.append("URL:" + absolute_url(office, request))
    notes = [n for n in [contact.consultation_hours, contact.public_note] if n]
    if contact.languages:
        notes.append(gettext("Languages: %(languages)s") % {"languages": contact.languages})
    if notes:
        lines.append("NOTE:" + _vcard_escape("\n".join(notes)))
    lines.append(f"REV:{timezone.now():%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


@register("directory.vcard")
def vcard_view(request, contacts, office):
    contact = (
        contacts.filter(live=True, is_public=True)
        .select_related("organisation", "organisation__location")
        .first()
    )
    if contact is None:
        raise Http404(gettext("There is no public contact person with this number."))
    if office is not None:
        contact = localized(contact, office)
    response = HttpResponse(
        build_vcard(contact, office, request), content_type="text/vcard; charset=utf-8"
    )
    ascii_name = (
        unicodedata.normalize("NFKD", slugify(contact.full_name, allow_unicode=True))
        .encode("ascii", "ignore")
        .decode()
        or "contact"
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.vcf\"; filename*=UTF-8''"
        f"{quote(slugify(contact.full_name, allow_unicode=True) or 'contact')}.vcf"
    )
    return response


# Office page ------------------------------------------------------------------------------


def route_planner_url(location):
    template = get_setting("ROUTE_PLANNER_URL")
    if not template or location is None:
        return ""
    needs_coordinates = "{lat}" in template or "{lon}" in template
    if needs_coordinates and not location.has_coordinates:
        return ""
    return template.format(
        lat=location.latitude if location.has_coordinates else "",
        lon=location.longitude if location.has_coordinates else "",
        query=quote(location.postal_address),
    )


@register("directory.office_context")
def office_context(office, request):
    office_contacts = office.office_contacts.all()
    if office.pk:
        office_contacts = office_contacts.select_related(
            "contact", "contact__organisation"
        ).prefetch_related("contact__photo__renditions")
    # Each row's person in the page's language; the row (and its vCard link) keeps the
    # German person it points at.
    rows = [
        (localized(item.contact, office), item)
        for item in office_contacts
        if item.contact is not None and item.contact.live and item.contact.is_public
    ]
    contacts = [(contact, item.role or contact.role) for contact, item in rows]
    base_url = office.get_url(request) or ""
    contact_cards = [
        {
            "contact": contact,
            # Empty: the card shows the person's own role, marked if not translated.
            "role": item.role,
            "vcard_url": f"{base_url}{office.reverse_subpage('vcard', args=[item.contact_id])}",
        }
        for contact, item in rows
    ]
    hours = list(office.consultation_hours.all())
    location = (
        localized(office.location, office) if office.location and office.location.live else None
    )
    tile_url = get_setting("MAP_TILE_URL")
    return {
        "contact_cards": contact_cards,
        "hours": hours,
        "hours_have_notes": any(hour.note for hour in hours),
        "place": location,
        "route_url": route_planner_url(location),
        "map_tile_url": tile_url,
        "map_tile_host": urlsplit(tile_url).hostname or gettext("this website"),
        "map_attribution": get_setting("MAP_ATTRIBUTION"),
        "served_municipalities": localized_all(office.municipalities.all(), office),
        "office_topics": localized_all(office.topics.all(), office),
        "responsible_body": localized(office.responsible_body, office)
        if office.responsible_body and office.responsible_body.live
        else None,
        # Works on saved pages and on unsaved previews (modelcluster's in-memory relations).
        "partner_list": [localized(org, office) for org in office.partners.all() if org.live],
        "related_office_list": list(
            visible_pages(
                CoordinationOfficePage.objects.filter(
                    pk__in=[related.pk for related in office.related_offices.all()]
                )
            ).order_by("title")
        ),
        "json_ld": json_ld_text(
            office_json_ld(office, request, contacts, hours, location), indent=1
        ),
    }


def office_json_ld(office, request, contacts, hours, location):
    """schema.org data of an office. E-mail addresses are left out: they stay protected."""
    body = (
        office.responsible_body
        if office.responsible_body and office.responsible_body.live
        else None
    )
    is_public_body = body is None or body.kind == "municipality"
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice" if is_public_body else "Organization",
        "name": office.title,
    }
    url = absolute_url(office, request)
    if url:
        data["url"] = url
    if office.summary:
        data["description"] = office.summary
    if office.phone:
        data["telephone"] = office.phone
    if office.fax:
        data["faxNumber"] = office.fax
    if location is not None:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "addressLocality": location.city,
            "addressCountry": "DE",
        }
        if location.has_coordinates:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(location.latitude),
                "longitude": float(location.longitude),
            }
    if hours:
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": schema_org_day(hour.weekday),
                "opens": f"{hour.opens:%H:%M}",
                "closes": f"{hour.closes:%H:%M}",
            }
            for hour in hours
        ]
    contact_points = []
    for contact, role in contacts:
        point = {"@type": "ContactPoint", "name": contact.full_name}
        if role:
            point["contactType"] = role
        if contact.phone:
            point["telephone"] = contact.phone
        if contact.fax:
            point["faxNumber"] = contact.fax
        if contact.languages:
            point["availableLanguage"] = [
                lang.strip() for lang in contact.languages.split(",") if lang.strip()
            ]
        contact_points.append(point)
    if contact_points:
        data["contactPoint"] = contact_points
    areas = [{"@type": "AdministrativeArea", "name": m.name} for m in office.municipalities.all()]
    if areas:
        data["areaServed"] = areas
    if body is not None:
        data["parentOrganization"] = {"@type": "Organization", "name": body.name}
        if body.website:
            data["parentOrganization"]["url"] = body.website
    same_as = [block.value["url"] for block in office.social_links]
    if office.website:
        same_as.insert(0, office.website)
    if same_as:
        data["sameAs"] = same_as
    return data
