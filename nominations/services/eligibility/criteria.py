"""The criteria library: every check a title or a round may ask for, by stable code, each
computed from data for a candidate (a subject, a year, an award form) with a result and a
reason. The six checks of the movement's Giấy khen (`checks.PLAN_CHECKS`) are members; the
titles of the year add the ones below, with parameters from the catalogue
(`Title.criteria`: `[{"code": ..., "params": {...}}]`).

- `rating_at_least` {level}: the yearly rating of the person or the unit at or above `level`.
- `no_discipline` {from_level}: no discipline record of the person touching the year at
  `from_level` or above (an inspection under way, or a record of no stated level, counts).
- `holds_title_same_year` {award_form}: the subject holds that title for the year in the
  registry, or is proposed for it in the same review (LĐTT is proposed with CSTĐCS).
- `consecutive_years` {award_form, years}: the subject held that title in each of the
  `years` years before.
- `member_share` {award_form, share}: at least `share` of the unit's active members hold or
  are proposed for that title for the year.
- `no_member_disciplined` {from_level}: no active member of the unit disciplined in the year
  at `from_level` or above.
- `unit_kind` {kinds} or {except}: the title is for units of these kinds (Thôn văn hóa: villages)
  or not for those (a village is not a "tập thể lao động"); the sheet offers it to no other.
- `women_share` {share}: the tie rule (NĐ 152/2025 Điều 4): a woman, or a collective whose
  active members are at least `share` women, is preferred. Never fails: it only informs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.checks import CheckResult, CheckStatus
from nominations.models import DisciplineLevel, SubjectType
from nominations.services import NominationError
from nominations.services.eligibility.checks import LABELS as PLAN_LABELS
from nominations.services.eligibility.checks import (
    PLAN_CHECKS,
    Candidate,
    Facts,
    make_result,
    record_line,
)
from units.models import RatingLevel, Sex

Params = dict
EITHER = frozenset({SubjectType.INDIVIDUAL, SubjectType.COLLECTIVE})
INDIVIDUALS = frozenset({SubjectType.INDIVIDUAL})
COLLECTIVES = frozenset({SubjectType.COLLECTIVE})


@dataclass(frozen=True)
class Criterion:
    """A member of the library: its label (with the catalogue's parameters) and how it is
    computed. `reads_members`: it needs the unit's members fetched. `subjects`: whom the check
    is about (a title of the other kind of subject is not offered it, as its result there would
    only be "not applicable"). `params`: the parameters it reads, with the value a new entry of
    the catalogue starts from ("" or empty: to be chosen)."""

    code: str
    label: Callable[[Params], str]
    compute: Callable[[Candidate, Facts, Params], CheckResult]
    reads_members: bool = False
    subjects: frozenset[str] = EITHER
    params: Params = field(default_factory=dict)


def _level_label(level: str) -> str:
    return str(RatingLevel(level).label)


def _discipline_label(level: str) -> str:
    return str(DisciplineLevel(level).label)


def _percent(share) -> str:
    return f"{number_format(Decimal(str(share)) * 100, decimal_pos=0)} %"


def _title_name(facts: Facts, params: Params) -> str:
    return facts.form_names.get(params.get("award_form", ""), params.get("award_form", ""))


# --------------------------------------------------------------------------- ratings, discipline


def _rating_at_least(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    required = params.get("level", RatingLevel.GOOD)
    if candidate.subject_type == SubjectType.COLLECTIVE:
        rating = facts.unit_ratings.get((candidate.subject_unit_id, candidate.year))
    else:
        rating = facts.cadre_ratings.get((candidate.subject_cadre_id, candidate.year))
    shown = {"name": candidate.subject_name, "year": candidate.year, "required": _level_label(required)}
    if rating is None:
        return make_result(
            CheckStatus.UNKNOWN, _("No rating of %(name)s for %(year)s is recorded yet.") % shown
        )
    shown["level"] = _level_label(rating.level)
    if RatingLevel.rank(rating.level) <= RatingLevel.rank(required):
        return make_result(CheckStatus.MET, _("%(name)s was rated “%(level)s” in %(year)s.") % shown)
    reason = _("%(name)s was rated “%(level)s” in %(year)s; at least “%(required)s” is required.") % shown
    return make_result(CheckStatus.NOT_MET, reason)


def bars(record, from_level: str) -> bool:
    """Whether a discipline record counts against a title that bars `from_level` and above:
    an inspection under way and a record without a stated level always count."""
    rank = DisciplineLevel.rank(record.level)
    return rank <= 0 or rank >= DisciplineLevel.rank(from_level)


def _no_discipline(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    if candidate.subject_type == SubjectType.COLLECTIVE:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The check concerns individuals."))
    from_level = params.get("from_level", DisciplineLevel.REPRIMAND)
    records = facts.discipline.get(candidate.subject_cadre_id, ())
    lines = [record_line(r) for r in records if r.touches(candidate.year) and bars(r, from_level)]
    shown = {"name": candidate.subject_name, "year": candidate.year, "list": "; ".join(lines)}
    if lines:
        reason = _("A discipline record of %(name)s covers %(year)s: %(list)s.") % shown
        return make_result(CheckStatus.NOT_MET, reason, lines)
    return make_result(CheckStatus.MET, _("No discipline record of %(name)s covers %(year)s.") % shown)


# --------------------------------------------------------------------------- titles held


def holds(facts: Facts, subject_type: str, subject_id: int, year: int, form_id: int | None):
    """The registry's lines of that title for the subject and year (empty: none)."""
    return facts.awards.get((subject_type, subject_id, year, form_id), [])


def _holds_title_same_year(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    form_id = facts.form_ids.get(params.get("award_form", ""))
    shown = {"name": candidate.subject_name, "year": candidate.year, "title": _title_name(facts, params)}
    lines = holds(facts, candidate.subject_type, candidate.subject.pk, candidate.year, form_id)
    if lines:
        shown["number"] = lines[0].decision_number
        reason = _("%(name)s holds “%(title)s” for %(year)s (decision %(number)s).") % shown
        return make_result(CheckStatus.MET, reason)
    if (candidate.subject_type, candidate.subject.pk, form_id) in facts.proposed:
        reason = _("%(name)s is proposed for “%(title)s” for %(year)s in this review.") % shown
        return make_result(CheckStatus.MET, reason)
    reason = _("%(name)s holds no “%(title)s” for %(year)s and is not proposed for it.") % shown
    return make_result(CheckStatus.NOT_MET, reason)


def _consecutive_years(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    form_id = facts.form_ids.get(params.get("award_form", ""))
    count = int(params.get("years", 2))
    years = list(range(candidate.year - count, candidate.year))
    missing = [
        str(year)
        for year in years
        if not holds(facts, candidate.subject_type, candidate.subject.pk, year, form_id)
    ]
    shown = {
        "name": candidate.subject_name,
        "title": _title_name(facts, params),
        "count": count,
        "years": ", ".join(str(year) for year in years),
        "missing": ", ".join(missing),
    }
    if not missing:
        reason = _("%(name)s held “%(title)s” in each of %(years)s.") % shown
        return make_result(CheckStatus.MET, reason)
    reason = _(
        "“%(title)s” is needed in each of the %(count)s years before; %(name)s lacks it in %(missing)s."
    )
    return make_result(CheckStatus.NOT_MET, reason % shown)


# --------------------------------------------------------------------------- a unit's members


def _members(candidate: Candidate, facts: Facts) -> list | None:
    if candidate.subject_type != SubjectType.COLLECTIVE:
        return None
    return facts.members.get(candidate.subject_unit_id, [])


def _member_share(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    members = _members(candidate, facts)
    if members is None:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns collectives."))
    form_id = facts.form_ids.get(params.get("award_form", ""))
    share = Decimal(str(params.get("share", "0.70")))
    shown = {"unit": candidate.subject_name, "title": _title_name(facts, params), "required": _percent(share)}
    if not members:
        return make_result(CheckStatus.UNKNOWN, _("%(unit)s has no active member recorded.") % shown)
    holding = [
        member
        for member in members
        if holds(facts, SubjectType.INDIVIDUAL, member.pk, candidate.year, form_id)
        or (SubjectType.INDIVIDUAL, member.pk, form_id) in facts.proposed
    ]
    shown |= {"count": len(holding), "total": len(members), "share": _percent(len(holding) / len(members))}
    status = CheckStatus.MET if len(holding) >= share * len(members) else CheckStatus.NOT_MET
    reason = _(
        "%(count)s of the %(total)s members of %(unit)s (%(share)s) hold or are proposed for “%(title)s”; "
        "at least %(required)s is required."
    )
    return make_result(status, reason % shown)


def _no_member_disciplined(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    members = _members(candidate, facts)
    if members is None:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns collectives."))
    from_level = params.get("from_level", DisciplineLevel.WARNING)
    lines = [
        f"{member.full_name}: {record_line(record)}"
        for member in members
        for record in facts.discipline.get(member.pk, ())
        if record.touches(candidate.year) and bars(record, from_level)
    ]
    shown = {
        "unit": candidate.subject_name,
        "year": candidate.year,
        "level": _discipline_label(from_level),
        "list": "; ".join(lines),
    }
    if lines:
        reason = _("Members of %(unit)s were disciplined in %(year)s at “%(level)s” or above: %(list)s.")
        return make_result(CheckStatus.NOT_MET, reason % shown, lines)
    reason = _("No member of %(unit)s was disciplined in %(year)s at “%(level)s” or above.")
    return make_result(CheckStatus.MET, reason % shown)


def _women_share(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    share = Decimal(str(params.get("share", "0.70")))
    if candidate.subject_type == SubjectType.INDIVIDUAL:
        shown = {"name": candidate.subject_name}
        if candidate.subject_cadre.sex == Sex.FEMALE:
            return make_result(CheckStatus.MET, _("%(name)s is a woman: preferred in a tie.") % shown)
        return make_result(
            CheckStatus.NOT_APPLICABLE, _("The tie rule prefers women; %(name)s is not.") % shown
        )
    members = _members(candidate, facts) or []
    women = sum(1 for member in members if member.sex == Sex.FEMALE)
    shown = {
        "unit": candidate.subject_name,
        "count": women,
        "total": len(members),
        "required": _percent(share),
        "share": _percent(women / len(members)) if members else _percent(0),
    }
    if members and women >= share * len(members):
        reason = _(
            "%(count)s of the %(total)s members of %(unit)s are women (%(share)s): preferred in a tie."
        )
        return make_result(CheckStatus.MET, reason % shown)
    reason = _(
        "%(count)s of the %(total)s members of %(unit)s are women (%(share)s); the tie rule prefers "
        "collectives with at least %(required)s."
    )
    return make_result(CheckStatus.NOT_APPLICABLE, reason % shown)


def _unit_kind(candidate: Candidate, facts: Facts, params: Params) -> CheckResult:
    if candidate.subject_type != SubjectType.COLLECTIVE:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns collectives."))
    unit = candidate.subject_unit
    kinds, excluded = params.get("kinds") or [], params.get("except") or []
    shown = {"unit": unit, "kind": unit.get_kind_display()}
    if (kinds and unit.kind not in kinds) or unit.kind in excluded:
        return make_result(CheckStatus.NOT_MET, _("The title is not for %(unit)s (%(kind)s).") % shown)
    return make_result(CheckStatus.MET, _("The title is for units such as %(unit)s (%(kind)s).") % shown)


# --------------------------------------------------------------------------- the library


# Whom each check of the movement's plan is about (the others are about either).
PLAN_SUBJECTS = {
    "index": COLLECTIVES,
    "unit_rating": COLLECTIVES,
    "person_rating": INDIVIDUALS,
    "discipline": INDIVIDUALS,
}


def _plan(code: str) -> Criterion:
    return Criterion(
        code,
        lambda params: str(PLAN_LABELS[code]),
        lambda c, f, p: PLAN_CHECKS[code](c, f),
        subjects=PLAN_SUBJECTS.get(code, EITHER),
    )


LIBRARY: dict[str, Criterion] = {code: _plan(code) for code in PLAN_CHECKS}
LIBRARY |= {
    "rating_at_least": Criterion(
        "rating_at_least",
        lambda p: (
            _("Rated at least “%(level)s” for the year") % {"level": _level_label(p.get("level", "good"))}
        ),
        _rating_at_least,
        params={"level": RatingLevel.GOOD.value},
    ),
    "no_discipline": Criterion(
        "no_discipline",
        lambda p: (
            _("No discipline at “%(level)s” or above in the year")
            % {"level": _discipline_label(p.get("from_level", "reprimand"))}
        ),
        _no_discipline,
        subjects=INDIVIDUALS,
        params={"from_level": DisciplineLevel.REPRIMAND.value},
    ),
    "holds_title_same_year": Criterion(
        "holds_title_same_year",
        lambda p: _("Holds the base title for the year"),
        _holds_title_same_year,
        params={"award_form": ""},
    ),
    "consecutive_years": Criterion(
        "consecutive_years",
        lambda p: _("The base title in each of the %(count)s years before") % {"count": p.get("years", 2)},
        _consecutive_years,
        params={"award_form": "", "years": 2},
    ),
    "member_share": Criterion(
        "member_share",
        lambda p: (
            _("At least %(share)s of members hold the base title")
            % {"share": _percent(p.get("share", "0.70"))}
        ),
        _member_share,
        reads_members=True,
        subjects=COLLECTIVES,
        params={"award_form": "", "share": "0.70"},
    ),
    "no_member_disciplined": Criterion(
        "no_member_disciplined",
        lambda p: (
            _("No member disciplined at “%(level)s” or above")
            % {"level": _discipline_label(p.get("from_level", "warning"))}
        ),
        _no_member_disciplined,
        reads_members=True,
        subjects=COLLECTIVES,
        params={"from_level": DisciplineLevel.WARNING.value},
    ),
    "women_share": Criterion(
        "women_share",
        lambda p: _("Tie rule: women preferred"),
        _women_share,
        reads_members=True,
        params={"share": "0.70"},
    ),
    "unit_kind": Criterion(
        "unit_kind",
        lambda p: _("A title for this kind of unit"),
        _unit_kind,
        subjects=COLLECTIVES,
        params={"kinds": [], "except": []},
    ),
}
GENERIC_LABELS = PLAN_LABELS | {
    "rating_at_least": gettext_lazy("Yearly rating at or above a level"),
    "no_discipline": gettext_lazy("No discipline of a given level in the year"),
    "holds_title_same_year": gettext_lazy("Holds the base title for the year"),
    "consecutive_years": gettext_lazy("The same title in consecutive years"),
    "member_share": gettext_lazy("Share of the unit's members holding a title"),
    "no_member_disciplined": gettext_lazy("No member disciplined at a given level"),
    "women_share": gettext_lazy("Tie rule: share of women"),
    "unit_kind": gettext_lazy("A title for this kind of unit"),
}


def check_label(code: str) -> str:
    """The translated label of the check `code` without its parameters; an unknown code is
    refused."""
    if code not in GENERIC_LABELS:
        raise NominationError(_("There is no eligibility check “%(code)s”.") % {"code": code}, field="code")
    return str(GENERIC_LABELS[code])
