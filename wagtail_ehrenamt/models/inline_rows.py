"""One row per thing in every InlinePanel: no duplicate children, whatever autosave does.

Wagtail's autosave (7.3 to 8.0, Wagtail issue #14568) can post a newly added InlinePanel
child again on each cycle without the id the previous cycle gave it, so a page that is not
live stores the same row once per autosave. Three layers stop that:

* each child model names the fields that identify a row (``inline_key``); a database
  constraint on them (migration 0002) makes a duplicate impossible to store;
* :class:`EhrenamtPageForm` (the base form of every page of the package) merges rows that are
  exact duplicates, lets a new row take over the stored row it repeats (the autosave case),
  and refuses rows with the same key but other details, with a message at the row;
* :func:`release_changed_keys` lets a save swap keys between rows (e.g. two dates
  exchanged) without tripping the constraint half-way.
"""

from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from ..admin_forms import localise_dates, localise_formsets

DUPLICATE_ROW_MESSAGE = _(
    "No. %(row)s above already lists this with other details. Combine both into one entry, "
    "or remove one of them."
)


def _value(value):
    """Comparable form of a cleaned or stored value: model instances by primary key."""
    if isinstance(value, models.Model):
        return value.pk
    return value


def row_key(model, values):
    """The identifying values of a row, or None when none of them is set."""
    key = tuple(_value(values.get(name)) for name in model.inline_key)
    if all(part in (None, "") for part in key):
        return None
    return key


def stored_key(obj):
    """The identifying values of a model instance (foreign keys as ids)."""
    values = {name: obj._meta.get_field(name).value_from_object(obj) for name in obj.inline_key}
    return row_key(type(obj), values)


def duplicate_message(model, form, row):
    """Why a row is refused: it repeats row ``row`` with other details."""
    message = getattr(model, "inline_duplicate_message", None) or DUPLICATE_ROW_MESSAGE
    params = {"row": row}
    for name in model.inline_key:
        value = form.cleaned_data.get(name)
        params[name] = date_format(value, "SHORT_DATE_FORMAT") if hasattr(value, "day") else value
    return message % params


def merge_duplicate_rows(form):
    """Merge exact duplicates and refuse conflicting ones in every keyed formset of ``form``."""
    for formset in form.formsets.values():
        if getattr(formset.model, "inline_key", None):
            _merge_formset(formset)


def _merge_formset(formset):
    model = formset.model
    skip = {DELETION_FIELD_NAME, ORDERING_FIELD_NAME, model._meta.pk.name, formset.fk.name}
    kept = {}  # key -> (row number, form)
    for number, child in enumerate(formset.forms, start=1):
        if not child.is_valid() or child.cleaned_data.get(DELETION_FIELD_NAME):
            continue
        if child.instance.pk is None and not child.has_changed():
            continue  # an empty extra form
        key = row_key(model, child.cleaned_data)
        if key is None:
            continue
        if key not in kept:
            kept[key] = (number, child)
            continue
        first_number, first = kept[key]
        details = {n: _value(child.cleaned_data.get(n)) for n in child.fields if n not in skip}
        first_details = {
            n: _value(first.cleaned_data.get(n)) for n in first.fields if n not in skip
        }
        if details == first_details:
            # The same row twice: keep the first, drop (or delete) the repetition.
            child.cleaned_data[DELETION_FIELD_NAME] = True
        else:
            field = next(
                (n for n in model.inline_key if child.cleaned_data.get(n) not in (None, "")),
                None,
            )
            child.add_error(field, duplicate_message(model, child, first_number))

    # Stored rows the submitted form does not show were added by an earlier autosave of a
    # row the form still posts as new: the new row updates that stored row.
    submitted = {child.instance.pk for child in formset.forms if child.instance.pk}
    for obj in formset.get_queryset():
        if obj.pk is None or obj.pk in submitted:
            continue
        match = kept.get(stored_key(obj))
        if match is not None and match[1].instance.pk is None:
            match[1].instance.pk = obj.pk
            submitted.add(obj.pk)


class EhrenamtPageForm(WagtailAdminPageForm):
    """Base admin form of the package's pages: no duplicate InlinePanel rows, German dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localise_dates(self)
        localise_formsets(self)

    def clean(self):
        cleaned_data = super().clean()
        merge_duplicate_rows(self)
        return cleaned_data


def release_changed_keys(instance, update_fields=None):
    """Before a page saves its child rows: delete stored rows whose key the save changes.

    modelcluster writes child rows one by one; two rows exchanging their dates would
    otherwise meet the unique constraint half-way. The rows are written again (same id)
    right after, in the same save.
    """
    if instance.pk is None:
        return
    pending = getattr(instance, "_cluster_related_objects", None) or {}
    for relation_name, items in pending.items():
        if update_fields is not None and relation_name not in update_fields:
            continue  # this save does not write the relation
        model = getattr(type(instance), relation_name, None)
        model = getattr(getattr(model, "rel", None), "related_model", None)
        if model is None or not getattr(model, "inline_key", None):
            continue
        new_keys = {item.pk: stored_key(item) for item in items if item.pk is not None}
        if not new_keys:
            continue
        stored = model._default_manager.filter(pk__in=new_keys)
        changed = [obj.pk for obj in stored if stored_key(obj) != new_keys[obj.pk]]
        if changed:
            model._default_manager.filter(pk__in=changed).delete()
