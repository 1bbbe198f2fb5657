"""Security headers and the interface language of the example project."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

# Addresses outside i18n_patterns whose interface follows the browser (see LocaleMiddleware).
NON_PAGE_PREFIXES = ("/admin/", "/documents/")

# Wagtail's admin templates contain inline scripts and style attributes.
ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, relaxed for the admin only; adds ``Permissions-Policy``."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/"):
            update = {**ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts = PolicyParts(parts.config, update, parts.replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(settings, "PERMISSIONS_POLICY", None):
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except outside the pages (the admin): there the interface keeps following
    the browser (or the editor's own choice in Wagtail's account settings).

    With ``i18n_patterns(..., prefix_default_language=False)`` Django gives every address
    without a language prefix the default language; for the pages that is right (German
    pages, German interface), for the admin it would ignore the editor's browser.
    """

    def process_request(self, request):
        super().process_request(request)
        if request.path_info.startswith(NON_PAGE_PREFIXES):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
