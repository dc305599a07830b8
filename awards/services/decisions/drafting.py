"""Who a decision may award, drafting and editing it, corrections, and the lines it prints.

A round's candidates are the nominations the council approved (passed and within the quota)
in the round's final session; an ad hoc round without a session, when ADHOC_WITHOUT_COUNCIL
allows it, is decided from the office's shortlist. City awards are forwarded, never decided
here. A nomination already in another draft or issued award decision is not a candidate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, Decision, DecisionKind, DecisionState, SignerCapacity
from awards.services.decisions import DecisionError
from awards.services.decisions.lines import ACHIEVEMENT_PREFIX, list_order, listed
from council.models import AgendaItem, CouncilSession, SessionState
from nominations import citations
from nominations.models import (
    AwardLevel,
    Nomination,
    NominationState,
    Round,
    RoundKind,
    RoundState,
    SubjectType,
    Title,
)
from thiduaportal.dates import legal_date
from thiduaportal.text import nfc
from units.models import Commune

# Rounds a decision may be drafted in: after the council (or, ad hoc, after review).
DRAFTABLE_STATES = frozenset({RoundState.COUNCIL, RoundState.DECIDED})
ADHOC_DRAFTABLE_STATES = frozenset({RoundState.REVIEW, RoundState.COUNCIL, RoundState.DECIDED})
EDITABLE_FIELDS = (
    "title",
    "achievement",
    "letter_reference",
    "legal_bases",
    "cash_source",
    "executors",
    "recipients",
    "signer_capacity",
    "signer_name",
    "reason",
)
HONORIFICS = {"male": "ông ", "female": "bà "}


# --------------------------------------------------------------------------- candidates


def final_session(round_: Round) -> CouncilSession | None:
    """The round's latest session whose result is final."""
    return round_.council_sessions.filter(state=SessionState.FINAL).order_by("-finalised_at", "-pk").first()


def pending_session(round_: Round) -> CouncilSession | None:
    """A session of the round convened but whose result is not final yet."""
    return round_.council_sessions.exclude(state=SessionState.FINAL).order_by("meets_at", "pk").first()


def decides_without_council(round_: Round) -> bool:
    """An ad hoc round decided from the office's shortlist: allowed by ADHOC_WITHOUT_COUNCIL,
    and only while no council session was convened on it (a convened council decides)."""
    return round_.is_adhoc and settings.ADHOC_WITHOUT_COUNCIL and not round_.council_sessions.exists()


def _taken_ids(round_: Round, *, excluding: Decision | None = None) -> set[int]:
    """Nominations of the round already in an award or amendment decision that is not discarded."""
    decisions = Decision.objects.filter(round=round_).exclude(state=DecisionState.DISCARDED)
    decisions = decisions.exclude(kind=DecisionKind.REVOCATION)
    if excluding is not None:
        decisions = decisions.exclude(pk=excluding.pk)
    taken = set(
        Decision.nominations.through.objects.filter(decision__in=decisions).values_list(
            "nomination_id", flat=True
        )
    )
    # A nomination whose award was revoked stays awarded-and-revoked: it is not decided again.
    taken |= set(Award.objects.filter(nomination__round=round_).values_list("nomination_id", flat=True))
    return taken


def _year_end_pool(round_: Round, session: CouncilSession | None):
    """The year-end review's nominations a decision may award: those the council approved and
    those the office accepted of a title the council does not vote on (LĐTT)."""
    unvoted = Title.objects.filter(commune_id=round_.commune_id, council_vote=False).values("award_form_id")
    pool = Q(
        round=round_,
        state__in=(NominationState.ACCEPTED, NominationState.SHORTLISTED),
        award_form_id__in=unvoted,
    )
    if session is not None:
        pool |= Q(pk__in=AgendaItem.objects.filter(session=session, approved=True).values("nomination_id"))
    return Nomination.objects.filter(pool)


def candidates(round_: Round, *, excluding: Decision | None = None) -> list[Nomination]:
    """The nominations a new award decision of the round may award, collectives first (the
    year-end review: by title, then unit)."""
    session = final_session(round_)
    if round_.is_year_end:
        queryset = _year_end_pool(round_, session)
    elif session is not None:
        ids = AgendaItem.objects.filter(session=session, approved=True).values_list(
            "nomination_id", flat=True
        )
        queryset = Nomination.objects.filter(pk__in=ids)
    elif decides_without_council(round_):
        queryset = Nomination.objects.filter(round=round_, state=NominationState.SHORTLISTED)
    else:
        return []
    queryset = queryset.filter(award_form__level=AwardLevel.COMMUNE).exclude(
        pk__in=_taken_ids(round_, excluding=excluding)
    )
    return sorted(listed(queryset), key=list_order)


def candidate_count(round_: Round) -> int:
    """How many candidates a new decision of the round could award (0 without a query when
    the round is not at a deciding stage)."""
    if round_.state not in ADHOC_DRAFTABLE_STATES:
        return 0
    if round_.state == RoundState.REVIEW and not round_.is_adhoc:
        return 0
    return len(candidates(round_))


def ready_rounds() -> list[tuple[Round, int]]:
    """Rounds of this year and the last with candidates left to award, and how many."""
    rounds = Round.objects.filter(
        Q(state__in=DRAFTABLE_STATES) | Q(kind=RoundKind.ADHOC, state=RoundState.REVIEW)
    ).filter(year__gte=timezone.localdate().year - 1)
    rounds = rounds.select_related("campaign")
    found = []
    for round_ in rounds:
        if round_.state == RoundState.REVIEW and not decides_without_council(round_):
            continue
        count = len(candidates(round_))
        if count:
            found.append((round_, count))
    return found


def refuse_non_candidates(round_: Round, nominations: list[Nomination], decision: Decision | None) -> None:
    """Raise `DecisionError` unless every nomination is one of the round's `candidates` for
    `decision`; the message names the first one refused and why."""
    allowed = {n.pk for n in candidates(round_, excluding=decision)}
    for nomination in nominations:
        if nomination.round_id != round_.pk or nomination.pk not in allowed:
            reason = (
                _("it is already in another decision")
                if nomination.pk in _taken_ids(round_, excluding=decision)
                else _("it was not approved by the council")
                if final_session(round_) is not None
                else _("it is not on the office's shortlist")
            )
            raise DecisionError(
                _("%(name)s cannot be awarded in this decision: %(reason)s.")
                % {"name": nomination.subject_name, "reason": reason}
            )


# --------------------------------------------------------------------------- drafting


def _default_achievement(round_: Round, nominations: list[Nomination]) -> str:
    summaries = {" ".join(n.summary.split()) for n in nominations if n.summary}
    if len(summaries) == 1:
        only = summaries.pop()
        return only.removeprefix(ACHIEVEMENT_PREFIX)
    if round_.campaign_id:
        return f"xuất sắc trong phong trào thi đua “{round_.campaign.title}” năm {round_.year}"
    return f"xuất sắc trong {round_.title[0].lower()}{round_.title[1:]}"


def default_bases(round_: Round | None, session: CouncilSession | None = None) -> list[str]:
    """A decision's căn cứ (`nominations.citations`): the laws, NĐ 152, the movement's plan,
    and the minutes of the council's session when a council voted on the list."""
    met_on = timezone.localtime(session.meets_at).date() if session is not None else None
    return list(citations.bases_for(round_, deciding=True, council_met_on=met_on))


def _defaults(round_: Round, nominations: list[Nomination], session: CouncilSession | None) -> dict:
    commune = Commune.current()
    achievement = _default_achievement(round_, nominations)
    title = f"Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích {achievement}"
    if round_.is_year_end:
        achievement = f"hoàn thành tốt nhiệm vụ năm {round_.year}"
        title = f"Về việc công nhận danh hiệu thi đua năm {round_.year}"
    return {
        "title": title,
        "achievement": achievement,
        "legal_bases": default_bases(round_, session),
        "cash_source": (
            f"Kinh phí khen thưởng được trích từ Quỹ thi đua, khen thưởng của Ủy ban nhân dân xã năm {round_.year}."
        ),
        "executors": (
            "Chánh Văn phòng HĐND và UBND xã, Trưởng phòng Văn hóa – Xã hội, Trưởng phòng Kinh tế, "
            "thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1"
        ),
        "recipients": ["Như Điều 3", "Chủ tịch, các Phó Chủ tịch UBND xã", "Lưu: VT, VHXH"],
        "signer_capacity": SignerCapacity.CHAIRMAN,
        "signer_name": commune.chairman_name if commune else "",
    }


def _check_round(round_: Round) -> None:
    pending = pending_session(round_)
    if pending is not None and final_session(round_) is None:
        raise DecisionError(
            _(
                "The council session “%(title)s” of this round is convened and its result is not final yet: "
                "the decision is drafted from its result."
            )
            % {"title": pending.title}
        )
    states = ADHOC_DRAFTABLE_STATES if decides_without_council(round_) else DRAFTABLE_STATES
    if round_.state not in states:
        raise DecisionError(
            _("A decision is drafted once the council's result is final; the round is “%(state)s”.")
            % {"state": RoundState(round_.state).label}
        )


def draft_decision(round_: Round, *, actor, nominations: list[Nomination] | None = None) -> Decision:
    """A new draft award decision of the round for `nominations` (default: every candidate),
    with the default legal bases, articles and recipients. Refused when the round is not
    decided by the council yet, or any nomination is not a candidate."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=round_.pk)
        _check_round(round_)
        chosen = candidates(round_) if nominations is None else list(nominations)
        if not chosen:
            raise DecisionError(_("No candidate of this round is left to award."))
        refuse_non_candidates(round_, chosen, None)
        session = final_session(round_)
        decision = Decision.objects.create(
            kind=DecisionKind.AWARD,
            round=round_,
            session=session,
            created_by=actor,
            **_defaults(round_, chosen, session),
        )
        decision.nominations.set(chosen)
    return decision


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    cleaned = {}
    for key, value in fields.items():
        if key in ("legal_bases", "recipients"):
            value = [" ".join(nfc(line).split()) for line in value if line and line.strip()]
        elif isinstance(value, str):
            value = nfc(value).strip()
        cleaned[key] = value
    if "achievement" in cleaned:
        cleaned["achievement"] = cleaned["achievement"].removeprefix(ACHIEVEMENT_PREFIX)
    return cleaned


def _locked_draft(decision: Decision) -> Decision:
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.state != DecisionState.DRAFT:
        raise DecisionError(
            _("Decision %(number)s is issued and can no longer change; correct it with a new decision.")
            % {"number": locked.number_text}
            if locked.is_issued
            else _("This draft was discarded.")
        )
    return locked


def update_draft(
    decision: Decision, *, actor, nominations: list[Nomination] | None = None, **fields
) -> Decision:
    """Edit a draft's text and, for an award decision, its list. Issued decisions refuse."""
    cleaned = _clean_fields(fields)
    with transaction.atomic():
        locked = _locked_draft(decision)
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.save()
        if nominations is not None and locked.kind != DecisionKind.REVOCATION:
            if not nominations:
                raise DecisionError(_("Keep at least one awardee in the list."))
            refuse_non_candidates(locked.round, list(nominations), locked)
            locked.nominations.set(nominations)
    return locked


def named(award: Award) -> str:
    """ "ông Dương Hữu Hậu", "bà Đỗ Thị Hằng", "Trung tâm Phục vụ hành chính công": an awardee
    as a correcting decision names them."""
    if award.subject_type == SubjectType.INDIVIDUAL and award.cadre_id:
        honorific = HONORIFICS.get(award.cadre.sex, "")
        return f"{honorific}{award.recipient_name}"
    return award.recipient_name


def named_list(awards: list[Award]) -> str:
    """ "ông A", "ông A và bà B", "ông A, bà B và Phòng Kinh tế"."""
    names = [named(award) for award in awards]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def corrected_text(decision: Decision) -> str:
    """ "Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026 của Chủ tịch Ủy ban nhân dân xã …"."""
    return (
        f"Quyết định số {decision.number_text} {legal_date(decision.issued_on)} "
        f"của Chủ tịch {citations.authority_name()}"
    )


def corrected_basis(decision: Decision) -> str:
    """The căn cứ citing the decision corrected, with its trích yếu."""
    summary = decision.title.removeprefix("Về việc ").strip() or "tặng Giấy khen"
    return f"{corrected_text(decision)} về việc {summary}"


def correction_title(decision: Decision, kind: str, awards: list[Award]) -> str:
    """The trích yếu of a correction names what it corrects: the revoked award and its holder
    ("Về việc thu hồi Giấy khen đã tặng cho ông Dương Hữu Hậu tại Quyết định số 141/QĐ-UBND …"),
    never the whole decision."""
    names = named_list(awards)
    if kind == DecisionKind.REVOCATION:
        return f"Về việc thu hồi Giấy khen đã tặng cho {names} tại {corrected_text(decision)}"
    return f"Về việc sửa đổi nội dung khen thưởng đối với {names} tại {corrected_text(decision)}"


def draft_correction(decision: Decision, *, actor, kind: str, awards: list[Award], reason: str) -> Decision:
    """A draft that amends (revokes the chosen awards and awards their nominations again from
    the corrected records) or revokes (revokes only) awards of an issued decision."""
    if kind not in (DecisionKind.AMENDMENT, DecisionKind.REVOCATION):
        raise ValueError(kind)
    reason = " ".join(nfc(reason).split())
    if not reason:
        raise DecisionError(_("Give the reason for the correction."), field="reason")
    if not decision.is_issued:
        raise DecisionError(_("Only an issued decision can be amended or revoked."))
    if not awards:
        raise DecisionError(_("Choose at least one award to correct."), field="awards")
    for award in awards:
        if award.decision_id != decision.pk:
            raise DecisionError(_("%(name)s is not in this decision.") % {"name": award.recipient_name})
        if not award.is_valid:
            raise DecisionError(_("%(name)s's award is already revoked.") % {"name": award.recipient_name})
        if kind == DecisionKind.AMENDMENT and award.nomination_id is None:
            raise DecisionError(
                _("%(name)s's award has no nomination to award again.") % {"name": award.recipient_name}
            )
    pending = Decision.objects.filter(state=DecisionState.DRAFT, targets__in=awards).first()
    if pending is not None:
        raise DecisionError(
            _("A draft correction of these awards already exists; finish or discard it first.")
        )
    with transaction.atomic():
        correction = Decision.objects.create(
            kind=kind,
            round=decision.round,
            corrects=decision,
            created_by=actor,
            title=correction_title(decision, kind, awards),
            achievement=decision.achievement,
            legal_bases=[*default_bases(decision.round), corrected_basis(decision)],
            cash_source="",
            executors=decision.executors,
            recipients=[*decision.recipients],
            reason=reason,
            signer_capacity=decision.signer_capacity,
            signer_name=decision.signer_name,
        )
        correction.targets.set(awards)
        if kind == DecisionKind.AMENDMENT:
            correction.nominations.set([a.nomination_id for a in awards])
    return correction
