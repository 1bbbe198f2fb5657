"""One pagination rule for every public listing (directory, calendar, offers, documents).

``?page=`` must be a whole number from 1 with at most ``MAX_PAGE_DIGITS`` digits. Anything
else is answered with status 400, a number beyond the last page with 404; in both cases the
listing shows the first page and says why in its error box, so a mistyped or outdated link
still leads somewhere useful.
"""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from .conf import get_setting

MAX_PAGE_DIGITS = 6


@dataclass
class Pagination:
    page: Page  # the page to show (the first one when the number was refused)
    error: str | None  # why the number was refused, for the listing's error box
    status: int  # 200, 400 (not a page number) or 404 (no such page)


def paginate(items, raw_number, per_page=None):
    """The page of ``items`` that ``raw_number`` (the ``page`` query value) asks for."""
    paginator = Paginator(items, per_page or get_setting("PAGE_SIZE"))
    raw = (raw_number or "").strip()
    if not raw:
        return Pagination(paginator.page(1), None, 200)
    if not re.fullmatch(rf"[0-9]{{1,{MAX_PAGE_DIGITS}}}", raw) or int(raw) < 1:
        error = _("“%(value)s” is not a page number. Page numbers are whole numbers from 1.")
        return Pagination(paginator.page(1), error % {"value": raw[:20]}, 400)
    if int(raw) > paginator.num_pages:
        error = _("There is no page %(number)s; this list has %(total)s page(s).") % {
            "number": int(raw),
            "total": paginator.num_pages,
        }
        return Pagination(paginator.page(1), error, 404)
    return Pagination(paginator.page(int(raw)), None, 200)
