"""Small builders for test content: the site tree and the package's pages."""

from wagtail.models import Locale, Page, Site


def default_language_code():
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def ensure_site():
    """Root page, a published HomePage and the default Site; created when missing."""
    from example_project.home.models import HomePage

    Locale.objects.get_or_create(language_code="de")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Ehrenamt im Landkreis", slug="home-test")
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home


def add_page(parent, page, publish=True):
    """Add ``page`` below ``parent`` and publish it."""
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page
