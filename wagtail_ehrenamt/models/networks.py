"""Networks, competence teams, networking platforms and the document library.

A :class:`NetworkPage` (e.g. a county working group) has :class:`CompetenceTeamPage` and
:class:`NetworkingPlatformPage` children. Members, leads and steering-group seats are
orderable relations to the directory's ``ContactPerson`` and ``Organisation`` snippets;
every relation is ``SET_NULL`` so a deleted snippet never breaks a page, and public pages
show only ``live`` snippets. Documents and minutes live in :mod:`.documents`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks.networks import DocumentsBlock, NetworkTeamsBlock, TextBlock
from ..visibility import visible_pages, visible_related, with_restriction_flag
from .base import EhrenamtPageMixin
from .documents import MinutesPanel, documents_for_page
from .events import EventPage
from .mixins import CalendarFeedMixin
from .topics import topic_through_field

# --- memberships -----------------------------------------------------------------


class Membership(Orderable):
    """A seat held by a contact person and/or an organisation, with a role."""

    contact = models.ForeignKey(
        "wagtail_ehrenamt.ContactPerson",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "wagtail_ehrenamt.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. spokesperson, member, represents the welfare associations."),
    )

    panels = [FieldPanel("contact"), FieldPanel("organisation"), FieldPanel("role")]

    # One row per person/organisation pair (see inline_rows). The database constraint of
    # each subclass covers rows with both set: a one-sided unique index would break when
    # deleting a contact person sets several rows' contact to NULL.
    inline_key = ("contact", "organisation")

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if not self.contact_id and not self.organisation_id:
            raise ValidationError(_("Choose a contact person, an organisation or both."))

    @property
    def public_contact(self):
        """The contact person, if it may be shown (published and public), else None."""
        contact = self.contact
        if contact is not None and contact.live and contact.is_public:
            return contact
        return None

    @property
    def public_organisation(self):
        """The organisation, if it is published, else None."""
        organisation = self.organisation
        if organisation is not None and organisation.live:
            return organisation
        return None

    @property
    def is_visible(self):
        return self.public_contact is not None or self.public_organisation is not None


def membership_prefetch(lookup, model):
    """Prefetch ``lookup`` with its contact and organisation in the same query."""
    return Prefetch(
        lookup,
        queryset=model.objects.select_related("contact", "contact__organisation", "organisation"),
    )


def is_preview(request):
    """In a preview the page's relations are in memory; otherwise prefetch them from the DB."""
    return bool(getattr(request, "is_preview", False))


def visible(memberships):
    return [membership for membership in memberships if membership.is_visible]


# --- network ----------------------------------------------------------------------


class NetworkSteeringMember(Membership):
    page = ParentalKey("NetworkPage", on_delete=models.CASCADE, related_name="steering_members")

    class Meta(Membership.Meta):
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact", "organisation"], name="ehrenamt_steering_unique"
            )
        ]


class NetworkMember(Membership):
    page = ParentalKey("NetworkPage", on_delete=models.CASCADE, related_name="network_members")

    class Meta(Membership.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact", "organisation"], name="ehrenamt_netmember_unique"
            )
        ]


class NetworkPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A county network, e.g. a working group with competence teams and platforms."""

    intro = RichTextField(_("purpose"), blank=True, help_text=_("What the network is for."))
    convened_by_organisation = models.ForeignKey(
        "wagtail_ehrenamt.Organisation",
        verbose_name=_("convened by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    convened_by_office = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("convened by (coordination office)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    convener_note = models.CharField(
        _("note on who convenes it"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Invited by the county's integration centre."),
    )
    structure_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("structure diagram (image)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    structure_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("structure diagram (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    structure_alt_text = models.TextField(
        _("text alternative of the diagram"),
        blank=True,
        help_text=_(
            "Describe the structure in words: who belongs to what, who reports to whom. "
            "Required when there is a diagram."
        ),
    )
    body = StreamField(
        [
            ("text", TextBlock()),
            ("documents", DocumentsBlock()),
            ("teams", NetworkTeamsBlock()),
        ],
        verbose_name=_("more content"),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("convened_by_organisation"),
                PageChooserPanel("convened_by_office", "wagtail_ehrenamt.CoordinationOfficePage"),
                FieldPanel("convener_note"),
            ],
            heading=_("Who convenes it"),
        ),
        InlinePanel("steering_members", heading=_("Steering group"), label=_("seat")),
        InlinePanel("network_members", heading=_("Members"), label=_("member")),
        MultiFieldPanel(
            [
                FieldPanel("structure_image"),
                FieldPanel("structure_document"),
                FieldPanel("structure_alt_text"),
            ],
            heading=_("Structure diagram"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = [
        "wagtail_ehrenamt.CompetenceTeamPage",
        "wagtail_ehrenamt.NetworkingPlatformPage",
    ]
    template = "wagtail_ehrenamt/networks/network_page.html"

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def clean(self):
        super().clean()
        has_diagram = self.structure_image_id or self.structure_document_id
        if has_diagram and not self.structure_alt_text.strip():
            raise ValidationError(
                {
                    "structure_alt_text": _(
                        "Describe the diagram in words for people who cannot see it."
                    )
                }
            )

    def get_feed_events(self):
        """Events organised by the network itself or by any of its teams and platforms."""
        events = EventPage.objects.filter(
            models.Q(organiser_page=self)
            | models.Q(
                organiser_page__path__startswith=self.path,
                organiser_page__depth__gt=self.depth,
            ),
            locale_id=self.locale_id,  # translations of an event share its organiser
        )
        return visible_pages(events, within=self)

    def get_teams(self):
        """Visible competence teams below this network, with their leads."""
        return (
            visible_pages(CompetenceTeamPage.objects.child_of(self), within=self)
            .order_by("path")
            .prefetch_related(membership_prefetch("leads", TeamLead))
        )

    def get_platforms(self):
        """Visible networking platforms below this network, with their organisers."""
        return (
            visible_pages(NetworkingPlatformPage.objects.child_of(self), within=self)
            .order_by("path")
            .prefetch_related(
                Prefetch(
                    "organisers",
                    queryset=with_restriction_flag(
                        PlatformOrganiser.objects.select_related("office"), "office"
                    ),
                )
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = (
            self
            if is_preview(request)
            else (
                with_restriction_flag(NetworkPage.objects.filter(pk=self.pk), "convened_by_office")
                .select_related("convened_by_office")
                .prefetch_related(
                    membership_prefetch("steering_members", NetworkSteeringMember),
                    membership_prefetch("network_members", NetworkMember),
                )
                .first()
            )
            or self
        )
        context["steering_members"] = visible(page.steering_members.all())
        context["network_members"] = visible(page.network_members.all())
        context["teams"] = list(self.get_teams())
        context["platforms"] = list(self.get_platforms())
        convener = visible_related([page], "convened_by_office")
        context["convener_office"] = convener[0].convened_by_office if convener else None
        context["convener_organisation"] = live_organisation(self.convened_by_organisation)
        return context


def live_organisation(organisation):
    if organisation is None or not organisation.live:
        return None
    return organisation


# --- competence team --------------------------------------------------------------


class TeamTopic(ItemBase):
    tag = topic_through_field("team_items")
    content_object = ParentalKey(
        "CompetenceTeamPage", on_delete=models.CASCADE, related_name="topic_items"
    )


class TeamLead(Membership):
    page = ParentalKey("CompetenceTeamPage", on_delete=models.CASCADE, related_name="leads")

    class Meta(Membership.Meta):
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact", "organisation"], name="ehrenamt_teamlead_unique"
            )
        ]


class TeamMember(Membership):
    page = ParentalKey("CompetenceTeamPage", on_delete=models.CASCADE, related_name="members")

    class Meta(Membership.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact", "organisation"], name="ehrenamt_teammember_unique"
            )
        ]


class CompetenceTeamPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A competence team of a network, working on one topic area."""

    topic_area = models.CharField(
        _("topic area"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Housing and follow-up accommodation."),
    )
    intro = RichTextField(_("goals"), blank=True, help_text=_("What the team works towards."))
    how_to_join = RichTextField(
        _("how to join"),
        blank=True,
        help_text=_("Who can take part and whom to contact."),
    )
    topics = ClusterTaggableManager(verbose_name=_("topics"), through=TeamTopic, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic_area"),
        FieldPanel("topics"),
        FieldPanel("intro"),
        InlinePanel("leads", heading=_("Team leads"), label=_("lead")),
        InlinePanel("members", heading=_("Members"), label=_("member")),
        FieldPanel("how_to_join"),
        MinutesPanel(heading=_("Minutes")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("topic_area"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["wagtail_ehrenamt.NetworkPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/networks/competence_team_page.html"

    class Meta:
        verbose_name = _("competence team")
        verbose_name_plural = _("competence teams")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = (
            self
            if is_preview(request)
            else (
                CompetenceTeamPage.objects.filter(pk=self.pk)
                .prefetch_related(
                    membership_prefetch("leads", TeamLead),
                    membership_prefetch("members", TeamMember),
                )
                .first()
            )
            or self
        )
        context["leads"] = visible(page.leads.all())
        context["members"] = visible(page.members.all())
        context["minutes"], context["documents"] = documents_for_page(self)
        return context

    @property
    def public_leads(self):
        """Leads that may be shown (uses the prefetched relation when there is one)."""
        return visible(self.leads.all())


# --- networking platform ---------------------------------------------------------


class PlatformTopicTag(ItemBase):
    tag = topic_through_field("platform_items")
    content_object = ParentalKey(
        "NetworkingPlatformPage", on_delete=models.CASCADE, related_name="topic_items"
    )


class PlatformTopic(Orderable):
    """One of the themes a platform works on, e.g. "Housing" or "Language"."""

    page = ParentalKey(
        "NetworkingPlatformPage", on_delete=models.CASCADE, related_name="platform_topics"
    )
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    inline_key = ("title",)

    class Meta(Orderable.Meta):
        verbose_name = _("platform topic")
        verbose_name_plural = _("platform topics")
        constraints = [
            models.UniqueConstraint(fields=["page", "title"], name="ehrenamt_platform_topic_unique")
        ]

    def __str__(self):
        return self.title


class PlatformOrganiser(Orderable):
    """A coordination office that schedules, organises and runs the platform's meetings."""

    page = ParentalKey(
        "NetworkingPlatformPage", on_delete=models.CASCADE, related_name="organisers"
    )
    office = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("coordination office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("e.g. together with the county coordinator."),
    )

    panels = [
        PageChooserPanel("office", "wagtail_ehrenamt.CoordinationOfficePage"),
        FieldPanel("note"),
    ]

    inline_key = ("office",)

    class Meta(Orderable.Meta):
        verbose_name = _("organising office")
        verbose_name_plural = _("organising offices")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "office"], name="ehrenamt_platform_office_unique"
            )
        ]


class PlatformContact(Membership):
    page = ParentalKey(
        "NetworkingPlatformPage", on_delete=models.CASCADE, related_name="platform_contacts"
    )

    class Meta(Membership.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact", "organisation"], name="ehrenamt_platcontact_unique"
            )
        ]


class NetworkingPlatformPage(EhrenamtPageMixin, CalendarFeedMixin, Page):
    """A thematic networking platform for volunteers that meets a few times a year."""

    intro = RichTextField(_("introduction"), blank=True)
    rhythm = models.CharField(
        _("how often it meets"),
        max_length=200,
        blank=True,
        help_text=_("e.g. two to three meetings a year, as needed."),
    )
    invited = RichTextField(
        _("who is invited"),
        blank=True,
        help_text=_("e.g. volunteers and their groups from all municipalities of the county."),
    )
    invites_groups_without_speaker = models.BooleanField(
        _("invites groups without a speaker"),
        default=True,
        help_text=_(
            "Volunteer groups that have neither a speaker nor a coordination office in their "
            "municipality are invited too and receive the minutes."
        ),
    )
    next_meeting_note = models.CharField(
        _("note on the next meeting"),
        max_length=255,
        blank=True,
        help_text=_("Shown when no date is in the calendar yet, e.g. 'Next meeting in spring'."),
    )
    topics = ClusterTaggableManager(
        verbose_name=_("topic tags"), through=PlatformTopicTag, blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("platform_topics", heading=_("Topics"), label=_("topic")),
        FieldPanel("topics"),
        MultiFieldPanel(
            [FieldPanel("rhythm"), FieldPanel("next_meeting_note")], heading=_("Meetings")
        ),
        InlinePanel("organisers", heading=_("Organising offices"), label=_("office")),
        InlinePanel("platform_contacts", heading=_("Contacts"), label=_("contact")),
        MultiFieldPanel(
            [FieldPanel("invited"), FieldPanel("invites_groups_without_speaker")],
            heading=_("Who is invited"),
        ),
        MinutesPanel(heading=_("Minutes")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtail_ehrenamt.NetworkPage"]
    subpage_types = []
    template = "wagtail_ehrenamt/networks/networking_platform_page.html"

    class Meta:
        verbose_name = _("networking platform")
        verbose_name_plural = _("networking platforms")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page = (
            self
            if is_preview(request)
            else (
                NetworkingPlatformPage.objects.filter(pk=self.pk)
                .prefetch_related(
                    "platform_topics",
                    Prefetch(
                        "organisers",
                        queryset=with_restriction_flag(
                            PlatformOrganiser.objects.select_related("office"), "office"
                        ),
                    ),
                    membership_prefetch("platform_contacts", PlatformContact),
                )
                .first()
            )
            or self
        )
        context["platform_topics"] = list(page.platform_topics.all())
        context["organising_offices"] = visible_related(page.organisers.all(), "office")
        context["contacts"] = visible(page.platform_contacts.all())
        context["minutes"], context["documents"] = documents_for_page(self)
        return context

    @property
    def live_organisers(self):
        """Organisers whose office visitors may see (see :mod:`wagtail_ehrenamt.visibility`)."""
        return visible_related(self.organisers.all(), "office")
