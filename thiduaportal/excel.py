"""Excel (.xlsx) helpers shared by every app: read an uploaded sheet safely, write lists.

No domain rules here. Apps describe their columns with `Column`; this module checks the
file, the headers and each cell, and collects every problem as a `RowError` naming the
row (as Excel shows it) and the column header. Headers and the "Hướng dẫn" sheet are
Vietnamese data, the clerks' own words; error messages are translated UI strings.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thiduaportal.documents import vn_number
from thiduaportal.text import fold, nfc

# A real workbook of 20,000 rows is a few MB unpacked; anything far larger is a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
DATE_FORMAT = "DD/MM/YYYY"
GUIDE_SHEET = "Hướng dẫn"
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')

Parser = Callable[[Any], Any]


class CellError(ValueError):
    """A cell's value cannot be used; the message says why, for the clerk."""


class WorkbookRefused(Exception):
    """The file as a whole cannot be read (not xlsx, too large, wrong headers...)."""

    def __init__(self, messages: str | Sequence[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key in the row dict, its Vietnamese header, its parser."""

    key: str
    header: str
    parser: Parser
    required: bool = False
    width: int = 20
    example: Any = ""
    hint: str = ""
    default: Any = ""


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel numbers it; None for the whole file
    column: str  # the header, or "" for the whole row
    message: str


@dataclass
class SheetRows:
    """The parsed data rows (`(excel_row, {key: value})`) and every problem found."""

    columns: Sequence[Column]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    raw: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- Cell parsers -------------------------------------------------------------------------


def text(max_length: int | None = None) -> Parser:
    """Text in NFC with outer spaces removed; a leading "=" is a formula, refused."""

    def parse(value: Any) -> str:
        if isinstance(value, bool):
            raise CellError(_("Expected text."))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime | datetime.date):
            raise CellError(_("Expected text, not a date."))
        result = unescape(" ".join(nfc(str(value)).split()))
        if result.startswith("="):
            raise CellError(_("Formulas are not accepted; type the value itself."))
        if max_length and len(result) > max_length:
            raise CellError(_("Too long: at most %(n)d characters.") % {"n": max_length})
        return result

    return parse


def date(value: Any) -> datetime.date:
    """A real Excel date cell. Dates typed as text are ambiguous (day or month first?)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        raise CellError(_("A date must be a Date cell, not text (format the cell as Date)."))
    raise CellError(_("Expected a date."))


_TRUE = {"co", "x", "yes", "true", "1"}
_FALSE = {"khong", "no", "false", "0", ""}


def boolean(value: Any) -> bool:
    """Có / Không, or x / blank."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    folded = fold(str(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(_("Write “Có” or “Không” (or “x” or leave blank)."))


def choice(labels: Mapping[str, str]) -> Parser:
    """A value chosen by its Vietnamese label (case and diacritics ignored)."""
    by_label = {fold(label): value for label, value in labels.items()}

    def parse(value: Any) -> str:
        found = by_label.get(fold(str(value)))
        if found is None:
            allowed = "; ".join(labels)
            raise CellError(_("Not one of the allowed values: %(allowed)s.") % {"allowed": allowed})
        return found

    parse.labels = list(labels)  # for the guide sheet
    return parse


def integer(minimum: int, maximum: int) -> Parser:
    def parse(value: Any) -> int:
        try:
            number = int(value) if not isinstance(value, float) or value.is_integer() else None
        except (TypeError, ValueError):
            number = None
        if isinstance(value, bool) or number is None or not minimum <= number <= maximum:
            raise CellError(
                _("Expected a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}
            )
        return number

    return parse


def display(value: Any) -> str:
    """How a cell value is shown back to the clerk in a preview."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


# --- Reading ------------------------------------------------------------------------------


def _check_package(upload: IO[bytes]) -> None:
    """Refuse anything but a reasonably sized xlsx package before openpyxl touches it."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > settings.IMPORT_MAX_BYTES:
        raise WorkbookRefused(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(settings.IMPORT_MAX_BYTES / 1048576, 1)}
        )
    not_xlsx = _("The file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (.xlsx)”.")
    if upload.read(4) != b"PK\x03\x04":
        raise WorkbookRefused(not_xlsx)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise WorkbookRefused(not_xlsx) from error
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise WorkbookRefused(not_xlsx)
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise WorkbookRefused(_("The workbook is too large once unpacked; split it into smaller files."))
    upload.seek(0)


def _merged_header_cells(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """Merged ranges touching row 1. Read-only mode does not report merges, so scan the XML."""
    found, tail = [], b""
    with archive.open(sheet_path.lstrip("/")) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            for match in _MERGE_RE.finditer(data):
                first_row = int(match.group(2))
                if first_row == 1:
                    found.append(match.group(0).split(b'"')[1].decode())
            tail = data[-200:]
    return sorted(set(found))


def _header_map(header_row: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Map each column key to its index in the sheet; refuse unknown, missing, repeated headers."""
    wanted = {fold(c.header): c for c in columns}
    found: dict[str, int] = {}
    problems = []
    for index, value in enumerate(header_row):
        title = display(value)
        if not title:
            continue
        column = wanted.get(fold(title))
        if column is None:
            problems.append(_("Unknown column header “%(header)s”.") % {"header": title})
        elif column.key in found:
            problems.append(_("The column “%(header)s” appears twice.") % {"header": column.header})
        else:
            found[column.key] = index
    missing = [c.header for c in columns if c.key not in found]
    if missing:
        problems.append(
            _("Missing column headers: %(headers)s. Use the template.")
            % {"headers": ", ".join(f"“{h}”" for h in missing)}
        )
    if problems:
        raise WorkbookRefused(problems)
    return found


def read_sheet(upload: IO[bytes], columns: Sequence[Column]) -> SheetRows:
    """Read the first sheet of an uploaded workbook: headers in row 1, data below.

    Raises `WorkbookRefused` when the file cannot be used at all; otherwise returns every
    parsed row and every cell problem (all of them, not only the first).
    """
    _check_package(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise WorkbookRefused(_("The workbook could not be read; it may be damaged.")) from error
    try:
        sheet = workbook.worksheets[0]
        merged = _merged_header_cells(workbook._archive, sheet._worksheet_path)
        if merged:
            raise WorkbookRefused(
                _("The header row has merged cells (%(cells)s); unmerge them and use one header per column.")
                % {"cells": ", ".join(merged)}
            )
        sheet.reset_dimensions()  # some writers store a wrong size; read every row
        return _read_rows(sheet.iter_rows(values_only=True), columns)
    except (ParseError, zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as error:
        # Rows are parsed lazily: a damaged sheet (bad XML, a NUL, another encoding) only
        # shows here, not when the workbook opens.
        raise WorkbookRefused(_("The workbook could not be read; it may be damaged.")) from error
    finally:
        workbook.close()


def _read_rows(rows: Iterator[tuple], columns: Sequence[Column]) -> SheetRows:
    header = next(rows, None)
    if header is None or not any(display(v) for v in header):
        raise WorkbookRefused(_("The first sheet is empty: put the column headers in row 1."))
    positions = _header_map(header, columns)
    result = SheetRows(columns=columns)
    limit = settings.IMPORT_MAX_ROWS
    for number, values in enumerate(rows, start=2):
        cells = [values[positions[c.key]] if positions[c.key] < len(values) else None for c in columns]
        if not any(display(v) for v in cells):
            continue
        if len(result.raw) >= limit:
            raise WorkbookRefused(
                _("The file has more than %(limit)s data rows; split it into smaller files.")
                % {"limit": vn_number(limit, places=0)}
            )
        result.raw.append((number, [display(v) for v in cells]))
        parsed, errors = parse_cells(number, cells, columns)
        result.errors.extend(errors)
        if parsed is not None:
            result.rows.append((number, parsed))
    if not result.raw:
        raise WorkbookRefused(_("There are no data rows under the headers."))
    return result


def parse_cells(
    number: int, cells: Sequence[Any], columns: Sequence[Column]
) -> tuple[dict[str, Any] | None, list[RowError]]:
    """Parse one row's cells (in column order): `({key: value}, [])`, or `(None, problems)`
    when a required cell is empty or a value cannot be used. An empty cell takes the
    column's default."""
    parsed, errors = {}, []
    for column, value in zip(columns, cells, strict=True):
        if display(value) == "":
            parsed[column.key] = column.default
            if column.required:
                errors.append(RowError(number, column.header, _("Required; the cell is empty.")))
            continue
        try:
            parsed[column.key] = column.parser(value)
        except CellError as error:
            errors.append(RowError(number, column.header, str(error)))
    return (None if errors else parsed), errors


# --- Writing ------------------------------------------------------------------------------

# A text cell starting with one of these is read by Excel or LibreOffice as a formula
# (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`), or becomes one once the clerk edits the cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def safe_value(value: Any) -> Any:
    """A value fit for a cell of an exported sheet: text that a spreadsheet would take for
    a formula gets a leading apostrophe (OWASP's CSV/formula injection advice), so it is
    shown as the text it is and never run. Numbers, dates and empty cells are left alone.

    Every writer of user text into a workbook goes through here (`write_rows` does it for
    each cell; a writer in normal mode calls it itself)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return ESCAPE + value
    return value


def unescape(value: str) -> str:
    """The text as typed before `safe_value` escaped it, so an exported sheet imports again."""
    if value.startswith(ESCAPE) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def _header_cells(sheet, columns: Sequence[Column]) -> list[WriteOnlyCell]:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_value(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def write_rows(
    out: IO[bytes], columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str
) -> int:
    """Write one sheet (bold frozen header, set widths) in write-only mode; return the row count.

    `rows` may be a generator: the rows are streamed, never all held in memory.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append(_header_cells(sheet, columns))
    count = 0
    for row in rows:
        sheet.append([_write_cell(sheet, value) for value in row])
        count += 1
    workbook.save(out)
    return count


def _write_cell(sheet, value: Any) -> Any:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return safe_value(value)


def rows_to_bytes(columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    buffer = BytesIO()
    write_rows(buffer, columns, rows, title=title)
    return buffer.getvalue()


LISTS_SHEET = "Danh sách"


def _add_drop_downs(workbook, columns: Sequence[Column], choices: Mapping[str, Sequence[str]]) -> None:
    """A drop-down list on each column with a fixed set of values (a choice parser's labels, or
    `choices[key]`), from a hidden sheet of the lists (a list typed into the rule is capped at
    255 characters). The import still checks every value: a pasted cell skips the drop-down."""
    lists = {c.key: list(choices.get(c.key) or getattr(c.parser, "labels", None) or ()) for c in columns}
    lists = {key: values for key, values in lists.items() if values}
    if not lists:
        return
    data, store = workbook.worksheets[0], workbook.create_sheet(LISTS_SHEET)
    store.sheet_state = "hidden"
    last_row = settings.IMPORT_MAX_ROWS + 1
    for index, column in enumerate(columns, start=1):
        values = lists.get(column.key)
        if not values:
            continue
        letter = get_column_letter(index)
        store.cell(row=1, column=index, value=safe_value(column.header))
        for row, value in enumerate(values, start=2):
            store.cell(row=row, column=index, value=safe_value(value))
        rule = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Giá trị không có trong danh sách",
            error=f"Cột “{column.header}”: chọn một giá trị trong danh sách thả xuống.",
        )
        rule.add(f"{letter}2:{letter}{last_row}")
        data.add_data_validation(rule)


def template_bytes(
    columns: Sequence[Column],
    *,
    title: str,
    notes: Sequence[str] = (),
    choices: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """An import template: headers and one example row with a drop-down list on each column of
    fixed values (`choices` adds lists the data decides, e.g. the units' names), plus a
    "Hướng dẫn" sheet that lists each column, whether it is required and what it accepts."""
    buffer = BytesIO()
    write_rows(buffer, columns, [[c.example for c in columns]], title=title)
    workbook = load_workbook(BytesIO(buffer.getvalue()))
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append(["Cột", "Bắt buộc", "Cách nhập / giá trị cho phép"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        allowed = getattr(column.parser, "labels", None)
        hint = column.hint or ("; ".join(allowed) if allowed else "")
        guide.append([safe_value(column.header), "Có" if column.required else "Không", safe_value(hint)])
    guide.append([])
    for note in notes:
        guide.append([safe_value(note)])
    for letter, width in zip("ABC", (30, 10, 80), strict=True):
        guide.column_dimensions[letter].width = width
    _add_drop_downs(workbook, columns, choices or {})
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
