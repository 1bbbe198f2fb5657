"""Hostile query parameters on every public route of the demo: a clear 4xx, never a 5xx.

The demo is built once for the module. For every page type it contains, every route of the
page (its own URL and its routable sub-pages: feeds, CSV, print, vCards, month, range,
archive, enquiry) is requested once to find the GET parameters it reads, then once per
parameter and hostile value. Runs on SQLite and PostgreSQL (where a NUL byte in a query
raised a ``DataError``).
"""

from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.http import QueryDict
from wagtail.models import Page

from example_project.demo import load_demo
from tests.factories import ensure_site
from wagtail_ehrenamt.models import ContactPerson

HOSTILE_VALUES = [
    "\x00",
    "kellbach\x00",
    "x" * 5000,
    "2026-02-30",
    "-1",
    str(10**30),
    "ü😀",
    "\u202eevil\u202c",
    "\r\nX-Injected: 1",
]
# Sent as they are, not quoted: bytes that are not UTF-8.
RAW_VALUES = ["%FF%FE"]
# Path parameters of the routable sub-pages (requested without query parameters).
HOSTILE_PATHS = {
    "<int:contact_id>": [str(10**30)],
    "<int:year>/<int:month>": ["0/1", f"{10**30}/1", "2026/13", f"2026/{10**30}"],
}
VALID_PATHS = {"<int:year>/<int:month>": "2026/11"}


@contextmanager
def recorded_parameters():
    """Names of the query parameters read (get, getlist, [], in) while the block runs."""
    names = set()
    methods = ("get", "getlist", "__getitem__", "__contains__")
    own = {name: QueryDict.__dict__.get(name) for name in methods}
    originals = {name: getattr(QueryDict, name) for name in methods}

    def recording(method):
        def wrapper(self, key, *args, **kwargs):
            names.add(key)
            return method(self, key, *args, **kwargs)

        return wrapper

    for name, method in originals.items():
        setattr(QueryDict, name, recording(method))
    try:
        yield names
    finally:
        for name, method in own.items():
            if method is None:
                delattr(QueryDict, name)  # inherited again
            else:
                setattr(QueryDict, name, method)


def route_urls(page, contact_id):
    """[(URL, swept)]: the page's URL and those of its routable sub-pages. Query parameters
    are swept on one URL per route; hostile path parameters are requested plainly."""
    urls = [(page.url, True)]
    valid = {**VALID_PATHS, "<int:contact_id>": str(contact_id)}
    for pattern in getattr(page, "get_subpage_urls", list)():
        route = str(pattern.pattern)
        if not route:
            continue
        for placeholder, value in valid.items():
            if placeholder in route:
                for hostile in HOSTILE_PATHS[placeholder]:
                    urls.append((page.url + route.replace(placeholder, hostile), False))
                route = route.replace(placeholder, value)
        urls.append((page.url + route, True))
    return urls


@pytest.fixture(scope="module")
def routes(django_db_setup, django_db_blocker):
    """{page type: [route URLs]} of the demo, built once in a transaction rolled back after."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(ensure_site(), translations=False)
            contact = ContactPerson.objects.filter(live=True, is_public=True).first()
            by_type = {}
            for page in Page.objects.live().specific().order_by("path"):
                by_type.setdefault(type(page).__name__, page)
            yield {
                name: route_urls(page, contact.pk if contact else 1)
                for name, page in sorted(by_type.items())
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_demo_has_every_page_type_and_route(routes):
    expected_types = {
        "CoordinationOfficeIndexPage",
        "CoordinationOfficePage",
        "DocumentLibraryPage",
        "EngagementOfferIndexPage",
        "EngagementOfferPage",
        "EventCalendarPage",
        "EventPage",
        "NetworkPage",
        "CompetenceTeamPage",
        "NetworkingPlatformPage",
    }
    assert expected_types <= set(routes)
    all_urls = [url for urls in routes.values() for url, _swept in urls]
    for suffix in ["ical/", "atom/", "csv/", "print/", "archiv/", "monat/", "zeitraum/"]:
        assert any(url.endswith(suffix) for url in all_urls), suffix
    for part in ["vcard/", "monat/2026/11/", "enquiry/", "enquiry/sent/"]:
        assert any(part in url for url in all_urls), part


def query(name, value, raw=False):
    return f"{quote(name)}={value if raw else quote(value)}"


PAGE_TYPES = [
    "CompetenceTeamPage",
    "CoordinationOfficeIndexPage",
    "CoordinationOfficePage",
    "DocumentLibraryPage",
    "EngagementOfferIndexPage",
    "EngagementOfferPage",
    "EventCalendarPage",
    "EventPage",
    "HomePage",
    "NetworkPage",
    "NetworkingPlatformPage",
]


# Parameters the sweep must find (so a broken discovery cannot pass silently).
EXPECTED_PARAMETERS = {
    "CoordinationOfficeIndexPage": {"q", "municipality", "topic"},
    "DocumentLibraryPage": {"category", "language", "topic"},
    "EngagementOfferIndexPage": {"q", "municipality", "topic", "time", "language"},
    "EventCalendarPage": {"organiser", "municipality", "topic", "audience", "type", "from", "to"},
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_hostile_query_parameters_never_give_a_server_error(client, db, routes, page_type):
    failures = []
    found = set()
    for url, swept in routes[page_type]:
        with recorded_parameters() as names:
            baseline = client.get(f"{url}?probe=1")
        found |= names
        if baseline.status_code >= 500:
            failures.append((url, "probe=1", baseline.status_code))
        if not swept:
            continue
        # Every parameter the route reads, and one it does not know.
        names = sorted((names - {"probe"}) | {"page", "unknown"})
        for name in names:
            queries = [query(name, value) for value in HOSTILE_VALUES]
            queries += [query(name, value, raw=True) for value in RAW_VALUES]
            # Repeated parameters: a valid-looking value with a hostile one, and many.
            queries += [
                f"{query(name, 'kellbach')}&{query(name, chr(0))}",
                "&".join([query(name, "1")] * 50),
            ]
            for qs in queries:
                response = client.get(f"{url}?{qs}")
                if response.status_code >= 500:
                    failures.append((url, qs[:80], response.status_code))
    assert failures == []
    assert EXPECTED_PARAMETERS.get(page_type, set()) <= found


@pytest.mark.parametrize(
    ("page_type", "suffix", "parameter"),
    [
        ("DocumentLibraryPage", "", "topic"),
        ("DocumentLibraryPage", "", "category"),
        ("DocumentLibraryPage", "", "language"),
        ("DocumentLibraryPage", "", "page"),
        ("CoordinationOfficeIndexPage", "", "q"),
        ("CoordinationOfficeIndexPage", "csv/", "municipality"),
        ("CoordinationOfficeIndexPage", "print/", "topic"),
        ("EventCalendarPage", "", "organiser"),
        ("EventCalendarPage", "zeitraum/", "from"),
        ("EventCalendarPage", "ical/", "topic"),
        ("EventCalendarPage", "atom/", "municipality"),
        ("EngagementOfferIndexPage", "", "topic"),
        ("EngagementOfferIndexPage", "", "q"),
        ("EngagementOfferIndexPage", "", "page"),
        ("NetworkPage", "ical/", "topic"),
    ],
)
def test_a_nul_byte_is_a_bad_request(client, db, routes, page_type, suffix, parameter):
    url = routes[page_type][0][0] + suffix
    response = client.get(f"{url}?{parameter}=%00")
    assert response.status_code == 400, (url, parameter)
