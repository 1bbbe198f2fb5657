"""Engagement offers and the volunteer enquiry form, through Django's test client."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from tests.engagement_helpers import build_engagement_site, form_token, valid_post
from wagtail_ehrenamt.models import (
    EngagementOfferPage,
    EnquiryStatusChange,
    Municipality,
    VolunteerEnquiry,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST and run the on-commit callbacks (the e-mails), as a real request would."""

    def do(client, url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return do


@pytest.fixture
def site(home_page):
    return build_engagement_site(home_page)


def get_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, form_token(response.content.decode())


# --- the offer list -------------------------------------------------------------------------


def test_index_lists_only_open_offers(client, site):
    response = client.get("/mitmachen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sprachcafé Lindenhain" in html
    assert "Hausaufgabenhilfe Kellbach" in html
    assert "Fahrdienst Sommerau" not in html  # filled
    assert "2 Angebote gefunden" in html or "2 offers found" in html


FILTER_CASES = [
    ("municipality=kellbach", "Hausaufgabenhilfe", "Sprachcafé"),
    ("topic=sprache", "Sprachcafé", "Hausaufgabenhilfe"),
    ("time=weekly", "Sprachcafé", "Hausaufgabenhilfe"),
    ("language=uk", "Sprachcafé", "Hausaufgabenhilfe"),
    ("language=en", "Hausaufgabenhilfe", "Sprachcafé"),
    ("q=kaffee", "Sprachcafé", "Hausaufgabenhilfe"),
    ("municipality=kellbach&language=ar", None, "Sprachcafé"),
]


def test_index_filters(client, site):
    for query, expected, unexpected in FILTER_CASES:
        html = client.get(f"/mitmachen/?{query}").content.decode()
        if expected:
            assert f">{expected}" in html, query
        assert f">{unexpected}" not in html, query


BAD_FILTERS = [
    ("municipality=atlantis", True, 400),
    ("topic=%00%ff", True, 400),
    ("time=always", True, 400),
    ("language=xx", True, 400),
    ("q=" + "x" * 500, True, 400),
    ("page=-3", False, 400),
    ("page=abc", False, 400),
    ("page=99999999999999999999", False, 400),
    ("page=7", False, 404),
    ("municipality=lindenhain&municipality=kellbach", False, 200),
]


def test_index_bad_filters_give_clear_message_not_500(client, site):
    for query, reported, status in BAD_FILTERS:
        response = client.get(f"/mitmachen/?{query}")
        assert response.status_code == status, query
        html = response.content.decode()
        assert ("ignoriert" in html or "ignored" in html) == reported, query
        if query.startswith("page="):
            assert '<p class="ehrenamt-errors" role="alert">' in html, query
        # The valid offers are still listed.
        assert "Hausaufgabenhilfe Kellbach" in html, query


def test_index_query_count_does_not_grow(client, site, django_assert_max_num_queries):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/mitmachen/").status_code == 200
        return len(ctx)

    small = count()
    index = site["index"]
    for n in range(12):
        offer = EngagementOfferPage(
            title=f"Angebot {n}",
            slug=f"angebot-{n}",
            municipality=site["municipalities"]["kellbach"],
            office=site["offices"]["kellbach"],
            languages=["ar", "fa"],
        )
        index.add_child(instance=offer)
        offer.topics.add(f"Thema {n}")
        offer.save_revision().publish()
    large = count()
    assert large <= small + 1, (small, large)


def test_offer_page_shows_form_with_municipality_preselected(client, site):
    html = client.get("/mitmachen/sprachcafe-lindenhain/").content.decode()
    assert 'name="consent"' in html
    assert '<option value="lindenhain" selected>' in html
    assert "Dienstags 16–18 Uhr" in html


def test_filled_offer_has_no_form(client, site):
    response = client.get("/mitmachen/fahrdienst-sommerau/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="consent"' not in html
    assert "/mitmachen/enquiry/" in html
    response = client.post("/mitmachen/fahrdienst-sommerau/", {"name": "x"})
    assert response.status_code == 200
    assert VolunteerEnquiry.objects.count() == 0


# --- the enquiry form -----------------------------------------------------------------------


def test_enquiry_on_offer_is_stored_routed_and_notified(client, post, site):
    url = "/mitmachen/sprachcafe-lindenhain/"
    _, token = get_form(client, url)
    response = post(client, url, valid_post(token))
    assert response.status_code == 303
    enquiry = VolunteerEnquiry.objects.get()
    # The thank-you page names the office that received it.
    assert response["Location"].endswith(
        f"/mitmachen/sprachcafe-lindenhain/enquiry/sent/?office={enquiry.office_id}"
    )
    assert enquiry.office == site["offices"]["lindenhain"]
    assert enquiry.offer.pk == site["offers"]["cafe"].pk
    assert enquiry.interests == ["language_cafe"]
    assert enquiry.languages == ["ar"]
    assert enquiry.consent_at is not None
    assert enquiry.status == "new"
    assert EnquiryStatusChange.objects.filter(enquiry=enquiry, to_status="new").count() == 1
    # Office e-mail: a link to the admin, no personal data; confirmation to the volunteer.
    office_mail = next(m for m in mail.outbox if m.to == ["ehrenamt@lindenhain.example"])
    assert f"/admin/wagtail_ehrenamt/volunteerenquiry/inspect/{enquiry.pk}/" in office_mail.body
    for personal in ["Erika", "Beispiel", "erika@example.org", "Arabisch", "Dienstags"]:
        assert personal not in office_mail.body
        assert personal not in office_mail.subject
    assert any(m.to == ["erika@example.org"] for m in mail.outbox)
    # The confirmation page (POST-redirect-GET).
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "Vielen Dank" in sent.content.decode() or "Thank you" in sent.content.decode()


def test_general_enquiry_routes_by_municipality(client, site):
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    response = client.post(url, valid_post(token, municipality="kellbach", interests=[]))
    assert response.status_code == 303
    enquiry = VolunteerEnquiry.objects.get()
    assert enquiry.office == site["offices"]["kellbach"]
    assert enquiry.offer is None


def test_general_enquiry_falls_back_to_county_wide_office(client, site):
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    client.post(url, valid_post(token, municipality="sommerau"))
    assert VolunteerEnquiry.objects.get().office == site["offices"]["county"]


def test_phone_only_is_enough_and_no_confirmation_mail(client, post, site):
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    response = post(client, url, valid_post(token, email="", phone="+49 5601 12345"))
    assert response.status_code == 303
    assert VolunteerEnquiry.objects.get().phone == "+49 5601 12345"
    assert [m.to for m in mail.outbox] == [["ehrenamt@lindenhain.example"]]


BAD_INPUT = [
    ({"name": ""}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"email": "not-an-address"}, "email"),
    ({"email": "", "phone": ""}, "email"),
    ({"phone": "call me maybe"}, "phone"),
    ({"municipality": "atlantis"}, "municipality"),
    ({"municipality": ""}, "municipality"),
    ({"interests": ["knitting"]}, "interests"),
    ({"languages": ["klingon"]}, "languages"),
    ({"availability": "x" * 501}, "availability"),
    ({"message": "x" * 3001}, "message"),
    ({"consent": ""}, "consent"),
    ({"token": "tampered"}, "token"),
    ({"token": ""}, "token"),
    ({"token": "1:abc:def"}, "token"),
]


def test_bad_input_gives_form_error_and_stores_nothing(client, site):
    url = "/mitmachen/sprachcafe-lindenhain/"
    _, token = get_form(client, url)
    for overrides, field in BAD_INPUT:
        data = {**valid_post(token), **overrides}
        response = client.post(url, data)
        assert response.status_code == 200, overrides
        form = response.context["form"]
        assert field in form.errors, overrides
        html = response.content.decode()
        assert 'id="error-summary"' in html
        assert 'role="alert"' in html
        # What was typed is kept.
        if field != "message":
            assert "Ich spreche etwas Arabisch." in html, overrides
    assert VolunteerEnquiry.objects.count() == 0
    assert EnquiryStatusChange.objects.count() == 0
    assert mail.outbox == []


def test_error_markup_is_accessible(client, site):
    url = "/mitmachen/sprachcafe-lindenhain/"
    _, token = get_form(client, url)
    html = client.post(url, valid_post(token, name="", email="kaputt")).content.decode()
    assert 'href="#id_name"' in html
    assert 'href="#id_email"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'value="kaputt"' in html


def test_token_of_another_page_is_rejected(client, site):
    _, other_token = get_form(client, "/mitmachen/enquiry/")
    url = "/mitmachen/sprachcafe-lindenhain/"
    response = client.post(url, valid_post(other_token))
    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    assert VolunteerEnquiry.objects.count() == 0


def test_csrf_is_enforced(site):
    csrf_client = Client(enforce_csrf_checks=True)
    url = "/mitmachen/sprachcafe-lindenhain/"
    _, token = get_form(csrf_client, url)
    response = csrf_client.post(url, valid_post(token))
    assert response.status_code == 403
    assert VolunteerEnquiry.objects.count() == 0
    # With the CSRF token from the form, the same client gets through.
    html = csrf_client.get(url).content.decode()
    import re

    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = csrf_client.post(url, {**valid_post(form_token(html)), "csrfmiddlewaretoken": csrf})
    assert response.status_code == 303
    assert VolunteerEnquiry.objects.count() == 1


def test_honeypot_pretends_success_but_stores_nothing(client, post, site):
    url = "/mitmachen/sprachcafe-lindenhain/"
    _, token = get_form(client, url)
    response = post(client, url, valid_post(token, website="http://spam.example"))
    assert response.status_code == 303
    assert VolunteerEnquiry.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_client_address(client, site, settings):
    settings.WAGTAIL_EHRENAMT = {**settings.WAGTAIL_EHRENAMT, "ENQUIRY_RATE_LIMIT": 2}
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    for _n in range(2):
        assert client.post(url, valid_post(token), REMOTE_ADDR="203.0.113.7").status_code == 303
    blocked = client.post(url, valid_post(token), REMOTE_ADDR="203.0.113.7")
    assert blocked.status_code == 429
    assert "später" in blocked.content.decode() or "later" in blocked.content.decode()
    assert VolunteerEnquiry.objects.count() == 2
    # Another address is not affected.
    assert client.post(url, valid_post(token), REMOTE_ADDR="198.51.100.9").status_code == 303
    assert VolunteerEnquiry.objects.count() == 3
    # No client address is stored in the cache key in clear text.
    assert not any("203.0.113.7" in str(k) for k in cache._cache)


def test_rate_limit_behind_proxy_uses_configured_header(client, site, settings):
    settings.WAGTAIL_EHRENAMT = {
        **settings.WAGTAIL_EHRENAMT,
        "ENQUIRY_RATE_LIMIT": 1,
        "ENQUIRY_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
    }
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client.post(url, valid_post(token), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert first.status_code == 303
    other = client.post(url, valid_post(token), HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert other.status_code == 303
    again = client.post(url, valid_post(token), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert again.status_code == 429


def test_mail_failure_does_not_lose_the_enquiry(client, post, site, settings, monkeypatch):
    from wagtail_ehrenamt.engagement import services

    def boom(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", boom)
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    response = post(client, url, valid_post(token))
    assert response.status_code == 303
    assert VolunteerEnquiry.objects.count() == 1


def test_privacy_settings_are_used(client, site, settings):
    settings.WAGTAIL_EHRENAMT = {
        **settings.WAGTAIL_EHRENAMT,
        "ENQUIRY_PRIVACY_URL": "/datenschutz/",
        "ENQUIRY_PRIVACY_TEXT": "Ich willige in die Verarbeitung <meiner> Daten ein.",
    }
    html = client.get("/mitmachen/enquiry/").content.decode()
    assert 'href="/datenschutz/"' in html
    assert "Ich willige in die Verarbeitung &lt;meiner&gt; Daten ein." in html


def test_no_office_email_uses_fallback(client, post, site, settings):
    office = site["offices"]["kellbach"]
    office.email = ""
    office.save_revision().publish()
    settings.WAGTAIL_EHRENAMT = {
        **settings.WAGTAIL_EHRENAMT,
        "ENQUIRY_FALLBACK_EMAIL": "zentrale@auenwald.example",
        "ENQUIRY_SEND_CONFIRMATION": False,
    }
    url = "/mitmachen/enquiry/"
    _, token = get_form(client, url)
    post(client, url, valid_post(token, municipality="kellbach"))
    assert [m.to for m in mail.outbox] == [["zentrale@auenwald.example"]]


def test_deleted_office_and_offer_do_not_break_anything(client, site, admin_client):
    url = "/mitmachen/sprachcafe-lindenhain/"
    _, token = get_form(client, url)
    client.post(url, valid_post(token))
    enquiry = VolunteerEnquiry.objects.get()
    site["offices"]["lindenhain"].delete()
    site["offers"]["cafe"].delete()
    enquiry.refresh_from_db()
    assert enquiry.office is None and enquiry.offer is None
    response = admin_client.get(f"/admin/wagtail_ehrenamt/volunteerenquiry/inspect/{enquiry.pk}/")
    assert response.status_code == 200


def test_deleted_and_draft_snippets_do_not_break_offer_pages(client, site):
    from wagtail_ehrenamt.models import Location, Organisation

    offer = site["offers"]["cafe"]
    offer.location = Location.objects.create(name="Geheimer Entwurfsort", live=False)
    offer.organisation = Organisation.objects.create(name="Verein im Entwurf", live=False)
    offer.save_revision().publish()
    html = client.get("/mitmachen/sprachcafe-lindenhain/").content.decode()
    assert "Geheimer Entwurfsort" not in html
    assert "Verein im Entwurf" not in html
    site["municipalities"]["lindenhain"].delete()
    site["offices"]["lindenhain"].delete()
    Location.objects.all().delete()
    for url in ["/mitmachen/", "/mitmachen/sprachcafe-lindenhain/", "/mitmachen/enquiry/"]:
        assert client.get(url).status_code == 200, url


def test_enquiry_with_a_translated_municipality(client, site):
    """Translations share the municipality's slug: the form offers each municipality once
    and stores the German one, whose office answers."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    kellbach = Municipality.objects.get(slug="kellbach")
    translated = kellbach.copy_for_translation(english)
    translated.name = "Kellbach (English)"
    translated.save()
    url = "/mitmachen/enquiry/"
    response, token = get_form(client, url)
    html = response.content.decode()
    assert html.count('value="kellbach"') == 1 and "Kellbach (English)" not in html
    response = client.post(url, valid_post(token, municipality="kellbach", interests=[]))
    assert response.status_code == 303
    enquiry = VolunteerEnquiry.objects.get()
    assert enquiry.municipality == kellbach
    assert enquiry.office == site["offices"]["kellbach"]
