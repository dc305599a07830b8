"""The council (Hội đồng Thi đua – Khen thưởng): terms and seats, sessions on a round's
shortlist, the secret ballot and the tally. One module per topic:

- `terms`: terms, seats, who serves on a date.
- `sessions`: a session's agenda, attendance, opening (rules copied from the settings,
  automatic recusals), declared conflicts, and the session's one door (`move_session`).
- `voting`: opening and closing the voting on items, ballots, show of hands, written
  opinions, closing by itself at the set time.
- `ballot_box`: the sealed ballot box of a secret session: the key holders' codes, the key
  dealt 2-of-n when voting opens, each ballot encrypted at cast time, the shares that
  decrypt the sums and release the result, the published box (arithmetic: `council.crypto`,
  checks: `council.verify`).
- `tally`: each item's figures, the round's quota, ties decided by the chair, the final result.
- `messages`: notifications of the council's events, sent once the change commits.

The rules (REFERENCE §6), copied onto the session when it opens so a later change of settings
never changes a past result:

- Members in total: the seats of the session's term serving on the session's date (joined on
  or before it, not left, or left after it), counted when the session opens.
- Quorum: members present >= ceil(total × COUNCIL_QUORUM). Written opinions of absent members
  never count towards the quorum. Voting cannot open without it.
- Recusal: automatic when the member is the nominated person (`cadre`), or the member's `unit`
  is the nominated collective or the nomination's proposing unit; plus conflicts a member
  declares. A recused member does not vote on the item.
- Base of an item = members in total − members recused from it. The item passes when its
  votes in favour (ballots for, plus written opinions for when COUNCIL_WRITTEN_OPINIONS_COUNT)
  are more than base × COUNCIL_PASS_SHARE (COUNCIL_PASS_STRICT) or at least that share.
- A year-end review's item carries its title's rule from the catalogue instead, copied when
  it is put on the agenda: at least `pass_share` of the base, the base being all members
  (recused ones included) when `pass_of_all`, written opinions then always counted (CSTĐCS:
  80 % of all members, NĐ 98/2023). Only the titles the council votes on reach the agenda.
- Quota: per subject type, the round's quota (None: no quota). Passing items ranked by votes
  in favour; those within the quota are approved. Equal votes straddling the last place are
  left to the chair, who decides with a reason; until then the session cannot be finalised.
- Secrecy: a ballot is encrypted under the session's key and inserted into the box beside the
  member's `VoterMark` (no choice, no time, not in the audit log); nothing else is written,
  and nothing is decrypted but the sums, once two key holders enter their codes after the
  voting closed. A cast ballot is final. `cast_list` casts one such ballot per item of a
  whole list (in favour but for the exceptions) in one transaction, or none.
"""

from __future__ import annotations

from nominations.services import NominationError


class CouncilError(NominationError):
    """A council rule refused the change; the message names what and where, and nothing was
    saved."""
