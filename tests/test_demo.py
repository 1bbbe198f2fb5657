"""The demo content: loads, loads again without duplicates, and every page renders."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from wagtail_ehrenamt.models import Municipality


def snapshot():
    return (Page.objects.count(), Municipality.objects.count())


@pytest.mark.django_db
def test_setup_demo_is_idempotent_and_renders(client):
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first
    assert (
        Municipality.objects.filter(kind="municipality").count()
        + Municipality.objects.filter(kind="city").count()
        >= 4
    )

    home = client.get("/")
    assert home.status_code == 200
    for page in Page.objects.live().filter(depth__gt=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        # The home page links to every top-level section.
        if page.depth == 3:
            assert page.url.encode() in home.content


@pytest.mark.django_db
def test_reset_rebuilds_the_same_content():
    call_command("setup_demo", stdout=open("/dev/null", "w"))
    before = snapshot()
    call_command("setup_demo", reset=True, stdout=open("/dev/null", "w"))
    assert snapshot() == before
