"""Excel exports of units, people and ratings, in the import templates' columns.

Rows come from generators over one query each and are streamed by the write-only writer,
so a list of any length costs one query and little memory. An exported file can be edited
and imported again where that makes sense (new units or people, a year's ratings).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from thiduaportal import excel, jobs
from thiduaportal.models import Job

from .forms import CadreFilterForm
from .imports import (
    CADRE_COLUMNS,
    CATEGORY_LABELS,
    LEVEL_LABELS,
    RATING_COLUMNS,
    SEX_LABELS,
    SUBJECT_LABELS,
    SUBJECT_PERSON,
    SUBJECT_UNIT,
    UNIT_COLUMNS,
    UNIT_KIND_LABELS,
    label_of,
)
from .models import Cadre, CadreRating, Unit, UnitRating

CADRE_EXPORT_KIND = "units.cadres"


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def _dated(stem: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.xlsx"


def unit_rows(units: QuerySet[Unit]) -> Iterator[list[Any]]:
    """One row per unit, parent by name, in UNIT_COLUMNS order."""
    for unit in units.select_related("parent").order_by("name").iterator(chunk_size=2000):
        yield [
            unit.name,
            unit.short_name,
            label_of(UNIT_KIND_LABELS, unit.kind),
            unit.parent.name if unit.parent else "",
            _yes_no(unit.advises_cchc),
            unit.address,
            unit.phone,
        ]


def cadre_rows(cadres: QuerySet[Cadre]) -> Iterator[list[Any]]:
    """One row per person, in CADRE_COLUMNS order."""
    for cadre in cadres.select_related("unit").iterator(chunk_size=2000):
        yield [
            cadre.full_name,
            label_of(SEX_LABELS, cadre.sex),
            cadre.date_of_birth,
            cadre.position,
            label_of(CATEGORY_LABELS, cadre.category),
            cadre.unit.name,
            _yes_no(cadre.advises_cchc),
            cadre.home_town,
            cadre.qualifications,
        ]


def rating_rows(year: int, units: QuerySet[Unit]) -> Iterator[list[Any]]:
    """A year's ratings of the given units and of the people they rated, in RATING_COLUMNS order."""
    unit_label, person_label = (
        label_of(SUBJECT_LABELS, SUBJECT_UNIT),
        label_of(SUBJECT_LABELS, SUBJECT_PERSON),
    )
    unit_ratings = UnitRating.objects.filter(year=year, unit__in=units).select_related("unit")
    for rating in unit_ratings.order_by("unit__name"):
        yield [
            year,
            unit_label,
            rating.unit.name,
            "",
            None,
            label_of(LEVEL_LABELS, rating.level),
            rating.note,
        ]
    cadre_ratings = CadreRating.objects.filter(year=year, unit__in=units).select_related("unit", "cadre")
    for rating in cadre_ratings.order_by("unit__name", "cadre__full_name", "pk").iterator(chunk_size=2000):
        yield [
            year,
            person_label,
            rating.unit.name,
            rating.cadre.full_name,
            rating.cadre.date_of_birth,
            label_of(LEVEL_LABELS, rating.level),
            rating.note,
        ]


def units_workbook(user) -> tuple[str, bytes]:
    """The units the user can see, as (filename, xlsx bytes)."""
    rows = unit_rows(Unit.objects.visible_to(user))
    return _dated("danh-sach-don-vi"), excel.rows_to_bytes(UNIT_COLUMNS, rows, title="Đơn vị")


def ratings_workbook(user, year: int) -> tuple[str, bytes]:
    """A year's ratings the user can see, as (filename, xlsx bytes)."""
    rows = rating_rows(year, Unit.objects.visible_to(user))
    return f"xep-loai-{year}.xlsx", excel.rows_to_bytes(RATING_COLUMNS, rows, title=f"Xếp loại {year}")


def cadres_for(user, filters: dict[str, str]) -> QuerySet[Cadre]:
    """The people list as the user sees it with these filters (the cadre list's own form)."""
    form = CadreFilterForm(filters, units=Unit.objects.visible_to(user))
    return form.apply(Cadre.objects.visible_to(user))


def write_cadres(out: IO[bytes], cadres: QuerySet[Cadre]) -> int:
    return excel.write_rows(out, CADRE_COLUMNS, cadre_rows(cadres), title="Cá nhân")


def run_cadre_export(job: Job) -> None:
    """Build the people list of a background job and attach it, with its row count
    (`thiduaportal.jobs.run`: running -> done or failed; a job already done is left alone)."""

    def build(job: Job) -> str:
        filename = _dated("danh-sach-ca-nhan")
        with tempfile.TemporaryFile() as tmp:
            job.row_count = write_cadres(tmp, cadres_for(job.owner, job.params.get("filters", {})))
            tmp.seek(0)
            job.file.save(filename, File(tmp, name=filename), save=False)
        return filename

    jobs.run(
        job,
        build,
        failure=gettext_lazy("The file could not be built. Try again later or tell the administrator."),
        reports_progress=False,  # one query streamed to the file: nothing to count
    )


def start_cadre_export(user, filters: dict[str, str]) -> Job:
    """Record a pending export job for the user's current people list (filters kept)."""
    return Job.objects.create(owner=user, kind=CADRE_EXPORT_KIND, params={"filters": filters})
