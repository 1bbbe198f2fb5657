"""Volunteer engagement: offers to help, and the enquiries of people who want to help.

A resident finds an :class:`EngagementOfferPage` (or uses the general form on the
:class:`EngagementOfferIndexPage`), says "I want to help", and a :class:`VolunteerEnquiry`
is routed to the coordination office responsible for their municipality. Offices handle
enquiries in the admin inbox (``wagtail_ehrenamt.inbox``); every status change is kept as an
:class:`EnquiryStatusChange`. Personal data is anonymised after closing
(``manage.py ehrenamt_enquiry_retention``).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..conf import get_setting
from ..page_views import page_view
from ..visibility import visible_page, visible_pages
from .base import EhrenamtPageMixin
from .directory import Location, Municipality, Organisation
from .topics import topic_through_field


class ActivityKind(models.TextChoices):
    """What kind of help an offer needs, and what a volunteer is interested in."""

    LANGUAGE_CAFE = "language_cafe", _("Language café and conversation")
    ACCOMPANYING = "accompanying", _("Accompanying to appointments")
    HOMEWORK = "homework", _("Homework help and learning support")
    SPORTS = "sports", _("Sports and leisure")
    TRANSLATION = "translation", _("Translating and interpreting")
    MENTORING = "mentoring", _("Mentoring and sponsorship")
    CHILDCARE = "childcare", _("Childcare")
    HOUSING = "housing", _("Help with housing")
    WORK = "work", _("Help with training and work")
    DONATIONS = "donations", _("Donations and clothing store")
    OTHER = "other", _("Other")


class TimeCommitment(models.TextChoices):
    ONCE = "once", _("Once or for an event")
    OCCASIONAL = "occasional", _("Now and then")
    WEEKLY = "weekly", _("About once a week")
    SEVERAL_WEEKLY = "several_weekly", _("Several times a week")
    FLEXIBLE = "flexible", _("Flexible, by arrangement")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open: helpers wanted")
    FILLED = "filled", _("Filled")
    PAUSED = "paused", _("Paused")


class Language(models.TextChoices):
    """Languages most asked for in refugee aid (ISO 639-1 codes)."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    PERSIAN = "fa", _("Persian (Farsi, Dari)")
    PASHTO = "ps", _("Pashto")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    TURKISH = "tr", _("Turkish")
    KURDISH = "ku", _("Kurdish")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


class CodeListField(models.CharField):
    """A list of choice codes stored as one string (`` ar uk ``), filterable on every database.

    Filter with ``field__contains=" ar "``: every code is stored with a space either side.
    In forms it is a group of checkboxes.
    """

    def __init__(self, *args, code_choices=None, **kwargs):
        self.code_choices = code_choices
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["code_choices"] = self.code_choices
        return name, path, args, kwargs

    @staticmethod
    def _split(value):
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v]
        return [v for v in str(value).split() if v]

    def from_db_value(self, value, expression, connection):
        return self._split(value)

    def to_python(self, value):
        return self._split(value)

    def get_prep_value(self, value):
        codes = self._split(value)
        return f" {' '.join(codes)} " if codes else ""

    def value_to_string(self, obj):
        return " ".join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.code_choices or [],
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def labels(self, codes):
        names = dict(self.code_choices or [])
        return [str(names.get(code, code)) for code in codes]


class EngagementOfferTopic(ItemBase):
    tag = topic_through_field("engagement_offer_items")
    content_object = ParentalKey(
        "EngagementOfferPage", on_delete=models.CASCADE, related_name="topic_items"
    )


class EngagementOfferIndexPage(EhrenamtPageMixin, RoutablePageMixin, Page):
    """All open offers to help, with filters, search and a general enquiry form."""

    intro = RichTextField(_("introduction"), blank=True)
    general_enquiry_intro = models.TextField(
        _("introduction of the general enquiry form"),
        blank=True,
        help_text=_("Shown above the form for people who do not know yet where they want to help."),
    )
    confirmation_text = models.TextField(
        _("confirmation text"),
        blank=True,
        help_text=_("Shown after an enquiry was sent. Leave empty for the standard text."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("general_enquiry_intro"),
        FieldPanel("confirmation_text"),
    ]
    subpage_types = ["wagtail_ehrenamt.EngagementOfferPage"]
    template = "wagtail_ehrenamt/engagement/offer_index_page.html"

    class Meta:
        verbose_name = _("engagement offer index")
        verbose_name_plural = _("engagement offer indexes")

    def get_offers(self):
        """Visible, open offers below this page, with what the listing shows."""
        return (
            visible_pages(EngagementOfferPage.objects.child_of(self), within=self)
            .filter(offer_status=OfferStatus.OPEN)
            .select_related("municipality", "location", "office", "organisation")
            .prefetch_related("topics")
            .order_by("title")
        )

    @path("")
    def offer_list(self, request):
        return page_view("engagement.offer_list")(self, request)

    @path("enquiry/")
    def general_enquiry(self, request):
        return page_view("engagement.enquiry_form")(self, request, index_page=self, offer=None)

    @path("enquiry/sent/")
    def enquiry_sent(self, request):
        return page_view("engagement.enquiry_sent")(self, request, index_page=self)


class EngagementOfferPage(EhrenamtPageMixin, RoutablePageMixin, Page):
    """One offer to help: what, where, when, who is responsible, and an enquiry form."""

    activity = models.CharField(
        _("kind of help"),
        max_length=30,
        choices=ActivityKind.choices,
        default=ActivityKind.OTHER,
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in the list of offers.")
    )
    description = RichTextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_offers",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_offers",
    )
    time_commitment = models.CharField(
        _("time commitment"),
        max_length=20,
        choices=TimeCommitment.choices,
        default=TimeCommitment.FLEXIBLE,
    )
    schedule = models.CharField(
        _("schedule"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Tuesdays 16:00–18:00, or by arrangement."),
    )
    requirements = models.TextField(
        _("requirements"),
        blank=True,
        help_text=_("e.g. patience, basic English; training is offered."),
    )
    needs_conduct_certificate = models.BooleanField(
        _("certificate of good conduct required"),
        default=False,
        help_text=_("Erweitertes Führungszeugnis, e.g. for work with children."),
    )
    languages = CodeListField(
        _("languages wanted"),
        code_choices=Language.choices,
        help_text=_("Languages that help in this offer (besides German)."),
    )
    office = models.ForeignKey(
        "wagtail_ehrenamt.CoordinationOfficePage",
        verbose_name=_("responsible office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_offers",
        help_text=_("Enquiries about this offer go to this office."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_offers",
        help_text=_("The organisation running the offer, if not the office itself."),
    )
    offer_status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=EngagementOfferTopic, blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("activity"), FieldPanel("offer_status")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("municipality"), FieldPanel("location")], heading=_("Where")),
        MultiFieldPanel([FieldPanel("time_commitment"), FieldPanel("schedule")], heading=_("When")),
        MultiFieldPanel(
            [
                FieldPanel("requirements"),
                FieldPanel("needs_conduct_certificate"),
                FieldPanel("languages"),
            ],
            heading=_("What helpers need"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("office", "wagtail_ehrenamt.CoordinationOfficePage"),
                FieldPanel("organisation"),
            ],
            heading=_("Responsible"),
        ),
        FieldPanel("topics"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("requirements"),
        index.FilterField("offer_status"),
    ]

    parent_page_types = ["wagtail_ehrenamt.EngagementOfferIndexPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/engagement/offer_page.html"

    class Meta:
        verbose_name = _("engagement offer")
        verbose_name_plural = _("engagement offers")

    @property
    def is_open(self):
        return self.offer_status == OfferStatus.OPEN

    @property
    def language_labels(self):
        return self._meta.get_field("languages").labels(self.languages)

    @cached_property
    def public_office(self):
        """The responsible office if visitors may see it, else None."""
        return visible_page(self.office) if self.office_id else None

    def get_index_page(self):
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    @path("")
    def offer_detail(self, request):
        view = page_view("engagement.enquiry_form")
        return view(self, request, index_page=self.get_index_page(), offer=self)

    @path("enquiry/sent/")
    def enquiry_sent(self, request):
        view = page_view("engagement.enquiry_sent")
        return view(self, request, index_page=self.get_index_page())


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    PLACED = "placed", _("Placed")
    CLOSED = "closed", _("Closed")


#: The status moves the inbox allows (documented in docs/how-to/volunteer-enquiries.md):
#: new → contacted → placed → closed; closing without a placement (no answer, duplicate,
#: spam) from new or contacted; a placement that fell through goes back to contacted, and a
#: closed enquiry can be reopened as contacted. Nothing goes back to "new".
ALLOWED_STATUS_MOVES = {
    EnquiryStatus.NEW: (EnquiryStatus.CONTACTED, EnquiryStatus.CLOSED),
    EnquiryStatus.CONTACTED: (EnquiryStatus.PLACED, EnquiryStatus.CLOSED),
    EnquiryStatus.PLACED: (EnquiryStatus.CLOSED, EnquiryStatus.CONTACTED),
    EnquiryStatus.CLOSED: (EnquiryStatus.CONTACTED,),
}


def normalise_name(name):
    return " ".join((name or "").split()).casefold()


def normalise_phone(phone, country_code="49"):
    """Digits only, in national form: ``+49 (0) 6621 17-320`` → ``0662117320``."""
    value = (phone or "").strip()
    digits = "".join(char for char in value if char.isdigit())
    if value.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        return digits
    if international.startswith(country_code):
        national = international[len(country_code) :]
        return national if national.startswith("0") else "0" + national
    return "00" + international


class VolunteerEnquiryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The enquiries ``user`` may see: all for county coordinators, else their offices'."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user_sees_all_enquiries(user):
            return self
        return self.filter(office_id__in=inbox_office_ids(user))

    def due_for_retention(self, now=None):
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(days=get_setting("ENQUIRY_RETENTION_DAYS"))
        return self.filter(
            status=EnquiryStatus.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
        )

    def for_email(self, email):
        return self.filter(email__iexact=email.strip()) if email and email.strip() else self.none()

    def for_name(self, name):
        """Enquiries whose name matches ``name``, ignoring case and extra spaces."""
        wanted = normalise_name(name)
        if not wanted:
            return self.none()
        # Compared in Python: SQLite's LIKE folds the case of ASCII letters only (Ü, ß).
        candidates = self.exclude(name="").values_list("pk", "name")
        return self.filter(pk__in=[pk for pk, n in candidates if normalise_name(n) == wanted])

    def for_phone(self, phone):
        """Enquiries with this phone number, however it was written (``+49 6621 17-320``,
        ``06621/17320`` and ``0049662117320`` are the same number)."""
        wanted = normalise_phone(phone)
        if len(wanted) < 5:
            return self.none()
        # Narrow in the database by the last digit, compare exactly in Python.
        candidates = self.exclude(phone="").filter(phone__contains=wanted[-1])
        return self.filter(
            pk__in=[
                pk
                for pk, number in candidates.values_list("pk", "phone")
                if normalise_phone(number) == wanted
            ]
        )

    def for_person(self, email="", name="", phone=""):
        """Enquiries matching any of the given e-mail address, name or phone number."""
        query = self.none()
        for lookup, value in [
            (self.for_email, email),
            (self.for_name, name),
            (self.for_phone, phone),
        ]:
            if value and value.strip():
                query = query | lookup(value)
        return query


class VolunteerEnquiry(models.Model):
    """Someone who wants to help, and how their office handles the enquiry.

    Holds personal data: shown only to the responsible office's staff (and county
    coordinators), anonymised after closing by ``ehrenamt_enquiry_retention``.
    """

    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    offer = models.ForeignKey(
        EngagementOfferPage,
        verbose_name=_("offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    office = models.ForeignKey(
        "wagtail_ehrenamt.CoordinationOfficePage",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_enquiries",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_enquiries",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    interests = CodeListField(_("interests"), code_choices=ActivityKind.choices)
    languages = CodeListField(_("languages"), code_choices=Language.choices)
    availability = models.CharField(_("availability"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=3000, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnquiryStatus.choices,
        default=EnquiryStatus.NEW,
        db_index=True,
    )
    internal_note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("Only for the office. Avoid sensitive details; deleted with the enquiry."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = VolunteerEnquiryQuerySet.as_manager()

    #: Fields holding personal data; blanked by anonymise().
    PERSONAL_FIELDS = ("name", "email", "phone", "availability", "message", "internal_note")

    class Meta:
        verbose_name = _("volunteer enquiry")
        verbose_name_plural = _("volunteer enquiries")
        ordering = ["-created_at"]
        permissions = [
            ("view_all_enquiries", _("Can see and handle the enquiries of all offices")),
        ]

    def __str__(self):
        # No personal data: this string ends up in admin logs and e-mails.
        return _("Enquiry #%(number)s") % {"number": self.pk or "–"}

    def reference(self):
        return str(self)

    reference.short_description = _("enquiry")  # the inbox column, not "Reference"
    reference = property(reference)

    @property
    def interest_labels(self):
        return self._meta.get_field("interests").labels(self.interests)

    @property
    def language_labels(self):
        return self._meta.get_field("languages").labels(self.languages)

    def get_interests_display(self):
        return ", ".join(self.interest_labels)

    def get_languages_display(self):
        return ", ".join(self.language_labels)

    def next_statuses(self):
        """The statuses this enquiry may move to from its current one."""
        return ALLOWED_STATUS_MOVES.get(self.status, ())

    def can_move_to(self, status):
        return status == self.status or status in self.next_statuses()

    def check_move(self, status):
        """Raise ``ValidationError`` with a message for editors if the move is not allowed."""
        if self.can_move_to(status):
            return
        labels = dict(EnquiryStatus.choices)
        allowed = [str(labels[s]) for s in self.next_statuses()]
        raise ValidationError(
            _(
                "An enquiry cannot go from “%(current)s” to “%(new)s”. "
                "From “%(current)s” it can go to: %(allowed)s."
            )
            % {
                "current": labels.get(self.status, self.status),
                "new": labels.get(status, status),
                "allowed": ", ".join(allowed) or "–",
            },
            code="status_move",
        )

    def set_status(self, status, user=None, note="", check=False):
        """Change the status, keep ``closed_at`` right and record the change.

        With ``check=True`` a move outside :data:`ALLOWED_STATUS_MOVES` raises
        ``ValidationError`` (the inbox checks; imports and the demo may set any status).
        """
        if check:
            self.check_move(status)
        previous = self.status
        if previous == status and not note:
            return None
        self.status = status
        if status == EnquiryStatus.CLOSED:
            self.closed_at = self.closed_at or timezone.now()
        else:
            self.closed_at = None
        self.save(update_fields=["status", "closed_at"])
        return EnquiryStatusChange.objects.create(
            enquiry=self,
            from_status=previous,
            to_status=status,
            user=user if getattr(user, "pk", None) else None,
            note=note,
        )

    def anonymise(self, now=None):
        """Blank every personal field; keeps what statistics need (office, offer, dates)."""
        for name in self.PERSONAL_FIELDS:
            setattr(self, name, "")
        self.anonymised_at = now or timezone.now()
        self.save()
        self.status_changes.update(note="")


class EnquiryStatusChange(models.Model):
    """One step of an enquiry's status flow, with who made it and when."""

    enquiry = models.ForeignKey(
        VolunteerEnquiry,
        verbose_name=_("enquiry"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    from_status = models.CharField(
        _("from"), max_length=20, choices=EnquiryStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=EnquiryStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("enquiry status change")
        verbose_name_plural = _("enquiry status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.enquiry}: {self.from_status or '–'} → {self.to_status}"


class EnquiryInboxAccess(models.Model):
    """Members of ``group`` see and handle the enquiries of ``office`` in the inbox."""

    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="enquiry_inbox_access",
    )
    office = models.ForeignKey(
        "wagtail_ehrenamt.CoordinationOfficePage",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="enquiry_inbox_access",
    )

    panels = [FieldPanel("group"), PageChooserPanel("office")]

    class Meta:
        verbose_name = _("enquiry inbox access")
        verbose_name_plural = _("enquiry inbox access")
        constraints = [
            models.UniqueConstraint(fields=["group", "office"], name="unique_inbox_access")
        ]

    def __str__(self):
        return f"{self.group} → {self.office}"


def user_sees_all_enquiries(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("wagtail_ehrenamt.view_all_enquiries")
    )


def inbox_office_ids(user):
    """Ids of the offices whose enquiries ``user`` handles (cached on the user object)."""
    cached = getattr(user, "_ehrenamt_inbox_offices", None)
    if cached is None:
        cached = frozenset(
            EnquiryInboxAccess.objects.filter(group__user=user).values_list("office_id", flat=True)
        )
        user._ehrenamt_inbox_offices = cached
    return cached


def user_can_handle_enquiry(user, enquiry):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user_sees_all_enquiries(user):
        return True
    return enquiry.office_id is not None and enquiry.office_id in inbox_office_ids(user)
