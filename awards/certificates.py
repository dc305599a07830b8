"""Giấy khen (REFERENCE §5), and the Giấy chứng nhận of the emulation titles that have one
(the catalogue says which, `Title.has_certificate`): one A4 landscape page per award, printed
from the award's frozen facts and its decision's snapshot only, so a reprint years later gives
the same text and numbers whatever happened to the people and units since.

A title's certificate is laid out as the Giấy khen, field for field (the same boxes on a blank,
the same layers when stamped): its heading (frozen into the decision's list when it was
issued) where the Giấy khen prints "GIẤY KHEN", "CHỨNG NHẬN" where it prints "TẶNG", "Đạt danh
hiệu “…” năm …" as the achievement, and "Quyết định số … ngày …" as the decision line. It keeps
the golden-book line: the registry numbers every award of a decision in the golden book when
the decision is issued (a title included), and the certificate prints that number, so printing
never takes a number and a reprint shows the same one.

Two modes: "full" draws the decorative border and the commune's national emblem under the
text; "blank" prints the text alone onto pre-printed blanks (phôi): each field in its own
box, moved by the printer's offsets, leaving out the fixed lines the blanks carry already
(`awards.blanks`, which also draws the calibration page).

This module gathers the pages and renders them. The batch print job (start, build, run)
lives in `awards.services.printing`, the emblem upload in `awards.services.designs`.

Speed: a batch lays out each decision's design once and the text of all its pages on tall
strips, then stamps each page's text (and its QR code, as a 1-bit image) over the design,
shared as one form (`stamped_pages_pdf`, `thiduaportal.stamping`); the pages look exactly
like sheets laid out whole (`whole_pages_pdf`). See bench/clerk_tool.py.
"""

from __future__ import annotations

import base64
import datetime
import functools
import ipaddress
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from awards import blanks
from awards.documents import CAPACITY_LINES
from awards.models import Award, CertificateDesign, Decision, PrinterProfile, SignerCapacity
from awards.services.decisions import DecisionError, codes
from nominations.models import AwardKind, Title
from nominations.wording import award_name
from thiduaportal import documents, stamping
from thiduaportal.dates import legal_date
from thiduaportal.text import nfc
from units.models import Commune

logger = logging.getLogger(__name__)

STYLESHEET = "css/certificate.css"
TEMPLATE = "documents/awards/certificate.html"
FULL, BLANK = "full", "blank"
MODES = (FULL, BLANK)
# Pages laid out per WeasyPrint run: the job reports progress after each chunk.
CHUNK = 50
EMBLEM_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
GIAY_KHEN, GIVE = "GIẤY KHEN", "TẶNG"
CERTIFY = "CHỨNG NHẬN"


@dataclass(frozen=True)
class CertificatePage:
    """Everything one certificate prints, already in its printed form (NFC)."""

    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC"
    name: str
    detail: str  # a person's position and unit; a collective's parent body
    achievement: str  # "Đã có thành tích …"; a title's "Đạt danh hiệu “…” năm 2026"
    # "Số quyết định: 15/QĐ-UBND, ngày 15 tháng 9 năm 2026"; a title's "Quyết định số 15/QĐ-UBND
    # ngày 15 tháng 9 năm 2026"
    decision_line: str
    book_line: str  # "Số sổ vàng: 27/2026" (`Award.book_reference`)
    dateline: str  # "Thượng Phúc, ngày 15 tháng 9 năm 2026"
    capacity: tuple[str, ...]  # ("CHỦ TỊCH",) or ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer: str
    place: str = ""  # "Thượng Phúc": never broken across two lines (`keep_place`)
    qr_code: segno.QRCode | None = dataclass_field(default=None, compare=False, repr=False)
    qr_size: str = ""  # its printed width and height, quiet zone included: "27.77mm"
    code_line: str = ""  # "Mã xác minh: 7KQ3-MX9P-4TWR-HN2C"
    heading: str = GIAY_KHEN  # a title's certificate: "GIẤY CHỨNG NHẬN"
    verb: str = GIVE  # a title's certificate: "CHỨNG NHẬN"

    @property
    def is_title(self) -> bool:
        """A title's certificate (its heading printed above the authority), not a Giấy khen."""
        return self.verb == CERTIFY

    def keep_place(self, text: str) -> SafeString:
        """`text` as HTML with the commune's name ("xã Thượng Phúc") kept on one line."""
        html = escape(text)
        if not self.place:
            return html
        name = re.escape(escape(self.place))
        return mark_safe(  # noqa: S308 - built from escaped text only
            re.sub(rf"((?:xã|Xã|XÃ|phường|Phường|PHƯỜNG) )?{name}", r'<span class="keep">\g<0></span>', html)
        )

    @functools.cached_property
    def qr(self) -> str:
        """The verification QR code as a data: URI of a PNG (one pixel a module, its quiet
        zone inside), or "" (an imported award has none)."""
        return self.qr_code.png_data_uri(border=QR_BORDER, scale=1) if self.qr_code else ""

    @property
    def qr_rows(self) -> tuple[bytes, ...]:
        """The same code as rows of modules, 1 dark and 0 light, quiet zone included."""
        return tuple(bytes(row) for row in self.qr_code.matrix_iter(border=QR_BORDER)) if self.qr_code else ()

    @property
    def name_html(self) -> SafeString:
        return self.keep_place(self.name)

    @property
    def detail_html(self) -> SafeString:
        return self.keep_place(self.detail)

    @property
    def achievement_html(self) -> SafeString:
        return self.keep_place(self.achievement)


@dataclass(frozen=True)
class Sheet:
    """How the pages are laid on paper: the mode, the text's offsets, the emblem."""

    mode: str = FULL
    offset_x_mm: Decimal = Decimal(0)
    offset_y_mm: Decimal = Decimal(0)
    emblem: str = ""  # data: URI, or empty (the space stays blank)
    # Blank mode: every field's box where it prints (`awards.blanks`).
    boxes: dict[str, blanks.Box] = dataclass_field(default_factory=dict)

    @property
    def is_full(self) -> bool:
        return self.mode == FULL


# The white margin around the code (the quiet zone of ISO/IEC 18004): 4 modules, inside the
# image, so no text or border can be drawn into it.
QR_BORDER = 4
# One module is 4 dots at 150 dpi (8 at 300, 16 at 600 dpi), about 0.68 mm: every module
# prints the same whole number of dots, and a phone reads the code from a cheap 150 dpi
# print (a 33-module code is then 27.8 mm wide with its quiet zone).
QR_MODULE_MM = Decimal("25.4") * 4 / 150


def _qr(code: str) -> tuple[segno.QRCode, str]:
    """(the verification QR code of `code`, its printed width)."""
    # A fixed mask: segno's mask search costs ~5 ms a code (a second per 200 pages) and
    # any of the eight masks scans; a printed code needs no optimal one.
    # Printed one pixel a module, scaled up without smoothing (`image-rendering: pixelated`): a
    # PNG of a few hundred bytes that WeasyPrint embeds as is, far cheaper than an SVG path per
    # page; a stamped batch draws the same pixels as a 1-bit image (`stamped_pages_pdf`).
    qr = segno.make(codes.verification_url(code), error="m", mask=0, micro=False, boost_error=False)
    modules, _height = qr.symbol_size(border=QR_BORDER)
    width = (QR_MODULE_MM * modules).quantize(Decimal("0.01"))
    return qr, f"{width}mm"


def _signing(snapshot: dict) -> tuple[str, str, tuple[str, ...], str]:
    """(parent body, place, capacity lines, signer) from a decision's snapshot."""
    capacity = CAPACITY_LINES[snapshot.get("signer_capacity") or SignerCapacity.CHAIRMAN]
    return (
        snapshot.get("parent_body", ""),
        snapshot.get("place", ""),
        capacity,
        snapshot.get("signer_name", ""),
    )


def _fallback_snapshot() -> dict:
    """An award without a portal decision (imported) prints with the commune's names."""
    commune = Commune.current()
    if commune is None:
        return {}
    return {"parent_body": commune.authority_name.upper(), "place": commune.place_name}


TITLE_KINDS = (AwardKind.INDIVIDUAL_TITLE, AwardKind.COLLECTIVE_TITLE)


def is_title(award: Award) -> bool:
    """Whether the award is an emulation title (an award of no form prints as a Giấy khen)."""
    return award.award_form_id is not None and award.award_form.kind in TITLE_KINDS


def catalogue_headings(awards: Iterable[Award]) -> dict[tuple[int, int], str]:
    """(commune id, award form id) -> heading, for each title among `awards` whose commune's
    catalogue says it prints a certificate now (one query, none without titles)."""
    pairs = {(a.commune_id, a.award_form_id) for a in awards if is_title(a)}
    if not pairs:
        return {}
    found = Title.objects.filter(
        commune_id__in={commune for commune, _form in pairs},
        award_form_id__in={form for _commune, form in pairs},
        has_certificate=True,
    ).select_related("award_form")
    return {
        (t.commune_id, t.award_form_id): t.certificate_heading
        for t in found
        if t.prints_certificate and (t.commune_id, t.award_form_id) in pairs
    }


def has_certificate(award: Award, catalogue: dict[tuple[int, int], str] | None = None) -> bool:
    """Whether the award prints a certificate: a Giấy khen (or an imported award of no form),
    or a title its catalogue marks as having one (`catalogue`: `catalogue_headings` of the
    awards at hand, read here when not given). A title without one (by default "Lao động tiên
    tiến") is recognised in the decision's list only. Forwarded awards are the city's to print."""
    if award.award_form_id is None or award.award_form.kind == AwardKind.CERTIFICATE:
        return True
    if not is_title(award):
        return False
    catalogue = catalogue_headings([award]) if catalogue is None else catalogue
    return (award.commune_id, award.award_form_id) in catalogue


def refuse_without_certificate(awards: Sequence[Award], catalogue: dict[tuple[int, int], str]) -> None:
    """Raise when one of `awards` prints no certificate (see `has_certificate`)."""
    titles = [a.recipient_name for a in awards if not has_certificate(a, catalogue)]
    if titles:
        raise DecisionError(
            _(
                "%(names)s received an emulation title recognised in the decision's list only: no "
                "certificate is printed for it (the catalogue of titles says which titles print one)."
            )
            % {"names": ", ".join(titles)},
            field="awards",
        )


def frozen_headings(snapshot: dict) -> dict[str, str]:
    """Award code -> the certificate heading its line froze at issue (titles only)."""
    return {
        line["code"]: line["certificate"] for line in snapshot.get("lines", []) if line.get("certificate")
    }


def heading_of(award: Award, frozen: dict[str, str], catalogue: dict[tuple[int, int], str]) -> str:
    """The heading of a title's certificate: as its decision froze it; for a title the
    catalogue gave a certificate only after the decision was issued, the catalogue's; ""
    for a Giấy khen."""
    if not is_title(award):
        return ""
    return frozen.get(award.code or "", "") or catalogue.get((award.commune_id, award.award_form_id), "")


def certificate_name(award: Award, heading: str) -> str:
    """The certificate in words: "Giấy chứng nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm
    2026", or the award's own name for a Giấy khen (`heading` empty)."""
    if not heading:
        return award.award_name
    return nfc(f"{heading.capitalize()} {award_name(award.award_name)} năm {award.year}")


def _book(award: Award, snapshot: dict) -> str:
    """The golden-book number as the certificate prints it: with its year for a decision issued
    since the certificates print it so (`book_with_year` in its snapshot), bare for one issued
    before, so that its reprint stays what was printed."""
    return award.book_reference if snapshot.get("book_with_year") else award.book_number


def page_of(award: Award, snapshot: dict, heading: str = "") -> CertificatePage:
    """The printed page of one award, from its frozen fields and its decision's snapshot; a
    title's certificate when `heading` is given (`heading_of`)."""
    parent_body, place, capacity, signer = _signing(snapshot)
    day: datetime.date = award.decision_date
    qr, qr_size = _qr(award.code) if award.code else (None, "")
    if heading:
        title = {
            "heading": nfc(heading).upper(),
            "verb": CERTIFY,
            "achievement": nfc(f"Đạt {award_name(award.award_name)} năm {award.year}"),
            "decision_line": nfc(f"Quyết định số {award.decision_number} {legal_date(day)}"),
        }
    else:
        title = {
            "achievement": nfc(award.achievement),
            "decision_line": nfc(f"Số quyết định: {award.decision_number}, {legal_date(day)}"),
        }
    return CertificatePage(
        authority=nfc(f"CHỦ TỊCH {parent_body}".strip()).upper(),
        name=nfc(award.recipient_name),
        detail=nfc(award.recipient_detail),
        book_line=nfc(f"Số sổ vàng: {_book(award, snapshot)}") if award.book_number else "",
        dateline=nfc(legal_date(day, place)),
        capacity=capacity,
        signer=nfc(signer),
        place=nfc(place),
        qr_code=qr,
        qr_size=qr_size,
        code_line=f"Mã xác minh: {codes.grouped(award.code)}" if award.code else "",
        **title,
    )


def refuse_revoked(awards: Iterable[Award]) -> None:
    """A revoked award's certificate is never printed, by any path (batch, preview, bench):
    a Giấy khen withdrawn by a decision must not be reproducible."""
    revoked = [a for a in awards if not a.is_valid]
    if revoked:
        award = revoked[0]
        raise DecisionError(
            _("The award of %(name)s was revoked by decision %(number)s: its certificate is not printed.")
            % {"name": award.recipient_name, "number": award.revoked_by.number_text},
            field="awards",
        )


def pages_of(awards: Iterable[Award]) -> list[CertificatePage]:
    """The pages of `awards` in the order given; each decision's snapshot is read once.
    Refused when one of them is revoked (`refuse_revoked`) or prints no certificate
    (`refuse_without_certificate`)."""
    awards = list(awards)
    refuse_revoked(awards)
    prefetch_related_objects(awards, "award_form")  # one query, none when already joined
    catalogue = catalogue_headings(awards)
    refuse_without_certificate(awards, catalogue)
    decision_ids = {a.decision_id for a in awards if a.decision_id}
    snapshots = {
        pk: decision.snapshot
        for pk, decision in Decision.objects.only("snapshot").in_bulk(decision_ids).items()
    }
    frozen = {pk: frozen_headings(snapshot) for pk, snapshot in snapshots.items()}
    fallback = _fallback_snapshot() if any(a.decision_id is None for a in awards) else {}
    return [
        page_of(
            a,
            snapshots[a.decision_id] if a.decision_id else fallback,
            heading_of(a, frozen.get(a.decision_id, {}), catalogue),
        )
        for a in awards
    ]


def emblem_data_uri() -> str:
    """The uploaded national emblem as a data: URI (WeasyPrint reads nothing else from the
    media folder), or empty when none is uploaded."""
    design = CertificateDesign.current()
    if not design.emblem:
        return ""
    try:
        with design.emblem.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        logger.warning("Certificate emblem %s is missing", design.emblem.name)
        return ""
    content_type = next((t for magic, t in EMBLEM_TYPES.items() if data.startswith(magic)), "image/svg+xml")
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def missing_emblem_message() -> str:
    return _(
        "The full design must carry the national emblem, and none is uploaded yet. Upload it on "
        "the page “Emblem of the full design” (%(url)s), or print on pre-printed blanks."
    ) % {"url": reverse("awards:certificate_design")}


def sheet_for(mode: str, printer: PrinterProfile | None) -> Sheet:
    """The sheet of a mode: the full design carries the emblem (refused without one: the
    Giấy khen of the commune's chairman bears the Quốc huy); blanks take the offsets."""
    if mode not in MODES:
        raise DecisionError(_("Choose the full design or pre-printed blanks."), field="mode")
    if mode == FULL:
        emblem = emblem_data_uri()
        if not emblem:
            raise DecisionError(missing_emblem_message(), field="mode")
        return Sheet(mode=FULL, emblem=emblem)
    if printer is None:
        return Sheet(mode=BLANK, boxes=blanks.boxes(None))
    return Sheet(
        mode=BLANK,
        offset_x_mm=printer.offset_x_mm,
        offset_y_mm=printer.offset_y_mm,
        boxes=blanks.boxes(printer),
    )


# Host names that only a developer's machine or a local network answers to.
DEVELOPMENT_HOSTS = ("localhost",)
DEVELOPMENT_SUFFIXES = (".localhost", ".local", ".lan", ".home.arpa", ".internal", ".test", ".invalid")
DEVELOPMENT_PORTS = (8000, 8080)


def _site_address_fault(url: str) -> str:
    """What is wrong with `url` as the printed verification address, or ""."""
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").rstrip(".").lower(), parts.port
    except ValueError:
        return _("it is not a web address")
    if parts.scheme not in ("http", "https") or not host:
        return _("it is not a web address")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if (ip and ip.is_loopback) or host in DEVELOPMENT_HOSTS:
        return _("it is this computer's own (loopback) address")
    if ip and (ip.is_private or ip.is_link_local or ip.is_unspecified or ip.is_reserved):
        return _("it is an address inside a local network")
    if host.endswith(DEVELOPMENT_SUFFIXES) or (ip is None and "." not in host):
        return _("it is a development or local-network name")
    if port in DEVELOPMENT_PORTS:
        return _("port %(port)s is the development server's") % {"port": port}
    if parts.scheme != "https":
        return _("it is not https")
    return ""


def site_address_problem() -> str:
    """Why the address printed in every QR code (settings.SITE_URL) would not open from a
    phone, as a message that names the setting to change; "" when it is a public address."""
    fault = _site_address_fault(settings.SITE_URL)
    if not fault:
        return ""
    return _(
        "The portal's address SITE_URL is “%(url)s”, and %(fault)s: the QR code printed on a "
        "certificate would not open from a phone, on paper for good. The administrator sets "
        "SITE_URL in the server's .env file to the portal's public https address and restarts it."
    ) % {"url": settings.SITE_URL, "fault": fault}


def check_site_address(awards: Sequence[Award]) -> str:
    """Refuse to print QR codes to a loopback or development address, except in DEBUG (the
    demo on a developer's machine), where the problem is returned as a warning instead."""
    problem = site_address_problem() if any(a.code for a in awards) else ""
    if problem and not settings.DEBUG:
        raise DecisionError(problem)
    return problem


# The layers a sheet is drawn in (see the template): the whole sheet at once, or the design
# every certificate of a decision shares and the text each award adds, stamped over it.
WHOLE, DESIGN, TEXT = "whole", "design", "text"


@dataclass(frozen=True)
class Anchors:
    """Where a design's flowing text starts, measured on its laid-out page: the top of the
    recipient's name and of the golden-book line, as CSS lengths."""

    name_top: str
    book_top: str


def design_key(page: CertificatePage) -> tuple:
    """What a page's design layer prints: pages with the same key share one design."""
    return (
        page.heading,
        page.verb,
        page.authority,
        page.decision_line,
        page.dateline,
        page.capacity,
        page.signer,
    )


def certificate_html(
    pages: Sequence[CertificatePage],
    sheet: Sheet,
    *,
    layer: str = WHOLE,
    anchors: Sequence[Anchors | None] | None = None,
) -> str:
    """The HTML of `pages` (what WeasyPrint lays out): whole sheets one a page, their designs
    one a page, or their text placed at `anchors` (one per page, from `design_anchors`) on
    one tall strip, the sheets one under the other (`thiduaportal.stamping`)."""
    entries = list(zip(pages, anchors or [None] * len(pages), strict=True))
    context = {"entries": entries, "sheet": sheet, "layer": layer, "stylesheet": STYLESHEET}
    if layer == TEXT:
        # A millimetre to spare, so that rounding never pushes the last sheet onto a new page.
        context["strip_height"] = f"{blanks.SHEET_HEIGHT_MM * len(pages) + 1}mm"
    return documents.render_html(TEMPLATE, context)


def _render(html: str):
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint (and Pango) load only in the processes that render a PDF

    root = documents.static_root()
    return HTML(string=html, base_url=f"{root}/", url_fetcher=documents.static_files_only(root)).render(
        font_config=documents.font_configuration()
    )


def _chunked(
    pages: Sequence[CertificatePage],
    make_html: Callable[[int, int], str],
    progress: Callable[[int, int], None] | None,
) -> bytes:
    """The pages laid out `CHUNK` at a time (`make_html(start, end)`), written as one PDF."""
    rendered = []
    for start in range(0, len(pages), CHUNK):
        rendered.append(_render(make_html(start, min(start + CHUNK, len(pages)))))
        if progress is not None:
            progress(min(start + CHUNK, len(pages)), len(pages))
    all_pages = [page for document in rendered for page in document.pages]
    return rendered[0].copy(all_pages).write_pdf()


def whole_pages_pdf(
    pages: Sequence[CertificatePage], sheet: Sheet, *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The PDF of `pages`, every sheet laid out whole on its own page."""
    with documents.render_lock:
        return _chunked(pages, lambda start, end: certificate_html(pages[start:end], sheet), progress)


def design_anchors(document, sheet: Sheet) -> list[Anchors | None]:
    """Per page of a laid-out design layer, where its text layer's flowing lines start
    (None in blank mode, where every field has its own fixed box)."""
    if not sheet.is_full:
        return [None] * len(document.pages)
    anchors = []
    for number, page in enumerate(document.pages, start=1):
        name_top, book_top = page.anchors[f"name-{number}"][1], page.anchors[f"book-{number}"][1]
        anchors.append(Anchors(name_top=f"{name_top:.6f}px", book_top=f"{book_top:.6f}px"))
    return anchors


def stamped_pages_pdf(
    pages: Sequence[CertificatePage], sheet: Sheet, *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The PDF of `pages` with each decision's design laid out once, and the text of all
    pages laid out together on strips, then cut into pages, each over its design (one shared
    form per design, `thiduaportal.stamping`). Raises StampingError if the strips cannot be
    cut as expected."""
    keys = [design_key(page) for page in pages]
    firsts: dict[tuple, CertificatePage] = {}
    for key, page in zip(keys, pages, strict=True):
        firsts.setdefault(key, page)
    index = {key: n for n, key in enumerate(firsts)}
    with documents.render_lock:
        designs = _render(certificate_html(list(firsts.values()), sheet, layer=DESIGN))
        anchors = design_anchors(designs, sheet)
        page_anchors = [anchors[index[key]] for key in keys]
        rendered, pictures = [], []
        for start in range(0, len(pages), CHUNK):
            chunk = pages[start : start + CHUNK]
            html = certificate_html(chunk, sheet, layer=TEXT, anchors=page_anchors[start : start + CHUNK])
            rendered.append(_render(html))
            pictures += _qr_pictures(rendered[-1], chunk)
            if progress is not None:
                progress(min(start + CHUNK, len(pages)), len(pages))
        strips = rendered[0].copy([page for document in rendered for page in document.pages]).write_pdf()
        return stamping.stamp_over_designs(
            strips, designs.write_pdf(), [index[key] for key in keys], pictures=pictures
        )


# CSS pixels (1/96 in) to PDF points (1/72 in).
PX_TO_PT = 0.75


def _qr_pictures(strips, pages: Sequence[CertificatePage]) -> list[stamping.Picture | None]:
    """Each page's QR code, to draw where the text layer left its slot (found by its
    anchor on the strip, measured from its sheet's top left corner)."""
    anchors = {name: box for page in strips.pages for name, box in page.anchors.items()}
    pictures: list[stamping.Picture | None] = []
    for number, page in enumerate(pages, start=1):
        if not page.qr_code:
            pictures.append(None)
            continue
        left, top, right, bottom = anchors[f"qr-{number}"]
        sheet_left, sheet_top = anchors[f"sheet-{number}"][:2]
        pictures.append(
            stamping.Picture(
                rows=page.qr_rows,
                left=(left - sheet_left) * PX_TO_PT,
                top=(top - sheet_top) * PX_TO_PT,
                width=(right - left) * PX_TO_PT,
                height=(bottom - top) * PX_TO_PT,
            )
        )
    return pictures


def render_pages(
    pages: Sequence[CertificatePage], sheet: Sheet, *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The PDF of `pages`, laid out `CHUNK` pages at a time (`progress(done, total)` after
    each chunk) and written as one document. When designs repeat (the pages of one decision),
    each design is laid out once and the pages add only their own text (`stamped_pages_pdf`);
    otherwise every sheet is laid out whole, which then costs less."""
    designs = len({design_key(page) for page in pages})
    if designs * 2 > len(pages):
        return whole_pages_pdf(pages, sheet, progress=progress)
    try:
        return stamped_pages_pdf(pages, sheet, progress=progress)
    except stamping.StampingError:
        # A renderer that draws the strips otherwise: the pages are still right laid out whole.
        logger.exception("Certificates could not be stamped over their design; laid out whole instead")
        return whole_pages_pdf(pages, sheet)


def certificate_pdf(
    awards: Iterable[Award], *, mode: str = FULL, printer: PrinterProfile | None = None
) -> bytes:
    """One certificate page per award, in the order given, as one PDF."""
    awards = list(awards)
    pages = pages_of(awards)
    if not pages:
        raise DecisionError(_("Choose at least one certificate to print."), field="awards")
    check_site_address(awards)
    return render_pages(pages, sheet_for(mode, printer))
