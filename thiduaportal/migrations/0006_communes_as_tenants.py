"""Communes as tenants: every row names its commune; today's rows belong to the install's commune."""

import django.db.models.deletion
from django.db import migrations, models

from thiduaportal.tenancy import attach_to_commune


class Migration(migrations.Migration):

    dependencies = [
        ('thiduaportal', '0005_vietnamese_verbose_names'),
        ('units', '0007_communes_as_tenants'),
    ]

    operations = [
        migrations.AddField(
            model_name='job',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        attach_to_commune('thiduaportal'),
    ]
