"""Demo partner calendars: two feeds shipped as static files of the example project (one shaped
like a Google export, one like Exchange), imported into the demo calendar.

The series start in 2025 and never end, so the feeds stay current on any date. The load reads
the files directly (the demo server is not running yet); later syncs (``manage.py
ehrenamt_sync_calendars`` or the admin button) download them from the running demo server,
which the example project allows when ``DJANGO_DEBUG`` is set.
"""

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from wagtail.models import Site

from wagtail_ehrenamt.models import ExternalCalendar, Organisation, Topic
from wagtail_ehrenamt.partner_calendars.sync import sync_calendar

FEEDS = [
    # name, static file, organisation, audiences
    (
        "Diakonie Auenwald (Google-Kalender)",
        "demo/partner-diakonie.ics",
        "Diakonisches Werk Auenwald",
        {"for_refugees": True, "for_volunteers": True},
    ),
    (
        "Caritas Auenwald (Outlook-Kalender)",
        "demo/partner-caritas.ics",
        "Caritasverband Auenwald",
        {"for_refugees": True},
    ),
]


def _site_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else "http://127.0.0.1:8000"


def load(context):
    calendar = context.sections.get("calendar")
    if calendar is None:
        return
    topic = Topic.objects.filter(name="Sprache").first()
    for name, path, organisation_name, audiences in FEEDS:
        external = ExternalCalendar.objects.filter(name=name).first()
        if external is None:
            external = ExternalCalendar.objects.create(
                name=name,
                url=_site_url() + static(path),
                calendar=calendar,
                organisation=Organisation.objects.filter(name=organisation_name).first(),
                event_type="consultation" if "Caritas" in name else "exchange",
                **audiences,
            )
            if topic is not None and "Diakonie" in name:
                external.default_topics.add(topic)
        with open(finders.find(path), "rb") as feed:
            result = sync_calendar(external, body=feed.read())
        context.log(f"Partner calendar {name}: {result.summary()}")


def reset(context):
    ExternalCalendar.objects.filter(name__in=[row[0] for row in FEEDS]).delete()
