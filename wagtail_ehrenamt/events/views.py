"""The event calendar's views: upcoming dates, archive, month grid and date range.

The routes are on :class:`~wagtail_ehrenamt.models.EventCalendarPage`; they find these views
by name (:mod:`wagtail_ehrenamt.page_views`). Each view's list part (filters, dates, page
links) is rendered once and kept in Django's cache (:mod:`wagtail_ehrenamt.events.listing_cache`).
"""

import datetime as dt
from calendar import monthrange

from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..page_views import register
from ..pagination import paginate
from . import listing_cache
from .event_listing import (
    MAX_RANGE_DAYS,
    MAX_YEAR,
    MIN_YEAR,
    EventFilterForm,
    filter_event_queryset,
    filter_query,
    group_by_month,
    month_dates,
    occurrence_rows,
    occurrences_in_window,
    parse_date,
    today,
    upcoming_occurrences,
)

#: The list part of each view (filters, dates, page links), rendered once and kept in
#: Django's cache (listing_cache.py); the page templates show it as ``listing_html``.
LISTING_TEMPLATES = {
    "upcoming": "wagtail_ehrenamt/events/includes/calendar_listing.html",
    "archive": "wagtail_ehrenamt/events/includes/calendar_listing.html",
    "range": "wagtail_ehrenamt/events/includes/calendar_listing.html",
    "month": "wagtail_ehrenamt/events/includes/month_listing.html",
}


def _filter_context(calendar, request):
    events, errors = filter_event_queryset(calendar.get_events(), request.GET)
    context = {
        "filter_form": EventFilterForm(request.GET or None),
        "filter_errors": errors,
        "filter_query": filter_query(request.GET, errors),
        "filtered_events": events,
    }
    return context, events, errors


def _serve_listing(calendar, request, view, build, template=None, **page_context):
    """Answer a listing view, its list part from the cache when the cache holds it.

    ``build()`` computes the list part's context and returns ``(context, errors,
    status)``; ``page_context`` is what the template around the list needs too.
    """
    key = listing_cache.request_key(request, calendar, view)
    entry = listing_cache.get(key)
    context = calendar.get_context(request)
    context.update(view=view, **page_context)
    status = 200
    if entry is not None:
        context.update(entry["context"])
        context["listing_html"] = mark_safe(entry["html"])  # rendered by our templates
    else:
        listing, errors, status = build()
        context.update(listing)
        context["listing_html"] = render_to_string(
            LISTING_TEMPLATES[view], context, request=request
        )
        if errors and status == 200:
            status = 400
        if status == 200:
            listing_cache.store(key, context["listing_html"], page_context)
    response = TemplateResponse(request, template or calendar.get_template(request), context)
    response.status_code = status
    return response


def _paginate(request, items, errors):
    """The page of ``items`` asked for and the response's status; a refused ``page``
    number is reported in ``errors`` (one rule for every listing: pagination.py)."""
    pagination = paginate(items, request.GET.get("page"))
    if pagination.error:
        errors["page"] = pagination.error
    return pagination.page, pagination.status


@register("calendar.upcoming")
def upcoming_view(calendar, request):
    def build():
        context, events, errors = _filter_context(calendar, request)
        page_obj, status = _paginate(request, upcoming_occurrences(events), errors)
        context.update(page_obj=page_obj, months=group_by_month(page_obj.object_list))
        return context, errors, status

    return _serve_listing(calendar, request, "upcoming", build)


@register("calendar.archive")
def archive_view(calendar, request):
    def build():
        context, events, errors = _filter_context(calendar, request)
        end = today() - dt.timedelta(days=1)
        start = end - dt.timedelta(days=calendar.archive_days)
        past = occurrences_in_window(events, start, end)
        past = [o for o in reversed(past) if o.end_date <= end]
        page_obj, status = _paginate(request, past, errors)
        context.update(page_obj=page_obj, months=group_by_month(page_obj.object_list))
        return context, errors, status

    return _serve_listing(calendar, request, "archive", build)


@register("calendar.current_month")
def current_month_view(calendar, request):
    current = today()
    url = calendar.reverse_subpage("month", args=(current.year, current.month))
    query = filter_query(request.GET)
    return redirect(calendar.url + url + (f"?{query}" if query else ""))


@register("calendar.month")
def month_view(calendar, request, year, month):
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        raise Http404(_("There is no such month in this calendar."))
    first = dt.date(year, month, 1)
    last = dt.date(year, month, monthrange(year, month)[1])

    def build():
        context, events, errors = _filter_context(calendar, request)
        dates = month_dates(events, year, month)
        range_url = calendar.get_url(request) + calendar.reverse_subpage("range_view")

        def range_link(start, end):
            extra = {"from": start.isoformat(), "to": end.isoformat()}
            return f"{range_url}?{filter_query(request.GET, errors, extra=extra)}"

        for week in dates.weeks:
            for day in week:
                if day.more:
                    day.more_url = range_link(day.date, day.date)
        previous_month = first - dt.timedelta(days=1)
        next_month = last + dt.timedelta(days=1)
        context.update(
            weeks=dates.weeks,
            month_occurrences=dates.listed,
            month_count=dates.count,
            # Cancelled dates are shown (struck through) but not counted as regular dates.
            month_regular_count=dates.regular_count,
            month_range_url=(range_link(first, last) if dates.count > len(dates.listed) else ""),
            previous_month=previous_month if previous_month.year >= MIN_YEAR else None,
            next_month=next_month if next_month.year <= MAX_YEAR else None,
        )
        return context, errors, 200

    return _serve_listing(
        calendar,
        request,
        "month",
        build,
        template="wagtail_ehrenamt/events/calendar_month.html",
        month=first,
    )


@register("calendar.range")
def range_view(calendar, request):
    def build():
        context, events, errors = _filter_context(calendar, request)
        errors = dict(errors)
        raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
        start = parse_date(raw_from) if raw_from else today()
        end = parse_date(raw_to) if raw_to else None
        if start is None:
            errors["from"] = _("Enter the first day as a date like 2026-11-01.")
        if raw_to and end is None:
            errors["to"] = _("Enter the last day as a date like 2026-11-30.")
        if start and end is None and "to" not in errors:
            end = start + dt.timedelta(days=30)
        occurrences = []
        if start and end:
            if end < start:
                errors["to"] = _("The last day cannot be before the first day.")
            elif (end - start).days > MAX_RANGE_DAYS:
                errors["to"] = _("Choose a range of at most %(days)s days.") % {
                    "days": MAX_RANGE_DAYS
                }
            else:
                occurrences = occurrence_rows(events, start, end)
                if occurrences is None:
                    occurrences = occurrences_in_window(events, start, end)
        page_obj, status = _paginate(request, occurrences, errors)
        kept = {
            key: value
            for key, value in (("from", raw_from), ("to", raw_to))
            if value and key not in errors
        }
        context.update(
            filter_errors=errors,
            range_start=start,
            range_end=end,
            range_from=raw_from or (start.isoformat() if start else ""),
            range_to=raw_to or (end.isoformat() if end else ""),
            page_obj=page_obj,
            months=group_by_month(page_obj.object_list),
            filter_query=filter_query(request.GET, errors, extra=kept),
        )
        return context, errors, status

    return _serve_listing(calendar, request, "range", build)
