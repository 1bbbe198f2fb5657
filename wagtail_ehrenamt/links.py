"""Absolute addresses of pages.

Wagtail's ``page.get_full_url(request)`` always uses the ``Site`` record's host name and port,
which in a new ``wagtail start`` site is ``localhost:80``. Output made for a visitor (feeds,
subscribe links, JSON-LD, CSV, vCards) must use the host the visitor asked for instead, and
output made without a request (e-mails, management commands) the ``Site`` record.

A feed's address also carries its filters: :func:`normalise_params` writes them one way.
"""

from urllib.parse import urlencode

# Query parameters that only concern the HTML views (pagination) and never a feed.
IGNORED_PARAMS = {"page"}


def absolute_url(page, request=None):
    """The absolute URL of ``page``, or None if it is not routable.

    With a request: on the host and scheme the visitor used (``request.build_absolute_uri``,
    so HTTPS behind a proxy follows ``SECURE_PROXY_SSL_HEADER``); a page of another site
    keeps that site's address. Without a request: from the ``Site`` record.
    """
    if request is None:
        return page.get_full_url()
    url = page.get_url(request)
    if url is None:
        return None
    # A page of the request's site (or the only site) gets a path; others a full URL,
    # which build_absolute_uri returns unchanged.
    return request.build_absolute_uri(url)


def normalise_params(params):
    """A stable, sorted query string of the filter parameters (without ignored ones)."""
    items = []
    for key in sorted(params.keys()) if params else []:
        if key in IGNORED_PARAMS:
            continue
        values = params.getlist(key) if hasattr(params, "getlist") else [params[key]]
        for value in sorted(v for v in values if v != ""):
            items.append((key, value))
    return urlencode(items)
