import pytest
from django.core.checks import run_checks
from django.test import override_settings

from wagtail_ehrenamt import checks
from wagtail_ehrenamt.conf import DEFAULTS, get_setting


def check_ids(messages):
    return sorted(message.id for message in messages)


def test_example_project_passes_all_checks():
    assert [m for m in run_checks() if m.id.startswith("wagtail_ehrenamt")] == []


def test_missing_required_app_is_reported(monkeypatch):
    monkeypatch.setattr(checks.apps, "is_installed", lambda name: name != "taggit")
    messages = checks.check_required_apps(None)
    assert check_ids(messages) == ["wagtail_ehrenamt.E001"]
    assert "taggit" in messages[0].msg


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("not a dict", ["wagtail_ehrenamt.E002"]),
        ({"PAGE_SIZE": 0}, ["wagtail_ehrenamt.E003"]),
        ({"FEED_CACHE_TIMEOUT": "60"}, ["wagtail_ehrenamt.E003"]),
        ({"MONTH_DAY_LIMIT": 0, "MONTH_LIST_LIMIT": None}, ["wagtail_ehrenamt.E003"] * 2),
        ({"TIME_ZONE": "Mars/Olympus"}, ["wagtail_ehrenamt.E004"]),
        ({"BASE_TEMPLATE": ""}, ["wagtail_ehrenamt.E005"]),
        ({"PAGE_SIZ": 10}, ["wagtail_ehrenamt.W001"]),
        ({"PAGE_SIZE": 10, "TIME_ZONE": "Europe/Berlin"}, []),
    ],
)
def test_bad_settings_are_reported(value, expected):
    with override_settings(WAGTAIL_EHRENAMT=value):
        assert check_ids(checks.check_settings(None)) == expected


def test_settings_fall_back_to_documented_defaults():
    with override_settings(WAGTAIL_EHRENAMT={"PAGE_SIZE": 7}):
        assert get_setting("PAGE_SIZE") == 7
        assert get_setting("FEED_PAST_DAYS") == DEFAULTS["FEED_PAST_DAYS"]
    with pytest.raises(KeyError):
        get_setting("NO_SUCH_SETTING")
