"""The words the printed letters and minutes build from the data: what a round rewards, the
award forms in full, the counts of collectives and individuals, and the full names of bodies.

A round's title is an internal label ("Khen thưởng hằng năm 2026 – phong trào thi đua CCHC")
and is never pasted into a sentence: an achievement is made in a movement (the campaign's
name and the year) or, for an ad hoc round, in the act the candidates are proposed for (their
common summary). Abbreviations are spelled out in printed text (NĐ 30/2020: no abbreviation
in titles and addressees): "Chủ tịch Ủy ban nhân dân xã Thượng Phúc", not "Chủ tịch UBND xã".
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator

from nominations.models import Round, RoundKind, SubjectType
from units.models import Commune

ACHIEVEMENT_PREFIX = "Đã có thành tích "
# Abbreviations of bodies spelled out in printed names (longest first).
ABBREVIATIONS = (
    ("MTTQ Việt Nam", "Mặt trận Tổ quốc Việt Nam"),
    ("MTTQ", "Mặt trận Tổ quốc Việt Nam"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("TNCS", "Thanh niên Cộng sản"),
    ("LHPN", "Liên hiệp Phụ nữ"),
)
_WORD = r"(?<![\w-]){}(?![\w-])"
# A village's name is followed by a comma before its commune ("Thôn Mai Sao, xã Thượng Phúc").
VILLAGE_WORDS = ("Thôn", "Xóm", "Ấp", "Bản")


_commune_scope: contextvars.ContextVar[list | None] = contextvars.ContextVar("commune_scope", default=None)


@contextlib.contextmanager
def one_commune() -> Iterator[None]:
    """Within it (a `with` block or a decorated function) the commune is read from the
    database once, however many names a document spells out; nested scopes share it."""
    if _commune_scope.get() is not None:
        yield
        return
    token = _commune_scope.set([])
    try:
        yield
    finally:
        _commune_scope.reset(token)


def current_commune() -> Commune | None:
    """`Commune.current()`, read once per `one_commune()` scope."""
    held = _commune_scope.get()
    if held is None:
        return Commune.current()
    if not held:
        held.append(Commune.current())
    return held[0]


def _names() -> tuple[str, str]:
    commune = current_commune()
    name = commune.name if commune and commune.name else "xã"
    province = commune.province.strip() if commune else ""
    return name, province[:1].lower() + province[1:]


def commune_name() -> str:
    """ "xã Thượng Phúc", or "xã" before the commune is set up."""
    return _names()[0]


def province_name() -> str:
    """ "thành phố Hà Nội" as running text writes it, or "" when none is recorded."""
    return _names()[1]


def spelled_out(text: str) -> str:
    """`text` with the abbreviations of bodies spelled out ("Văn phòng HĐND và UBND" ->
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"); "UBND xã" names the commune and "UBND
    Thành phố" the province when they are recorded."""
    commune, province = _names()
    if commune != "xã":
        # "UBND xã" -> "UBND xã Thượng Phúc", unless the place is already named.
        place = re.escape(commune.split(" ", 1)[-1])
        text = re.sub(rf"(?<![\w-])(UBND|Ủy ban nhân dân) xã(?![\w-])(?!\s+{place})", rf"\1 {commune}", text)
        # A name ending in the bare level ("Chủ tịch Ủy ban MTTQ Việt Nam xã") names it too.
        text = re.sub(r"(?<=\w) xã$", f" {commune}", text)
    if province:
        place = re.escape(re.sub(r"^(?:thành phố|tỉnh)\s+", "", province, flags=re.IGNORECASE))
        text = re.sub(
            rf"(?<![\w-])(UBND|Ủy ban nhân dân) (?:[Tt]hành phố|[Tt]ỉnh)(?![\w-])(?!\s+{place})",
            rf"\1 {province}",
            text,
        )
    for short, full in ABBREVIATIONS:
        text = re.sub(_WORD.format(re.escape(short)), full, text)
    return text


def with_commune(name: str) -> str:
    """A body's name as a reader outside the commune needs it: "Văn phòng Hội đồng nhân dân và
    Ủy ban nhân dân xã Thượng Phúc" (the commune added unless the name already carries it;
    villages and schools keep their own names, which already place them)."""
    name = spelled_out(name)
    commune = commune_name()
    if not name or commune == "xã" or commune.casefold() in name.casefold():
        return name
    separator = ", " if name.split(" ", 1)[0] in VILLAGE_WORDS else " "
    return f"{name}{separator}{commune}"


def count_phrase(collectives: int, individuals: int) -> str:
    """ "01 tập thể và 02 cá nhân", "01 cá nhân": zero groups are left out, counts under 10
    take a leading zero as documents write them."""
    parts = [
        f"{count:02d} {noun}" for count, noun in ((collectives, "tập thể"), (individuals, "cá nhân")) if count
    ]
    return " và ".join(parts)


def subjects_phrase(collectives: int, individuals: int) -> str:
    """Who the letter is about: "các tập thể, cá nhân", "các cá nhân", "tập thể" ..."""
    if collectives and individuals:
        return "các tập thể, cá nhân"
    count, noun = (collectives, "tập thể") if collectives else (individuals, "cá nhân")
    return f"các {noun}" if count > 1 else noun


def _period(round_: Round) -> str:
    campaign = round_.campaign
    if round_.kind == RoundKind.FINAL:
        return f"giai đoạn {campaign.start_year} - {campaign.end_year}"
    if round_.kind == RoundKind.MIDTERM:
        return f"giai đoạn {campaign.start_year} - {round_.year}"
    return f"năm {round_.year}"


def achievement_phrase(round_: Round, summaries: Iterable[str] = ()) -> str:
    """What the candidates achieved, to follow "đã có thành tích":

    - a movement's round: "xuất sắc trong phong trào thi đua “Cải cách hành chính …” năm 2026"
      ("giai đoạn 2026 - 2030" for a final review);
    - the year-end review: "trong thực hiện nhiệm vụ năm 2026";
    - an ad hoc round: the candidates' common summary, marked "đột xuất" ("xuất sắc đột xuất
      trong ứng phó mưa lớn …"); when their summaries differ, "xuất sắc đột xuất" alone (the
      attached list gives each one)."""
    if round_.is_year_end:
        return f"trong thực hiện nhiệm vụ năm {round_.year}"
    if round_.campaign_id and not round_.is_adhoc:
        return f"xuất sắc trong phong trào thi đua “{round_.campaign.title}” {_period(round_)}"
    common = {" ".join(s.split()) for s in summaries if s and s.strip()}
    if len(common) != 1:
        return "xuất sắc đột xuất"
    text = common.pop().removeprefix(ACHIEVEMENT_PREFIX).rstrip(".")
    text = text[:1].lower() + text[1:]
    if "đột xuất" not in text:
        text = (
            re.sub(r"^xuất sắc\b", "xuất sắc đột xuất", text)
            if text.startswith("xuất sắc")
            else f"đột xuất {text}"
        )
    return text


def award_phrase(lines) -> str:
    """ "Giấy khen của Chủ tịch Ủy ban nhân dân xã Thượng Phúc cho 01 tập thể và 02 cá nhân",
    one clause per award form (joined by "; "), from list lines (`subject_type`, `award`)."""
    by_award: dict[str, list[int]] = {}
    for line in lines:
        counts = by_award.setdefault(line.award, [0, 0])
        counts[0 if line.subject_type == SubjectType.COLLECTIVE else 1] += 1
    return "; ".join(f"{award_name(award)} cho {count_phrase(*counts)}" for award, counts in by_award.items())


def award_name(award: str) -> str:
    """An award as a sentence names it: an emulation title "danh hiệu “Lao động tiên tiến”",
    any other award spelled out ("Giấy khen của Chủ tịch Ủy ban nhân dân xã Thượng Phúc")."""
    if award.startswith("Danh hiệu "):
        return f"danh hiệu “{award.removeprefix('Danh hiệu ').strip()}”"
    return spelled_out(award)


def award_title(lines) -> str:
    """The award form for a trích yếu: its full name when the list holds one form, else ""
    (the caller then writes the neutral "đề nghị khen thưởng")."""
    awards = list(dict.fromkeys(line.award for line in lines))
    return spelled_out(awards[0]) if len(awards) == 1 else ""


def summary_line(lines, round_: Round, *, verb: str = "đề nghị") -> str:
    """The trích yếu of a letter proposing the listed candidates: "Về việc đề nghị tặng Giấy
    khen của Chủ tịch Ủy ban nhân dân xã Thượng Phúc cho các tập thể, cá nhân đã có thành tích
    xuất sắc trong phong trào thi đua “…” năm 2026"."""
    if round_.is_year_end:
        return f"Về việc {verb} công nhận danh hiệu thi đua năm {round_.year}"
    lines = list(lines)
    collectives = sum(1 for line in lines if line.subject_type == SubjectType.COLLECTIVE)
    individuals = len(lines) - collectives
    award = award_title(lines)
    action = f"{verb} tặng {award}" if award else f"{verb} khen thưởng"
    who = subjects_phrase(collectives, individuals) if lines else "các tập thể, cá nhân"
    achievement = achievement_phrase(round_, (line.achievement for line in lines))
    return f"Về việc {action} cho {who} đã có thành tích {achievement}"
