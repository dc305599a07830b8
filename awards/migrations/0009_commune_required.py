"""Every tenant row names its commune (filled by the migration before)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0008_communes_as_tenants'),
        ('units', '0008_commune_required'),
    ]

    operations = [
        migrations.AlterField(
            model_name='award',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='certificatedesign',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='decisiontransition',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='documentcounter',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='printerprofile',
            name='commune',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.commune', verbose_name='commune'),
        ),
    ]
