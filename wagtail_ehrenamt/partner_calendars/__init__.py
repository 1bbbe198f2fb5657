"""Partner calendars: download, read and merge partner organisations' iCal feeds.

:mod:`.fetch` downloads a feed safely, :mod:`.parse` turns it into import items,
:mod:`.sync` merges them into the site's events. The models live in
:mod:`wagtail_ehrenamt.models.partner_calendars`.
"""
