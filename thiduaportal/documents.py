"""Printed documents: Django templates turned into PDF by WeasyPrint.

Every document template extends `documents/base.html` (the NĐ 30/2020/NĐ-CP layout) and
reads a `Letterhead`, a `Signature` and the recipients from its context. The stylesheet
`css/documents.css` embeds the Tinos faces from `fonts/` in the static folder (metric
compatible with Times New Roman, full Vietnamese glyphs).

One `FontConfiguration` serves the whole process: building it scans the system's fonts,
and the embedded faces are then added once and reused. WeasyPrint may read files under
the static folder only (and `data:` URLs): a document never reaches the network or any
other path, whatever a template or a user's text contains.
"""

from __future__ import annotations

import datetime
import functools
import re
import threading
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from thiduaportal.dates import legal_date

STYLESHEET = "css/documents.css"
_font_config = None  # weasyprint.text.fonts.FontConfiguration, built on first use
# Pango's font maps are not thread-safe; threaded servers render one document at a time.
render_lock = threading.Lock()


def padded_number(number: int | str | None) -> str:
    """A document's running number as printed: under 10 with a leading zero ("03"), as
    NĐ 30/2020/NĐ-CP Phụ lục I asks ("số nhỏ hơn 10 ghi thêm số 0"). Text that is not a
    plain number is returned as it is; None and "" give ""."""
    text = "" if number is None else str(number).strip()
    return f"{int(text):02d}" if text.isdigit() else text


def document_number(number: int | str | None, symbol: str) -> str:
    """ "01/QĐ-UBND", "15/QĐ-UBND", "03/BC-VHXH": a document's number and ký hiệu as every
    document, list and certificate prints them; "" while the document has no number."""
    number = padded_number(number)
    return f"{number}/{symbol}" if number else ""


# NĐ 30/2020/NĐ-CP Phụ lục III: the abbreviations of document types; "TTr" (Tờ trình) is the one
# that keeps a lower-case letter. Every other group of a ký hiệu is in capitals.
TYPE_ABBREVIATIONS = frozenset({"TTr"})


def is_symbol(text: str, *, typed: bool = False) -> bool:
    """Whether `text` is a ký hiệu as NĐ 30/2020 writes it: groups of capital letters or digits
    joined by hyphens, no spaces ("TTPVHCC", "HĐND-UBND"). `typed`: the first group is the
    document type and may be one of `TYPE_ABBREVIATIONS` ("TTr-TTPVHCC")."""
    groups = text.split("-")
    if typed and groups and groups[0] in TYPE_ABBREVIATIONS:
        groups = groups[1:]
    return bool(groups) and all(group.isalnum() and group == group.upper() for group in groups)


def parse_document_number(text: str) -> tuple[str, str] | None:
    """ "5/TTr-PKT" → ("05", "TTr-PKT"): a typed document number split into its padded number
    and its ký hiệu; None unless it reads number "/" ký hiệu (see `is_symbol`)."""
    number, slash, symbol = " ".join(text.split()).partition("/")
    number, symbol = number.strip(), symbol.strip()
    if not slash or not number.isdigit() or int(number) == 0 or not is_symbol(symbol, typed=True):
        return None
    return padded_number(number), symbol


def awardee_count(collectives: int, individuals: int) -> str:
    """ "01 tập thể và 02 cá nhân", "01 cá nhân": awardees counted in two digits, without the
    group that is empty."""
    groups = [f"{n:02d} {label}" for n, label in ((collectives, "tập thể"), (individuals, "cá nhân")) if n]
    return " và ".join(groups) or "00 tập thể, cá nhân"


# The state's quốc hiệu and tiêu ngữ, the right-hand heading of every state body's document.
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# A line of the left-hand heading holds about this many capitals at 12.5 pt in its 40 % column.
HEADING_LINE = 22
# Phrases a heading never breaks inside.
UNBROKEN = (
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "HỒ CHÍ MINH",
    "VIỆT NAM",
    "TỔ QUỐC",
    "THI ĐUA",
    "KHEN THƯỞNG",
)
_GLUE = "\u00a0"


def heading_lines(text: str, *, limit: int = HEADING_LINE) -> tuple[str, ...]:
    """The name of a body split into the fewest lines of at most `limit` characters, as even
    as possible and only between words, never inside a fixed phrase (UNBROKEN) or the place
    that ends it: "ỦY BAN NHÂN DÂN" / "XÃ THƯỢNG PHÚC" rather than the browser's "ỦY BAN
    NHÂN DÂN XÃ" / "THƯỢNG PHÚC". A part longer than the limit stays whole."""
    glued = " ".join(text.split())
    for phrase in UNBROKEN:
        glued = glued.replace(phrase, phrase.replace(" ", _GLUE))
    # A dash ends its line, never starts one ("HỘI ĐỒNG THI ĐUA –" / "KHEN THƯỞNG").
    glued = glued.replace(" – ", f"{_GLUE}– ")
    # The place ends the name and stays whole: "XÃ THƯỢNG PHÚC".
    glued = re.sub(
        r"(?<!\S)((?:XÃ|PHƯỜNG|THỊ TRẤN|xã|phường|thị trấn) [^ ]+(?: [^ ]+){0,2})$",
        lambda m: m.group(1).replace(" ", _GLUE),
        glued,
    )
    words = glued.split(" ")
    if not glued:
        return ()
    for count in range(1, len(words) + 1):
        best = _even_split(words, count)
        if max(len(line) for line in best) <= limit or count == len(words):
            return tuple(line.replace(_GLUE, " ") for line in best)
    return (text,)  # pragma: no cover - the loop always returns


def _even_split(words: list[str], count: int) -> tuple[str, ...]:
    """`words` in `count` consecutive lines whose longest is as short as possible."""

    @functools.cache
    def best(start: int, lines: int) -> tuple[int, tuple[str, ...]]:
        if lines == 1:
            line = " ".join(words[start:])
            return len(line), (line,)
        options = []
        for end in range(start + 1, len(words) - lines + 2):
            line = " ".join(words[start:end])
            longest, rest = best(end, lines - 1)
            options.append((max(len(line), longest), (line, *rest)))
        return min(options, key=lambda option: option[0])

    return best(0, min(count, len(words)))[1]


@dataclass(frozen=True)
class Letterhead:
    """The two-column header. `number` is the running number alone ("25"); left empty, the
    document shows a blank before its symbol to be filled in by hand when it is issued.
    Without a date the date line leaves the day and month blank in `year` (the year the
    document belongs to, e.g. a past round's; the current year when not given). `motto` is
    the right-hand heading: the state's quốc hiệu and tiêu ngữ, or an organisation's own
    heading (the Youth Union prints "ĐOÀN TNCS HỒ CHÍ MINH" alone)."""

    parent_body: str  # "ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC"; empty for a body without a parent
    issuer: str  # "PHÒNG VĂN HÓA – XÃ HỘI"; empty when the parent body issues it itself
    symbol: str  # "BC-VHXH"
    number: str = ""
    place: str = ""
    date: datetime.date | None = None
    year: int | None = None
    motto: tuple[str, ...] = STATE_MOTTO

    @property
    def parent_lines(self) -> tuple[str, ...]:
        """The parent body's lines, or () when the body issues in its own name."""
        return heading_lines(self.parent_body.upper()) if self.issuer else ()

    @property
    def issuer_lines(self) -> tuple[str, ...]:
        """The issuing body's lines (the parent body itself when there is no issuer)."""
        return heading_lines((self.issuer or self.parent_body).upper())

    @property
    def nation(self) -> str:
        return self.motto[0]

    @property
    def motto_line(self) -> str:
        return self.motto[1] if len(self.motto) > 1 else ""

    @property
    def number_line(self) -> str:
        """ "Số: 25/BC-VHXH", "Số: 03/BC-VHXH" (see `padded_number`), or "Số:      /BC-VHXH"
        when not yet numbered."""
        number = padded_number(self.number) or "\u00a0" * 6
        return f"Số: {number}/{self.symbol}"

    @property
    def dateline(self) -> str:
        """ "Thượng Phúc, ngày 05 tháng 01 năm 2026", or blanks for the day and month."""
        if self.date is not None:
            return legal_date(self.date, self.place)
        blank = "\u00a0" * 5
        year = self.year or timezone.localdate().year
        text = f"ngày{blank}tháng{blank}năm {year}"
        return f"{self.place}, {text}" if self.place else text


@dataclass(frozen=True)
class Signature:
    """The signing capacity, one line each ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), and the
    signer's full name; an empty name leaves the space to write it by hand."""

    capacity: tuple[str, ...]
    name: str = ""


def vn_number(value: Decimal | int | float | None, *, places: int = 2, empty: str = "–") -> str:
    """A number as Vietnamese documents write it: "1.234,5" (dots group thousands, a comma
    before the decimals, at most `places` decimals, no trailing zeros)."""
    if value is None:
        return empty
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, decimals = f"{abs(number):f}".partition(".")
    decimals = decimals.rstrip("0")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups])
    return f"{sign}{text},{decimals}" if decimals else f"{sign}{text}"


class _Written:
    def __init__(self, source):
        self._source = source

    def __getattr__(self, name: str) -> str:
        return vn_number(getattr(self._source, name))


def vn_fixed(value: Decimal | int | float | None, *, places: int = 2, empty: str = "–") -> str:
    """A figure in the Vietnamese form with exactly `places` decimals, so that a column of
    figures lines up: "94,10" beside "72,13", "60" with `places=0`."""
    if value is None:
        return empty
    text = vn_number(value, places=places)
    whole, _, decimals = text.partition(",")
    return f"{whole},{decimals.ljust(places, '0')}" if places else whole


class WrittenNumbers:
    """Mixin for view-models: `{{ line.vn.percent }}` writes any numeric attribute with
    `vn_number`, so templates need no filter library."""

    @property
    def vn(self) -> _Written:
        return _Written(self)


def static_root() -> Path:
    """The static folder holding `css/documents.css` and `fonts/`: the source folder when
    it is there, else the collected one."""
    found = finders.find(STYLESHEET)
    return Path(found).parent.parent if found else Path(settings.STATIC_ROOT)


# WeasyPrint is imported on first use: importing it parses its own stylesheets, which every
# web process and management command would otherwise pay (and log) at start-up.


def font_configuration():
    """The process's one `FontConfiguration`, built on first use."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - WeasyPrint (and Pango) load only in the processes that render a PDF

        _font_config = FontConfiguration()
    return _font_config


@functools.cache
def _static_files_only():
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 - WeasyPrint (and Pango) load only in the processes that render a PDF

    class StaticFilesOnly(URLFetcher):
        """Fetches `data:` URLs and files under one folder; refuses everything else."""

        def __init__(self, root: Path):
            super().__init__(allowed_protocols={"file", "data"})
            self.root = root.resolve()

        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not path.is_relative_to(self.root):
                    raise ValueError(f"Documents may only load static files, not {url}")
            return super().fetch(url, headers)

    return StaticFilesOnly


def static_files_only(root: Path):
    """A WeasyPrint URL fetcher that reads `data:` URLs and files under `root` only."""
    return _static_files_only()(root)


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML, always in Vietnamese formats whatever the user's language."""
    with translation.override("vi"):
        return render_to_string(template_name, {"stylesheet": STYLESHEET, **context})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a document template to PDF bytes, with the embedded fonts.

    Relative URLs in the template (the stylesheet, images) resolve against the static
    folder. Safe to call from web requests and from background tasks.
    """
    from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint (and Pango) load only in the processes that render a PDF

    root = static_root()
    html = HTML(
        string=render_html(template_name, context), base_url=f"{root}/", url_fetcher=static_files_only(root)
    )
    with render_lock:
        return html.write_pdf(font_config=font_configuration())
