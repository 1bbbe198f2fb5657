from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailEhrenamtConfig(AppConfig):
    name = "wagtail_ehrenamt"
    label = "wagtail_ehrenamt"
    verbose_name = _("Volunteer coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            office_editors,  # noqa: F401  (editor rights follow an event's organiser)
            signals,
        )

        signals.connect_feed_invalidation()
        signals.connect_occurrence_table()
