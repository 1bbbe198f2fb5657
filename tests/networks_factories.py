"""Builders for network, team, platform and library test content."""

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from tests.events_fixtures import analyze_on_postgresql
from tests.factories import add_page
from wagtail_ehrenamt.models import (
    CompetenceTeamPage,
    ContactPerson,
    DocumentLibraryPage,
    LibraryDocument,
    NetworkingPlatformPage,
    NetworkPage,
    Organisation,
    Topic,
)

_counter = itertools.count(1)


def contact(last_name=None, **fields):
    number = next(_counter)
    fields.setdefault("first_name", "Maren")
    fields.setdefault("email", f"person{number}@auenwald.example")
    fields.setdefault("phone", "06699 100-" + str(number))
    fields.setdefault("live", True)
    return ContactPerson.objects.create(last_name=last_name or f"Person{number}", **fields)


def organisation(name=None, **fields):
    fields.setdefault("live", True)
    return Organisation.objects.create(name=name or f"Verein {next(_counter)}", **fields)


def network(parent, slug="netzwerk", **fields):
    fields.setdefault("title", "Netzwerk Flüchtlinge")
    fields.setdefault(
        "intro", "<p>Die Kreisarbeitsgemeinschaft stimmt die Flüchtlingshilfe ab.</p>"
    )
    return add_page(parent, NetworkPage(slug=slug, **fields))


def team(network_page, slug="unterkunft", leads=(), members=(), **fields):
    fields.setdefault("title", "Kompetenzteam Unterkunft")
    fields.setdefault("topic_area", "Unterkunft und Anschlussunterbringung")
    fields.setdefault("intro", "<p>Wohnraum finden und Auszüge begleiten.</p>")
    page = CompetenceTeamPage(slug=slug, **fields)
    for person, role in leads:
        page.leads.add(page.leads.model(contact=person, role=role))
    for item in members:
        person, org, role = item
        page.members.add(page.members.model(contact=person, organisation=org, role=role))
    return add_page(network_page, page)


def platform(network_page, slug="vernetzungsplattform", topics=(), offices=(), **fields):
    fields.setdefault("title", "Vernetzungsplattform Ehrenamt")
    fields.setdefault("rhythm", "zwei- bis dreimal im Jahr")
    page = NetworkingPlatformPage(slug=slug, **fields)
    for title in topics:
        page.platform_topics.add(page.platform_topics.model(title=title))
    for office in offices:
        page.organisers.add(page.organisers.model(office=office))
    return add_page(network_page, page)


def library(parent, slug="downloadcenter", **fields):
    fields.setdefault("title", "Downloadcenter")
    return add_page(parent, DocumentLibraryPage(slug=slug, **fields))


def wagtail_document(title="Flyer", name="flyer.pdf", content=b"%PDF-1.4 test"):
    document = Document(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def library_document(title="Flyer Standards", category="flyer", topics=(), document=None, **fields):
    fields.setdefault("live", True)
    fields.setdefault("date", dt.date(2026, 3, 1))
    entry = LibraryDocument(
        title=title,
        category=category,
        document=document if document is not None else wagtail_document(title, f"{category}.pdf"),
        **fields,
    )
    entry.save()
    for name in topics:
        topic, _ = Topic.objects.get_or_create(name=name, defaults={"slug": name.lower()})
        entry.topics.add(topic)
    entry.save()
    return entry


def many_library_documents(count, category="list", topic=None, **fields):
    """``count`` entries sharing one small file (fast to create)."""
    shared = wagtail_document("Liste", "liste.csv", b"a;b\n1;2\n")
    entries = [
        LibraryDocument(
            title=f"Liste {i:03d}",
            category=category,
            document=shared,
            live=True,
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
            **fields,
        )
        for i in range(count)
    ]
    from wagtail.models import Locale

    locale = Locale.get_default()
    for entry in entries:
        entry.locale = locale
    created = LibraryDocument.objects.bulk_create(entries)
    if topic is not None:
        from wagtail_ehrenamt.models.documents import LibraryDocumentTopic

        LibraryDocumentTopic.objects.bulk_create(
            [LibraryDocumentTopic(tag=topic, content_object=entry) for entry in created]
        )
    analyze_on_postgresql()
    return created
