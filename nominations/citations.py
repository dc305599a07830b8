"""The legal bases (căn cứ) every document of the commune's emulation work cites: one place.

Each basis is a citation without its leading "Căn cứ" and without punctuation: a first
citation gives the type, number, date, issuer and trích yếu, as NĐ 30/2020/NĐ-CP asks.
Documents print them with `printed_bases` and the template `documents/_legal_bases.html`:

    bases = citations.bases_for(round_)                      # a letter or report of the round
    bases = citations.bases_for(round_, deciding=True, council_met_on=day)   # a decision
    lines = citations.printed_bases(bases, closing="Xét đề nghị của …")
    {% include "documents/_legal_bases.html" with lines=lines %}

`printed_bases` gives "Căn cứ …;" for each basis and ends the last line of the block with
"."; the include prints the lines in italics (NĐ 30/2020 Phụ lục I: "in thường, kiểu chữ
nghiêng; cuối dòng có dấu chấm phẩy, dòng cuối cùng kết thúc bằng dấu chấm").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from nominations.models import Round
from thiduaportal.dates import legal_date
from units.models import Commune

LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
EMULATION_LAW = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
DECREE_152 = (
    "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
    "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số "
    "điều của Luật Thi đua, khen thưởng"
)
# What every letter, report and minutes of the work cites.
LEGAL_BASES = (EMULATION_LAW, DECREE_152)
# A decision of the chairman cites first the law that gives him the power to decide.
DECISION_BASES = (LOCAL_GOVERNMENT_LAW, EMULATION_LAW, DECREE_152)
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng"


def _commune_name() -> str:
    commune = Commune.current()
    return commune.name if commune else "xã"


def authority_name() -> str:
    """ "Ủy ban nhân dân xã Thượng Phúc", as a citation names the commune's People's Committee."""
    return f"Ủy ban nhân dân {_commune_name()}"


def plan_basis(round_: Round) -> tuple[str, ...]:
    """The citation of the plan of the round's movement, with the commune's name ("Kế hoạch số
    45/KH-UBND ngày 16 tháng 3 năm 2026 của Ủy ban nhân dân xã Thượng Phúc về tổ chức phong
    trào thi đua “…” giai đoạn 2026 - 2030"); empty for a round of no movement."""
    campaign = round_.campaign
    if campaign is None:
        return ()
    number = f" số {campaign.plan_number}" if campaign.plan_number else ""
    date = f" {legal_date(campaign.plan_date)}" if campaign.plan_date else ""
    return (
        f"Kế hoạch{number}{date} của {authority_name()} về tổ chức phong trào thi đua "
        f"“{campaign.title}” giai đoạn {campaign.start_year} - {campaign.end_year}",
    )


def council_minutes_basis(met_on: datetime.date) -> str:
    """The citation of the council's minutes: "Biên bản họp xét khen thưởng của Hội đồng Thi đua
    – Khen thưởng xã Thượng Phúc ngày 12 tháng 9 năm 2025"."""
    return f"Biên bản họp xét khen thưởng của {COUNCIL_NAME} {_commune_name()} {legal_date(met_on)}"


def bases_for(
    round_: Round | None, *, deciding: bool = False, council_met_on: datetime.date | None = None
) -> tuple[str, ...]:
    """The default bases of a document of `round_`: the laws and NĐ 152 (with the law on local
    government first when `deciding`), the movement's plan, then the council's minutes when a
    council voted (`council_met_on`, the day it met)."""
    laws = DECISION_BASES if deciding else LEGAL_BASES
    plan = plan_basis(round_) if round_ is not None else ()
    minutes = (council_minutes_basis(council_met_on),) if council_met_on is not None else ()
    return (*laws, *plan, *minutes)


def _bare(basis: str) -> str:
    return " ".join(basis.split()).removeprefix("Căn cứ ").rstrip(" .;,")


def printed_bases(bases: Iterable[str], *, closing: str = "") -> tuple[str, ...]:
    """The printed lines: "Căn cứ …;" for each basis, then `closing` (e.g. "Xét đề nghị của …")
    when given; the last line of the block ends with "." instead of ";". Punctuation typed at the
    end of a basis (or a leading "Căn cứ") is dropped, so a basis edited by hand prints the same."""
    lines = [f"Căn cứ {_bare(basis)}" for basis in bases if _bare(basis)]
    if closing.strip():
        lines.append(" ".join(closing.split()).rstrip(" .;,"))
    if not lines:
        return ()
    return (*(f"{line};" for line in lines[:-1]), f"{lines[-1]}.")
