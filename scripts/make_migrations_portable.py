"""Make freshly generated migrations work on Wagtail 7.4 LTS as well as 8.x.

Wagtail 8 made the page model swappable (``settings.WAGTAIL_PAGE_MODEL``) and added
wagtailcore migrations that 7.4 does not have. Django writes both into new migrations; this
rewrites them to the 7.4-compatible form. Run it after ``makemigrations``.
"""

import re
import sys
from pathlib import Path

# The newest wagtailcore migration that Wagtail 7.4 ships.
WAGTAILCORE_74 = "0097_baselogentry_uuid_action_timestamp_indexes"
PAGE_MODEL = 'getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")'


def make_portable(text):
    text = text.replace("settings.WAGTAIL_PAGE_MODEL", PAGE_MODEL)
    newer_than_74 = r"\('wagtailcore', '0(09[89]|1\d\d)_[a-z0-9_]+'\)"
    return re.sub(newer_than_74, f"('wagtailcore', '{WAGTAILCORE_74}')", text)


def main(paths):
    for path in paths:
        for migration in sorted(Path(path).glob("0*.py")):
            text = migration.read_text()
            fixed = make_portable(text)
            if fixed != text:
                migration.write_text(fixed)
                print(f"made portable: {migration}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["wagtail_ehrenamt/migrations", "example_project/home/migrations"])
