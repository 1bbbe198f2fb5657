"""A default collection for the documents of a page (a team's minutes, an office's files).

Documents added for a network, competence team, platform or office go into a Wagtail
collection of that page instead of "Root":

* :func:`page_collection` finds or creates it: an office with an editor group uses the
  group's collection (where the group may add, edit and choose documents, see
  :mod:`wagtail_ehrenamt.directory.office_editors`); any other page gets a collection named
  after it, below one parent collection of the package (setting ``COLLECTION_NAME``, "Ehrenamt").
* The library document form's file chooser (:class:`PageDocumentChooserViewSet`) is
  Wagtail's document chooser with one difference: ``?collection_id=<id>`` in its URL also
  preselects that collection in its "Upload" tab (Wagtail's own chooser uses the parameter
  only to filter the list). The form passes the collection of the entry's page, so the
  editor uploads the minutes right from the "add minutes" screen into the team's collection.
"""

from django.db import transaction
from django.utils.functional import cached_property
from wagtail.documents import get_document_model_string
from wagtail.documents.views.chooser import (
    DocumentChooseResultsView,
    DocumentChooserUploadView,
    DocumentChooserViewSet,
    DocumentChooseView,
)
from wagtail.models import Collection

from ..conf import get_setting
from ..models import OfficeEditorGroup

#: Longest collection name Wagtail stores.
NAME_LENGTH = Collection._meta.get_field("name").max_length


def _child(parent, name):
    name = name[:NAME_LENGTH]
    return parent.get_children().filter(name=name).first() or parent.add_child(name=name)


@transaction.atomic
def package_collection():
    """The parent collection of the package's page collections (created on demand)."""
    return _child(Collection.get_first_root_node(), get_setting("COLLECTION_NAME"))


@transaction.atomic
def page_collection(page):
    """The collection for documents of ``page`` (created on demand)."""
    setup = OfficeEditorGroup.objects.filter(office=page.pk).select_related("collection").first()
    if setup is not None and setup.collection is not None:
        return setup.collection
    return _child(package_collection(), page.title)


# --- the document chooser that preselects a collection for uploads ------------------------


class CollectionInitialMixin:
    """``?collection_id=<id>``: also the initial collection of the upload form."""

    preserve_url_parameters = ["multiple", "collection_id"]

    def get_creation_form_kwargs(self):
        kwargs = super().get_creation_form_kwargs()
        collection_id = self.request.GET.get("collection_id", "")
        if collection_id.isdigit():
            kwargs["initial"] = {**kwargs.get("initial", {}), "collection": int(collection_id)}
        return kwargs


class PageDocumentChooseView(CollectionInitialMixin, DocumentChooseView):
    pass


class PageDocumentChooseResultsView(CollectionInitialMixin, DocumentChooseResultsView):
    pass


class PageDocumentUploadView(CollectionInitialMixin, DocumentChooserUploadView):
    pass


class PageDocumentChooserViewSet(DocumentChooserViewSet):
    choose_view_class = PageDocumentChooseView
    choose_results_view_class = PageDocumentChooseResultsView
    create_view_class = PageDocumentUploadView
    preserve_url_parameters = ["multiple", "collection_id"]
    # Wagtail's own chooser stays the widget of every other document field.
    register_widget = False

    @cached_property
    def widget_class(self):
        base = super().widget_class

        class PageDocumentChooser(base):
            """Opens the chooser on ``collection`` (filter and upload form)."""

            collection = None

            def get_chooser_modal_url(self):
                url = super().get_chooser_modal_url()
                if self.collection is not None:
                    url = f"{url}?collection_id={self.collection.pk}"
                return url

        return PageDocumentChooser


document_chooser_viewset = PageDocumentChooserViewSet(
    "ehrenamt_document_chooser",
    model=get_document_model_string(),
    url_prefix="ehrenamt/documents/chooser",
)


def set_document_collection(form, field_name="document"):
    """Let the form's document chooser open on the collection of the entry's page."""
    field = form.fields.get(field_name)
    page = getattr(form.instance, "page", None)
    if field is None or page is None:
        return
    widget = document_chooser_viewset.widget_class()
    widget.collection = page_collection(page)
    field.widget = widget
