"""Signal handlers; connected when the app is ready.

- An event's iCalendar SEQUENCE grows on every published change of its time, place or status
  (compared with the previously published version), so calendar clients replace their copy.
- Publishing, unpublishing or deleting an event (or a page, place or organisation feeds show)
  marks all feeds as changed: their ETag changes and the cached renderings are not used again.
- Adding, changing or removing a page's view restriction marks all feeds as changed too:
  restricted pages and organisers drop out of them (see :mod:`.visibility`).
- When ``wagtail.contrib.frontend_cache`` is installed, the feed URLs of the event, its
  calendar and its organiser are purged from the front-end cache.
"""

import logging
import time

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, published, unpublished

from .feeds import CHANGED_KEY

logger = logging.getLogger(__name__)

# Fields whose published change means a new SEQUENCE (RFC 5545 3.8.7.4).
SEQUENCE_FIELDS = [
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "rrule",
    "location_id",
    "online_url",
    "status",
]
EXCEPTION_FIELDS = [
    "original_date",
    "action",
    "new_date",
    "new_start_time",
    "new_end_time",
    "new_location_id",
]


def mark_feeds_changed():
    """Invalidate every feed's ETag and cached rendering (the cache is shared by servers)."""
    previous = cache.get(CHANGED_KEY) or 0
    # Strictly increasing, so two changes within one second still differ.
    cache.set(CHANGED_KEY, max(int(time.time()), int(previous) + 1), None)


def _exception_signature(exceptions):
    return sorted(
        tuple(str(getattr(exc, field)) for field in EXCEPTION_FIELDS) for exc in exceptions
    )


def _is_event_page(instance):
    from .models.events import EventPage

    return isinstance(instance, EventPage)


@receiver(pre_save)
def bump_sequence(sender, instance, raw=False, **kwargs):
    """On publishing an event, compare with the previously published row and bump SEQUENCE."""
    if raw or not _is_event_page(instance) or instance.pk is None:
        return
    model = type(instance)
    previous = model.objects.filter(pk=instance.pk).first()
    if previous is None:
        return
    # The row keeps the published content; it only changes when a revision is published.
    instance.sequence = max(instance.sequence or 0, previous.sequence or 0)
    is_publish = instance.live and instance.last_published_at != previous.last_published_at
    if not is_publish or previous.last_published_at is None:
        return
    # A draft saved incomplete keeps its rrule computed on save; compute it the same way.
    try:
        new_rrule = instance.editor_rrule()
    except Exception:
        new_rrule = ""
    changed = any(
        (new_rrule if field == "rrule" else getattr(instance, field)) != getattr(previous, field)
        for field in SEQUENCE_FIELDS
    )
    if not changed:
        old_exceptions = _exception_signature(previous.exceptions.all())
        new_exceptions = _exception_signature(instance.exceptions.all())
        changed = old_exceptions != new_exceptions
    if changed:
        instance.sequence = (previous.sequence or 0) + 1


def _feed_pages_for(instance):
    """The pages whose feeds contain ``instance`` (an event or an organiser page)."""
    from .models.mixins import CalendarFeedMixin

    pages = [instance]
    if _is_event_page(instance):
        pages += [
            page.specific
            for page in instance.get_ancestors()
            if issubclass(page.specific_class or object, CalendarFeedMixin)
        ]
        if instance.organiser_page_id:
            from wagtail.models import Page

            organiser = Page.objects.filter(pk=instance.organiser_page_id).first()
            if organiser is not None:
                pages.append(organiser.specific)
    return [p for p in pages if isinstance(p, CalendarFeedMixin)]


def frontend_cache_installed():
    return apps.is_installed("wagtail.contrib.frontend_cache")


def purge_feed_urls(instance):
    if not frontend_cache_installed():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = []
    for page in _feed_pages_for(instance):
        for kind in ("ics", "atom"):
            try:
                url = page.get_feed_url(kind)
            except Exception:  # a page without a site has no URL
                url = None
            if url:
                urls.append(url)
    if urls:
        try:
            purge_urls_from_cache(urls)
        except Exception:
            logger.exception("Purging feed URLs from the front-end cache failed")


def _page_changed(instance):
    from .models.mixins import CalendarFeedMixin

    if isinstance(instance, CalendarFeedMixin):
        mark_feeds_changed()
        purge_feed_urls(instance)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(post_delete)
def on_delete(sender, instance, **kwargs):
    from .models.directory import Location, Organisation
    from .models.mixins import CalendarFeedMixin

    if isinstance(instance, CalendarFeedMixin | Location | Organisation):
        mark_feeds_changed()


@receiver(published)
@receiver(unpublished)
def on_snippet_published(sender, instance, **kwargs):
    """Places and organisations appear in feeds (LOCATION, GEO, ORGANIZER)."""
    from .models.directory import Location, Organisation

    if isinstance(instance, Location | Organisation):
        mark_feeds_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_view_restriction_changed(sender, instance, **kwargs):
    """A page that becomes restricted leaves every feed; one that is freed returns."""
    mark_feeds_changed()
