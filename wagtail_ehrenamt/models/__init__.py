"""Public models of wagtail_ehrenamt; import them from here."""

from .base import EhrenamtPageMixin, live_snippets
from .directory import (
    ConsultationHour,
    ContactPerson,
    CoordinationOfficeIndexPage,
    CoordinationOfficePage,
    Location,
    Municipality,
    OfficeContact,
    Organisation,
)
from .documents import DocumentCategory, DocumentLibraryPage, LibraryDocument
from .engagement import (
    EngagementOfferIndexPage,
    EngagementOfferPage,
    EnquiryInboxAccess,
    EnquiryStatusChange,
    VolunteerEnquiry,
)
from .events import EventCalendarPage, EventOccurrenceException, EventPage
from .networks import (
    CompetenceTeamPage,
    NetworkingPlatformPage,
    NetworkMember,
    NetworkPage,
    NetworkSteeringMember,
    PlatformContact,
    PlatformOrganiser,
    PlatformTopic,
    TeamLead,
    TeamMember,
)
from .occurrences import EventOccurrence, OccurrenceWindow
from .office_editors import OfficeEditorGroup
from .partner_calendars import ExternalCalendar, ImportedEvent
from .topics import Topic, TopicName

__all__ = [
    "CompetenceTeamPage",
    "ConsultationHour",
    "ContactPerson",
    "CoordinationOfficeIndexPage",
    "CoordinationOfficePage",
    "DocumentCategory",
    "DocumentLibraryPage",
    "EhrenamtPageMixin",
    "EngagementOfferIndexPage",
    "EngagementOfferPage",
    "EnquiryInboxAccess",
    "EnquiryStatusChange",
    "EventCalendarPage",
    "EventOccurrence",
    "EventOccurrenceException",
    "EventPage",
    "ExternalCalendar",
    "ImportedEvent",
    "LibraryDocument",
    "Location",
    "Municipality",
    "NetworkPage",
    "NetworkMember",
    "NetworkSteeringMember",
    "NetworkingPlatformPage",
    "OccurrenceWindow",
    "OfficeContact",
    "OfficeEditorGroup",
    "Organisation",
    "PlatformContact",
    "PlatformOrganiser",
    "PlatformTopic",
    "TeamLead",
    "TeamMember",
    "Topic",
    "TopicName",
    "VolunteerEnquiry",
    "live_snippets",
]
