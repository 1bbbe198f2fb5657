"""Two offices, A and B, each with an event in the shared calendar, and an editor for A."""

import datetime as dt

from bs4 import BeautifulSoup
from wagtail.fields import StreamField

from tests.events_fixtures import add_event, build_county
from tests.factories import add_page
from wagtail_ehrenamt.events.event_listing import today
from wagtail_ehrenamt.models import CoordinationOfficePage, EventPage

PASSWORD = "pw-stelle-a"


def two_offices(home):
    county = build_county(home)
    office_a = county["office"]
    office_b = add_page(
        office_a.get_parent(),
        CoordinationOfficePage(title="Koordinierungsstelle Kellbach", slug="ks-kellbach"),
    )
    start = today() + dt.timedelta(days=10)
    calendar = county["calendar"]
    event_a = add_event(
        calendar, "Sprachcafé Lindenhain", start, publish=True, organiser_page=office_a
    )
    event_b = add_event(calendar, "Nähcafé Kellbach", start, publish=True, organiser_page=office_b)
    return {
        **county,
        "office_a": office_a,
        "office_b": office_b,
        "event_a": event_a,
        "event_b": event_b,
    }


def editor_of(setup, django_user_model, username="stelle-a"):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name="Anna", last_name="Amsel"
    )
    user.groups.add(setup.group)
    return user


def form_data(html, form_id="page-edit-form", model=EventPage):
    """The fields of a rendered admin form, as the browser would submit them.

    StreamFields are drawn by JavaScript: they are sent empty (the test events have none).
    """
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) or soup.find("form", attrs={"method": "post"})
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "select":
            chosen = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            if field.has_attr("multiple"):
                data.setdefault(name, []).extend(chosen)
            elif chosen:
                data[name] = chosen[0]
            else:
                first = field.find("option")
                data[name] = first.get("value", "") if first else ""
        elif field.name == "textarea":
            data[name] = field.text
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") in ("submit", "button", "file"):
            continue
        else:
            data[name] = field.get("value", "")
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    return data
