"""What the secretary is asked before the council's steps that cannot be undone: opening the
session, opening and closing the voting (naming the present members who have not voted),
making the result final. Read-only; built on `thiduaportal.confirm`."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.models import AgendaItem, CouncilSession, VotingMethod
from council.turnout import turnout
from thiduaportal.confirm import Confirmation, Detail


def _name(item: AgendaItem) -> str:
    return f"{item.position}. {item.nomination.subject_name}"


def open_session(session: CouncilSession, *, present: int, needed: int, absent: list[str]) -> Confirmation:
    details = [
        Detail(
            _("Attendance recorded"),
            [
                _("%(present)s present; %(needed)s needed for the quorum.")
                % {"present": present, "needed": needed}
            ]
            + ([_("Not present: %(names)s") % {"names": ", ".join(absent)}] if absent else []),
            level="info" if present >= needed else "warning",
        )
    ]
    if present < needed:
        details.append(
            Detail(_("No quorum yet"), [_("Voting cannot open until the quorum is present.")], level="danger")
        )
    return Confirmation(
        title=_("Open the session?"),
        consequence=_(
            "Opening the session fixes its agenda (it no longer follows the round's list), the number "
            "of members and the quorum and pass rules, and records the automatic recusals. An open "
            "session cannot go back to preparation."
        ),
        action=reverse("council:session_open", args=[session.pk]),
        confirm_label=_("Confirm: open the session"),
        cancel_url=session.get_absolute_url(),
        details=details,
        level="primary",
    )


def open_voting(
    session: CouncilSession, items: list[AgendaItem], *, ends_at, absent: list[str]
) -> Confirmation:
    consequence = ngettext(
        "Voting opens on %(n)s item. A vote once cast cannot be changed, and the item cannot go back "
        "to waiting for its vote.",
        "Voting opens on %(n)s items. A vote once cast cannot be changed, and the items cannot go "
        "back to waiting for their vote.",
        len(items),
    ) % {"n": len(items)}
    if ends_at:
        consequence += " " + _("Voting closes by itself at %(time)s.") % {
            "time": formats.date_format(ends_at, "SHORT_DATETIME_FORMAT")
        }
    details = [Detail(_("Items put to the vote"), [_name(item) for item in items], level="info")]
    if absent:
        details.append(Detail(_("Not recorded present: cannot vote online"), absent, level="secondary"))
    return Confirmation(
        title=_("Open the voting?"),
        consequence=consequence,
        action=reverse("council:voting_open", args=[session.pk]),
        confirm_label=_("Confirm: open the voting"),
        cancel_url=session.get_absolute_url(),
        details=details,
        level="primary",
    )


def close_voting(
    session: CouncilSession, items: list[AgendaItem], *, unvoted: list[AgendaItem], whole_session: bool
) -> Confirmation:
    """Names, per item, the present members who have not voted yet."""
    consequence = ngettext(
        "Closing freezes the count of %(n)s item: nobody can vote on it any more. This cannot be undone.",
        "Closing freezes the count of %(n)s items: nobody can vote on them any more. This cannot be undone.",
        len(items),
    ) % {"n": len(items)}
    if whole_session:
        consequence += " " + _("The session's voting ends and the round's quota is applied.")
    details = []
    if session.method != VotingMethod.HANDS:
        for item in items:
            counts = turnout(session, [item])[item.pk]
            if counts.missing:
                details.append(
                    Detail(
                        _("%(item)s: %(n)s of %(expected)s present members have not voted")
                        % {"item": _name(item), "n": len(counts.missing), "expected": counts.expected},
                        counts.missing,
                    )
                )
        if items and not details:
            details.append(Detail(_("Every present member has voted."), [], level="success"))
    if unvoted:
        details.append(
            Detail(
                _("Never put to the vote: closed without votes, they do not pass"),
                [_name(item) for item in unvoted],
                level="danger",
            )
        )
    return Confirmation(
        title=_("Close the voting?"),
        consequence=consequence,
        action=reverse("council:voting_close", args=[session.pk]),
        confirm_label=_("Confirm: close the voting"),
        cancel_url=session.get_absolute_url(),
        details=details,
    )


def finalise(session: CouncilSession, rows) -> Confirmation:
    return Confirmation(
        title=_("Make the result final?"),
        consequence=_(
            "The result is published to the members and the office and frozen: no figure, rank or "
            "approval of this session can change afterwards."
        ),
        action=reverse("council:session_finalise", args=[session.pk]),
        confirm_label=_("Confirm: make the result final"),
        cancel_url=reverse("council:session_result", args=[session.pk]),
        details=[Detail(_("The result"), [outcome_line(row) for row in rows], level="info")],
        level="success",
    )


def tie(session: CouncilSession, *, approved, refused, reason: str) -> Confirmation:
    """The chair's decision at a tie, restated before it is recorded for good."""
    return Confirmation(
        title=_("Decide the tie?"),
        consequence=_(
            "The decision is recorded with its reason in the minutes and cannot be changed: the items "
            "not approved are not proposed for the award."
        ),
        action=reverse("council:session_tie", args=[session.pk]),
        confirm_label=_("Confirm the decision"),
        cancel_url=reverse("council:session_result", args=[session.pk]),
        details=[
            Detail(
                _("Approved"),
                [f"{item.position}. {item.nomination.subject_name}" for item in approved],
                "success",
            ),
            Detail(
                _("Not approved"),
                [f"{item.position}. {item.nomination.subject_name}" for item in refused],
                "secondary",
            ),
            Detail(_("Reason of the decision"), [reason], "info"),
        ],
    )


def outcome_line(row) -> str:
    """ "3. Lý Thị Hằng: Passed – 5/9 in favour, 5 needed"."""
    return f"{row.position}. {row.subject_name}: {outcome(row)}"


def outcome(row) -> str:
    """ "Passed – 5/9 in favour, 5 needed" (the base leaves out the recused members)."""
    return _("%(outcome)s – %(votes)s/%(base)s in favour, %(needed)s needed") % {
        "outcome": _("Passed") if row.passed else _("Not passed"),
        "votes": row.in_favour,
        "base": row.base,
        "needed": row.votes_needed,
    }
