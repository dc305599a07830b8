"""The statistical report as an Excel workbook: the form's table on its first sheet (codes as
the circular writes them: rows "01"…, columns "A", "B", "1"…), the year-end summary on the
second. Numbers are numbers; text a clerk typed goes through `excel.safe_value`."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from thiduaportal.excel import safe_value

from .document import StatisticsReport
from .figures import Line

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TABLE_SHEET, SUMMARY_SHEET = "Biểu thống kê", "Tổng hợp"
HEADER_ROW = 6  # the row of the table's column labels on the first sheet


def _number(value):
    return int(value)


def _table_sheet(sheet: Worksheet, report: StatisticsReport) -> None:
    layout, table = report.layout, report.table
    sheet.append([f"Biểu số: {layout.code}", None, report.letterhead.issuer])
    sheet.append([f"Ban hành kèm theo: {layout.legal_basis}"])
    sheet.append([f"{layout.name.upper()} {report.period.phrase.upper()}"])
    sheet.append([f"Đơn vị báo cáo: {report.commune_name}. Đơn vị tính: {layout.unit_of_measure}."])
    sheet.append([])
    sheet.append(["Mã số", "Chỉ tiêu", *(column.label for column in layout.columns)])
    sheet.append(["A", "B", *(column.code for column in layout.columns)])
    for cell in (*sheet[HEADER_ROW], *sheet[HEADER_ROW + 1], sheet["A3"]):
        cell.font, cell.alignment = BOLD, WRAP
    for row in table.rows:
        sheet.append([row.code, "    " * row.depth + row.label, *(_number(value) for value in row.values)])
        if row.depth == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
    sheet.append([])
    for note in (*layout.notes, f"Ghi chú: {layout.source_note}"):
        sheet.append([None, note])
    for letter, width in zip("ABCDEFGH", (8, 58, 10, 10, 10, 12, 16, 18), strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"C{HEADER_ROW + 2}"


def _section(sheet: Worksheet, title: str, lines: tuple[Line, ...]) -> None:
    sheet.append([title])
    sheet[sheet.max_row][0].font = BOLD
    sheet.append(["STT", "Nội dung", "Tổng số", "Tập thể", "Cá nhân", "Tiền thưởng (đồng)"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for number, line in enumerate(lines, start=1):
        sheet.append(
            [
                number,
                safe_value(line.label),
                line.total,
                line.collectives,
                line.individuals,
                _number(line.amount),
            ]
        )
    sheet.append([])


def _summary_sheet(sheet: Worksheet, report: StatisticsReport) -> None:
    summary = report.summary
    sheet.append([f"TỔNG HỢP KHEN THƯỞNG {report.period.phrase.upper()} – {report.commune_name.upper()}"])
    sheet["A1"].font = BOLD
    sheet.append([])
    _section(sheet, "Tổng số", (summary.total,))
    for heading, lines in report.summary_sections:
        _section(sheet, heading, lines)
    for letter, width in zip("ABCDEF", (6, 58, 10, 10, 10, 18), strict=True):
        sheet.column_dimensions[letter].width = width


def render(report: StatisticsReport) -> bytes:
    """The report's two sheets as .xlsx bytes."""
    workbook = Workbook()
    first = workbook.active
    first.title = TABLE_SHEET
    _table_sheet(first, report)
    _summary_sheet(workbook.create_sheet(SUMMARY_SHEET), report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
