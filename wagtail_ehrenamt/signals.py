"""Signal handlers; connected when the app is ready.

- An event's dates in the occurrence table follow its saves (``EventPage.save``, which also
  owns the iCalendar SEQUENCE); a change to a single date saved on its own rewrites the
  event's rows here, and deleting an event updates the table's fingerprint.
- Publishing, unpublishing, moving or deleting a page, and saving or deleting a place,
  organisation, contact, site or view restriction, marks all feeds as changed (a version
  number in the cache, see ``feed_cache.py``): their ETag changes and the cached renderings
  are not used again, on every app server sharing the cache. The mark is set at once and
  again after the transaction commits, so no server keeps a rendering of the old rows.
- When ``wagtail.contrib.frontend_cache`` is installed, publishing or unpublishing a page of
  the package purges the page, its listing parents, the organiser's page and the feeds of
  all of these, in every language of ``LANGUAGES``.
- Saving or deleting a locale forgets its language code kept in the cache (``languages.py``).
- The feeds version also renews the cached calendar listings (``listing_cache.py``).
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

# The purge helper has no models: importing it is safe when the app is not installed.
from wagtail.contrib.frontend_cache import utils as frontend_cache
from wagtail.models import BaseViewRestriction, Locale, Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from . import languages
from .directory import office_editors
from .events import feed_cache, occurrence_table
from .models.base import EhrenamtPageMixin
from .models.events import EventOccurrenceException, EventPage, event_dates_saved, is_saving
from .models.mixins import CalendarFeedMixin

logger = logging.getLogger(__name__)


def _organiser_pages(instance):
    if not isinstance(instance, EventPage) or not instance.organiser_page_id:
        return []

    organiser = Page.objects.filter(pk=instance.organiser_page_id).first()
    if organiser is None:
        return []
    return [organiser.specific, *(page.specific for page in organiser.get_ancestors())]


def _affected_pages(instance):
    """The pages that show ``instance``: itself, its listing parents and its organiser's."""
    pages = [instance, *(page.specific for page in instance.get_ancestors().filter(depth__gt=1))]
    pages += _organiser_pages(instance)
    unique = {}
    for page in pages:
        unique.setdefault(page.pk, page)
    return list(unique.values())


def frontend_cache_installed():
    return apps.is_installed("wagtail.contrib.frontend_cache")


def urls_to_purge(instance):
    """Absolute URLs of the pages and feeds that change with ``instance``, every language."""
    pages = [p for p in _affected_pages(instance) if isinstance(p, EhrenamtPageMixin)]
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for page in pages:
                try:
                    page_url = page.get_full_url()
                    feed_urls = (
                        [page.get_feed_url(kind) for kind in ("ics", "atom")]
                        if isinstance(page, CalendarFeedMixin)
                        else []
                    )
                except Exception:  # a page without a site has no URL
                    continue
                urls += [url for url in [page_url, *feed_urls] if url]
    return list(dict.fromkeys(urls))


def purge_page_urls(instance):
    if not frontend_cache_installed():
        return
    try:
        urls = urls_to_purge(instance)
        if urls:
            frontend_cache.purge_urls_from_cache(urls)
    except Exception:
        logger.exception("Purging URLs from the front-end cache failed")


def _page_changed(instance):
    feed_cache.mark_changed()
    if isinstance(instance, EhrenamtPageMixin):
        purge_page_urls(instance)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    feed_cache.mark_changed()


@receiver(post_save, sender=Locale, dispatch_uid="wagtail_ehrenamt_locale_saved")
@receiver(post_delete, sender=Locale, dispatch_uid="wagtail_ehrenamt_locale_deleted")
def on_locale_changed(sender, instance, **kwargs):
    """The page-language hook keeps each locale's language code in the cache."""
    languages.forget_locale_language(instance.pk)


def _changes_feeds(model):
    """Rows whose change can change a feed: pages, the package's content, sites, restrictions."""
    if issubclass(model, Page | Site | BaseViewRestriction):
        return True
    meta = model._meta
    return (
        meta.app_label == "wagtail_ehrenamt"
        and not meta.model_name.startswith(
            ("volunteerenquiry", "enquiry", "eventoccurrence", "occurrencewindow")
        )
        or meta.model_name == "eventoccurrenceexception"
    )


def on_delete(sender, instance, **kwargs):
    feed_cache.mark_changed()


def on_save(sender, instance, raw=False, **kwargs):
    """Places, organisations, contacts, sites and view restrictions (pages: on publishing)."""
    if not raw:
        feed_cache.mark_changed()


def on_snippet_published(sender, instance, **kwargs):
    """Places and organisations appear in feeds (LOCATION, GEO, ORGANIZER); pages send it too."""
    feed_cache.mark_changed()


def connect_feed_invalidation():
    """Connect the handlers above to the models that change feeds, each with ``sender=`` set.

    Called from AppConfig.ready(), when every app's models are loaded: saves and deletes of the
    host site's other models (users, collections, its own snippets) never reach them.
    """
    for model in apps.get_models(include_auto_created=True):
        if not _changes_feeds(model):
            continue
        uid = f"ehrenamt_feeds_{model._meta.label_lower}"
        post_delete.connect(on_delete, sender=model, dispatch_uid=uid)
        published.connect(on_snippet_published, sender=model, dispatch_uid=uid)
        unpublished.connect(on_snippet_published, sender=model, dispatch_uid=uid)
        if not issubclass(model, Page):  # pages: on publishing, unpublishing and moving
            post_save.connect(on_save, sender=model, dispatch_uid=uid)


def on_change_saved(sender, instance, raw=False, **kwargs):
    """A change to a single date saved on its own (not as part of its event's save)."""
    if raw:
        return
    page = instance._state.fields_cache.get("page")
    if page is not None and is_saving(page):
        return  # the event's own save rewrites its rows afterwards

    event = EventPage.objects.filter(pk=instance.page_id).first()
    if event is not None:
        occurrence_table.sync_event(event)


def on_event_dates_saved(sender, event, **kwargs):
    occurrence_table.sync_event(event)


def on_event_deleted(sender, instance, **kwargs):
    occurrence_table.after_event_deleted()


def connect_occurrence_table():
    """Connected with ``sender=`` set, from AppConfig.ready()."""
    post_save.connect(
        on_change_saved, sender=EventOccurrenceException, dispatch_uid="ehrenamt_change_saved"
    )
    post_delete.connect(on_event_deleted, sender=EventPage, dispatch_uid="ehrenamt_event_deleted")
    event_dates_saved.connect(
        on_event_dates_saved, sender=EventPage, dispatch_uid="ehrenamt_event_dates_saved"
    )


def connect_office_editors():
    """An event's office editors get their rights when its organiser is set or changed."""
    post_save.connect(
        office_editors.on_event_saved,
        sender=EventPage,
        dispatch_uid=office_editors.EVENT_SIGNAL_UID,
    )
