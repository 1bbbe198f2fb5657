"""One row per thing in every InlinePanel (Wagtail autosave issue #14568).

Deletes duplicate child rows left by autosave, then adds the unique constraints. Rows with
the same key are duplicates; of each group the newest row (highest id) is kept, because an
autosave repeats the row as the editor last had it.
"""

from django.db import migrations, models

# model name -> the fields that identify a row within its page (``inline_key``).
INLINE_KEYS = {
    "eventoccurrenceexception": ("original_date",),
    "consultationhour": ("weekday", "opens", "closes"),
    "officecontact": ("contact",),
    "networksteeringmember": ("contact", "organisation"),
    "networkmember": ("contact", "organisation"),
    "teamlead": ("contact", "organisation"),
    "teammember": ("contact", "organisation"),
    "platformcontact": ("contact", "organisation"),
    "platformtopic": ("title",),
    "platformorganiser": ("office",),
}


def dedupe_inline_rows(apps, schema_editor):
    """Delete all but the newest row of each (page, key); rows without a key stay."""
    for model_name, key in INLINE_KEYS.items():
        model = apps.get_model("wagtail_ehrenamt", model_name)
        columns = ["page_id", *(model._meta.get_field(name).attname for name in key)]
        seen = set()
        duplicates = []
        for row in model.objects.order_by("-pk").values_list("pk", *columns).iterator():
            pk, values = row[0], tuple(row[1:])
            if all(value is None or value == "" for value in values[1:]):
                continue
            if values in seen:
                duplicates.append(pk)
            else:
                seen.add(values)
        for start in range(0, len(duplicates), 500):
            model.objects.filter(pk__in=duplicates[start : start + 500]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_ehrenamt', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(dedupe_inline_rows, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='consultationhour',
            constraint=models.UniqueConstraint(fields=('page', 'weekday', 'opens', 'closes'), name='ehrenamt_consultation_unique'),
        ),
        migrations.AddConstraint(
            model_name='eventoccurrenceexception',
            constraint=models.UniqueConstraint(fields=('page', 'original_date'), name='ehrenamt_exception_unique_date'),
        ),
        migrations.AddConstraint(
            model_name='networkmember',
            constraint=models.UniqueConstraint(fields=('page', 'contact', 'organisation'), name='ehrenamt_netmember_unique'),
        ),
        migrations.AddConstraint(
            model_name='networksteeringmember',
            constraint=models.UniqueConstraint(fields=('page', 'contact', 'organisation'), name='ehrenamt_steering_unique'),
        ),
        migrations.AddConstraint(
            model_name='officecontact',
            constraint=models.UniqueConstraint(fields=('page', 'contact'), name='ehrenamt_office_contact_unique'),
        ),
        migrations.AddConstraint(
            model_name='platformcontact',
            constraint=models.UniqueConstraint(fields=('page', 'contact', 'organisation'), name='ehrenamt_platcontact_unique'),
        ),
        migrations.AddConstraint(
            model_name='platformorganiser',
            constraint=models.UniqueConstraint(fields=('page', 'office'), name='ehrenamt_platform_office_unique'),
        ),
        migrations.AddConstraint(
            model_name='platformtopic',
            constraint=models.UniqueConstraint(fields=('page', 'title'), name='ehrenamt_platform_topic_unique'),
        ),
        migrations.AddConstraint(
            model_name='teamlead',
            constraint=models.UniqueConstraint(fields=('page', 'contact', 'organisation'), name='ehrenamt_teamlead_unique'),
        ),
        migrations.AddConstraint(
            model_name='teammember',
            constraint=models.UniqueConstraint(fields=('page', 'contact', 'organisation'), name='ehrenamt_teammember_unique'),
        ),
    ]
