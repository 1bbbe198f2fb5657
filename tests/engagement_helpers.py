"""Builders for the engagement tests: offices, offers, staff users."""

import re

from django.contrib.auth.models import Group, Permission
from wagtail.models import Page

from tests.factories import add_page as _add_page
from wagtail_ehrenamt.models import (
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    EngagementOfferIndexPage,
    EngagementOfferPage,
    EnquiryInboxAccess,
    Municipality,
)


def add_page(parent, page):
    """Add a live page without a revision (faster; these tests need no page history)."""
    return _add_page(parent, page, publish=False)


def build_engagement_site(home):
    """Two local offices, a county-wide one, an offer index with three offers."""
    m = {}
    for slug, name in [
        ("landkreis-auenwald", "Landkreis Auenwald"),
        ("lindenhain", "Lindenhain"),
        ("kellbach", "Kellbach"),
        ("sommerau", "Sommerau"),
    ]:
        m[slug], _ = Municipality.objects.get_or_create(slug=slug, defaults={"name": name})
    office_index = add_page(
        home,
        CoordinationOfficeIndexPage(title="Koordinierungsstellen", slug="koordinierungsstellen"),
    )
    lindenhain = add_page(
        office_index,
        CoordinationOfficePage(
            title="Koordinierungsstelle Lindenhain",
            slug="koordinierungsstelle-lindenhain",
            email="ehrenamt@lindenhain.example",
        ),
    )
    lindenhain.municipalities.set([m["lindenhain"]])
    lindenhain.save()
    kellbach = add_page(
        office_index,
        CoordinationOfficePage(
            title="Koordinierungsstelle Kellbach",
            slug="koordinierungsstelle-kellbach",
            email="ehrenamt@kellbach.example",
        ),
    )
    kellbach.municipalities.set([m["kellbach"]])
    kellbach.save()
    county = add_page(
        office_index,
        CoordinationOfficePage(
            title="Flüchtlingsarbeit Landkreis",
            slug="fluechtlingsarbeit-landkreis",
            email="fluechtlinge@auenwald.example",
            is_county_wide=True,
        ),
    )
    index = add_page(
        home,
        EngagementOfferIndexPage(title="Mitmachen", slug="mitmachen"),
    )
    cafe = add_page(
        index,
        EngagementOfferPage(
            title="Sprachcafé Lindenhain",
            slug="sprachcafe-lindenhain",
            activity="language_cafe",
            summary="Deutsch üben bei Kaffee und Kuchen.",
            municipality=m["lindenhain"],
            time_commitment="weekly",
            schedule="Dienstags 16–18 Uhr",
            languages=["ar", "uk"],
            office=lindenhain,
        ),
    )
    cafe.topics.add("Sprache")
    cafe.save()
    homework = add_page(
        index,
        EngagementOfferPage(
            title="Hausaufgabenhilfe Kellbach",
            slug="hausaufgabenhilfe-kellbach",
            activity="homework",
            municipality=m["kellbach"],
            time_commitment="several_weekly",
            needs_conduct_certificate=True,
            languages=["en"],
        ),
    )
    homework.topics.add("Bildung")
    homework.save()
    filled = add_page(
        index,
        EngagementOfferPage(
            title="Fahrdienst Sommerau",
            slug="fahrdienst-sommerau",
            activity="accompanying",
            municipality=m["sommerau"],
            offer_status="filled",
        ),
    )
    return {
        "municipalities": m,
        "offices": {"lindenhain": lindenhain, "kellbach": kellbach, "county": county},
        "index": index,
        "offers": {"cafe": cafe, "homework": homework, "filled": filled},
    }


def office_staff(django_user_model, username, office, all_offices=False):
    """A non-superuser with inbox permissions for ``office`` (or all offices)."""
    group, _ = Group.objects.get_or_create(name=f"Anfragen {username}")
    codenames = ["view_volunteerenquiry", "change_volunteerenquiry"]
    if all_offices:
        codenames += ["view_all_enquiries", "delete_volunteerenquiry"]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="wagtail_ehrenamt", codename__in=codenames
        )
    )
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if office is not None:
        EnquiryInboxAccess.objects.get_or_create(group=group, office=office)
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@auenwald.example", password=f"pw-{username}"
    )
    user.groups.add(group)
    return user


def form_token(html):
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no token field in the form"
    return match.group(1)


def valid_post(token, **overrides):
    data = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "phone": "",
        "municipality": "lindenhain",
        "interests": ["language_cafe"],
        "languages": ["ar"],
        "availability": "Dienstags nachmittags",
        "message": "Ich spreche etwas Arabisch.",
        "consent": "on",
        "website": "",
        "token": token,
    }
    data.update(overrides)
    return data


def root_page():
    return Page.get_first_root_node()
