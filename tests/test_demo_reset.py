"""The demo content loads again without duplicates and rebuilds with --reset (not date-dependent:
left out of the date matrix; tests/test_demo.py renders its pages on every date)."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from wagtail_ehrenamt.models import Municipality


def snapshot():
    return (Page.objects.count(), Municipality.objects.count(), Revision.objects.count())


@pytest.mark.django_db
def test_setup_demo_is_idempotent_and_resettable():
    call_command("setup_demo", stdout=io.StringIO())
    first = snapshot()
    # Safe to run twice: nothing new, not even a revision.
    call_command("setup_demo", stdout=io.StringIO())
    assert snapshot() == first

    # --reset rebuilds the same amount of content.
    pages, municipalities, _ = first
    call_command("setup_demo", reset=True, stdout=io.StringIO())
    assert snapshot()[:2] == (pages, municipalities)
