"""Excel exports of the movement: the year-end ranking of units.

Headers and titles are Vietnamese data, the clerks' own words, as in the import templates.
The ranking is small (one row per unit), so it is written in normal mode, which allows the
merged title rows above the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thiduaportal import excel

from .models import Campaign
from .services.scoring import Ranking, ranking

POINTS_FORMAT = "0.00"
HEADER_ROW = 4  # rows 1-2 carry the title, row 3 stays empty


def _vi(value: Decimal) -> str:
    """A number written the Vietnamese way, without trailing zeros: "7,5", "10"."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return str(value).replace(".", ",")


def ranking_columns(table: Ranking) -> list[excel.Column]:
    """Rank, unit, one column per criterion (its maximum in the header), total, percentage."""
    criteria = [
        excel.Column(
            key=f"criterion_{criterion.pk}",
            header=f"{position}. {criterion.title} (tối đa {_vi(criterion.max_points)})",
            parser=str,
            width=18,
        )
        for position, criterion in enumerate(table.criteria, start=1)
    ]
    return [
        excel.Column(key="rank", header="Xếp hạng", parser=int, width=9),
        excel.Column(key="unit", header="Đơn vị", parser=str, width=40),
        *criteria,
        excel.Column(key="total", header=f"Tổng điểm (tối đa {_vi(table.max_total)})", parser=str, width=14),
        excel.Column(key="percent", header="Tỷ lệ so với điểm tối đa (%)", parser=str, width=14),
    ]


def ranking_rows(table: Ranking) -> Iterator[list[Any]]:
    """One row per unit, best first, in `ranking_columns` order; an unscored cell is empty.
    The last row gives each criterion's maximum."""
    for row in table.rows:
        yield [
            row.rank,
            row.unit.name,
            *[score.points if score else None for score in row.scores],
            row.total,
            row.percent,
        ]
    yield [None, "Điểm tối đa", *[c.max_points for c in table.criteria], table.max_total, Decimal(100)]


def _write_title(sheet, table: Ranking, width: int) -> None:
    state = "đã khóa" if table.is_closed else "chưa khóa, số liệu tạm tính"
    lines = [
        f"BẢNG XẾP HẠNG CHẤM ĐIỂM THI ĐUA NĂM {table.year}",
        f"Phong trào: {table.campaign.title} ({state})",
    ]
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=excel.safe_value(text))
        cell.font = Font(bold=row == 1, size=14 if row == 1 else 11)
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _write_table(sheet, columns: Sequence[excel.Column], rows: Iterator[list[Any]]) -> int:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=excel.safe_value(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    count = 0
    for values in rows:
        count += 1
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=HEADER_ROW + count, column=index, value=excel.safe_value(value))
            if isinstance(value, Decimal):
                cell.number_format = POINTS_FORMAT
    last = sheet.cell(row=HEADER_ROW + count, column=2)
    last.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    return count


def ranking_workbook(campaign: Campaign, year: int) -> tuple[str, bytes]:
    """The year's ranking as (filename, xlsx bytes): a title, then rank, unit, each
    criterion's points, total and percentage of the maximum; a last row of maxima."""
    table = ranking(campaign, year)
    columns = ranking_columns(table)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Xếp hạng {year}"
    _write_title(sheet, table, len(columns))
    _write_table(sheet, columns, ranking_rows(table))
    buffer = BytesIO()
    workbook.save(buffer)
    return f"xep-hang-cham-diem-{campaign.code}-{year}.xlsx", buffer.getvalue()
