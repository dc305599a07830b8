"""Communes as tenants: every row names its commune; today's rows belong to the install's commune."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from thiduaportal.tenancy import attach_to_commune


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0007_counter_confirmation_labels'),
        ('council', '0007_communes_as_tenants'),
        ('nominations', '0008_communes_as_tenants'),
        ('units', '0007_communes_as_tenants'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='decision',
            name='decision_number_unique',
        ),
        migrations.RemoveConstraint(
            model_name='documentcounter',
            name='document_counter_unique',
        ),
        migrations.AddField(
            model_name='award',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='certificatedesign',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='decision',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='decisiontransition',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='documentcounter',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='printerprofile',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='printerprofile',
            name='name',
            field=models.CharField(max_length=120, verbose_name='printer'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('commune', 'symbol', 'year', 'number'), name='decision_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='documentcounter',
            constraint=models.UniqueConstraint(fields=('commune', 'scope', 'year'), name='document_counter_unique'),
        ),
        migrations.AddConstraint(
            model_name='printerprofile',
            constraint=models.UniqueConstraint(fields=('commune', 'name'), name='printer_name_once_per_commune'),
        ),
        attach_to_commune('awards'),
    ]
