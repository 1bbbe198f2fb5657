"""Volunteer coordination content for Wagtail: offices, contacts, networks, calendars and feeds."""

__version__ = "0.1.0.dev0"
