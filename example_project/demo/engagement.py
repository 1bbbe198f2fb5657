"""Demo offers to help under "mitmachen", fictional enquiries and office staff groups."""

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail_ehrenamt.engagement.services import responsible_office
from wagtail_ehrenamt.models import (
    CoordinationOfficePage,
    EngagementOfferIndexPage,
    EngagementOfferPage,
    EnquiryInboxAccess,
    EnquiryStatusChange,
    Municipality,
    VolunteerEnquiry,
)

DEMO_EMAIL_DOMAIN = "demo.auenwald.example"

OFFERS = [
    # slug, title, activity, municipality, office slug, time, schedule, languages, topics, extra
    (
        "sprachcafe-lindenhain",
        "Sprachcafé im Familienzentrum Lindenhain",
        "language_cafe",
        "lindenhain",
        "koordinierungsstelle-lindenhain",
        "weekly",
        "Dienstags 16:00–18:00 Uhr",
        ["ar", "fa"],
        ["Sprache", "Begegnung"],
        {"summary": "Deutsch üben bei Kaffee und Tee – ohne Unterrichtsdruck."},
    ),
    (
        "begleitung-behoerdengaenge-lindenhain",
        "Begleitung zu Behörden und Arztterminen",
        "accompanying",
        "lindenhain",
        "koordinierungsstelle-lindenhain",
        "occasional",
        "Nach Absprache, meist vormittags",
        ["ar", "uk", "ru"],
        ["Gesundheit", "Behörden"],
        {"summary": "Geflüchtete zu Terminen begleiten und beim Ausfüllen von Formularen helfen."},
    ),
    (
        "hausaufgabenhilfe-kellbach",
        "Hausaufgabenhilfe in der Grundschule Kellbach",
        "homework",
        "kellbach",
        "koordinierungsstelle-kellbach",
        "several_weekly",
        "Montags und donnerstags 14:00–15:30 Uhr",
        ["uk"],
        ["Bildung"],
        {
            "summary": "Kinder der Klassen 1 bis 4 beim Lernen unterstützen.",
            "needs_conduct_certificate": True,
            "requirements": "Geduld und Freude an der Arbeit mit Kindern.",
        },
    ),
    (
        "fussball-sommerau",
        "Fußballtraining für Jugendliche in Sommerau",
        "sports",
        "sommerau",
        "koordinierungsstelle-sommerau-tannfeld",
        "weekly",
        "Freitags 17:00–18:30 Uhr, Sportplatz",
        [],
        ["Sport", "Begegnung"],
        {
            "summary": "Mit dem SV Sommerau ein offenes Training für 12- bis 16-Jährige leiten.",
            "needs_conduct_certificate": True,
        },
    ),
    (
        "dolmetschen-landkreis",
        "Ehrenamtliche Sprachmittlung im Landkreis",
        "translation",
        "landkreis-auenwald",
        "fluechtlingsarbeit-landkreis",
        "flexible",
        "Nach Bedarf, auch telefonisch",
        ["ar", "fa", "ps", "ti", "uk", "ru", "tr", "ku"],
        ["Sprache"],
        {"summary": "Bei Gesprächen in Beratungsstellen und Schulen übersetzen."},
    ),
    (
        "patenschaften-tannfeld",
        "Patenschaften für neu zugezogene Familien in Tannfeld",
        "mentoring",
        "tannfeld",
        "koordinierungsstelle-sommerau-tannfeld",
        "weekly",
        "Etwa zwei Stunden pro Woche, frei einteilbar",
        ["en"],
        ["Begegnung", "Wohnen"],
        {"summary": "Eine Familie im ersten Jahr begleiten: Nachbarschaft, Schule, Vereine."},
    ),
    (
        "kleiderkammer-brunnhausen",
        "Kleiderkammer Brunnhausen",
        "donations",
        "brunnhausen",
        "beratungsstelle-ehrenamt",
        "occasional",
        "Samstags 10:00–12:00 Uhr",
        [],
        ["Alltag"],
        {"summary": "Spenden sortieren und ausgeben.", "offer_status": "filled"},
    ),
]

ENQUIRIES = [
    # local part, name, municipality, offer slug, status, days ago, interests, languages
    (
        "amira",
        "Amira Demo-Haddad",
        "lindenhain",
        "sprachcafe-lindenhain",
        "new",
        1,
        ["language_cafe"],
        ["ar"],
    ),
    (
        "jonas",
        "Jonas Beispielmann",
        "kellbach",
        "hausaufgabenhilfe-kellbach",
        "contacted",
        6,
        ["homework"],
        ["en"],
    ),
    (
        "olena",
        "Olena Musterenko",
        "sommerau",
        None,
        "new",
        2,
        ["translation", "accompanying"],
        ["uk", "ru"],
    ),
    (
        "petra",
        "Petra Probst",
        "tannfeld",
        "patenschaften-tannfeld",
        "placed",
        20,
        ["mentoring"],
        [],
    ),
    ("heinz", "Heinz Platzhalter", "lindenhain", None, "closed", 40, ["sports"], []),
]

GROUPS = [
    # group name, office slugs, sees all
    ("Anfragen Koordinierungsstelle Lindenhain", ["koordinierungsstelle-lindenhain"], False),
    ("Anfragen Koordinierungsstelle Kellbach", ["koordinierungsstelle-kellbach"], False),
    (
        "Anfragen Koordinierungsstelle Sommerau/Tannfeld",
        ["koordinierungsstelle-sommerau-tannfeld"],
        False,
    ),
    ("Kreiskoordination (alle Anfragen)", [], True),
]


def load(context):
    from . import get_or_create_child

    index = get_or_create_child(
        context.root,
        EngagementOfferIndexPage,
        "mitmachen",
        title="Mitmachen",
        show_in_menus=True,
        search_description="Wo Sie sich in der Flüchtlingshilfe im Landkreis engagieren können.",
        intro=(
            "<p>Sie möchten helfen? Hier finden Sie Angebote in den Städten und Gemeinden des "
            "Landkreises Auenwald. Die Koordinierungsstelle vor Ort meldet sich bei Ihnen.</p>"
        ),
    )
    context.sections["engagement"] = index
    municipalities = {m.slug: m for m in Municipality.objects.filter(locale=context.root.locale)}
    offices = {o.slug: o for o in CoordinationOfficePage.objects.all()}
    offers = {}
    for slug, title, activity, mun, office, time, schedule, langs, topics, extra in OFFERS:
        offer = EngagementOfferPage.objects.child_of(index).filter(slug=slug).first()
        if offer is None:
            offer = EngagementOfferPage(
                slug=slug,
                title=title,
                activity=activity,
                municipality=municipalities.get(mun),
                office=offices.get(office),
                time_commitment=time,
                schedule=schedule,
                languages=langs,
                **extra,
            )
            index.add_child(instance=offer)
            offer.topics.add(*topics)
            offer.save_revision().publish()
        offers[slug] = offer

    now = timezone.now()
    for local, name, mun, offer_slug, status, days, interests, langs in ENQUIRIES:
        email = f"{local}@{DEMO_EMAIL_DOMAIN}"
        if VolunteerEnquiry.objects.filter(email=email).exists():
            continue
        offer = offers.get(offer_slug) if offer_slug else None
        municipality = municipalities.get(mun)
        created = now - dt.timedelta(days=days)
        enquiry = VolunteerEnquiry.objects.create(
            created_at=created,
            offer=offer,
            office=responsible_office(municipality, offer),
            municipality=municipality,
            name=name,
            email=email,
            interests=interests,
            languages=langs,
            availability="Unter der Woche ab 17 Uhr",
            message="Ich würde gern helfen. (Fiktive Demo-Anfrage)",
            consent_at=created,
        )
        EnquiryStatusChange.objects.create(
            enquiry=enquiry, changed_at=created, from_status="", to_status="new"
        )
        if status != "new":
            enquiry.set_status(status, note="Demo")

    staff_perms = Permission.objects.filter(
        content_type__app_label="wagtail_ehrenamt",
        codename__in=["view_volunteerenquiry", "change_volunteerenquiry"],
    )
    all_perms = Permission.objects.filter(
        content_type__app_label="wagtail_ehrenamt",
        codename__in=["view_all_enquiries", "delete_volunteerenquiry"],
    )
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group_name, office_slugs, sees_all in GROUPS:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*staff_perms, *admin_access)
        if sees_all:
            group.permissions.add(*all_perms)
        for slug in office_slugs:
            if slug in offices:
                EnquiryInboxAccess.objects.get_or_create(group=group, office=offices[slug])
    context.log(f"Engagement: {len(offers)} offers, {len(ENQUIRIES)} demo enquiries.")


def reset(context):
    VolunteerEnquiry.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
    for page in EngagementOfferIndexPage.objects.child_of(context.root):
        page.delete()
    Group.objects.filter(name__in=[name for name, _, _ in GROUPS]).delete()
