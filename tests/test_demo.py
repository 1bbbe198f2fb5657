"""The demo content: loads, loads again without duplicates, rebuilds, and every page renders."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision

from wagtail_ehrenamt.models import Municipality


def snapshot():
    return (Page.objects.count(), Municipality.objects.count(), Revision.objects.count())


@pytest.mark.django_db
def test_setup_demo_is_idempotent_resettable_and_renders(client):
    call_command("setup_demo", stdout=io.StringIO())
    first = snapshot()
    # Safe to run twice: nothing new, not even a revision.
    call_command("setup_demo", stdout=io.StringIO())
    assert snapshot() == first
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

    # --reset rebuilds the same amount of content.
    pages, municipalities, _ = first
    call_command("setup_demo", reset=True, stdout=io.StringIO())
    assert snapshot()[:2] == (pages, municipalities)
