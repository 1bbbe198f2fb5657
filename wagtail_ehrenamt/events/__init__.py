"""The event calendar: date engine, listings, occurrence table, feeds and views."""
