"""The feed-invalidation handlers are connected per model (``sender=``): saving or deleting a
model of the host site that no feed shows (a user, a collection) does not reach them."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from wagtail.models import Collection, Page, PageViewRestriction, Site

from wagtail_ehrenamt import signals
from wagtail_ehrenamt.events import feed_cache
from wagtail_ehrenamt.models import EventPage, Topic
from wagtail_ehrenamt.models.engagement import VolunteerEnquiry

pytestmark = pytest.mark.django_db


def receivers(signal, sender):
    live = signal._live_receivers(sender)
    return [*live[0], *live[1]] if isinstance(live, tuple) else list(live)


def test_unrelated_models_do_not_reach_the_handlers():
    user_model = get_user_model()
    for model in (user_model, Collection, VolunteerEnquiry):
        assert signals.on_save not in receivers(post_save, model), model
        assert signals.on_delete not in receivers(post_delete, model), model
    for model in (Topic, Site, PageViewRestriction):
        assert signals.on_save in receivers(post_save, model), model
    for model in (Page, EventPage, Topic):
        assert signals.on_delete in receivers(post_delete, model), model
    assert signals.on_save not in receivers(post_save, EventPage)  # pages: on publishing

    with mock.patch.object(feed_cache, "bump") as bump:
        user = user_model.objects.create(username="signal-sender")
        user.delete()
        root = Collection.get_first_root_node()
        child = root.add_child(name="Fotos der Gemeinde")
        child.delete()
        assert bump.call_count == 0
        Topic.objects.create(name="Signale", slug="signale")
        assert bump.call_count >= 1
