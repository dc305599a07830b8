"""Communes as tenants: every row names its commune; today's rows belong to the install's commune."""

import django.db.models.deletion
from django.db import migrations, models

from thiduaportal.tenancy import attach_to_commune


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0007_vietnamese_verbose_names'),
        ('units', '0007_communes_as_tenants'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='comment',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='disciplinerecord',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='eligibilityoverride',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='nomination',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='nominationtransition',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='nominationversion',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='notification',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='round',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='roundtransition',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        attach_to_commune('nominations'),
    ]
