"""Admin form helpers: German date and time input, empty rows, fields shown when they apply.

Wagtail's date picker (jQuery xdsoft) reads a typed value with the one format of
``WAGTAIL_DATE_FORMAT`` (ISO unless set) and, on leaving the field, replaces anything it
cannot read with today's date, silently. The package's date and time fields therefore

* use :class:`EhrenamtDateInput` / :class:`EhrenamtTimeInput`: Wagtail's widgets with the
  picker's replace-on-blur switched off, so a typed value stays as typed;
* accept German input on the server whatever the editor's admin language:
  ``13.01.2027``, ``13.1.2027``, ``13.1.27`` and ISO ``2027-01-13``; times ``18:30``,
  ``18.30`` and ``18``;
* refuse anything else with a message that names the expected form, keeping the typed value.

:func:`localise_dates` applies this to a form, :func:`localise_formsets` to the child forms
of its InlinePanels (including rows added in the browser later).
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%H"]

DATE_PLACEHOLDER_PARTS = {"%d": _("DD"), "%m": _("MM"), "%Y": _("YYYY"), "%y": _("YY")}


def date_placeholder(fmt=None):
    """The expected form of a date for editors, e.g. ``TT.MM.JJJJ`` in German."""
    fmt = fmt or getattr(settings, "WAGTAIL_DATE_FORMAT", "%Y-%m-%d")
    text = str(fmt)
    for code, part in DATE_PLACEHOLDER_PARTS.items():
        text = text.replace(code, str(part))
    return text


class EhrenamtDateInput(AdminDateInput):
    """Wagtail's date picker that never replaces a typed value on blur."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format)
        self.attrs.setdefault("placeholder", date_placeholder(self.format))

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class EhrenamtTimeInput(AdminTimeInput):
    """Wagtail's time picker that never replaces a typed value on blur."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def _merged(own, extra):
    return list(dict.fromkeys([*own, *extra]))


def localise_field(field):
    """German input formats, a widget that keeps typed values, a clear error message."""
    if isinstance(field, forms.DateField):
        field.input_formats = _merged(DATE_INPUT_FORMATS, field.input_formats)
        if isinstance(field.widget, AdminDateInput) and not isinstance(
            field.widget, EhrenamtDateInput
        ):
            field.widget = EhrenamtDateInput(attrs=field.widget.attrs)
        field.error_messages["invalid"] = _(
            "Enter the date as %(form)s, e.g. 13.01.2027 (13.1.27 works too)."
        ) % {"form": date_placeholder()}
    elif isinstance(field, forms.TimeField):
        field.input_formats = _merged(TIME_INPUT_FORMATS, field.input_formats)
        if isinstance(field.widget, AdminTimeInput) and not isinstance(
            field.widget, EhrenamtTimeInput
        ):
            field.widget = EhrenamtTimeInput(attrs=field.widget.attrs)
        field.error_messages["invalid"] = _("Enter the time as HH:MM, e.g. 18:30.")


def localise_dates(form):
    for field in form.fields.values():
        localise_field(field)


def localise_formsets(form):
    """The same for the child forms of every formset of ``form`` (InlinePanel rows)."""
    for formset in getattr(form, "formsets", {}).values():
        base = formset.form
        if getattr(base, "_ehrenamt_localised", False):
            continue

        class LocalisedChildForm(base):
            _ehrenamt_localised = True

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance.pk is None:
                    # After an autosave, Wagtail's client counts a new empty row among the
                    # stored ones (INITIAL_FORMS), where Django would require its fields.
                    self.empty_permitted = True
                localise_dates(self)
                localise_formsets(self)

            def has_changed(self):
                # A row added and left empty only has the position the browser gave it:
                # it is ignored instead of failing validation (and pausing autosave).
                # Stored rows keep Django's rule, so moving one up or down is saved.
                if self.instance.pk is not None:
                    return super().has_changed()
                return any(n not in ("ORDER", "DELETE") for n in self.changed_data)

        LocalisedChildForm.__name__ = base.__name__
        formset.form = LocalisedChildForm
        formset._should_delete_form = _drop_empty_new_rows(formset._should_delete_form)
        # Forms built before (the formset's cached list) get the same treatment.
        for child in formset.__dict__.get("forms", []):
            localise_dates(child)


def _drop_empty_new_rows(should_delete):
    """A new row left empty is dropped like a deleted one, also where the client counts it
    among the stored rows (as Wagtail's autosave does): its fields are not required then."""

    def wrapped(form):
        if form.instance.pk is None and not form.has_changed():
            return True
        return should_delete(form)

    return wrapped


def show_if(*conditions):
    """Panel ``attrs`` that hide a field while the conditions do not hold (js/admin.js).

    A condition is a field name (any value) or ``name=value1,value2``; the panel around
    the fields needs ``attrs={"data-controller": "ehrenamt-show-if"}``.
    """
    return {"data-ehrenamt-show-if": " ".join(conditions)}


class EhrenamtSnippetForm(WagtailAdminModelForm):
    """Base admin form of the package's snippets with dates: German dates (see above)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localise_dates(self)
        localise_formsets(self)
