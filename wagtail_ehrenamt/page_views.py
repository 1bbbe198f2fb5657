"""The views behind the page models' routes, looked up by name.

The package's layers put the models below the views (pyproject.toml, design.md): a model
module never imports a view module. A page's route asks for its view here by name, and the
view modules register under those names; apps.py imports them when Django is ready.
"""

from django.core.exceptions import ImproperlyConfigured

_views = {}


def register(name):
    """Decorator: the function answers the routes that ask for ``name`` ("domain.view")."""

    def decorator(view):
        _views[name] = view
        return view

    return decorator


def page_view(name):
    """The view registered as ``name``."""
    try:
        return _views[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No view is registered as {name!r}: is 'wagtail_ehrenamt' in INSTALLED_APPS?"
        ) from None


def registered_names():
    return set(_views)
