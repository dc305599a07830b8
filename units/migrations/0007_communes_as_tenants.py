"""Communes as tenants: every row names its commune; today's rows belong to the install's commune."""

import django.db.models.deletion
from django.db import migrations, models

from thiduaportal.tenancy import attach_to_commune


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0006_ballot_and_transfer_labels'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='commune',
            options={'ordering': ['kind', 'name', 'pk'], 'verbose_name': 'commune', 'verbose_name_plural': 'communes'},
        ),
        migrations.RemoveConstraint(
            model_name='cadre',
            name='cadre_unique_name_birth',
        ),
        migrations.AddField(
            model_name='assignment',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='cadre',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='cadrerating',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='commune',
            name='archived_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='archived at'),
        ),
        migrations.AddField(
            model_name='commune',
            name='code',
            field=models.SlugField(blank=True, help_text='Names the commune in public addresses, e.g. "thuong-phuc" in /xac-minh/?xa=thuong-phuc.', max_length=40, verbose_name='short code'),
        ),
        migrations.AddField(
            model_name='commune',
            name='kind',
            field=models.CharField(choices=[('commune', 'Commune'), ('ward', 'Ward'), ('city', 'City or province')], default='commune', max_length=10, verbose_name='level'),
        ),
        migrations.AddField(
            model_name='commune',
            name='parent',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind': 'city'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='units.commune', verbose_name='city or province above'),
        ),
        migrations.AddField(
            model_name='membership',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='transferrequest',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='transfertransition',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='unit',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='unitrating',
            name='commune',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AddField(
            model_name='user',
            name='commune',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='unit',
            name='name',
            field=models.CharField(max_length=200, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='cadre',
            constraint=models.UniqueConstraint(fields=('commune', 'full_name', 'date_of_birth'), name='cadre_unique_name_birth'),
        ),
        migrations.AddConstraint(
            model_name='commune',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='commune_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(fields=('commune', 'name'), name='unit_name_once_per_commune'),
        ),
        attach_to_commune('units'),
    ]
