"""The demo's decisions, made through the services as the office and the chairman would:

- Quyết định 141/QĐ-UBND of 16/09/2025 on the past ad hoc round (the council's final
  session of 12/09/2025): three awards entered in the registry with golden-book numbers 4–6
  (the portal took over the numbering from the paper register after decision 140, and the
  golden book after the three awards of decision 96 of 18/08/2025, imported from it).
- Quyết định 177/QĐ-UBND of 10/11/2025 revoking one of them (the officer of Phòng Kinh tế,
  disciplined for a fault found after the award): its certificate's verification page says
  "revoked".
- A printer calibrated for pre-printed blanks.

Each decision is drafted and issued on its day (the services stamp the issuing with the
clock of that moment), at four in the afternoon. The last demo step, after the council:
`seed` leaves existing demo decisions as they are.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

import time_machine
from django.utils import timezone

from awards.models import Decision, DecisionKind, PrinterProfile
from awards.services.decisions import drafting, issuing, numbering
from demo import council as council_demo
from nominations.models import Round
from units.models import User

AWARD_ON = datetime.date(2025, 9, 16)
REVOKE_ON = datetime.date(2025, 11, 10)
LETTER = "Tờ trình số 18/TTr-VHXH ngày 15/9/2025"
REVOKE_LETTER = "Tờ trình số 27/TTr-VHXH ngày 05/11/2025"
REVOKE_REASON = (
    "cá nhân bị xử lý kỷ luật bằng hình thức khiển trách do vi phạm xảy ra trong thời gian xét khen thưởng, "
    "được phát hiện sau khi ban hành Quyết định"
)
PRINTER = ("Máy in Canon LBP 2900 – Văn phòng HĐND và UBND", 1.5, -2.0)


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the demo decisions, past awards and printer unless the decision exists."""
    round_ = Round.objects.filter(title=council_demo.PAST_TITLE).first()
    users = {u.username: u for u in User.objects.filter(username__in=["vhxh", "chutich"])}
    if round_ is None or len(users) < 2:
        return
    if Decision.objects.filter(round=round_).exists():
        found["decisions"] += 1
        return
    office, chairman = users["vhxh"], users["chutich"]
    award = _award_decision(round_, office, chairman)
    created["decisions"] += 1
    _revocation(award, office, chairman)
    created["decisions"] += 1
    name, x, y = PRINTER
    PrinterProfile.objects.get_or_create(name=name, defaults={"offset_x_mm": x, "offset_y_mm": y})


def _award_decision(round_: Round, office: User, chairman: User) -> Decision:
    numbering.continue_from("QĐ-UBND", AWARD_ON.year, 140, actor=office)
    with time_machine.travel(_afternoon(AWARD_ON), tick=False):
        draft = drafting.draft_decision(round_, actor=office)
        drafting.update_draft(draft, actor=office, letter_reference=LETTER)
        return issuing.issue_decision(draft, actor=chairman, issued_on=AWARD_ON)


def _revocation(decision: Decision, office: User, chairman: User) -> Decision:
    wrong = decision.awards.filter(subject_type="individual", unit_name__startswith="Phòng Kinh tế").first()
    wrong = wrong or decision.awards.order_by("-position").first()
    numbering.continue_from("QĐ-UBND", REVOKE_ON.year, 176, actor=office)
    with time_machine.travel(_afternoon(REVOKE_ON), tick=False):
        draft = drafting.draft_correction(
            decision, actor=office, kind=DecisionKind.REVOCATION, awards=[wrong], reason=REVOKE_REASON
        )
        drafting.update_draft(draft, actor=office, letter_reference=REVOKE_LETTER)
        return issuing.issue_decision(draft, actor=chairman, issued_on=REVOKE_ON)


def _afternoon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))
