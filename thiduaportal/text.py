"""Text helpers: NFC normalisation and diacritic-insensitive folding for search."""

import re
import unicodedata

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str | None) -> str:
    """Vietnamese in precomposed form (NFC): what search, sorting and PDF extraction expect."""
    return unicodedata.normalize("NFC", value or "")


def fold(value: str | None) -> str:
    """Lower-case ASCII-ish form for matching: "Nguyễn Thị Hưởng" -> "nguyen thi huong"."""
    decomposed = unicodedata.normalize("NFD", (value or "").translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def name_key(name: str) -> str:
    """A person's name for matching one written in a sheet: NFC, single spaces, any case;
    the diacritics still count ("Hưởng" is not "Hương")."""
    return " ".join(nfc(name).split()).casefold()


_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def decimal_comma(value) -> str:
    """A stored decimal ("72.75") as Vietnamese writes it ("72,75"); other text unchanged."""
    text = "" if value is None else str(value)
    return text.replace(".", ",") if _DOT_DECIMAL.match(text) else text
