"""Builders for directory test content (municipalities, contacts, offices)."""

import datetime
from decimal import Decimal

from tests.events_fixtures import analyze_on_postgresql
from tests.factories import add_page
from wagtail_ehrenamt.models import (
    ConsultationHour,
    ContactPerson,
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    Location,
    Municipality,
    OfficeContact,
    Organisation,
)


def publish(obj):
    obj.save()
    obj.save_revision().publish()
    obj.refresh_from_db()
    return obj


def municipality(slug, name=None, kind="municipality", key=""):
    obj, _ = Municipality.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.title(), "kind": kind, "official_key": key}
    )
    return obj


def contact(last_name="Müller-Lüdenscheidt", first_name="Jörg", live=True, **fields):
    person = ContactPerson(last_name=last_name, first_name=first_name, **fields)
    if live:
        return publish(person)
    person.live = False
    person.save()
    return person


def location(**fields):
    data = {
        "name": "Rathaus Kellbach",
        "street": "Marktstraße 1",
        "postcode": "36210",
        "city": "Kellbach",
        "room": "Zimmer 12",
        "latitude": Decimal("50.861200"),
        "longitude": Decimal("9.792400"),
        "step_free_access": True,
        "transport_notes": "Bus 540 bis Marktstraße",
    }
    data.update(fields)
    return publish(Location(**data))


def directory(home, slug="koordinierungsstellen"):
    return add_page(home, CoordinationOfficeIndexPage(title="Koordinierungsstellen", slug=slug))


def office(
    index,
    title,
    slug,
    contacts=(),
    municipalities=(),
    topics=(),
    hours=(),
    publish_page=True,
    **fields,
):
    page = CoordinationOfficePage(title=title, slug=slug, **fields)
    page.municipalities = list(municipalities)
    page.topics.set(list(topics))
    page.office_contacts = [
        OfficeContact(contact=c, role=role)
        for c, role in [item if isinstance(item, tuple) else (item, "") for item in contacts]
    ]
    page.consultation_hours = [
        ConsultationHour(weekday=d, opens=datetime.time(*o), closes=datetime.time(*c))
        for d, o, c in hours
    ]
    return add_page(index, page, publish=publish_page)


def organisation(name="Stadt Kellbach", kind="municipality", **fields):
    return publish(Organisation(name=name, kind=kind, **fields))


def bulk_offices(index, count, municipalities, topics, place):
    """``count`` live offices below ``index``, created in a few bulk queries (fast)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale

    from wagtail_ehrenamt.models import Topic
    from wagtail_ehrenamt.models.directory import OfficeTopic

    content_type = ContentType.objects.get_for_model(CoordinationOfficePage)
    locale = Locale.get_default()
    start = index.numchild
    from wagtail.models import Page

    base_pages = Page.objects.bulk_create(
        [
            Page(
                title=f"Stelle {i:03d}",
                draft_title=f"Stelle {i:03d}",
                slug=f"stelle-{index.slug}-{i}",
                live=True,
                depth=index.depth + 1,
                path=Page._get_path(index.path, index.depth + 1, start + i + 1),
                url_path=f"{index.url_path}stelle-{index.slug}-{i}/",
                content_type=content_type,
                locale=locale,
            )
            for i in range(count)
        ]
    )
    pages = []
    for i, base in enumerate(base_pages):
        page = CoordinationOfficePage(page_ptr=base, location=place, email=f"stelle{i}@x.example")
        page.__dict__.update({k: v for k, v in base.__dict__.items() if k != "_state"})
        page.save_base(raw=True)  # only the office's own table; the Page rows exist
        pages.append(page)
    type(index).objects.filter(pk=index.pk).update(numchild=start + count)
    index.numchild = start + count
    people = ContactPerson.objects.bulk_create(
        [
            ContactPerson(
                last_name=f"N{index.slug}{i}",
                first_name="Nina",
                email=f"n{i}@x.example",
                live=True,
                locale=locale,
            )
            for i in range(count)
        ]
    )
    OfficeContact.objects.bulk_create(
        [
            OfficeContact(page=page, contact=person, sort_order=0)
            for page, person in zip(pages, people, strict=True)
        ]
    )
    through = CoordinationOfficePage.municipalities.through
    through.objects.bulk_create(
        [
            through(
                coordinationofficepage_id=page.pk,
                municipality_id=municipalities[i % len(municipalities)].pk,
            )
            for i, page in enumerate(pages)
        ]
    )
    tags = [
        Topic.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]
        for name in topics
    ]
    OfficeTopic.objects.bulk_create(
        [OfficeTopic(content_object=page, tag=tag) for page in pages for tag in tags]
    )
    ConsultationHour.objects.bulk_create(
        [
            ConsultationHour(page=page, weekday=0, opens=datetime.time(9), closes=datetime.time(12))
            for page in pages
        ]
    )
    analyze_on_postgresql()
    return pages
