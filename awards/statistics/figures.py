"""The figures of a statistical form and of the year-end summary, from the commune's registry.

Only valid awards count (not revoked), of the commune's own registry, in the period: the
award's year for a yearly form; for a half-year form, the awards of that year decided in
that half. `table` reads every cell in one aggregate query; `summary` reads the counts by
title, unit, sex and category in one grouped query.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from awards.models import Award
from nominations.models import SubjectType
from thiduaportal.documents import vn_number
from units.models import CadreCategory, Commune, Sex

from .layouts import AMOUNT, Layout

HALVES = {1: ((1, 1), (6, 30)), 2: ((7, 1), (12, 31))}


@dataclass(frozen=True)
class Period:
    """A year, or one half (1: January–June, 2: July–December) of it."""

    year: int
    half: int | None = None

    @property
    def phrase(self) -> str:
        """ "năm 2025", "6 tháng đầu năm 2025", "6 tháng cuối năm 2025"."""
        if self.half is None:
            return f"năm {self.year}"
        return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"

    @property
    def slug(self) -> str:
        return str(self.year) if self.half is None else f"{self.year}-6t{self.half}"

    def q(self) -> Q:
        """The awards of the period (see the module's docstring)."""
        q = Q(year=self.year)
        if self.half is not None:
            (m1, d1), (m2, d2) = HALVES[self.half]
            start, end = datetime.date(self.year, m1, d1), datetime.date(self.year, m2, d2)
            q &= Q(decision_date__gte=start, decision_date__lte=end)
        return q


def awards_of(commune: Commune, period: Period) -> QuerySet[Award]:
    """The valid awards of `commune`'s own registry in `period` (named explicitly, so the same
    figures come out in a request's scope, a worker's or none)."""
    return Award.objects.valid().filter(period.q(), commune_id=commune.pk).order_by()


@dataclass(frozen=True)
class TableRow:
    code: str
    label: str
    depth: int
    values: tuple[int | Decimal, ...]

    @property
    def written(self) -> tuple[str, ...]:
        """The values as printed: "1.234.000", "0"."""
        return tuple(vn_number(value, places=0) for value in self.values)


@dataclass(frozen=True)
class Table:
    """The figures of one layout: a value for each row and column, in the layout's order."""

    layout: Layout
    period: Period
    rows: tuple[TableRow, ...]

    def value(self, row_code: str, column_code: str) -> int | Decimal:
        """The figure of the row and column with these codes."""
        index = next(i for i, column in enumerate(self.layout.columns) if column.code == column_code)
        return next(row for row in self.rows if row.code == row_code).values[index]


def _cell(row, column):
    where = row.selector.q() & column.selector.q()
    if column.measure == AMOUNT:
        return Coalesce(Sum("amount", filter=where), Decimal(0))
    return Count("pk", filter=where)


def table(layout: Layout, *, commune: Commune, period: Period) -> Table:
    """Every figure of `layout` for `commune` over `period`: one query, whatever the number of
    awards, rows and columns (each cell is a filtered aggregate of the same SELECT)."""
    cells = {
        f"c{r}_{c}": _cell(row, column)
        for r, row in enumerate(layout.rows)
        for c, column in enumerate(layout.columns)
    }
    found = awards_of(commune, period).aggregate(**cells)
    rows = tuple(
        TableRow(
            row.code,
            row.label,
            row.depth,
            tuple(found[f"c{r}_{c}"] or 0 for c in range(len(layout.columns))),
        )
        for r, row in enumerate(layout.rows)
    )
    return Table(layout=layout, period=period, rows=rows)


# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class Line:
    """One line of the summary: a label, how many collectives and individuals, the cash."""

    label: str
    collectives: int = 0
    individuals: int = 0
    amount: Decimal = Decimal(0)

    @property
    def total(self) -> int:
        return self.collectives + self.individuals

    @property
    def amount_text(self) -> str:
        return vn_number(self.amount, places=0)


@dataclass(frozen=True)
class Summary:
    """The VHXH year-end summary: the valid awards of the period by title (award form), by
    unit (as named at the time), by sex and by category of the individuals."""

    period: Period
    total: Line
    by_title: tuple[Line, ...]
    by_unit: tuple[Line, ...]
    by_sex: tuple[Line, ...]
    by_category: tuple[Line, ...]


SUMMARY_FIELDS = (
    "award_form__name",
    "award_name",
    "unit_name",
    "subject_type",
    "cadre__sex",
    "cadre__category",
)
SEX_PRINTED = {Sex.FEMALE: "Nữ", Sex.MALE: "Nam"}
CATEGORY_PRINTED = {
    CadreCategory.CAN_BO: "Cán bộ",
    CadreCategory.CONG_CHUC: "Công chức",
    CadreCategory.VIEN_CHUC: "Viên chức",
    CadreCategory.NGUOI_LAO_DONG: "Người lao động",
}


class _Tally:
    def __init__(self):
        self.counts = defaultdict(lambda: [0, 0, Decimal(0)])

    def add(self, key: str, subject_type: str, number: int, amount: Decimal) -> None:
        entry = self.counts[key]
        entry[0 if subject_type == SubjectType.COLLECTIVE else 1] += number
        entry[2] += amount

    def lines(self, order=None) -> tuple[Line, ...]:
        keys = sorted(self.counts, key=lambda k: (-sum(self.counts[k][:2]), k)) if order is None else order
        return tuple(Line(key, *self.counts[key]) for key in keys if key in self.counts)


def summary(*, commune: Commune, period: Period) -> Summary:
    """The year-end summary of `commune`'s valid awards in `period`: one grouped query. Titles
    and units are ordered by how many awards they hold (then by name); a registry line linked
    to no award form is counted under its own printed name."""
    grouped = (
        awards_of(commune, period)
        .values(*SUMMARY_FIELDS)
        .annotate(number=Count("pk"), cash=Coalesce(Sum("amount"), Decimal(0)))
    )
    titles, units, sexes, categories, total = _Tally(), _Tally(), _Tally(), _Tally(), _Tally()
    for line in grouped:
        kind, number, cash = line["subject_type"], line["number"], line["cash"]
        titles.add(line["award_form__name"] or line["award_name"], kind, number, cash)
        units.add(line["unit_name"] or "(không ghi đơn vị)", kind, number, cash)
        total.add("Tổng số", kind, number, cash)
        if kind == SubjectType.INDIVIDUAL:
            sexes.add(SEX_PRINTED.get(line["cadre__sex"], "Không rõ"), kind, number, cash)
            categories.add(CATEGORY_PRINTED.get(line["cadre__category"], "Không rõ"), kind, number, cash)
    return Summary(
        period=period,
        total=(total.lines() or (Line("Tổng số"),))[0],
        by_title=titles.lines(),
        by_unit=units.lines(),
        by_sex=sexes.lines(order=[*SEX_PRINTED.values(), "Không rõ"]),
        by_category=categories.lines(order=[*CATEGORY_PRINTED.values(), "Không rõ"]),
    )
