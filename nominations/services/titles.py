"""The commune's catalogue of titles and awards: seeded from `nominations.catalogue` the first
time a commune needs it, then VHXH's to correct."""

from __future__ import annotations

import importlib

from django.db import transaction

from nominations import catalogue
from nominations.models import AwardForm, Title
from thiduaportal import tenancy

_FIRST_FORMS = "nominations.migrations.0002_award_forms"
_CATALOGUE_FORMS = "nominations.migrations.0010_catalogue"


def ensure_award_forms() -> dict[str, AwardForm]:
    """The award forms of the catalogue by code. Their migrations create them; `manage.py
    flush` (and a transactional test) empties the table without migrating again, so any that
    is missing is created again from the migrations' own data."""
    first = {spec["code"]: dict(spec) for spec in importlib.import_module(_FIRST_FORMS).FORMS}
    for spec in importlib.import_module(_CATALOGUE_FORMS).FORMS:
        first.setdefault(spec["code"], {}).update(spec)
    for code, spec in first.items():
        AwardForm.objects.get_or_create(code=code, defaults={k: v for k, v in spec.items() if k != "code"})
    codes = [spec["award_form"] for spec in catalogue.DEFAULT_TITLES]
    return {form.code: form for form in AwardForm.objects.filter(code__in=codes)}


@transaction.atomic
def ensure_catalogue(commune) -> list[Title]:
    """The commune's catalogue, its default entries created the first time (an entry VHXH
    changed or retired is left as it is). Idempotent."""
    with tenancy.within(commune):
        have = {title.award_form.code: title for title in Title.objects.select_related("award_form")}
        missing = [spec for spec in catalogue.DEFAULT_TITLES if spec["award_form"] not in have]
        if missing:
            forms = ensure_award_forms()
            for position, spec in enumerate(catalogue.DEFAULT_TITLES, start=1):
                if spec["award_form"] in have:
                    continue
                fields = {name: value for name, value in spec.items() if name != "award_form"}
                have[spec["award_form"]] = Title.objects.create(
                    commune=commune, award_form=forms[spec["award_form"]], position=position, **fields
                )
        return sorted(have.values(), key=lambda title: (title.position, title.pk))


def catalogue_of(commune, *, current_only: bool = True) -> list[Title]:
    """The commune's catalogue in its order (seeded if it was not yet)."""
    titles = ensure_catalogue(commune)
    return [title for title in titles if title.is_current or not current_only]
