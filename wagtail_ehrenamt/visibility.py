"""Which pages public output may show: one rule for every listing, filter, feed and block.

A page is *visible* when it is live and neither it nor any of its ancestors has a view
restriction (password, login or groups). Restricted pages stay reachable at their own
address, where Wagtail asks for the password or a login, but nothing else names them: no
listing, filter choice, feed, month view, block, template tag, JSON-LD, CSV, print view or
enquiry routing. Listings and feeds are cached and shared, so the rule does not depend on
who is asking.

The one exception is the page being served: its own restrictions (and those above it) were
already checked by Wagtail for this request, so ``within=page`` ignores them. A calendar in
a restricted section thus still lists its events to the visitors who may open it.

All checks are SQL expressions (an ``EXISTS`` subquery), so they add no queries to a
listing; :func:`restricted_paths` serves single pages already in memory.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

__all__ = [
    "is_visible",
    "restricted",
    "restricted_paths",
    "visible_page",
    "visible_pages",
    "visible_related",
    "with_restriction_flag",
]

# Wagtail's tree paths use four characters per level.
_STEPLEN = 4


def _ancestor_paths(path):
    return [path[:end] for end in range(_STEPLEN, len(path) + 1, _STEPLEN)]


def restricted(path_field="path", within=None):
    """An SQL boolean: the page whose tree path is ``path_field`` has a view restriction,
    itself or on an ancestor.

    ``path_field`` may follow a relation, e.g. ``"organiser_page__path"`` (a missing page
    counts as not restricted). Restrictions on ``within`` and its ancestors are ignored.
    """
    restrictions = PageViewRestriction.objects.annotate(
        _ehrenamt_path_length=Length("page__path")
    ).filter(page__path=Substr(OuterRef(path_field), 1, "_ehrenamt_path_length"))
    if within is not None:
        restrictions = restrictions.exclude(page__path__in=_ancestor_paths(within.path))
    return Exists(restrictions)


def visible_pages(queryset, within=None):
    """The live pages of ``queryset`` that no view restriction covers.

    ``within``: the page being served (see the module documentation).
    """
    return queryset.filter(live=True).filter(~restricted("path", within))


def restricted_paths():
    """The tree paths of all pages with a view restriction (one query)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def is_visible(page, paths=None, within=None):
    """Whether ``page`` (a page object, or None) is live and not restricted.

    ``paths``: the result of :func:`restricted_paths`, to check many pages with one query;
    without it, this asks the database. ``within``: as for :func:`visible_pages`.
    """
    if page is None or not page.live:
        return False
    if paths is None:
        paths = restricted_paths()
    exempt = set(_ancestor_paths(within.path)) if within is not None else ()
    return not any(page.path.startswith(path) for path in paths if path not in exempt)


def visible_page(page, paths=None, within=None):
    """``page`` if :func:`is_visible`, else None (for optional related pages)."""
    return page if is_visible(page, paths, within) else None


def with_restriction_flag(queryset, field):
    """Annotate ``<field>_restricted`` (see :func:`restricted`) for the page in the foreign
    key ``field``, so :func:`visible_related` needs no further query."""
    return queryset.annotate(**{f"{field}_restricted": restricted(f"{field}__path")})


def visible_related(objects, field, paths=None):
    """The objects whose page in ``field`` (e.g. a platform organiser's ``office``) is visible.

    Uses the ``<field>_restricted`` annotation of :func:`with_restriction_flag` when the
    objects carry it; otherwise one query (:func:`restricted_paths`) for all of them.
    """
    result = []
    for obj in objects:
        page = getattr(obj, field)
        if page is None or not page.live:
            continue
        flag = getattr(obj, f"{field}_restricted", None)
        if flag is None:
            if paths is None:
                paths = restricted_paths()
            flag = not is_visible(page, paths)
        if not flag:
            result.append(obj)
    return result
