"""The city emulation board officer and the city chairman join the roles."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0009_city_admin_role'),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('unit_staff', 'Unit staff'), ('unit_head', 'Head of unit'), ('vhxh', 'Culture and Society office officer'), ('council_member', 'Council member'), ('council_secretary', 'Council secretary'), ('chairman', 'Chairman'), ('admin', 'Administrator'), ('city_admin', 'City administrator'), ('city_officer', 'City emulation board officer'), ('city_chairman', 'City chairman')], max_length=20, verbose_name='role'),
        ),
    ]
