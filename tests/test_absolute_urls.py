"""Absolute links use the host the visitor asked for, not the Site record (`localhost:80` in a
new `wagtail start` site); output made without a request uses the Site record."""

import csv
import datetime as dt
import io
import json
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page, Site

from tests import directory_data as d
from tests.engagement_helpers import build_engagement_site, form_token, valid_post
from tests.events_fixtures import add_event, build_county
from tests.factories import add_page
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.links import absolute_url
from wagtail_ehrenamt.models import VolunteerEnquiry

pytestmark = pytest.mark.django_db

HOST = "landkreis.example"


@pytest.fixture(autouse=True)
def public_host(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver", HOST, "andere.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.clear()
    yield
    cache.clear()


def set_site(**fields):
    """Change the default Site as Settings → Sites does (saving clears Wagtail's cache)."""
    site = Site.objects.get(is_default_site=True)
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()


@pytest.fixture
def county(home_page):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # what `wagtail start` creates
    data = build_county(home_page)
    person = d.contact(role="Koordinatorin", email="jorg@auenwald.example")
    data["contact"] = person
    data["directory_office"] = d.office(
        data["office"].get_parent().specific,
        "Koordinierungsstelle Kellbach",
        "ks-kellbach",
        contacts=[(person, "Leitung")],
    )
    data["event"] = add_event(
        data["calendar"],
        "Sprachcafé",
        today() + dt.timedelta(days=7),
        publish=True,
        slug="sprachcafe",
        start_time=dt.time(18),
        end_time=dt.time(20),
        organiser_page=data["office"],
        summary="Deutsch üben",
    )
    return data


def json_ld(html):
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script[1])


# The three ways a visitor reaches the site: plain HTTP, HTTPS, HTTPS ended at a proxy.
VISITS = {
    "http": ({"HTTP_HOST": HOST}, "http"),
    "https": ({"HTTP_HOST": HOST, "secure": True}, "https"),
    "proxy": ({"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}, "https"),
}


@pytest.fixture(params=list(VISITS))
def visit(request, client):
    extra, scheme = VISITS[request.param]

    def get(path):
        response = client.get(path, **extra)
        assert response.status_code == 200, (path, response.status_code)
        text = response.content.decode()
        assert "localhost" not in text, path
        return text

    get.base = f"{scheme}://{HOST}"
    return get


def test_calendar_page_subscribe_box_and_head_links(county, visit):
    html = visit("/termine/")
    feed = f"{visit.base}/termine/ical/"
    assert f'<link rel="alternate" type="text/calendar" href="{feed}"' in html
    assert f'type="application/atom+xml" href="{visit.base}/termine/atom/"' in html
    assert f'href="webcal://{HOST}/termine/ical/"' in html
    assert f'value="{feed}"' in html  # the address to copy
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1)
    assert unquote(google.replace("&amp;", "&")).endswith(f"cid=webcal://{HOST}/termine/ical/")
    outlook = re.search(r'href="(https://outlook\.live\.com/[^"]+)"', html).group(1)
    assert f"url={feed}" in unquote(outlook.replace("&amp;", "&"))


def test_event_page_json_ld_and_links(county, visit):
    html = visit("/termine/sprachcafe/")
    data = json_ld(html)
    event = data[0] if isinstance(data, list) else data
    assert event["url"] == f"{visit.base}/termine/sprachcafe/"
    assert event["organizer"]["url"] == f"{visit.base}/stellen/ks-lindenhain/"
    assert f'href="{visit.base}/termine/sprachcafe/ical/"' in html


def test_add_to_calendar_links_use_the_request_host(county):
    for secure, scheme in [(False, "http"), (True, "https")]:
        request = RequestFactory().get("/termine/sprachcafe/", HTTP_HOST=HOST, secure=secure)
        html = Template("{% load ehrenamt_feeds %}{% add_to_calendar event %}").render(
            Context({"event": county["event"], "request": request})
        )
        links = unquote(html.replace("&amp;", "&"))
        assert "localhost" not in links
        assert f"{scheme}://{HOST}/termine/sprachcafe/ical/" in links
        # Google's "details" and Outlook's "body" end with the event's address.
        assert links.count(f"{scheme}://{HOST}/termine/sprachcafe/") >= 3


def test_ical_feed_url_and_source(county, visit):
    text = visit("/termine/ical/")
    unfolded = text.replace("\r\n ", "")
    assert f"SOURCE;VALUE=URI:{visit.base}/termine/ical/" in unfolded
    assert f"URL:{visit.base}/termine/sprachcafe/" in unfolded
    assert f"{visit.base}/termine/sprachcafe/" in unfolded.replace("\\n", "")  # DESCRIPTION
    single = visit("/termine/sprachcafe/ical/").replace("\r\n ", "")
    assert f"URL:{visit.base}/termine/sprachcafe/" in single
    office_feed = visit("/stellen/ks-lindenhain/ical/").replace("\r\n ", "")
    assert f"SOURCE;VALUE=URI:{visit.base}/stellen/ks-lindenhain/ical/" in office_feed


def test_atom_feed_links_and_ids(county, visit):
    text = visit("/termine/atom/")
    assert f'<link href="{visit.base}/termine/"' in text
    assert f'<link href="{visit.base}/termine/atom/" rel="self"' in text
    assert f"<id>{visit.base}/termine/atom/</id>" in text
    assert f"<id>{visit.base}/termine/sprachcafe/</id>" in text


def test_office_json_ld_csv_and_vcard(county, visit):
    office_url = f"{visit.base}/stellen/ks-kellbach/"
    html = visit("/stellen/ks-kellbach/")
    data = json_ld(html)
    assert data["url"] == office_url
    text = visit("/stellen/csv/")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert any(office_url in row for row in rows[1:])  # the "web page" column
    vcard = visit(f"/stellen/ks-kellbach/vcard/{county['contact'].pk}/")
    assert f"URL:{office_url}" in vcard.replace("\r\n ", "")


def test_cached_feed_does_not_carry_another_hosts_urls(county, client):
    first = client.get("/termine/ical/", HTTP_HOST="andere.example")
    second = client.get("/termine/ical/", HTTP_HOST=HOST)
    third = client.get("/termine/ical/", HTTP_HOST=HOST, secure=True)
    assert b"http://andere.example/termine/" in first.content
    assert b"andere.example" not in second.content
    assert b"http://landkreis.example/termine/" in second.content
    assert b"https://landkreis.example/termine/" in third.content
    assert len({first["ETag"], second["ETag"], third["ETag"]}) == 3
    # A client holding the other host's ETag gets the full feed, not a 304.
    again = client.get("/termine/ical/", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"andere.example" not in again.content
    atom = client.get("/termine/atom/", HTTP_HOST="andere.example")
    assert b"landkreis.example" not in atom.content
    assert b"landkreis.example" in client.get("/termine/atom/", HTTP_HOST=HOST).content


def test_page_of_another_site_keeps_that_sites_address(county, rf):
    from example_project.home.models import HomePage

    other_home = add_page(Page.get_first_root_node(), HomePage(title="Andere", slug="andere"))
    Site.objects.create(hostname="andere.example", port=443, root_page=other_home)
    request = rf.get("/", HTTP_HOST=HOST)
    assert absolute_url(other_home, request) == "https://andere.example/"
    assert absolute_url(county["calendar"], request) == f"http://{HOST}/termine/"


def test_without_a_request_the_site_record_is_used(county):
    assert absolute_url(county["calendar"]) == "http://localhost/termine/"
    set_site(hostname="www.landkreis.example", port=443)
    calendar = Page.objects.get(pk=county["calendar"].pk)  # a page caches the site's address
    assert absolute_url(calendar) == "https://www.landkreis.example/termine/"


# --- e-mails and commands: no request, so the Site record (or WAGTAILADMIN_BASE_URL) ---------


@pytest.fixture
def engagement(home_page):
    return build_engagement_site(home_page)


def send_enquiry(client, django_capture_on_commit_callbacks):
    url = "/mitmachen/sprachcafe-lindenhain/"
    token = form_token(client.get(url, HTTP_HOST=HOST).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, valid_post(token), HTTP_HOST=HOST)
    assert response.status_code == 303
    enquiry = VolunteerEnquiry.objects.get()
    return next(m for m in mail.outbox if m.to == ["ehrenamt@lindenhain.example"]), enquiry


def test_office_email_links_to_the_site_record_without_admin_base_url(
    engagement, client, settings, django_capture_on_commit_callbacks
):
    del settings.WAGTAILADMIN_BASE_URL
    set_site(hostname="www.landkreis.example", port=443)
    message, enquiry = send_enquiry(client, django_capture_on_commit_callbacks)
    path = f"/admin/wagtail_ehrenamt/volunteerenquiry/inspect/{enquiry.pk}/"
    assert f"https://www.landkreis.example{path}" in message.body
    assert f"//{HOST}/" not in message.body  # not the host of the visitor's request


def test_office_email_follows_wagtailadmin_base_url(
    engagement, client, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://redaktion.landkreis.example"
    message, enquiry = send_enquiry(client, django_capture_on_commit_callbacks)
    path = f"/admin/wagtail_ehrenamt/volunteerenquiry/inspect/{enquiry.pk}/"
    assert f"https://redaktion.landkreis.example{path}" in message.body


def test_demo_command_names_the_site_record_address(home_page):
    set_site(hostname="www.landkreis.example", port=443)
    out = io.StringIO()
    call_command("ehrenamt_demo", translations=False, stdout=out)
    assert "Demo content ready under https://www.landkreis.example/" in out.getvalue()


# --- the system check ------------------------------------------------------------------------


def site_warnings(**kwargs):
    return [m for m in run_checks(**kwargs) if m.id == "wagtail_ehrenamt.W011"]


@pytest.mark.parametrize("hostname", ["localhost", "127.0.0.1", "LOCALHOST"])
def test_check_warns_about_a_local_site_with_debug_off(home_page, settings, hostname):
    settings.DEBUG = False
    set_site(hostname=hostname)
    # `manage.py migrate` and `check --database default`
    messages = site_warnings(databases=["default"])
    assert len(messages) == 1
    assert "Settings → Sites" in messages[0].hint
    assert messages[0].level == 30  # WARNING
    # `manage.py check --deploy`, with and without --database: reported once.
    assert len(site_warnings(include_deployment_checks=True)) == 1
    assert len(site_warnings(include_deployment_checks=True, databases=["default"])) == 1


def test_check_is_silent_with_debug_or_a_real_host(home_page, settings):
    settings.DEBUG = True
    assert site_warnings(databases=["default"], include_deployment_checks=True) == []
    settings.DEBUG = False
    set_site(hostname="www.landkreis.example", port=443)
    assert site_warnings(databases=["default"], include_deployment_checks=True) == []


def test_check_does_not_read_the_database_unless_asked(home_page, settings):
    settings.DEBUG = False
    # Plain `manage.py check` (and every command that runs checks) leaves the database alone.
    assert site_warnings() == []
