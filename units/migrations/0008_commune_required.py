"""Every tenant row names its commune (filled by the migration before)."""

import django.db.models.deletion
from django.db import migrations, models


def tag_log_entries(apps, schema_editor):
    """Entries written before communes named theirs belong to the install's commune."""
    commune = apps.get_model("units", "Commune").objects.exclude(kind="city").order_by("pk").first()
    if commune is None:
        return
    entries = apps.get_model("auditlog", "LogEntry")
    batch = []
    for entry in entries.objects.only("pk", "additional_data").iterator(chunk_size=2000):
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        if "commune" not in data:
            entry.additional_data = {**data, "commune": commune.pk}
            batch.append(entry)
        if len(batch) >= 2000:
            entries.objects.bulk_update(batch, ["additional_data"])
            batch = []
    if batch:
        entries.objects.bulk_update(batch, ["additional_data"])


class Migration(migrations.Migration):

    dependencies = [
        ('auditlog', '0017_add_actor_email'),
        ('units', '0007_communes_as_tenants'),
    ]

    operations = [
        migrations.AlterField(
            model_name='assignment',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='cadre',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='cadrerating',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='transferrequest',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='transfertransition',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='unit',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='unitrating',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.RunPython(tag_log_entries, migrations.RunPython.noop),
    ]
