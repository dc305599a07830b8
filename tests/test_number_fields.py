"""Every number field of the portal reads and shows numbers the Vietnamese way: it is one of
`thiduaportal.numbers`' fields, and no template writes an `<input type="number">` (it refuses
"1.234" and shows "72.75" in an English browser)."""

import importlib
import pkgutil
import re
from pathlib import Path

from django import forms
from django.conf import settings

from thiduaportal.numbers import DecimalNumberField, WholeNumberField

APPS = ("thiduaportal", "units", "campaigns", "nominations", "council", "awards")
DJANGO_NUMBERS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def _form_classes():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".forms" in module.name or module.name.endswith(".forms"):
                importlib.import_module(module.name)
    stack, found = [forms.BaseForm], set()
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                found.add(sub)
    return found


def test_every_declared_number_field_is_a_vietnamese_number_field():
    classes = _form_classes()
    assert len(classes) > 30
    wrong = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in classes
        for name, field in form.base_fields.items()
        if isinstance(field, DJANGO_NUMBERS) and not isinstance(field, WholeNumberField | DecimalNumberField)
    ]
    assert wrong == []


def test_no_form_or_template_builds_a_number_field_of_its_own():
    root = Path(settings.BASE_DIR)
    pattern = re.compile(r"forms\.(IntegerField|DecimalField|FloatField|NumberInput)\(|type=\"number\"")
    sources: list[Path] = []
    for app in APPS:
        sources += [p for p in (root / app).rglob("*.py") if "migrations" not in p.parts]
    sources += list((root / "templates").rglob("*.html"))
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sources
        if path.name != "numbers.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []
