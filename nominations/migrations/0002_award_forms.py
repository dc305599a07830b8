"""The two award forms every round may offer (REFERENCE §1, §5): the chairman's Giấy khen,
decided here, and the city's Bằng khen, forwarded."""

from decimal import Decimal

from django.db import migrations

FORMS = [
    {
        "code": "giay-khen-chu-tich",
        "name": "Giấy khen của Chủ tịch UBND xã",
        "level": "commune",
        "collective_coefficient": Decimal("0.6"),
        "individual_coefficient": Decimal("0.3"),
    },
    {
        "code": "bang-khen-thanh-pho",
        "name": "Bằng khen của Chủ tịch UBND Thành phố",
        "level": "city",
        "collective_coefficient": Decimal("0"),
        "individual_coefficient": Decimal("0"),
    },
]


def create_forms(apps, schema_editor):
    AwardForm = apps.get_model("nominations", "AwardForm")
    for form in FORMS:
        AwardForm.objects.get_or_create(code=form["code"], defaults={k: v for k, v in form.items() if k != "code"})


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]

    operations = [migrations.RunPython(create_forms, migrations.RunPython.noop)]
