"""The table of base salaries (lương cơ sở), seeded with the values known when it was made.

2.340.000 đ from 01/7/2024: Nghị định số 73/2024/NĐ-CP (confirmed). 2.530.000 đ from 01/7/2026:
reported in secondary sources as Nghị định số 161/2026/NĐ-CP, medium confidence; verify the
official text on vbpl.vn and correct the row in the admin if it differs.
"""

import datetime

import django.core.validators
from django.db import migrations, models


SEED = (
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
    (
        datetime.date(2026, 7, 1),
        2_530_000,
        "Nghị định số 161/2026/NĐ-CP (theo nguồn thứ cấp; đối chiếu văn bản chính thức trên vbpl.vn)",
    ),
)


def seed(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")
    for day, amount, basis in SEED:
        BaseSalary.objects.get_or_create(effective_from=day, defaults={"amount": amount, "legal_basis": basis})


def unseed(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")
    BaseSalary.objects.filter(effective_from__in=[day for day, _, _ in SEED]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0004_documentcounter_confirmed'),
    ]

    operations = [
        migrations.CreateModel(
            name='BaseSalary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.DateField(unique=True, verbose_name='in force from')),
                ('amount', models.DecimalField(decimal_places=0, max_digits=12, validators=[django.core.validators.MinValueValidator(1)], verbose_name='base salary (đồng a month)')),
                ('legal_basis', models.CharField(help_text='The decree that sets this base salary and its effective date. Sources as recorded when the table was seeded: 2.340.000 đ from 01/7/2024 by Nghị định số 73/2024/NĐ-CP (confirmed); 2.530.000 đ from 01/7/2026, reported in secondary sources (medium confidence): verify the official text on vbpl.vn and correct this row if it differs.', max_length=200, verbose_name='legal basis')),
            ],
            options={
                'verbose_name': 'base salary',
                'verbose_name_plural': 'base salaries',
                'ordering': ['-effective_from'],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
