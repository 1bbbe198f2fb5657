"""The views behind the page routes, one module per domain.

Importing this module registers them under their names (:mod:`wagtail_ehrenamt.page_views`);
``apps.ready()`` does.
"""

from .directory import views as directory_views
from .engagement import views as engagement_views
from .events import feed_views
from .events import views as calendar_views
from .networks import views as networks_views

__all__ = [
    "calendar_views",
    "directory_views",
    "engagement_views",
    "feed_views",
    "networks_views",
]
