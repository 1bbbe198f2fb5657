from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailEhrenamtConfig(AppConfig):
    name = "wagtail_ehrenamt"
    label = "wagtail_ehrenamt"
    verbose_name = _("Volunteer coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported when Django is ready, not at the top: these modules sit above the models
        # (they import them) and register system checks, signal receivers and the views of
        # the pages' routes (page_views.py).
        from . import checks, signals, views  # noqa: F401

        signals.connect_feed_invalidation()
        signals.connect_occurrence_table()
        signals.connect_office_editors()
