"""The vote monitor's figures: of the members recorded present and not recused from an item,
how many have voted and who has not yet. Never how anyone voted."""

from __future__ import annotations

from dataclasses import dataclass

from council.models import AgendaItem, Attendance, AttendanceStatus, CouncilSession, Recusal, VoterMark


@dataclass(frozen=True)
class Turnout:
    """Of the members recorded present who may vote on the item: how many, how many voted,
    and the names of those who have not."""

    voted: int
    expected: int
    missing: tuple[str, ...]


def turnout(session: CouncilSession, items: list[AgendaItem]) -> dict[int, Turnout]:
    """Item pk → its turnout; three queries whatever the number of items."""
    present = list(
        Attendance.objects.filter(session=session, status=AttendanceStatus.PRESENT)
        .select_related("member")
        .order_by("member__role", "member_id")
    )
    pks = [item.pk for item in items]
    marks = set(VoterMark.objects.filter(item_id__in=pks).values_list("item_id", "member_id"))
    recused = set(Recusal.objects.filter(item_id__in=pks).values_list("item_id", "member_id"))
    result = {}
    for item in items:
        eligible = [a.member for a in present if (item.pk, a.member_id) not in recused]
        missing = tuple(m.full_name for m in eligible if (item.pk, m.pk) not in marks)
        result[item.pk] = Turnout(len(eligible) - len(missing), len(eligible), missing)
    return result
