"""Security headers of the example project."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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
