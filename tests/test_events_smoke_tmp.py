import datetime as dt
import pytest
from tests.factories import add_page
from wagtail_ehrenamt.models import EventCalendarPage, EventPage

@pytest.mark.django_db
def test_smoke(client, home_page):
    cal = add_page(home_page, EventCalendarPage(title="Termine", slug="termine"))
    ev = add_page(cal, EventPage(title="Treffen", slug="treffen", start_date=dt.date.today(), start_time=dt.time(18), end_time=dt.time(20), repeat="weekly"))
    for url in ["/termine/", "/termine/monat/", "/termine/archiv/", "/termine/zeitraum/", "/termine/treffen/", "/termine/monat/2026/13/", "/termine/?organiser=x&page=-1"]:
        r = client.get(url, follow=True)
        print(url, r.status_code, len(r.content))
    print(client.get("/termine/").content.decode()[-3000:])
