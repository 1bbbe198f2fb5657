"""The demo content loads and every page renders (with the clock at each date of the matrix);
tests/test_demo_reset.py: it loads again without duplicates and rebuilds."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from wagtail_ehrenamt.models import Municipality


@pytest.mark.django_db
def test_setup_demo_loads_and_every_page_renders(client):
    call_command("setup_demo", stdout=io.StringIO())
    assert Municipality.objects.exclude(kind="county").count() >= 4

    home = client.get("/")
    assert home.status_code == 200
    home_locale = Locale.get_default().pk
    for page in Page.objects.live().filter(depth__gt=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        # The home page links to every top-level section (of its language).
        if page.depth == 3 and page.locale_id == home_locale:
            assert page.url.encode() in home.content
