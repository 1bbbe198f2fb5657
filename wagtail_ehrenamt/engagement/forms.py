"""Public forms of the engagement pages: the offer filters and the enquiry form."""

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant

from ..conf import get_setting
from ..languages import localized
from ..models.directory import Municipality
from ..models.engagement import ActivityKind, Language, TimeCommitment
from ..models.topics import Topic
from ..text import clean_text, strip_bidi_controls

TOKEN_SALT = "wagtail_ehrenamt.enquiry"
TOKEN_MAX_AGE = 7 * 24 * 3600
HONEYPOT_FIELD = "website"


class OfferFilterForm(forms.Form):
    """GET filters of the offer list. Invalid values are reported and ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    time = forms.ChoiceField(
        label=_("Time commitment"),
        required=False,
        choices=[("", _("Any"))] + list(TimeCommitment.choices),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any"))] + list(Language.choices),
    )

    def __init__(self, *args, municipalities=(), topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("All"))] + [
            (m.slug, m.name) for m in municipalities
        ]
        self.fields["topic"].choices = [("", _("All"))] + Topic.choices(topics)

    def valid_filters(self):
        """The values that passed validation, even when other fields failed."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name, "")
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }


class PlainTextField(forms.CharField):
    """Text from the public: no control characters, no bidirectional overrides or isolates.

    U+202A–U+202E and U+2066–U+2069 would turn "Ali \u202eexe.live" around wherever the
    name is shown (the inbox, its exports, e-mails); they are removed, as are control
    characters. Line breaks are kept (as ``\n``) only with ``multiline=True``.
    """

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        cleaned = strip_bidi_controls(clean_text(value, multiline=self.multiline))
        return cleaned.strip() if self.strip else cleaned


phone_validator = RegexValidator(
    r"^\+?[0-9 ()/\-.]{5,50}$",
    _("Enter a phone number with digits, spaces and + ( ) / - only."),
)


def privacy_consent_label():
    text = get_setting("ENQUIRY_PRIVACY_TEXT") or _(
        "I agree that my details are stored and passed on to the responsible coordination "
        "office so that it can contact me about volunteering. They are deleted after my "
        "enquiry is closed. I can withdraw my consent at any time."
    )
    return text


class EnquiryForm(forms.Form):
    """'I want to help': rendered server-side, works without JavaScript."""

    name = PlainTextField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("An e-mail address or a phone number, so the office can reach you."),
    )
    phone = PlainTextField(
        label=_("Phone"), max_length=50, required=False, validators=[phone_validator]
    )
    municipality = forms.ModelChoiceField(
        label=_("Where do you live or want to help?"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("Please choose"),
        error_messages={
            "invalid_choice": _("Please choose a municipality from the list."),
        },
        help_text=_("The coordination office responsible for it will contact you."),
    )
    interests = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        choices=ActivityKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak besides German"),
        choices=[c for c in Language.choices if c[0] != "de"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = PlainTextField(
        label=_("When do you have time?"),
        multiline=True,
        max_length=500,
        required=False,
        help_text=_("e.g. weekday evenings, Saturdays, two hours a week."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    message = PlainTextField(
        label=_("Message"),
        multiline=True,
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
    )
    consent = forms.BooleanField(
        label=_("Consent"),
        error_messages={"required": _("Please agree so that we can pass on your enquiry.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, page=None, offer=None, **kwargs):
        self.page = page
        self.offer = offer
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        # The German municipalities (the ones offices serve; translations share their slug),
        # named in the language of the page.
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.filter(
            locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        municipality.label_from_instance = lambda item: localized(item, page).name
        self.fields["token"].initial = signing.TimestampSigner(salt=TOKEN_SALT).sign(
            str(page.pk if page else "")
        )
        if not self.is_bound and offer is not None:
            if offer.municipality_id:
                self.initial.setdefault("municipality", offer.municipality)
            if offer.activity:
                self.initial.setdefault("interests", [offer.activity])

    @property
    def consent_text(self):
        return privacy_consent_label()

    @property
    def privacy_url(self):
        return get_setting("ENQUIRY_PRIVACY_URL")

    @property
    def is_spam(self):
        """True when the honeypot field was filled in (by a bot)."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_token(self):
        value = self.cleaned_data["token"]
        try:
            page_pk = signing.TimestampSigner(salt=TOKEN_SALT).unsign(value, max_age=TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open for too long. Please check your details and send it again."),
                code="expired",
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form was changed in transit. Please check your details and send it again."),
                code="tampered",
            )
        if self.page is None or page_pk != str(self.page.pk):
            raise forms.ValidationError(
                _("The form was changed in transit. Please check your details and send it again."),
                code="tampered",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            if "email" not in self.errors and "phone" not in self.errors:
                self.add_error(
                    "email",
                    forms.ValidationError(
                        _("Please give an e-mail address or a phone number."), code="no_contact"
                    ),
                )
        return cleaned

    def error_summary(self):
        """(anchor, label, message) for the error summary at the top of the form."""
        items = []
        for message in self.non_field_errors():
            items.append(("", "", message))
        # In the order of the form's fields (errors found in clean() come last in self.errors).
        order = {name: index for index, name in enumerate(["token", *self.fields])}
        for name, errors in sorted(self.errors.items(), key=lambda item: order.get(item[0], -1)):
            if name in ("__all__", HONEYPOT_FIELD):
                continue
            field = self[name]
            if name == "token":
                for message in errors:
                    items.append(("", "", message))
                continue
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.CheckboxSelectMultiple):
                anchor = f"{field.auto_id}_0"
            for message in errors:
                items.append((anchor, field.label, message))
        return items

    def consent_label_html(self):
        if self.privacy_url:
            return format_html(
                '{} <a href="{}">{}</a>', self.consent_text, self.privacy_url, _("Privacy notice")
            )
        return self.consent_text
