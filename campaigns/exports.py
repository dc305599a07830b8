"""Excel exports of the movement: the year-end ranking of units, and the dashboard's figures.

Headers and titles are Vietnamese data, the clerks' own words, as in the import templates.
The ranking is small (one row per unit), so it is written in normal mode, which allows the
merged title rows above the table.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thiduaportal import excel

from .models import Campaign, Frequency, Indicator
from .services.dashboard import Dashboard
from .services.rates import Status
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


# --------------------------------------------------------------------------- the dashboard

DASHBOARD_HEADER_ROW = 6  # rows 1-4 carry the heading, row 5 stays empty


def _percent_or_none(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _status_label(status: str) -> str:
    with translation.override("vi"):
        return str(Status(status).label)


def _period_name(indicator: Indicator, period: int) -> str:
    return f"Tháng {period}" if indicator.frequency == Frequency.MONTHLY else f"Quý {period}"


def dashboard_heading(board: Dashboard, *, commune_name: str, today: datetime.date) -> list[str]:
    """The lines above every sheet (and the printed page): what, whose, which year, as of when."""
    whose = f"Đơn vị: {board.unit.name}" if board.unit else f"Toàn {commune_name or 'xã'}"
    campaign = board.campaign
    return [
        f"BẢNG THEO DÕI PHONG TRÀO THI ĐUA NĂM {board.year}",
        f"Phong trào: {campaign.title} ({campaign.start_year}–{campaign.end_year})",
        " · ".join(part for part in (commune_name if board.unit else "", whose) if part),
        f"Số liệu đến ngày {today:%d/%m/%Y}",
    ]


def dashboard_indicator_rows(board: Dashboard) -> Iterator[list[Any]]:
    """One row per indicator card, as the page shows it: its rate of the year, the year's and
    the final target, the latest period, the counts and both statuses."""
    for position, card in enumerate(board.cards, start=1):
        status = card.status
        rate = status.rate
        yield [
            position,
            card.indicator.name,
            "Có" if card.indicator.is_city_kpi else "",
            _percent_or_none(status.percent),
            status.target,
            card.indicator.final_target,
            _percent_or_none(status.latest),
            rate.numerator if rate and rate.denominator else None,
            rate.denominator if rate and rate.denominator else None,
            _status_label(status.year_status),
            _status_label(status.final_status),
        ]


def dashboard_period_rows(board: Dashboard) -> Iterator[list[Any]]:
    """Each card's chart in numbers: every period's rate, the year so far and the target."""
    for card in board.cards:
        for point in card.points:
            yield [
                card.indicator.name,
                _period_name(card.indicator, point.period),
                _percent_or_none(point.rate),
                _percent_or_none(point.to_date),
                card.status.target,
            ]


def dashboard_year_rows(board: Dashboard) -> Iterator[list[Any]]:
    """The rates-by-year table, one row per indicator and year."""
    for indicator, cells in board.year_table:
        for cell in cells:
            yield [
                indicator.name,
                cell.year,
                _percent_or_none(cell.rate),
                cell.target,
                "Đạt" if cell.met else "",
            ]


def dashboard_behind_rows(board: Dashboard) -> Iterator[list[Any]]:
    """Every unit behind the year's target (the page shortens the list; the file does not)."""
    for row in board.behind:
        yield [row.indicator.name, row.unit.name, row.rate, row.target, row.gap]


def dashboard_missing_rows(board: Dashboard) -> Iterator[list[Any]]:
    """The periods each reporting unit has sent no result for."""
    for row in board.missing:
        names = ", ".join(_period_name(row.indicator, period) for period in row.periods)
        yield [row.unit.name, row.indicator.name, names]


def _dashboard_sheets(board: Dashboard) -> list[tuple[str, list[excel.Column], Iterator[list[Any]]]]:
    year, end = board.year, board.campaign.end_year
    whose = "Tỷ lệ của đơn vị" if board.unit else "Tỷ lệ toàn xã"
    column = excel.Column
    sheets = [
        (
            f"Chỉ tiêu {year}",
            [
                column(key="position", header="STT", parser=int, width=6),
                column(key="indicator", header="Chỉ tiêu", parser=str, width=44),
                column(key="kpi", header="KPI của thành phố", parser=str, width=10),
                column(key="rate", header=f"{whose} năm {year}", parser=str, width=14),
                column(key="target", header=f"Chỉ tiêu năm {year}", parser=str, width=12),
                column(key="final", header=f"Chỉ tiêu cuối kỳ ({end})", parser=str, width=12),
                column(key="latest", header="Kỳ gần nhất", parser=str, width=11),
                column(key="numerator", header="Tử số", parser=str, width=10),
                column(key="denominator", header="Mẫu số", parser=str, width=10),
                column(key="year_status", header="Đánh giá năm", parser=str, width=16),
                column(key="final_status", header="Đánh giá mục tiêu cuối kỳ", parser=str, width=16),
            ],
            dashboard_indicator_rows(board),
        ),
        (
            "Theo kỳ",
            [
                column(key="indicator", header="Chỉ tiêu", parser=str, width=44),
                column(key="period", header="Kỳ", parser=str, width=10),
                column(key="rate", header="Tỷ lệ của kỳ", parser=str, width=12),
                column(key="to_date", header="Lũy kế năm", parser=str, width=12),
                column(key="target", header=f"Chỉ tiêu năm {year}", parser=str, width=12),
            ],
            dashboard_period_rows(board),
        ),
        (
            "Theo năm",
            [
                column(key="indicator", header="Chỉ tiêu", parser=str, width=44),
                column(key="year", header="Năm", parser=int, width=8),
                column(key="rate", header="Tỷ lệ", parser=str, width=12),
                column(key="target", header="Chỉ tiêu năm", parser=str, width=12),
                column(key="met", header="Kết quả", parser=str, width=10),
            ],
            dashboard_year_rows(board),
        ),
    ]
    if board.unit is None:
        sheets.append(
            (
                "Đơn vị chưa đạt",
                [
                    column(key="indicator", header="Chỉ tiêu", parser=str, width=44),
                    column(key="unit", header="Đơn vị", parser=str, width=36),
                    column(key="rate", header=f"Tỷ lệ năm {year}", parser=str, width=12),
                    column(key="target", header=f"Chỉ tiêu năm {year}", parser=str, width=12),
                    column(key="gap", header="Chênh lệch (điểm)", parser=str, width=12),
                ],
                dashboard_behind_rows(board),
            )
        )
        if board.without_registration is not None:
            sheets.append(
                (
                    "Chưa đăng ký",
                    [
                        column(
                            key="unit", header=f"Đơn vị chưa đăng ký thi đua năm {year}", parser=str, width=50
                        )
                    ],
                    ([unit.name] for unit in board.without_registration),
                )
            )
    sheets.append(
        (
            "Chưa báo cáo",
            [
                column(key="unit", header="Đơn vị", parser=str, width=36),
                column(key="indicator", header="Chỉ tiêu", parser=str, width=44),
                column(key="periods", header="Kỳ chưa có số liệu", parser=str, width=30),
            ],
            dashboard_missing_rows(board),
        )
    )
    return sheets


def _write_dashboard_sheet(sheet, heading: list[str], columns: list[excel.Column], rows) -> None:
    for number, text in enumerate(heading, start=1):
        cell = sheet.cell(row=number, column=1, value=excel.safe_value(text))
        cell.font = Font(bold=number == 1, size=13 if number == 1 else 11)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=DASHBOARD_HEADER_ROW, column=index, value=excel.safe_value(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for offset, values in enumerate(rows, start=1):
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=DASHBOARD_HEADER_ROW + offset, column=index, value=excel.safe_value(value))
            if isinstance(value, Decimal):
                cell.number_format = POINTS_FORMAT
    sheet.freeze_panes = sheet.cell(row=DASHBOARD_HEADER_ROW + 1, column=1)


def dashboard_workbook(board: Dashboard, *, commune_name: str, today: datetime.date) -> tuple[str, bytes]:
    """The dashboard's figures of one year as (filename, xlsx bytes), for the reader the page
    was made for (`board`: the commune's or one unit's, never more than the page shows): the
    indicators with their rates, targets and statuses, each period, each year, and for the
    commune the units behind target and without a registration; the periods not reported.
    Every sheet starts with the heading of the printed page. No query of its own."""
    heading = dashboard_heading(board, commune_name=commune_name, today=today)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in _dashboard_sheets(board):
        _write_dashboard_sheet(workbook.create_sheet(title[:31]), heading, columns, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    whose = f"-don-vi-{board.unit.pk}" if board.unit else ""
    return f"bang-theo-doi-{board.campaign.code}-{board.year}{whose}.xlsx", buffer.getvalue()
