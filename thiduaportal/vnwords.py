"""Whole numbers in Vietnamese words, as a decision writes its total ("Bằng chữ: …").

The reading, group by group of three digits from the left (the style of the commune's
Hà Nội documents; the choices where usage varies are marked):

- a group below the leading one is read in full, "không trăm" included:
  14.040.000 → "mười bốn triệu không trăm bốn mươi nghìn";
- a zero tens digit before a unit digit reads "linh" (not "lẻ"): 108 → "một trăm linh tám";
- a unit 1 after "mươi" reads "mốt" (21 → "hai mươi mốt"), after "mười" or "linh" "một";
- a unit 5 after "mười" / "mươi" reads "lăm" (not "nhăm"), after "linh" "năm";
- a unit 4 after "mươi" reads "bốn" (not "tư"): 24 → "hai mươi bốn";
- a whole group of zeros between two non-zero groups reads "không nghìn" / "không triệu",
  so that 1.000.500 ("một triệu không nghìn năm trăm") cannot be read as 1.500.000;
  the zero groups after the last non-zero one are not read (14.000.000 → "mười bốn triệu");
- thousands are "nghìn" (not "ngàn"), 10^9 "tỷ"; above it the count of tỷ is read the same
  way and the rest as a block of nine digits: 1.002.000.000.000 → "một nghìn không trăm linh
  hai tỷ".
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUP_UNITS = ("", "nghìn", "triệu")
BILLION = 10**9


def _group(value: int, *, full: bool) -> list[str]:
    """The words of one group of three digits; `full` reads a zero hundreds ("không trăm")."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", DIGITS[units]] if words else [DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _below_billion(value: int, *, full: bool) -> list[str]:
    """A number under 10^9; `full` when it follows a higher part (it is then read from its
    first group on, zero groups included)."""
    groups = [value // 1_000_000, value // 1000 % 1000, value % 1000]
    last = max((index for index, group in enumerate(groups) if group), default=-1)
    words: list[str] = []
    started = full
    for index, group in enumerate(groups):
        if index > last:
            break
        if not started and not group:
            continue
        unit = GROUP_UNITS[2 - index]
        if group:
            words += _group(group, full=started)
        else:
            words.append("không")
        if unit:
            words.append(unit)
        started = True
    return words


def _words(value: int, *, full: bool = False) -> list[str]:
    if value >= BILLION:
        billions, rest = divmod(value, BILLION)
        words = [*_words(billions, full=full), "tỷ"]
        return words + (_below_billion(rest, full=True) if rest else [])
    return _below_billion(value, full=full)


def number_in_words(value: int) -> str:
    """A whole number ≥ 0 in Vietnamese words, lower case: 14040000 → "mười bốn triệu
    không trăm bốn mươi nghìn"."""
    if value < 0 or int(value) != value:
        raise ValueError(f"Only whole numbers from 0 are read: {value!r}")
    value = int(value)
    return " ".join(_words(value)) if value else "không"


def amount_in_words(value: int) -> str:
    """An amount of money as written after "Bằng chữ:": "Mười bốn triệu không trăm bốn mươi
    nghìn đồng"."""
    words = number_in_words(value)
    return f"{words[0].upper()}{words[1:]} đồng"
