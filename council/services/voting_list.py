"""A member's ballots on a whole list at once (a year-end review's 150 people): "for" on every
item except the ones the member changes, each ballot written exactly as `voting.cast_ballot`
writes it, all in one transaction and a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.models import (
    AgendaItem,
    AttendanceStatus,
    Ballot,
    BallotKey,
    CouncilSession,
    ItemState,
    SessionState,
    VoterMark,
    VotingMethod,
)
from council.services import CouncilError, ballot_box
from council.services.sessions import refuse_unless, serving
from council.services.voting import CHOICES, check_voting_open, item_name, refuse_item


def _list_voter(session: CouncilSession, user):
    """The user's serving seat, recorded present; otherwise the list is refused."""
    member = serving(session).filter(user=user).first() if user is not None else None
    if member is None:
        raise CouncilError(
            _("You do not serve in the council of the session “%(session)s”.") % {"session": session}
        )
    status = session.attendance.filter(member=member).values_list("status", flat=True).first()
    if status != AttendanceStatus.PRESENT:
        raise CouncilError(
            _("You are not recorded present at the session “%(session)s”; you cannot vote.")
            % {"session": session}
        )
    return member


def _names(items: Iterable[AgendaItem]) -> str:
    return "; ".join(item_name(item) for item in items)


def _check_list(locked: list[AgendaItem], member, wanted: set[int], exceptions: dict[int, str], now) -> None:
    """Refuse the list unless every wanted item is open and not yet voted by the member."""
    found = {item.pk: item for item in locked}
    missing = (wanted | set(exceptions)) - set(found)
    if missing:
        raise CouncilError(
            _("Items #%(items)s are not open for your vote in this session.")
            % {"items": ", #".join(str(pk) for pk in sorted(missing))}
        )
    for item in locked:
        if item.session.method == VotingMethod.HANDS:
            raise refuse_item(_("Item %(item)s is voted by show of hands, recorded by the secretary."), item)
        check_voting_open(item, now)
    voted = [
        found[pk]
        for pk in VoterMark.objects.filter(item__in=locked, member=member).values_list("item_id", flat=True)
    ]
    if voted:
        message = ngettext(
            "You have already voted on item %(items)s; a cast ballot is final. Nothing of the list was cast.",
            "You have already voted on items %(items)s; a cast ballot is final. Nothing of the list was cast.",
            len(voted),
        )
        raise CouncilError(message % {"items": _names(sorted(voted, key=lambda item: item.position))})


def _list_items(session: CouncilSession, member, items: Iterable[int] | None) -> set[int]:
    """The items of the list: those given, else every item open on which the member is not recused."""
    if items is not None:
        return {int(pk) for pk in items}
    queryset = session.items.filter(state=ItemState.VOTING).exclude(recusals__member=member)
    return set(queryset.values_list("pk", flat=True))


def cast_list(
    session: CouncilSession,
    *,
    user,
    exceptions: dict[int, str] | None = None,
    items: Iterable[int] | None = None,
) -> dict[int, str]:
    """Cast the user's ballots on a whole list at once: "for" on every item of the list
    (`items`: the pks the member was shown; every open item the member is not recused from
    when None) except those in `exceptions` (item pk → "against", "abstain" or "for"). Each
    ballot goes in exactly as `cast_ballot` puts it (a `VoterMark` and an encrypted `Ballot`,
    or the counter of a session voted before the box), all in one transaction, in a fixed
    number of queries. Refused as a whole, nothing cast: an unknown choice, the user not
    serving or not present, an item not open (voting closed, or closed at its time), recused
    or voted on already, a show of hands. Returns item pk → receipt ("" without the box)."""
    exceptions = {int(pk): choice for pk, choice in (exceptions or {}).items()}
    if any(choice not in CHOICES for choice in exceptions.values()):
        raise CouncilError(_("Choose for, against or abstain."), field="exceptions")
    refuse_unless(session, SessionState.OPEN, doing=_("voting"))
    member = _list_voter(session, user)
    wanted = _list_items(session, member, items)
    if not wanted:
        raise CouncilError(_("No item of “%(session)s” is open for your vote.") % {"session": session})
    choices = {pk: exceptions.get(pk, "for") for pk in wanted | set(exceptions)}
    sealed = _seal_all(session, choices)
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            session.items.select_for_update(of=("self",))
            .select_related("session", "nomination__subject_unit", "nomination__subject_cadre")
            .filter(pk__in=list(choices))
            .exclude(recusals__member=member)
        )
        _check_list(locked, member, set(choices), exceptions, now)
        _write_list(locked, member, choices, sealed)
    return {pk: sealed[pk][1] if sealed else "" for pk in choices}


def _seal_all(session: CouncilSession, choices: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Each item's ballot sealed under the session's key, before any lock is taken, as
    `cast_ballot` does (the proofs take time); empty without a key (a show of hands, or a
    session voted before the box)."""
    key = BallotKey.objects.filter(session=session).first() if session.method == VotingMethod.SECRET else None
    if key is None:
        return {}
    return {
        pk: ballot_box.seal_ballot(AgendaItem(pk=pk, session=session), choice, key=key)
        for pk, choice in choices.items()
    }


def _write_list(locked: list[AgendaItem], member, choices: dict[int, str], sealed) -> None:
    """The member's marks, then the sealed ballots (or the counters), a few rows per query."""
    try:
        with transaction.atomic():
            VoterMark.objects.bulk_create(VoterMark(item=item, member=member) for item in locked)
    except IntegrityError:
        raise CouncilError(
            _("You have already voted on an item of the list; nothing of it was cast.")
        ) from None
    if sealed:
        Ballot.objects.bulk_create(
            Ballot(item=item, content=sealed[item.pk][0], fingerprint=sealed[item.pk][1]) for item in locked
        )
        return
    for choice, field in CHOICES.items():
        chosen = [pk for pk, c in choices.items() if c == choice]
        if chosen:
            AgendaItem.objects.filter(pk__in=chosen).update(**{field: F(field) + 1})
