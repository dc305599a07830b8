"""Excel exports of nominations: a round's list of candidates (Danh sách đề nghị khen thưởng).

Headers, sheet title and state names are Vietnamese data, the clerks' own words, as in the
movement's exports. Rows come from a generator and are written in write-only mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.text import slugify

from nominations.models import Nomination, NominationState, Round, SubjectType
from thiduaportal import excel

TITLE = "Danh sách đề nghị khen thưởng"
STATE_PRINTED = {
    NominationState.DRAFT: "Đang soạn",
    NominationState.SUBMITTED: "Đã gửi",
    NominationState.RETURNED: "Trả lại để bổ sung",
    NominationState.ACCEPTED: "Đã tiếp nhận",
    NominationState.REJECTED: "Không tiếp nhận",
    NominationState.SHORTLISTED: "Trình Hội đồng",
    NominationState.WITHDRAWN: "Đã rút",
}
SUBJECT_PRINTED = {SubjectType.COLLECTIVE: "Tập thể", SubjectType.INDIVIDUAL: "Cá nhân"}
COLUMNS = [
    excel.Column(key="position", header="STT", parser=int, width=6),
    excel.Column(key="name", header="Tên tập thể, họ và tên cá nhân", parser=str, width=32),
    excel.Column(key="role", header="Chức vụ", parser=str, width=22),
    excel.Column(key="unit", header="Đơn vị", parser=str, width=32),
    excel.Column(key="subject_type", header="Tập thể/Cá nhân", parser=str, width=12),
    excel.Column(key="award", header="Hình thức khen thưởng", parser=str, width=30),
    excel.Column(key="summary", header="Tóm tắt thành tích", parser=str, width=50),
    excel.Column(key="state", header="Trạng thái", parser=str, width=18),
]


def round_list_rows(nominations: Iterable[Nomination]) -> Iterator[list[Any]]:
    """One row per nomination in `COLUMNS` order, numbered from 1."""
    for position, nomination in enumerate(nominations, start=1):
        cadre = nomination.subject_cadre
        yield [
            position,
            nomination.subject_name,
            cadre.position if cadre else "",
            cadre.unit.name if cadre else nomination.proposal.unit.name,
            SUBJECT_PRINTED.get(nomination.subject_type, nomination.subject_type),
            nomination.award_form.name,
            nomination.summary,
            STATE_PRINTED.get(nomination.state, nomination.state),
        ]


def round_list_workbook(round: Round, *, nominations=None) -> tuple[str, bytes]:  # noqa: A002 - the agreed name
    """(file name, .xlsx bytes) of the round's list: every nomination of the round, or only
    `nominations` (a queryset, e.g. what a unit may see). A fixed number of queries."""
    queryset = (
        Nomination.objects.filter(round=round) if nominations is None else nominations.filter(round=round)
    )
    queryset = queryset.select_related(
        "proposal__unit", "subject_unit", "subject_cadre__unit", "award_form"
    ).order_by("proposal__unit__name", "subject_type", "pk")
    filename = f"danh-sach-de-nghi-{slugify(round.title) or round.pk}.xlsx"
    return filename, excel.rows_to_bytes(COLUMNS, round_list_rows(queryset.iterator()), title=TITLE)


# --------------------------------------------------------------------------- the registry
