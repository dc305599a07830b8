"""The dashboard's data version, one counter per commune."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0005_commune_required'),
        ('units', '0008_commune_required'),
    ]

    operations = [
        migrations.CreateModel(
            name='DashboardVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveBigIntegerField(default=0, verbose_name='version')),
                ('changed_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
                ('commune', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='units.commune', verbose_name='commune')),
            ],
            options={
                'verbose_name': 'dashboard data version',
                'verbose_name_plural': 'dashboard data versions',
                'constraints': [models.UniqueConstraint(fields=('commune',), name='dashboard_version_once')],
            },
        ),
    ]
