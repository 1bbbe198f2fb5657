"""Test settings with wagtail-localize: the test settings (tests/settings.py), with
``wagtail_localize`` and ``wagtail_localize.locales`` in place of ``wagtail.locales``, as
docs/how-to/translations.md tells a site to do. Run by ``make test-localize``."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [  # noqa: F405
    app
    for name in INSTALLED_APPS  # noqa: F405
    for app in (
        ("wagtail_localize", "wagtail_localize.locales") if name == "wagtail.locales" else (name,)
    )
]
