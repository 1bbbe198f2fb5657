"""The one list of weekdays: Monday = 0, as ``date.weekday()`` counts.

Opening hours store the number (``Weekday``), recurrence rules the RFC 5545 code
(``WEEKDAY_CODES``: MO … SU), the event form offers ``WEEKDAY_CHOICES`` and schema.org's
``dayOfWeek`` takes the English name (``schema_org_day``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


WEEKDAY_CODES = [day.name[:2] for day in Weekday]
WEEKDAY_CHOICES = [(code, day.label) for code, day in zip(WEEKDAY_CODES, Weekday, strict=True)]


def schema_org_day(number):
    """``https://schema.org/Monday`` for 0, and so on."""
    return f"https://schema.org/{Weekday(number).name.title()}"
