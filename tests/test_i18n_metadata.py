"""Vietnamese everywhere: the strings that live in Python rather than in templates.

The extraction test (`test_i18n.py`) finds msgids without a translation, but not a label that
was never wrapped in gettext, a verbose name Django made up from a field's name ("base
salary"), or a string translated through a name makemessages does not know. These tests read
what a Vietnamese screen shows - every model's and field's verbose name, help text and
choices, every form field's label, help text, choices and placeholder - with Vietnamese
active, and fail on text that is still English.

"English" here: the text as shown in Vietnamese is the same as in English, holds at least
one word of two or more ASCII letters that is not an acronym (PDF, CCHC, QR), and has no
Vietnamese letter (no diacritic, no đ). A Vietnamese label without a diacritic in every
word is very rare; the few that are meant as they are stand in `ALLOWED`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.forms.utils import pretty_name
from django.utils import translation

APPS = ("thiduaportal", "units", "campaigns", "nominations", "council", "awards")
VIETNAMESE = re.compile(r"[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]")
WORD = re.compile(r"[A-Za-z]{2,}")
# Shown as they are in both languages: names and acronyms written in lower case.
ALLOWED = {"Email", "email", "Logo", "logo", "sha256", "Index", "INDEX"}


def looks_english(shown: str, english: str) -> bool:
    if shown != english or VIETNAMESE.search(shown):
        return False
    words = [w for w in WORD.findall(shown) if not w.isupper() and w not in ALLOWED]
    return bool(words)


def _both(text) -> tuple[str, str]:
    with translation.override("vi"):
        shown = str(text)
    with translation.override("en"):
        english = str(text)
    return shown, english


def _check(found: list[str], where: str, text) -> None:
    if text is None or text == "":
        return
    shown, english = _both(text)
    if looks_english(shown, english):
        found.append(f"{where}: {shown!r}")


def _choices(choices) -> list:
    flat = []
    for value, label in choices or ():
        if isinstance(label, (list, tuple)):
            flat += [inner for _value, inner in label]
            flat.append(value)  # an option group's name
        else:
            flat.append(label)
    return flat


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_label in APPS]


def test_detector_tells_english_from_vietnamese():
    assert looks_english("Base salary", "Base salary")
    assert looks_english("Print on", "Print on")
    assert not looks_english("Mức lương cơ sở", "Base salary")
    assert not looks_english("PDF", "PDF")
    assert not looks_english("Mã QR", "QR code")
    assert not looks_english("Email", "Email")


def test_every_model_speaks_vietnamese():
    found: list[str] = []
    for model in _our_models():
        name = f"{model._meta.label}"
        _check(found, f"{name} verbose_name", model._meta.verbose_name)
        _check(found, f"{name} verbose_name_plural", model._meta.verbose_name_plural)
        for field in model._meta.get_fields():
            if not (field.concrete or field.many_to_many) or field.auto_created and not field.concrete:
                continue
            where = f"{name}.{field.name}"
            _check(found, where, getattr(field, "verbose_name", None))
            _check(found, f"{where} help_text", getattr(field, "help_text", None))
            for label in _choices(getattr(field, "choices", None)):
                _check(found, f"{where} choice", label)
    assert found == [], f"{len(found)} English strings in model metadata:\n" + "\n".join(found)


def _form_classes() -> list[type[forms.BaseForm]]:
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".forms" in info.name or info.name.endswith((".views", ".imports")) or ".views." in info.name:
                importlib.import_module(info.name)
    seen, stack = [], [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in APPS and sub not in seen:
                seen.append(sub)
    return sorted(seen, key=lambda c: (c.__module__, c.__qualname__))


def _fields_of(form_class) -> dict[str, forms.Field]:
    """The form's fields as a page shows them: from an instance when the form can be built
    without arguments (fields added or relabelled in `__init__`), else its declared fields."""
    try:
        required = [
            p
            for p in list(inspect.signature(form_class.__init__).parameters.values())[1:]
            if p.kind == p.KEYWORD_ONLY and p.default is p.empty
        ]
        if not required:
            return form_class().fields
    except Exception:  # noqa: BLE001, S110 - a form that needs its context is read from its class
        pass
    return form_class.base_fields


def test_every_form_field_speaks_vietnamese():
    found: list[str] = []
    for form_class in _form_classes():
        for name, field in _fields_of(form_class).items():
            if field.widget.is_hidden:
                continue
            where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            _check(found, where, field.label if field.label is not None else pretty_name(name))
            _check(found, f"{where} help_text", field.help_text)
            _check(found, f"{where} placeholder", field.widget.attrs.get("placeholder"))
            if not isinstance(field, forms.ModelChoiceField):
                for label in _choices(getattr(field, "choices", None)):
                    _check(found, f"{where} choice", label)
            elif isinstance(getattr(field, "empty_label", None), str) or hasattr(
                field.empty_label, "_proxy____args"
            ):
                _check(found, f"{where} empty_label", field.empty_label)
    assert found == [], f"{len(found)} English strings in forms:\n" + "\n".join(found)


@pytest.mark.parametrize("text", ["Year", "Snapshot", "Members total"])
def test_detector_catches_the_audit_log_field_names(text):
    assert looks_english(*_both(text))
