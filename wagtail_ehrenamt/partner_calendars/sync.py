"""Merge a partner feed into the site's events, by UID.

One :class:`~wagtail_ehrenamt.models.ImportedEvent` row per event page links the page to its
feed entry (unique per calendar, UID and recurrence key). A sync

* downloads the feed (:mod:`.fetch`) and reads it (:mod:`.parse`); if either fails, nothing
  is changed and the error is recorded on the calendar;
* creates a page for each new entry, updates a page whose entry changed (anything the
  page shows; an entry with a lower SEQUENCE than already imported is ignored), leaves
  unchanged pages alone, and keeps each page's URL;
* unpublishes pages whose entry left the feed (entries outside the feed window and entries
  that could not be read are kept);
* leaves detached pages (edited by hand) alone.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug

from ..conf import today as site_today
from ..models import (
    EventOccurrenceException,
    EventPage,
    ExternalCalendar,
    ImportedEvent,
    Location,
    Topic,
)
from ..models.events import REPETITION_FORM_FIELDS
from .fetch import FetchError, FetchResult, fetch_feed
from .parse import FeedError, ImportItem, parse_feed

logger = logging.getLogger(__name__)

AUDIENCE_FIELDS = ("for_volunteers", "for_professionals", "for_public", "for_refugees")
POSTCODE_CITY = re.compile(r"^(\d{5})\s+(.+)$")
# One synchronisation per calendar at a time (cron and the admin button, on any app server:
# Django's shared cache). A run that dies keeps the lock at most this long.
SYNC_LOCK_SECONDS = 15 * 60


@dataclass
class SyncResult:
    status: str = "ok"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    skipped: int = 0
    detached: int = 0
    error: str = ""
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self):
        if self.status == "busy":
            return _("A synchronisation of this calendar is already running; nothing was done.")
        if self.status == "error":
            return _("Error: %(error)s") % {"error": self.error}
        if self.status == "not_modified":
            return _("The feed has not changed since the last synchronisation.")
        text = _(
            "%(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(unpublished)s unpublished, %(skipped)s skipped"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unpublished": self.unpublished,
            "skipped": self.skipped,
        }
        if self.detached:
            text += _(", %(detached)s detached (left alone)") % {"detached": self.detached}
        return text


def sync_calendar(calendar, dry_run=False, today=None, body=None):
    """Synchronise one :class:`ExternalCalendar`; returns a :class:`SyncResult`.

    With ``dry_run`` nothing is written, not even the result; the counts say what a real
    run would do. ``body`` is the feed's content, read elsewhere (the demo reads its own
    files); without it the feed is downloaded from the calendar's address.
    """
    result = SyncResult(dry_run=dry_run)
    if dry_run:
        return _sync(calendar, result, today, body)
    lock = f"wagtail_ehrenamt:partner-sync:{calendar.pk}"
    if not cache.add(lock, True, SYNC_LOCK_SECONDS):
        result.status = "busy"
        return result
    try:
        return _sync(calendar, result, today, body)
    finally:
        cache.delete(lock)


def _sync(calendar, result, today, body):
    dry_run = result.dry_run
    today = today or site_today()
    try:
        if body is not None:
            fetched = FetchResult(not_modified=False, body=body, url=calendar.url)
        else:
            fetched = fetch_feed(
                calendar.url,
                etag="" if dry_run else calendar.etag,
                last_modified="" if dry_run else calendar.http_last_modified,
            )
        if fetched.not_modified:
            result.status = "not_modified"
        else:
            parsed = parse_feed(fetched.body, today)
            if not parsed.event_count and _has_live_imports(calendar):
                raise FeedError(
                    _(
                        "The feed contains no events at all, but events were imported from "
                        "it before. Nothing was changed; if the partner really removed all "
                        "events, deactivate this calendar and unpublish them by hand."
                    )
                )
            result.skipped = parsed.skipped
            result.problems.extend(parsed.problems)
            _merge(calendar, parsed, result, dry_run)
    except (FetchError, FeedError) as error:
        result.status = "error"
        result.error = str(error)
    except Exception as error:  # record it, whatever it is; the cron run goes on
        logger.exception("Partner calendar %s: synchronisation failed", calendar.pk)
        result.status = "error"
        result.error = _("Unexpected error: %(error)s") % {"error": str(error)[:300]}
    if not dry_run:
        _record(calendar, result, None if result.status == "error" else fetched)
    return result


def _has_live_imports(calendar):
    return calendar.imported_events.filter(detached=False, page__live=True).exists()


def _record(calendar, result, fetched):
    now = timezone.now()
    calendar.last_sync_at = now
    calendar.last_sync_status = result.status
    calendar.last_created = result.created
    calendar.last_updated = result.updated
    calendar.last_unpublished = result.unpublished
    calendar.last_skipped = result.skipped
    if result.status == "error":
        calendar.last_error = result.error[:2000]
    else:
        calendar.last_error = "\n".join(result.problems[:10])[:2000]
        calendar.last_success_at = now
        if fetched is not None and not fetched.not_modified:
            calendar.etag = fetched.etag
            calendar.http_last_modified = fetched.last_modified
    calendar.save(
        update_fields=[
            "last_sync_at",
            "last_sync_status",
            "last_created",
            "last_updated",
            "last_unpublished",
            "last_skipped",
            "last_error",
            "last_success_at",
            "etag",
            "http_last_modified",
        ]
    )


def _calendar_defaults(calendar):
    """What the calendar adds to every event; part of the fingerprint, so a change to the
    calendar's settings updates its events on the next sync."""
    topic_ids = sorted(calendar.default_topics.values_list("pk", flat=True))
    return [
        calendar.calendar_id,
        calendar.organisation_id,
        calendar.event_type,
        [getattr(calendar, name) for name in AUDIENCE_FIELDS],
        topic_ids,
    ]


def _merge(calendar, parsed, result, dry_run):
    links = {
        (link.uid, link.recurrence_key): link
        for link in ImportedEvent.objects.filter(calendar=calendar).select_related("page")
    }
    defaults = _calendar_defaults(calendar)
    writer = None if dry_run else _Writer(calendar)
    seen = set()
    for item in parsed.items:
        key = (item.uid, item.recurrence_key)
        if key in seen:
            continue
        seen.add(key)
        link = links.get(key)
        fingerprint = item.fingerprint(defaults)
        if link is not None and link.detached:
            result.detached += 1
            continue
        if link is not None:
            # (A page the sync unpublished has an empty fingerprint: it comes back.)
            unchanged = link.fingerprint == fingerprint
            stale = item.sequence < link.sequence and link.fingerprint
            if unchanged or stale:
                result.unchanged += 1
                continue
        if dry_run:
            if link is None:
                result.created += 1
            else:
                result.updated += 1
            continue
        try:
            with transaction.atomic():
                writer.write(item, link, fingerprint)
        except Exception as error:
            logger.warning("Partner calendar %s: %s not written: %r", calendar.pk, key, error)
            writer.locations.clear()  # places created in the rolled-back savepoint are gone
            result.skipped += 1
            result.problems.append(
                _("“%(title)s” was skipped: %(error)s")
                % {"title": item.title[:80], "error": _error_text(error)}
            )
            continue
        if link is None:
            result.created += 1
        else:
            result.updated += 1
    for key, link in links.items():
        if key in seen or link.detached or not link.page.live:
            continue
        if not _vanished(link, parsed):
            continue
        result.unpublished += 1
        if not dry_run:
            link.page.specific.unpublish()
            link.fingerprint = ""  # republished (and updated) if the entry comes back
            link.save(update_fields=["fingerprint", "updated_at"])


def _vanished(link, parsed):
    """Whether the entry behind ``link`` left the feed (and was not just left out)."""
    uid, key = link.uid, link.recurrence_key
    if uid not in parsed.uids:
        return True
    expanded = uid in parsed.expanded_uids
    if not key:
        # Still in the feed: imported as dates now, or outside the window, or unreadable.
        return expanded
    if not expanded:
        # Dates of a series that is one series page now (or could not be read this time).
        return uid not in parsed.skipped_uids
    start = link.page.start_date
    return parsed.window_start <= start <= parsed.window_end


def _error_text(error):
    messages = getattr(error, "messages", None)
    if messages:
        return "; ".join(str(m) for m in messages)[:200]
    return str(error)[:200] or error.__class__.__name__


class _Writer:
    """Writes pages for one calendar; caches topics and places."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.parent = calendar.calendar
        self.default_topics = list(calendar.default_topics.all())
        self.topics_by_name = {t.name.casefold(): t for t in Topic.objects.all()}
        self.locations = {}

    def write(self, item: ImportItem, link, fingerprint):
        if link is None:
            page = EventPage()
            self._apply(page, item)
            page.uid = self._uid(item)
            base = item.title if not item.recurrence_key else f"{item.title}-{item.start_date}"
            page.slug = find_available_slug(self.parent, slugify(base)[:200] or "termin")
            self.parent.add_child(instance=page)
            link = ImportedEvent(calendar=self.calendar, uid=item.uid)
            link.recurrence_key = item.recurrence_key
            link.page = page
        else:
            page = link.page.specific
            if page.get_parent().pk != self.parent.pk:
                page.move(self.parent, pos="last-child")
                page.refresh_from_db()
            self._apply(page, item)
        page.sequence = max(page.sequence or 0, item.sequence)
        revision = page.save_revision()
        # A page an editor unpublished stays unpublished (its content is still updated);
        # one the sync unpublished (empty fingerprint) is published again.
        if page.live or link.pk is None or not link.fingerprint:
            revision.publish()
        link.sequence = item.sequence
        link.source_last_modified = item.last_modified
        link.fingerprint = fingerprint
        link.save()

    def _uid(self, item):
        """The feed's UID, so subscribers of both feeds see one event; derived for a date
        of an expanded series, or when another page has it already."""
        uid = item.uid if not item.recurrence_key else f"{item.uid}-{item.recurrence_key}"
        taken = EventPage.objects.filter(uid=uid).exists()
        if taken:
            uid = f"{uid}-{self.calendar.pk}"
        if len(uid) > 255 or (taken and EventPage.objects.filter(uid=uid).exists()):
            digest = hashlib.sha256(f"{self.calendar.pk}|{uid}".encode()).hexdigest()
            uid = f"partner-{digest[:40]}@wagtail-ehrenamt"
        return uid

    def _apply(self, page, item):
        calendar = self.calendar
        page.title = item.title
        page.draft_title = item.title
        page.summary = item.summary
        for name in (*REPETITION_FORM_FIELDS, "status"):
            setattr(page, name, getattr(item, name))
        page.online_url = item.online_url
        page.location = self._location(item.location_text)
        page.organiser_organisation_id = calendar.organisation_id
        page.event_type = calendar.event_type
        for name in AUDIENCE_FIELDS:
            setattr(page, name, getattr(calendar, name))
        topics = list(self.default_topics)
        for name in item.categories:
            topic = self.topics_by_name.get(name.casefold())
            if topic is not None and topic not in topics:
                topics.append(topic)
        page.topics.set(topics)
        page.exceptions = [
            EventOccurrenceException(
                original_date=change["original_date"],
                action=change["action"],
                new_date=change.get("new_date"),
                new_start_time=change.get("new_start_time"),
                new_end_time=change.get("new_end_time"),
                new_location=self._location(change.get("new_location_text", "")),
                note=change.get("note", ""),
            )
            for change in item.exceptions
        ]

    def _location(self, text):
        """A place named like the feed's LOCATION: an existing one of that name, or a new
        one (street, postcode and city taken from “name, street, 12345 city”)."""
        text = (text or "").strip()
        if not text:
            return None
        if text in self.locations:
            return self.locations[text]
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if len(parts) > 1 and parts[-1].casefold() in ("deutschland", "germany", "de"):
            parts.pop()
        name = parts[0][:200] if parts else text[:200]
        location = Location.objects.filter(name__iexact=name).order_by("pk").first()
        if location is None:
            location = Location(name=name)
            if len(parts) > 1:
                match = POSTCODE_CITY.match(parts[-1])
                if match:
                    location.postcode, location.city = match.group(1), match.group(2)[:100]
                    parts.pop()
                if len(parts) > 1:
                    location.street = parts[-1][:200]
            location.save()
        self.locations[text] = location
        return location


def due_calendars(calendar_id=None):
    calendars = ExternalCalendar.objects.select_related("calendar").order_by("pk")
    if calendar_id is not None:
        return calendars.filter(pk=calendar_id)
    return calendars.filter(active=True)
