"""Every tenant row names its commune (filled by the migration before)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
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
    ]
