"""English admin: the German date forms of WAGTAIL_DATE_FORMAT etc. are read as well."""

from django.conf.locale.en import formats as django_en

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", *django_en.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    *django_en.DATETIME_INPUT_FORMATS,
]
