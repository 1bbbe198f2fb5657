"""Listing columns of the package's admin views."""

from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """Wagtail's tick/cross column, read out as "Ja"/"Nein" (Wagtail's says "True"/"False")."""

    cell_template_name = "wagtail_ehrenamt/admin/yes_no_cell.html"
