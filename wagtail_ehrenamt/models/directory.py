"""Who to call: municipalities, places, partner organisations, contact persons and offices."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from taggit.models import ItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PageManager,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..blocks.base import DocumentBlock, LinkBlock
from ..blocks.directory import office_body_blocks
from ..conf import get_setting
from ..page_views import page_view
from ..visibility import visible_pages
from ..weekdays import Weekday
from .base import EhrenamtPageMixin, revisions_relation
from .mixins import CalendarFeedMixin
from .topics import topic_through_field


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("City")
    MUNICIPALITY = "municipality", _("Municipality")
    ASSOCIATION = "association", _("Association of municipalities")
    COUNTY = "county", _("County")


ags_validator = RegexValidator(
    regex=r"^(0[1-9]|1[0-6])(\d{3}|\d{6})$",
    message=_(
        "The official municipality key (AGS) has 8 digits (5 for a county) "
        "and starts with a state number from 01 to 16."
    ),
)


class Municipality(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("Used in filter links, e.g. ?municipality=kellbach."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MunicipalityKind.choices, default="municipality"
    )
    official_key = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        blank=True,
        validators=[ags_validator],
        help_text=_("Amtlicher Gemeindeschlüssel, e.g. 06699001 (8 digits; 5 for a county)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("official_key"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        # Unique per language, so a translation keeps the slug used in filter links.
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class DirectoryPreviewMixin:
    """Preview of a directory snippet in the site's design (contact card, place, organisation)."""

    def get_preview_template(self, request, mode_name):
        return "wagtail_ehrenamt/directory/snippet_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["ehrenamt_base_template"] = get_setting("BASE_TEMPLATE")
        context["preview_kind"] = self._meta.model_name
        return context


class Location(
    DirectoryPreviewMixin,
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Rathaus Kellbach"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    room = models.CharField(_("room / floor"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("e.g. lift at the side entrance, disabled parking in the courtyard."),
    )
    transport_notes = models.TextField(
        _("public transport"), blank=True, help_text=_("e.g. bus 12, stop Rathaus.")
    )
    revisions = revisions_relation("location")

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("municipality"),
                FieldPanel("room"),
                FieldRowPanel(
                    [
                        FieldPanel(
                            "latitude",
                            help_text=_(
                                "For the map: decimal degrees with a point, e.g. 51.312345. "
                                "On openstreetmap.org, right-click the place and choose "
                                "“Show address” to see both values."
                            ),
                        ),
                        FieldPanel("longitude", help_text=_("e.g. 9.478123")),
                    ]
                ),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("hearing_loop"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibility"),
        ),
        FieldPanel("transport_notes"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("street"),
        index.SearchField("city"),
        index.AutocompleteField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def postal_address(self):
        return ", ".join(
            part for part in [self.street, f"{self.postcode} {self.city}".strip()] if part
        )


class OrganisationKind(models.TextChoices):
    WELFARE = "welfare", _("Welfare association")
    CHURCH = "church", _("Church or religious community")
    MUNICIPALITY = "municipality", _("Municipality or public authority")
    INITIATIVE = "initiative", _("Initiative or volunteer group")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    EDUCATION = "education", _("Education provider")
    ASSOCIATION = "association", _("Association or club")
    COMPANY = "company", _("Company or non-profit company")
    OTHER = "other", _("Other")


class OrganisationTopic(ItemBase):
    tag = topic_through_field("organisation_items")
    content_object = models.ForeignKey(
        "Organisation", on_delete=models.CASCADE, related_name="topic_items"
    )


class Organisation(
    DirectoryPreviewMixin,
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default="other"
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("address"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    topics = TaggableManager(verbose_name=_("topics"), through=OrganisationTopic, blank=True)
    revisions = revisions_relation("organisation")

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("location"),
        FieldPanel("topics"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Salutation(models.TextChoices):
    NONE = "", _("(none)")
    MS = "ms", _("Ms")
    MR = "mr", _("Mr")


class ContactPerson(
    DirectoryPreviewMixin,
    PreviewableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    salutation = models.CharField(
        _("salutation"), max_length=10, choices=Salutation.choices, blank=True
    )
    title = models.CharField(
        _("academic title"), max_length=50, blank=True, help_text=_("e.g. Dr.")
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    role = models.CharField(
        _("role or function"),
        max_length=200,
        blank=True,
        help_text=_("e.g. County coordinator for refugee work, integration officer, front office."),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt_text = models.CharField(
        _("photo alt text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Deutsch, Englisch, Arabisch"),
    )
    consultation_hours = models.TextField(_("consultation hours"), blank=True)
    public_note = models.TextField(_("public note"), blank=True)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Never shown on the website.")
    )
    is_public = models.BooleanField(
        _("show on the website"),
        default=True,
        help_text=_("Uncheck to keep this person in the admin only."),
    )
    revisions = revisions_relation("contact_person")

    panels = [
        FieldRowPanel([FieldPanel("salutation"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldPanel("role"),
        FieldPanel("department"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldRowPanel([FieldPanel("mobile"), FieldPanel("email")]),
                FieldPanel("room"),
                FieldPanel("consultation_hours"),
            ],
            heading=_("How to reach"),
        ),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Photo")),
        FieldPanel("languages"),
        FieldPanel("public_note"),
        FieldPanel("internal_note"),
        FieldPanel("is_public"),
    ]

    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.SearchField("role"),
        index.SearchField("department"),
        index.AutocompleteField("last_name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in [self.title, self.first_name, self.last_name] if part)


class OfficeTopic(ItemBase):
    tag = topic_through_field("office_items")
    content_object = ParentalKey(
        "CoordinationOfficePage", on_delete=models.CASCADE, related_name="topic_items"
    )


class OfficeQuerySet(PageQuerySet):
    def with_card_data(self):
        """Everything an office card, the directory, the CSV and the print view show,
        in a fixed number of queries however many offices there are."""
        return self.select_related("location", "responsible_body").prefetch_related(
            "municipalities",
            "topics",
            "consultation_hours",
            models.Prefetch(
                "office_contacts",
                queryset=OfficeContact.objects.select_related("contact", "contact__organisation"),
            ),
        )


OfficeManager = PageManager.from_queryset(OfficeQuerySet)


class CoordinationOfficeIndexPage(EhrenamtPageMixin, RoutablePageMixin, Page):
    """The directory of coordination offices: filters, search, CSV, print view and vCards."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["wagtail_ehrenamt.CoordinationOfficePage"]
    template = "wagtail_ehrenamt/directory/office_index_page.html"
    print_template = "wagtail_ehrenamt/directory/office_index_print.html"

    class Meta:
        verbose_name = _("coordination office directory")
        verbose_name_plural = _("coordination office directories")

    def get_offices(self):
        """Visible offices below this directory (see :mod:`wagtail_ehrenamt.visibility`)."""
        return (
            visible_pages(CoordinationOfficePage.objects.descendant_of(self), within=self)
            .with_card_data()
            .order_by("title")
        )

    @path("")
    def directory(self, request):
        return page_view("directory.list")(self, request)

    @path("print/")
    def print_view(self, request):
        return page_view("directory.print")(self, request)

    @path("csv/")
    def csv_view(self, request):
        return page_view("directory.csv")(self, request)

    @path("vcard/<int:contact_id>/")
    def vcard(self, request, contact_id):
        """A vCard of any published, public contact person."""
        contacts = ContactPerson.objects.filter(pk=contact_id)
        return page_view("directory.vcard")(request, contacts, None)


class CoordinationOfficePage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """One coordination or advice office for volunteers."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in the directory.")
    )
    municipalities = ParentalManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="offices",
    )
    is_county_wide = models.BooleanField(
        _("county-wide office"),
        default=False,
        help_text=_("Responsible for the whole county, e.g. when a municipality has no office."),
    )
    responsible_body = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices",
        help_text=_("Who runs the office, e.g. the town's social services department."),
    )
    body = StreamField(
        office_body_blocks(),
        verbose_name=_("what the office does"),
        blank=True,
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices",
    )
    by_appointment = models.BooleanField(
        _("consultation by appointment"),
        default=False,
        help_text=_("Tick if visitors should make an appointment first."),
    )
    consultation_note = models.CharField(
        _("note on consultation hours"), max_length=255, blank=True
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    newsletter_url = models.URLField(
        _("newsletter sign-up"),
        blank=True,
        help_text=_("Address of the page where people sign up for the office's newsletter."),
    )
    social_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("social media links"),
        blank=True,
        help_text=_("e.g. Facebook, Instagram or Mastodon profiles of the office."),
    )
    downloads = StreamField(
        [("document", DocumentBlock())],
        verbose_name=_("downloads"),
        blank=True,
        help_text=_("Flyers, forms and lists for volunteers."),
    )
    funding_note = models.CharField(
        _("funding"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Funded by the state; co-financed by the county."),
    )
    active_since = models.DateField(_("since"), null=True, blank=True)
    active_until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For time-limited posts.")
    )
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=OfficeTopic, blank=True)
    related_offices = ParentalManyToManyField(
        "self", verbose_name=_("related offices"), blank=True, symmetrical=False
    )
    partners = ParentalManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="+"
    )

    objects = OfficeManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("is_county_wide"),
                FieldPanel("responsible_body"),
                FieldPanel("topics"),
            ],
            heading=_("Responsibility"),
        ),
        FieldPanel("body"),
        InlinePanel("office_contacts", heading=_("Contacts"), label=_("contact")),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldRowPanel([FieldPanel("mobile"), FieldPanel("email")]),
                FieldPanel("website"),
                FieldPanel("newsletter_url"),
                FieldPanel("social_links"),
            ],
            heading=_("How to reach the office"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("by_appointment"),
                InlinePanel(
                    "consultation_hours",
                    label=_("consultation hour"),
                    attrs={"data-ehrenamt-row-summary": "weekday opens closes"},
                ),
                FieldPanel("consultation_note"),
            ],
            heading=_("Consultation hours"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("funding_note"),
                FieldRowPanel([FieldPanel("active_since"), FieldPanel("active_until")]),
            ],
            heading=_("Funding and term"),
        ),
        FieldPanel("downloads"),
        FieldPanel("related_offices", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partners"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("is_county_wide"),
    ]

    parent_page_types = ["wagtail_ehrenamt.CoordinationOfficeIndexPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/directory/office_page.html"

    class Meta:
        verbose_name = _("coordination office")
        verbose_name_plural = _("coordination offices")

    def public_contacts(self):
        """(contact, role) of the office's published, public contact persons, in order.

        Uses prefetched ``office_contacts`` where present (directory, CSV)."""
        return [
            (item.contact, item.role or item.contact.role)
            for item in self.office_contacts.all()
            if item.contact is not None and item.contact.live and item.contact.is_public
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_view("directory.office_context")(self, request))
        return context

    @path("vcard/<int:contact_id>/")
    def vcard(self, request, contact_id):
        """The vCard of one of this office's contacts, with the office's address."""
        contacts = ContactPerson.objects.filter(pk=contact_id, office_contacts__page=self)
        return page_view("directory.vcard")(request, contacts, self)


class OfficeContact(Orderable):
    """A contact person of an office, in order, with the role they have there."""

    page = ParentalKey(
        CoordinationOfficePage, on_delete=models.CASCADE, related_name="office_contacts"
    )
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office_contacts",
    )
    role = models.CharField(
        _("role in this office"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the person's own role."),
    )

    panels = [FieldPanel("contact"), FieldPanel("role")]

    inline_key = ("contact",)

    class Meta(Orderable.Meta):
        verbose_name = _("office contact")
        verbose_name_plural = _("office contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact"], name="ehrenamt_office_contact_unique"
            )
        ]


class ConsultationHour(Orderable):
    page = ParentalKey(
        CoordinationOfficePage, on_delete=models.CASCADE, related_name="consultation_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("until"))
    note = models.CharField(
        _("note"), max_length=120, blank=True, help_text=_("e.g. by phone only")
    )

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("note"),
    ]

    inline_key = ("weekday", "opens", "closes")

    class Meta(Orderable.Meta):
        verbose_name = _("consultation hour")
        verbose_name_plural = _("consultation hours")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "weekday", "opens", "closes"], name="ehrenamt_consultation_unique"
            )
        ]
