"""Page types by role, as ``app_label.ModelName`` labels (no model imports: blocks use them too)."""

# Pages that can organise events: the event's organiser panel, the upcoming-events block,
# the calendar's organiser filter.
ORGANISER_PAGE_TYPES = [
    "wagtail_ehrenamt.CoordinationOfficePage",
    "wagtail_ehrenamt.NetworkPage",
    "wagtail_ehrenamt.CompetenceTeamPage",
    "wagtail_ehrenamt.NetworkingPlatformPage",
]
