"""The layout of a Giấy khen printed onto a pre-printed blank (phôi): one fixed box per field,
so a two-line name never pushes the lines below it, each box moved by the printer's offset
and by its own calibrated offset.

The variable fields (name, detail, achievement, decision line, golden-book number, date,
signer, QR code) always print. The fixed lines (quốc hiệu, tiêu ngữ, the awarding authority,
"TẶNG", "GIẤY KHEN", the signing capacity) print only when the printer profile says its
blanks do not carry them already. Positions are millimetres from the sheet's top left
corner, A4 landscape (297 × 210 mm).

A title's Giấy chứng nhận uses the same boxes: its heading in the box of "GIẤY KHEN" and
"CHỨNG NHẬN" in the box of "TẶNG" (its blanks usually carry the heading already).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from awards.models import DEFAULT_PREPRINTED, PrinterProfile
from thiduaportal import documents

SHEET_WIDTH_MM, SHEET_HEIGHT_MM = Decimal(297), Decimal(210)
# Most office laser printers cannot print the outer 5 mm of a sheet (a Canon LBP 2900 has
# about 5 mm): the calibration page keeps its rulers and marks this far inside.
PRINTABLE_MARGIN_MM = Decimal(8)
# A field moved further than this is a typing mistake, not a blank's layout.
MAX_FIELD_OFFSET_MM = Decimal(30)


@dataclass(frozen=True)
class Field:
    """One box of the blank layout: where it sits with no offsets, and its names."""

    key: str
    label: str  # on the printer page (translated)
    printed_label: str  # on the calibration page (a printed document: Vietnamese)
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    fixed: bool = False  # a fixed line a blank may carry already


def _field(key, label, printed, x, y, width, height, *, fixed=False) -> Field:
    return Field(key, label, printed, Decimal(x), Decimal(y), Decimal(width), Decimal(height), fixed)


FIELDS = (
    _field("nation", gettext_lazy("National title"), "Quốc hiệu", 25, 44, 247, 7, fixed=True),
    _field("motto", gettext_lazy("Motto"), "Tiêu ngữ", 25, 50.5, 247, 7, fixed=True),
    _field("authority", gettext_lazy("Awarding authority"), "Thẩm quyền khen", 25, 60, 247, 8, fixed=True),
    _field("give", gettext_lazy("“TẶNG”"), "TẶNG", 25, 68, 247, 8, fixed=True),
    _field("title", gettext_lazy("“GIẤY KHEN”"), "GIẤY KHEN", 25, 76, 247, 15, fixed=True),
    _field("name", gettext_lazy("Recipient's name"), "Tên người / tập thể", 25, 91, 247, 20),
    _field("detail", gettext_lazy("Position and unit"), "Chức vụ, đơn vị", 25, 111.5, 247, 12.5),
    _field("achievement", gettext_lazy("Achievement"), "Thành tích", 35, 124.5, 227, 19),
    _field("decision", gettext_lazy("Decision number and date"), "Số quyết định", 40, 149, 120, 6),
    _field("book", gettext_lazy("Golden book number"), "Số sổ vàng", 40, 155, 120, 6),
    _field("qr", gettext_lazy("QR code and verification code"), "Mã QR", 40, 162, 120, 29),
    _field("date", gettext_lazy("Place and date"), "Địa danh, ngày tháng", 165, 144, 110, 7),
    _field("capacity", gettext_lazy("Signing capacity"), "Chức vụ người ký", 165, 150.5, 110, 13, fixed=True),
    _field("signer", gettext_lazy("Signer's name"), "Họ tên người ký", 165, 188, 110, 8),
)
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
FIXED_KEYS = tuple(field.key for field in FIELDS if field.fixed)


@dataclass(frozen=True)
class Box:
    """A field's box where it prints: its default place plus every offset."""

    field: Field
    x: Decimal
    y: Decimal
    dx: Decimal  # the field's own offset, shown on the calibration page
    dy: Decimal
    preprinted: bool  # a fixed line the blank already carries: not printed

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def style(self) -> str:
        """ "left: 26.5mm; top: 92mm; width: 247mm; height: 21mm" """
        f = self.field
        return f"left: {self.x:f}mm; top: {self.y:f}mm; width: {f.width:f}mm; height: {f.height:f}mm"

    @property
    def right(self) -> Decimal:
        return self.x + self.field.width

    @property
    def bottom(self) -> Decimal:
        return self.y + self.field.height


def field_offset(printer: PrinterProfile | None, key: str) -> tuple[Decimal, Decimal]:
    """The (x, y) mm a field is moved by on `printer`, besides the printer's own offset."""
    stored = ((printer.field_offsets or {}) if printer else {}).get(key) or {}
    return Decimal(str(stored.get("x", 0))), Decimal(str(stored.get("y", 0)))


def preprinted_keys(printer: PrinterProfile | None) -> frozenset[str]:
    """The fixed lines the printer's blanks carry already (the usual phôi's without one)."""
    keys = printer.preprinted if printer is not None else DEFAULT_PREPRINTED
    return frozenset(key for key in keys if key in FIXED_KEYS)


def boxes(
    printer: PrinterProfile | None,
    *,
    global_offset: tuple[Decimal, Decimal] | None = None,
    field_offsets: dict[str, tuple[Decimal, Decimal]] | None = None,
    preprinted: frozenset[str] | None = None,
) -> dict[str, Box]:
    """Every field's box on `printer` (or the values a form is about to save)."""
    gx, gy = global_offset or (
        (printer.offset_x_mm, printer.offset_y_mm) if printer else (Decimal(0), Decimal(0))
    )
    carried = preprinted_keys(printer) if preprinted is None else preprinted
    result = {}
    for field in FIELDS:
        dx, dy = (field_offsets or {}).get(field.key) or field_offset(printer, field.key)
        result[field.key] = Box(field, field.x + gx + dx, field.y + gy + dy, dx, dy, field.key in carried)
    return result


def box_outside_sheet(box: Box) -> bool:
    return box.x < 0 or box.y < 0 or box.right > SHEET_WIDTH_MM or box.bottom > SHEET_HEIGHT_MM


# --------------------------------------------------------------------------- calibration

CALIBRATION_TEMPLATE = "documents/awards/certificate_calibration.html"
STYLESHEET = "css/certificate.css"
# Crosshairs at known places (mm), clear of the rulers and of every field's box.
CROSSES = ((20, 24), (282, 24), (20, 196), (282, 196))


@dataclass(frozen=True)
class Tick:
    at: Decimal  # mm from the sheet's edge, where it prints
    label: str  # the position it stands for ("100"), or "" for a 5 mm mark


# The rulers start this far from the sheet's edge, clear of the corner where they meet.
RULER_START_MM = PRINTABLE_MARGIN_MM + 8


def _ticks(length: Decimal, offset: Decimal) -> list[Tick]:
    """Ruler marks every 5 mm (labelled every 10 mm) for positions of the layout, printed
    where the printer's offset puts them, and only inside the printable area."""
    ticks = []
    for position in range(5, int(length), 5):
        at = position + offset
        if RULER_START_MM <= at <= length - PRINTABLE_MARGIN_MM:
            ticks.append(Tick(at, str(position) if position % 10 == 0 else ""))
    return ticks


def moved(value: Decimal, positive: str, negative: str) -> str:
    """ "dịch lên 2 mm" for -2 with ("dịch xuống", "dịch lên"), never "dịch xuống -2 mm"."""
    if value < 0:
        return f"{negative} {documents.vn_number(-value, places=1)} mm"
    return f"{positive} {documents.vn_number(value, places=1)} mm"


def field_offset_text(box: Box) -> str:
    """ "+1,5 / −2 mm" (right / down) or "" for a field that is not moved on its own."""
    if not box.dx and not box.dy:
        return ""

    def signed(value: Decimal) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + documents.vn_number(abs(value), places=1)

    return f"{signed(box.dx)} / {signed(box.dy)} mm"


def calibration_pdf(printer: PrinterProfile) -> bytes:
    """The calibration page of `printer`: page 1, printed onto a blank, draws every field's
    box and name where it prints, crosshairs at known places and rulers in mm, all moved by
    the printer's offsets and kept inside the printable area; page 2 says how to measure and
    correct the offsets."""
    gx, gy = printer.offset_x_mm, printer.offset_y_mm
    context = {
        "printer": printer,
        "boxes": [(box, field_offset_text(box)) for box in boxes(printer).values()],
        "crosses": [(x, y, Decimal(x) + gx, Decimal(y) + gy) for x, y in CROSSES],
        "ticks_x": _ticks(SHEET_WIDTH_MM, gx),
        "ticks_y": _ticks(SHEET_HEIGHT_MM, gy),
        "margin": PRINTABLE_MARGIN_MM,
        "header_left": Decimal(30) + gx,
        "header_top": Decimal(17) + gy,
        "offset_x": moved(gx, "dịch sang phải", "dịch sang trái"),
        "offset_y": moved(gy, "dịch xuống", "dịch lên"),
        "stylesheet": STYLESHEET,
    }
    return documents.render_pdf(CALIBRATION_TEMPLATE, context)
