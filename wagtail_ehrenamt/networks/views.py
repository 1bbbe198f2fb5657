"""The document library's listing: filtered, grouped by category, a page at a time."""

from django.db.models import Case, IntegerField, Value, When
from django.http import QueryDict

from ..models.documents import CATEGORY_ORDER, DocumentCategory, DocumentLanguage
from ..models.topics import Topic
from ..page_views import register
from ..pagination import paginate
from .forms import DocumentFilterForm


def filter_documents(documents, params):
    """Apply the library's filters (a QueryDict) to ``documents``.

    Returns ``(queryset, filters, errors)``: ``filters`` holds the valid values,
    ``errors`` maps a parameter to a message for unknown or malformed values, whose
    filter is then ignored (see :class:`~.forms.DocumentFilterForm`).
    """
    form = DocumentFilterForm(params)
    form.is_valid()
    filters = {name: value for name, value in form.cleaned_data.items() if value}
    errors = {name: messages[0] for name, messages in form.errors.items()}
    return form.filter(documents), filters, errors


def available_topics(documents):
    """Topics that at least one of ``documents`` (the shown ones) has."""
    return (
        Topic.objects.filter(library_document_items__content_object__in=documents.values("pk"))
        .distinct()
        .order_by("name")
    )


@register("networks.document_library")
def document_library_context(library, request):
    params = request.GET if request is not None else QueryDict()
    shown = library.get_documents()
    documents, filters, errors = filter_documents(shown, params)
    order = Case(
        *[When(category=value, then=Value(i)) for i, value in enumerate(CATEGORY_ORDER)],
        output_field=IntegerField(),
    )
    documents = documents.annotate(category_order=order).order_by(
        "category_order", "-date", "title", "pk"
    )
    pagination = paginate(documents, params.get("page"))
    page_obj = pagination.page
    if pagination.error:
        errors["page"] = pagination.error
    entries = list(page_obj.object_list.prefetch_related("topics"))
    query = QueryDict(mutable=True)
    for key in ("category", "language"):
        if key in filters:
            query[key] = filters[key]
    if "topic" in filters:
        query["topic"] = filters["topic"].slug
    return {
        "entries": entries,
        "page_obj": page_obj,
        "paginator": page_obj.paginator,
        "filters": filters,
        "filter_errors": errors,
        "query": query.urlencode(),
        "categories": DocumentCategory.choices,
        "languages": DocumentLanguage.choices,
        "topics": list(available_topics(shown)),
        "status_code": pagination.status if pagination.error else 400 if errors else 200,
    }
