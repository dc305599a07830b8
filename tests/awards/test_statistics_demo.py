"""The statistical report for the demo year: xã Thượng Phúc's 2025, each figure of the yearly
form checked against the registry's own rows, and the files built for the demo's office."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award
from awards.statistics import figures, layouts, workbook
from nominations.models import SubjectType
from thiduaportal.models import Job, JobState
from units.models import Commune, User

pytestmark = pytest.mark.django_db

YEAR = 2025


def _matches(selector: layouts.Selector, award: Award) -> bool:
    """The selector read again in plain Python, over one registry row."""
    form, cadre = award.award_form, award.cadre
    individual = award.subject_type == SubjectType.INDIVIDUAL
    checks = (
        not selector.subject_type or award.subject_type == selector.subject_type,
        not selector.kinds or (form is not None and form.kind in selector.kinds),
        not selector.codes or (form is not None and form.code in selector.codes),
        not selector.levels or (form is not None and form.level in selector.levels),
        not selector.sexes or (individual and cadre.sex in selector.sexes),
        not selector.categories or (individual and cadre.category in selector.categories),
        not selector.unlinked or form is None,
    )
    return all(checks)


def _recount(layout: layouts.Layout, awards: list[Award]) -> dict[str, tuple]:
    counted = {}
    for row in layout.rows:
        values = []
        for column in layout.columns:
            chosen = [a for a in awards if _matches(row.selector, a) and _matches(column.selector, a)]
            values.append(
                sum((a.amount for a in chosen), Decimal(0))
                if column.measure == layouts.AMOUNT
                else len(chosen)
            )
        counted[row.code] = tuple(values)
    return counted


def test_each_figure_of_the_demo_year_is_the_registrys(in_thuong_phuc):
    commune = Commune.objects.get(name="xã Thượng Phúc")
    registry = list(Award.objects.filter(year=YEAR).select_related("award_form", "cadre", "revoked_by"))
    valid = [a for a in registry if a.revoked_by_id is None]
    assert len(valid) < len(registry), "the demo's revoked 2025 award is in the registry"
    table = figures.table(layouts.LAYOUTS[0], commune=commune, period=figures.Period(YEAR))
    assert {row.code: row.values for row in table.rows} == _recount(layouts.LAYOUTS[0], valid)
    # The demo's 2025: Giấy khen of decisions 41, 96 and 141 (one of 141's revoked by 177), and
    # the 26 LĐTT of the year-end review's decision 178 (0,3 × 2.340.000 đ each).
    assert table.value("01", "1") == len(valid) == 32
    assert table.rows[0].values == (32, 4, 28, 17, 27, Decimal(21_060_000))
    assert table.rows[1].values == (26, 0, 26, 16, 26, Decimal(18_252_000))
    assert table.rows[8].values == (6, 4, 2, 1, 1, Decimal(2_808_000))
    assert table.value("02", "1") == sum(
        1 for a in valid if a.award_form and a.award_form.kind.endswith("title")
    )


def test_demo_summary_matches_the_registry(in_thuong_phuc):
    commune = Commune.objects.get(name="xã Thượng Phúc")
    valid = list(Award.objects.valid().filter(year=YEAR).select_related("award_form"))
    summary = figures.summary(commune=commune, period=figures.Period(YEAR))
    assert summary.total.total == len(valid)
    assert sum(line.total for line in summary.by_unit) == len(valid)
    assert {line.label: line.total for line in summary.by_title} == {
        name: sum(1 for a in valid if (a.award_form.name if a.award_form else a.award_name) == name)
        for name in {a.award_form.name if a.award_form else a.award_name for a in valid}
    }


def test_demo_has_the_2025_report_ready_for_the_office(demo):
    assert "statistical reports: 1 created" in demo
    job = Job.objects.get(owner__username="vhxh", kind="awards.statistics")
    assert (job.state, job.filename) == (JobState.DONE, "bao-cao-thong-ke-khen-thuong-2025.xlsx")
    client = Client()
    client.force_login(User.objects.get(username="vhxh"))
    page = client.get(reverse("awards:statistics")).content.decode()
    assert reverse("job_detail", args=[job.pk]) in page
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content))
    )
    assert list(book[workbook.TABLE_SHEET].values)[workbook.HEADER_ROW + 1][:8] == (
        "01", "Tổng số", 32, 4, 28, 17, 27, 21_060_000,
    )  # fmt: skip


def test_demo_office_downloads_the_2025_report(demo, django_capture_on_commit_callbacks):
    Job.objects.filter(kind="awards.statistics").delete()
    client = Client()
    client.force_login(User.objects.get(username="vhxh"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:statistics"),
            {"layout": layouts.LAYOUTS[0].code, "year": "2025", "file_format": "xlsx"},
        )
    job = Job.objects.filter(owner__username="vhxh", kind="awards.statistics").get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.state == JobState.DONE
    download = client.get(reverse("job_download", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    first = list(book[workbook.TABLE_SHEET].values)[workbook.HEADER_ROW + 1]
    assert first[:8] == ("01", "Tổng số", 32, 4, 28, 17, 27, 21_060_000)
