"""The statistical report as a printed document (NĐ 30/2020 look): the commune's header, the
form's title and table, the year-end summary, and the signatures of the person who drew it up
(NGƯỜI LẬP BIỂU) and of the chairman. Written in Vietnamese in its template."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from thiduaportal.documents import Letterhead, render_pdf
from units.models import Commune

from . import figures
from .layouts import Layout


@dataclass(frozen=True)
class StatisticsReport:
    """Everything the PDF and the workbook print: read once, rendered twice."""

    letterhead: Letterhead
    commune_name: str
    table: figures.Table
    summary: figures.Summary
    preparer: str
    chairman: str

    @property
    def layout(self) -> Layout:
        return self.table.layout

    @property
    def period(self) -> figures.Period:
        return self.table.period

    @property
    def title(self) -> str:
        """ "Số lượng khen thưởng của xã năm 2025"."""
        return f"{self.layout.name} {self.period.phrase}"

    @property
    def summary_sections(self) -> tuple[tuple[str, tuple[figures.Line, ...]], ...]:
        """The summary's parts as printed: (heading, lines)."""
        return (
            ("1. Theo danh hiệu, hình thức khen thưởng", self.summary.by_title),
            ("2. Theo cơ quan, đơn vị", self.summary.by_unit),
            ("3. Cá nhân theo giới tính", self.summary.by_sex),
            ("4. Cá nhân theo đối tượng", self.summary.by_category),
        )


def gather(
    layout: Layout,
    *,
    commune: Commune,
    period: figures.Period,
    date: datetime.date,
    preparer: str = "",
    on_progress: Callable[[int], None] | None = None,
) -> StatisticsReport:
    """Read the layout's table and the summary for `commune` over `period` (two queries),
    calling `on_progress(percent)` after each (40, 70). Reads only."""
    step = on_progress or (lambda percent: None)
    table = figures.table(layout, commune=commune, period=period)
    step(40)
    summary = figures.summary(commune=commune, period=period)
    step(70)
    letterhead = Letterhead(
        parent_body="",
        issuer=commune.authority_name.upper(),
        symbol="",
        place=commune.place_name,
        date=date,
    )
    return StatisticsReport(
        letterhead=letterhead,
        commune_name=commune.name,
        table=table,
        summary=summary,
        preparer=preparer,
        chairman=commune.chairman_name,
    )


def render(report: StatisticsReport) -> bytes:
    """The report as PDF bytes (embedded fonts)."""
    return render_pdf("documents/awards/statistics.html", {"report": report, "letterhead": report.letterhead})
