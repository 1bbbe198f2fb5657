"""The month view shows at most MONTH_DAY_LIMIT dates in a day of its grid and
MONTH_LIST_LIMIT in its list, and links to the range view for the rest; counts stay complete.

So a month of a large calendar renders about as much as a small one (issue 13), and nothing
changes for a calendar below the limits.
"""

import datetime as dt
import re

import pytest
from django.test import override_settings

from tests.events_fixtures import add_busy_day, add_event, build_county
from wagtail_ehrenamt.events import event_listing

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def busy_day(home_page):
    """Eight dates on the 15th of next month (never in the past, whatever today is), one
    of them cancelled, and one date on the 20th."""
    county = build_county(home_page)
    day = add_busy_day(
        county["calendar"],
        "Sprechstunde",
        range(8, 16),
        lambda hour: {
            "status": "cancelled" if hour == 9 else "scheduled",
            "event_type": "training",
        },
    )
    add_event(county["calendar"], "Infoabend", day + 5 * DAY, publish=True)
    return day


def month_html(client, day, query=""):
    response = client.get(f"/termine/monat/{day.year}/{day.month}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def cell(html, day):
    match = re.search(
        rf'<td[^>]*>\s*<span class="ehrenamt-month__day"><time datetime="{day}".*?</td>', html, re.S
    )
    assert match, day
    return match.group(0)


def listed_titles(html):
    listing = html.split("ehrenamt-occurrences", 1)[1]
    return re.findall(r'class="ehrenamt-occurrence__title"[^>]*>\s*<a[^>]*>([^<]+)</a>', listing)


def test_a_busy_day_shows_its_first_dates_and_links_to_the_rest(client, busy_day):
    html = month_html(client, busy_day)
    busy = cell(html, busy_day)
    shown = re.findall(r">\d\d:\d\d (Sprechstunde \d+ Uhr)</a>", busy)
    assert shown == [f"Sprechstunde {hour} Uhr" for hour in range(8, 14)]  # 6, in time order
    more = re.search(r'<p class="ehrenamt-month__more"><a href="([^"]+)">(.*?)</a>', busy, re.S)
    assert more, busy
    iso = busy_day.isoformat()
    assert more.group(1).replace("&amp;", "&") == f"/termine/zeitraum/?from={iso}&to={iso}"
    assert more.group(2).startswith("2 ")
    # The other days are untouched, and the caption counts every regular date.
    assert "ehrenamt-month__more" not in cell(html, busy_day + 5 * DAY)
    assert ">Infoabend</a>" in cell(html, busy_day + 5 * DAY)
    assert re.search(r"<caption>[^<]*: 8 ", html), "7 regular dates on the 15th, 1 on the 20th"
    # The month's list below the grid is below its limit: every date, no link.
    assert len(listed_titles(html)) == 9
    assert "/termine/zeitraum/?from=" not in html.split("ehrenamt-occurrences", 1)[1]

    # The link leads to all of the day's dates.
    day_list = client.get(more.group(1).replace("&amp;", "&"))
    assert day_list.status_code == 200
    assert len(re.findall(r"Sprechstunde \d+ Uhr</a>", day_list.content.decode())) == 8


def test_filters_are_kept_in_the_links(client, busy_day):
    html = month_html(client, busy_day, "?type=training")
    more = re.search(r'<p class="ehrenamt-month__more"><a href="([^"]+)"', cell(html, busy_day))
    assert more.group(1).replace("&amp;", "&").startswith("/termine/zeitraum/?type=training&")


@override_settings(WAGTAIL_EHRENAMT={"MONTH_LIST_LIMIT": 3, "MONTH_DAY_LIMIT": 100})
def test_a_long_month_lists_its_first_dates_and_links_to_all(client, busy_day):
    html = month_html(client, busy_day)
    assert listed_titles(html) == [
        "Sprechstunde 8 Uhr",
        "Sprechstunde 9 Uhr",
        "Sprechstunde 10 Uhr",
    ]
    first = busy_day.replace(day=1)
    last = (first + 32 * DAY).replace(day=1) - DAY
    assert f'href="/termine/zeitraum/?from={first}&amp;to={last}"' in html
    assert re.search(r"<caption>[^<]*: 8 ", html)
    assert "ehrenamt-month__more" not in html  # the day limit is high enough here


def test_table_and_expanded_dates_give_the_same_month(client, busy_day, monkeypatch):
    from_table = month_html(client, busy_day)
    assert "ehrenamt-month__more" in from_table
    # A month the occurrence table does not hold is expanded by the engine: same page.
    monkeypatch.setattr(event_listing, "occurrence_rows", lambda *args: None)
    assert month_html(client, busy_day) == from_table


def test_an_event_deleted_while_the_month_is_read_is_left_out(client, busy_day, monkeypatch):
    """Between counting the month's rows and loading the dates shown, an editor deletes an
    event: the month shows the others instead of failing."""
    from wagtail_ehrenamt.events.occurrence_table import OccurrenceRows
    from wagtail_ehrenamt.models import EventPage

    read_spans = OccurrenceRows.spans

    def spans_then_delete(rows):
        spans = read_spans(rows)
        EventPage.objects.get(title="Infoabend").delete()
        return spans

    monkeypatch.setattr(OccurrenceRows, "spans", spans_then_delete)
    html = month_html(client, busy_day)
    assert ">Infoabend</a>" not in html
    assert len(re.findall(r">\d\d:\d\d Sprechstunde \d+ Uhr</a>", cell(html, busy_day))) == 6
    assert "Infoabend" not in listed_titles(html)
    assert len(listed_titles(html)) == 8
