"""The one JSON-LD escaper: schema.org data as text for ``<script type="application/ld+json">``."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

# As Django's json_script: no "</script>" or "<!--" can end or change the element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_text(data, indent=None):
    """``data`` as JSON, safe inside a ``<script>`` element of an HTML page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=indent)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 - escaped for <script>
