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
    DocumentLibraryPage,
    NetworkingPlatformPage,
    NetworkPage,
)
from .topics import Topic

__all__ = [
    "CompetenceTeamPage",
    "ConsultationHour",
    "ContactPerson",
    "CoordinationOfficeIndexPage",
    "CoordinationOfficePage",
    "DocumentLibraryPage",
    "EhrenamtPageMixin",
    "EngagementOfferIndexPage",
    "EngagementOfferPage",
    "EnquiryInboxAccess",
    "EnquiryStatusChange",
    "EventCalendarPage",
    "EventOccurrenceException",
    "EventPage",
    "Location",
    "Municipality",
    "NetworkPage",
    "NetworkingPlatformPage",
    "OfficeContact",
    "Organisation",
    "Topic",
    "VolunteerEnquiry",
    "live_snippets",
]
