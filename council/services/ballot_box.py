"""The encrypted ballot box of a secret session (arithmetic in `council.crypto`).

1. Before voting opens, each key officer (the chair, the secretary, and the first vice chair
   when the term has one) takes a code, shown to them once (`issue_officer_code`); only its
   public key is stored.
2. When voting first opens (`make_key`), a fresh key is dealt k-of-n (2 of 2, or 2 of 3 with
   the vice chair): each share is wrapped under its officer's code key, its public commitment
   kept; the private key and the clear shares are forgotten before the transaction commits.
3. Each ballot is encrypted in the server at cast time (`seal_ballot`) and inserted as one row
   with no member and no time (`Ballot`).
4. When the session's voting is closed, each officer enters their code (`present_share`); the
   server opens their share, decrypts the sums (never a single ballot) with a proof, and once
   k officers have, releases the result: the counts go into the items' counters, the items
   are tallied and the round's quota applied.
5. `published_box` is the record anyone can check (`council.verify`).
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import crypto, verify
from council.models import (
    AgendaItem,
    Ballot,
    BallotKey,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    DecryptionShare,
    ItemState,
    KeyHolder,
    SessionState,
    VotingMethod,
)
from council.services import CouncilError
from council.services.sessions import lock, refuse_unless, serving

CHOICES: tuple[str, ...] = ("for", "against", "abstain")
THRESHOLD = 2


def _dumps(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def key_officers(session: CouncilSession) -> list[CouncilMember]:
    """The seats that hold a share: the chair, the secretary, then the first vice chair."""
    seats = list(
        serving(session).filter(role__in=(CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.VICE_CHAIR))
    )
    chosen = []
    for role in (CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.VICE_CHAIR):
        found = [seat for seat in seats if seat.role == role]
        if found:
            chosen.append(found[0])
    return chosen


def uses_box(session: CouncilSession) -> bool:
    """Whether the session's ballots go to the encrypted box (a secret session whose key is made)."""
    return session.method == VotingMethod.SECRET and BallotKey.objects.filter(session=session).exists()


def released(session: CouncilSession) -> bool:
    """Whether the session's result may be shown: voting closed and, for the encrypted box, the
    officers' shares decrypted it. Nobody, the administrator included, sees a figure before."""
    if session.state not in (SessionState.CLOSED, SessionState.FINAL):
        return False
    key = BallotKey.objects.filter(session=session).only("released_at").first()
    return key is None or key.released_at is not None


def _officer_seat(session: CouncilSession, user) -> CouncilMember:
    officers = {seat.user_id: seat for seat in key_officers(session)}
    seat = officers.get(getattr(user, "pk", None))
    if seat is None:
        raise CouncilError(
            _(
                "Only the chair, the secretary and the vice chair of the council hold a key share of “%(session)s”."
            )
            % {"session": session}
        )
    return seat


@transaction.atomic
def issue_officer_code(session: CouncilSession, *, actor) -> str:
    """A new key code for the officer `actor`, returned once and never stored (only its public
    key is). Taking a code again replaces the earlier one, until voting opens. Refused for a
    show of hands, once the key is made, or for a user who is not a key officer."""
    locked = lock(session)
    refuse_unless(locked, SessionState.DRAFT, SessionState.OPEN, doing=_("taking a key code"))
    if locked.method != VotingMethod.SECRET:
        raise CouncilError(
            _("The session “%(session)s” votes by show of hands: no key is needed.") % {"session": locked}
        )
    if BallotKey.objects.filter(session=locked).exists():
        raise CouncilError(
            _("The ballot key of “%(session)s” is already made: the codes cannot change.")
            % {"session": locked}
        )
    seat = _officer_seat(locked, actor)
    code = crypto.new_officer_code()
    order = [officer.pk for officer in key_officers(locked)]
    KeyHolder.objects.update_or_create(
        session=locked,
        member=seat,
        defaults={"index": order.index(seat.pk) + 1, "code_public": crypto.officer_public(code)},
    )
    return code


def make_key(locked: CouncilSession) -> BallotKey:
    """Deal the session's key to the officers who took their code (the caller holds the session
    locked, in the transaction that opens the voting). Refused while an officer has not."""
    officers = key_officers(locked)
    if len(officers) < THRESHOLD:
        raise CouncilError(
            _(
                "A secret ballot needs the chair and the secretary of the council to hold the key; "
                "the term “%(term)s” lacks one of them."
            )
            % {"term": locked.term}
        )
    holders = {h.member_id: h for h in KeyHolder.objects.filter(session=locked)}
    missing = [seat.full_name for seat in officers if seat.pk not in holders]
    if missing:
        raise CouncilError(
            _("Voting cannot open: %(names)s must first take their key code on the session's page.")
            % {"names": ", ".join(missing)}
        )
    KeyHolder.objects.filter(session=locked).exclude(member__in=officers).delete()
    dealt = crypto.deal([holders[seat.pk].index for seat in officers], THRESHOLD)
    key = BallotKey.objects.create(
        session=locked, public_key=crypto.encode_point(dealt.public), threshold=THRESHOLD
    )
    for seat in officers:
        holder = holders[seat.pk]
        holder.commitment = crypto.encode_point(dealt.commitments[holder.index])
        holder.wrapped = crypto.wrap_share(
            dealt.shares[holder.index], holder.code_public, context=str(key.key_id)
        )
        holder.save(update_fields=["commitment", "wrapped"])
    dealt.shares.clear()
    return key


def seal_ballot(item: AgendaItem, choice: str, *, key: BallotKey | None = None) -> tuple[str, str]:
    """The ballot for `choice` encrypted under the session's key (`key`, read when not given)
    with fresh randomness, with its proofs: (canonical JSON, fingerprint). In memory only the
    choice and the randomness exist, for the length of this call."""
    key = key or BallotKey.objects.get(session_id=item.session_id)
    context = crypto.ballot_context(str(key.key_id), item.pk)
    sealed = crypto.encrypt_ballot(
        crypto.decode_point(key.public_key), choices=CHOICES, chosen=choice, context=context
    )
    content = _dumps(sealed)
    return content, crypto.fingerprint(content)


def item_sums(item: AgendaItem) -> list[crypto.Ciphertext]:
    """The homomorphic sum of the item's ballots, one ciphertext per choice."""
    rows = [json.loads(c) for c in Ballot.objects.filter(item=item).values_list("content", flat=True)]
    return [
        crypto.total(crypto.Ciphertext.from_dict(row["choices"][index]) for row in rows)
        for index in range(len(CHOICES))
    ]


def present_share(session: CouncilSession, *, actor, code: str) -> bool:
    """The officer `actor` enters their code after the session's voting closed: their share
    opens in memory, decrypts each item's sums with a proof (stored, public), and is forgotten.
    When `threshold` officers have, the result is released (returns True). Refused: the session
    not closed, no box, already released, not a key officer, a code that is not theirs, or
    entered twice."""
    from council.services import tally  # noqa: PLC0415 - tally imports this module for `released`

    with transaction.atomic():
        locked = lock(session)
        refuse_unless(locked, SessionState.CLOSED, doing=_("entering a key share"))
        key = BallotKey.objects.select_for_update().filter(session=locked).first()
        if key is None:
            raise CouncilError(
                _("The session “%(session)s” has no encrypted ballot box.") % {"session": locked}
            )
        if key.released_at is not None:
            raise CouncilError(_("The result of “%(session)s” is already released.") % {"session": locked})
        seat = _officer_seat(locked, actor)
        holder = KeyHolder.objects.filter(session=locked, member=seat).first()
        if holder is None or not holder.wrapped:
            raise CouncilError(_("You hold no key share of “%(session)s”.") % {"session": locked})
        if holder.decryption_shares.exists():
            raise CouncilError(_("You have already entered your key share."))
        share = _open_share(holder, key, code)
        items = list(locked.items.order_by("position"))
        for item in items:
            sums = item_sums(item)
            context = f"{key.key_id}/decrypt/{item.pk}"
            parts = [
                crypto.decryption_share(
                    share, ct, commitment=crypto.decode_point(holder.commitment), context=f"{context}/{name}"
                )
                for name, ct in zip(CHOICES, sums, strict=True)
            ]
            DecryptionShare.objects.create(holder=holder, item=item, content=_dumps(parts))
        del share
        presented = (
            KeyHolder.objects.filter(session=locked, decryption_shares__isnull=False).distinct().count()
        )
        if presented < key.threshold:
            return False
        _release(locked, key, items, actor=actor)
        tally.apply_quota(locked)
        return True


def _open_share(holder: KeyHolder, key: BallotKey, code: str) -> int:
    wrong = CouncilError(
        _(
            "This is not your key code for this session: check each group of four characters and enter it again."
        ),
        field="code",
    )
    if not crypto.normalise_code(code) or not crypto.code_matches(code, holder.code_public):
        raise wrong
    try:
        share = crypto.unwrap_share(holder.wrapped, code, context=str(key.key_id))
    except crypto.CryptoError:
        raise wrong from None
    if crypto.encode_point(crypto.G * share) != holder.commitment:
        raise wrong
    return share


def _release(locked: CouncilSession, key: BallotKey, items: list[AgendaItem], *, actor) -> None:
    """Combine the first `threshold` officers' decryption shares into each item's counts, check
    every proof, write the counts once and tally each item."""
    from council.services import tally  # noqa: PLC0415 - tally imports this module for `released`

    record = published_box(locked, key=key)
    problems = verify.check_box(record)
    if problems:
        raise CouncilError(
            _("The ballot box does not check: %(problems)s") % {"problems": "; ".join(problems)}
        )
    for entry, item in zip(record["items"], items, strict=True):
        counts = entry["counts"]
        AgendaItem.objects.filter(pk=item.pk).update(
            votes_for=counts["for"], votes_against=counts["against"], votes_abstain=counts["abstain"]
        )
        item.refresh_from_db()
        if item.state == ItemState.CLOSED:
            tally.tally_item(item)
    key.released_at = timezone.now()
    key.save(update_fields=["released_at"])


def published_box(session: CouncilSession, *, key: BallotKey | None = None) -> dict:
    """Everything needed to check the tally: the public key and the officers' commitments, each
    item's ballots (by fingerprint order), their sums, the decryption shares with their proofs
    and the counts they give (computed here, when enough shares are in)."""
    key = key or BallotKey.objects.get(session=session)
    holders = list(KeyHolder.objects.filter(session=session).select_related("member"))
    shares = {}
    for share in DecryptionShare.objects.filter(holder__session=session).select_related("holder"):
        shares.setdefault(share.item_id, {})[share.holder.index] = json.loads(share.content)
    items = []
    for item in session.items.order_by("position"):
        ballots = list(Ballot.objects.filter(item=item).values_list("content", flat=True))
        sums = item_sums(item) if ballots else [crypto.ZERO] * len(CHOICES)
        entry = {
            "item": item.pk,
            "position": item.position,
            "ballots": [json.loads(c) for c in sorted(ballots)],
            "sums": [ct.as_dict() for ct in sums],
            "decryption_shares": {str(i): parts for i, parts in sorted(shares.get(item.pk, {}).items())},
        }
        entry["counts"] = verify.counts_of(
            entry, threshold=key.threshold, holders=_holders(holders), key_id=str(key.key_id)
        )
        items.append(entry)
    return {
        "scheme": crypto.SCHEME,
        "session": session.pk,
        "key_id": str(key.key_id),
        "public_key": key.public_key,
        "threshold": key.threshold,
        "choices": list(CHOICES),
        "holders": _holders(holders),
        "items": items,
    }


def _holders(holders: list[KeyHolder]) -> list[dict]:
    return [
        {"index": h.index, "role": h.member.role, "name": h.member.full_name, "commitment": h.commitment}
        for h in holders
    ]


def receipt_in_box(session: CouncilSession, receipt: str) -> bool:
    """Whether a ballot of the session's box has this fingerprint (its first 16 hex digits, as
    the member was shown, or all of it)."""
    head = "".join(ch for ch in (receipt or "").lower() if ch in "0123456789abcdef")
    if len(head) < 16:
        return False
    return Ballot.objects.filter(item__session=session, fingerprint__startswith=head).exists()


def presented_holders(session: CouncilSession) -> set[int]:
    """The member pks of the officers who have entered their share."""
    return set(
        KeyHolder.objects.filter(session=session, decryption_shares__isnull=False).values_list(
            "member_id", flat=True
        )
    )


def key_panel(session: CouncilSession, user) -> dict | None:
    """What the session's page shows of the key (None for a show of hands): the officers,
    who has taken a code and who has entered a share, whether the box is counted, and
    whether `user` is an officer who may take a code or enter a share now."""
    if session.method != VotingMethod.SECRET:
        return None
    key = BallotKey.objects.filter(session=session).first()
    holders = {h.member_id: h for h in KeyHolder.objects.filter(session=session)}
    presented = presented_holders(session)
    officers = [
        {"seat": seat, "has_code": seat.pk in holders, "presented": seat.pk in presented}
        for seat in key_officers(session)
    ]
    mine = next((o for o in officers if o["seat"].user_id == getattr(user, "pk", None)), None)
    made = key is not None
    return {
        "officers": officers,
        "made": made,
        "threshold": key.threshold if made else min(THRESHOLD, len(officers)),
        "released": made and key.released_at is not None,
        "ballots": Ballot.objects.filter(item__session=session).count() if made else 0,
        "mine": mine,
        "may_take_code": mine is not None
        and not made
        and session.state in (SessionState.DRAFT, SessionState.OPEN),
        "may_present": mine is not None
        and made
        and not mine["presented"]
        and key.released_at is None
        and session.state == SessionState.CLOSED,
    }
