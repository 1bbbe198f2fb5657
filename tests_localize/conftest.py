"""The fixtures of the main suite (home_page, admin_user …) for the wagtail-localize tests."""

import os

import pytest

from tests.conftest import *  # noqa: F403

if os.environ.get("DJANGO_SETTINGS_MODULE") != "tests_localize.settings":
    raise pytest.UsageError(
        "tests_localize/ needs its settings: make test-localize, or "
        "pytest --ds tests_localize.settings tests_localize"
    )
