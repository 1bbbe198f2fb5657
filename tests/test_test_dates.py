"""EHRENAMT_TEST_DATE (tests/conftest.py) sets the clock of every thread to the chosen date."""

import datetime as dt
import threading

from django.utils import timezone

from tests.conftest import TEST_NOW
from wagtail_ehrenamt.events.event_listing import today


def test_the_clock_follows_ehrenamt_test_date_in_every_thread():
    seen = []
    thread = threading.Thread(target=lambda: seen.append((today(), timezone.now())))
    thread.start()
    thread.join()
    day, now = seen[0]
    assert day == today()
    assert abs(now - timezone.now()) < dt.timedelta(minutes=5)
    if TEST_NOW:
        # 09:00 Europe/Berlin on the chosen day, and ticking since the session started.
        assert day == TEST_NOW.astimezone(timezone.get_default_timezone()).date()
        assert TEST_NOW <= now < TEST_NOW + dt.timedelta(hours=6)
