"""Running the criteria library for many candidates in a fixed number of queries: the
nominations of any round (`run_checks_many`), and the people and units of a year-end review
before anything is proposed (`evaluate`).

Which checks: a nomination of a campaign or ad hoc round gets the six checks of the
movement's plan; one of the year-end review gets its title's criteria from the commune's
catalogue, and always `same_award` (the registry must not already hold the title for the year)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from nominations.models import LIVE_STATES, AwardForm, Nomination, SubjectType, Title
from nominations.services.eligibility.checks import (
    CODES,
    Candidate,
    Check,
    Facts,
    Wanted,
    fetch_campaign_checks,
    fetch_records,
)
from nominations.services.eligibility.criteria import LIBRARY
from units.models import Cadre

Spec = tuple[tuple[str, dict], ...]
PLAN_SPEC: Spec = tuple((code, {}) for code in CODES)


def title_spec(title: Title | None) -> Spec:
    """The checks of a catalogue entry, in its order, known codes only, `same_award` last."""
    entries = [
        (entry["code"], dict(entry.get("params") or {})) for entry in (title.criteria if title else [])
    ]
    entries = [(code, params) for code, params in entries if code in LIBRARY]
    if not any(code == "same_award" for code, _params in entries):
        entries.append(("same_award", {}))
    return tuple(entries)


@dataclass(frozen=True)
class Proposed:
    """A title proposed on the review screen but not yet saved, read by the checks that need
    a title held or proposed (`holds_title_same_year`, `member_share`)."""

    subject_type: str
    subject_id: int
    award_form_id: int


def _fetch_forms(facts: Facts, specs: Iterable[Spec]) -> set[int]:
    codes = {params["award_form"] for spec in specs for _code, params in spec if params.get("award_form")}
    if codes:
        for pk, code, name in AwardForm.objects.filter(code__in=codes).values_list("pk", "code", "name"):
            facts.form_ids[code], facts.form_names[code] = pk, name
    return set(facts.form_ids.values())


def _fetch_members(facts: Facts, candidates: Sequence[Candidate], specs: Sequence[Spec]) -> set[int]:
    units = {
        candidate.subject_unit_id
        for candidate, spec in zip(candidates, specs, strict=True)
        if candidate.subject_type == SubjectType.COLLECTIVE
        and any(LIBRARY[c].reads_members for c, _p in spec)
    }
    if not units:
        return set()
    facts.members = {pk: [] for pk in units}
    members = Cadre.objects.active().filter(unit_id__in=units).order_by("full_name", "pk")
    for member in members.only("pk", "unit_id", "full_name", "sex"):
        facts.members[member.unit_id].append(member)
    return {member.pk for found in facts.members.values() for member in found}


def _fetch_proposed(
    facts: Facts, candidates: Sequence[Candidate], forms: set[int], extra: Iterable[Proposed]
):
    rounds = {candidate.round_id for candidate in candidates if candidate.round_id is not None}
    if rounds and forms:
        rows = Nomination.objects.filter(round_id__in=rounds, award_form_id__in=forms, state__in=LIVE_STATES)
        for kind, unit, cadre, form in rows.values_list(
            "subject_type", "subject_unit_id", "subject_cadre_id", "award_form_id"
        ):
            facts.proposed.add((kind, cadre if kind == SubjectType.INDIVIDUAL else unit, form))
    facts.proposed |= {(p.subject_type, p.subject_id, p.award_form_id) for p in extra}


def _years_before(candidates: Sequence[Candidate], specs: Sequence[Spec]) -> set[int]:
    years = set()
    for candidate, spec in zip(candidates, specs, strict=True):
        for code, params in spec:
            if code == "consecutive_years":
                years |= set(range(candidate.year - int(params.get("years", 2)), candidate.year))
    return years


def compute(
    candidates: Sequence[Candidate], specs: Sequence[Spec], *, also_proposed: Iterable[Proposed] = ()
) -> list[list[Check]]:
    """The checks of each candidate by its spec, in the spec's order. A fixed number of
    queries whatever the number of candidates (per distinct year for the plan's criteria 1
    and 2): award forms named, members, proposals of the rounds, ratings, discipline,
    overrides and registry lines one query each at most."""
    facts = Facts()
    if any(code in ("initiative", "index") for spec in specs for code, _params in spec):
        fetch_campaign_checks(facts, list(candidates))
    forms = _fetch_forms(facts, specs)
    wanted = Wanted(_fetch_members(facts, candidates, specs), _years_before(candidates, specs), forms)
    fetch_records(facts, list(candidates), wanted)
    _fetch_proposed(facts, candidates, forms, also_proposed)
    labels: dict[tuple, str] = {}
    checks = []
    for candidate, spec in zip(candidates, specs, strict=True):
        overrides = facts.overrides.get(candidate.pk, {}) if candidate.pk is not None else {}
        row = []
        for code, params in spec:
            key = (code, json.dumps(params, sort_keys=True, default=str))
            if key not in labels:  # translated once per distinct criterion, not per row
                labels[key] = LIBRARY[code].label(params)
            result = LIBRARY[code].compute(candidate, facts, params)
            row.append(Check(code, labels[key], result, overrides.get(code)))
        checks.append(row)
    return checks


def titles_by_form(nominations: Sequence[Nomination]) -> dict[tuple[int, int], Title]:
    """The catalogue entries of the year-end nominations, by (commune, award form): one query."""
    wanted = [n for n in nominations if n.round.is_year_end]
    if not wanted:
        return {}
    titles = Title.objects.filter(
        commune_id__in={n.round.commune_id for n in wanted},
        award_form_id__in={n.award_form_id for n in wanted},
    )
    return {(title.commune_id, title.award_form_id): title for title in titles}


def run_checks_many(nominations: Iterable[Nomination]) -> dict[int, list[Check]]:
    """The checks of many nominations: nomination id -> its checks (the plan's six in `CODES`
    order; a year-end nomination's in its title's order). A fixed number of queries whatever
    the number of nominations: the round and subject are loaded in one query each unless
    already selected; the catalogue entries in one; then `compute`."""
    nominations = list(nominations)
    if not nominations:
        return {}
    prefetch_related_objects(nominations, "round", "subject_unit", "subject_cadre")
    titles = titles_by_form(nominations)
    specs = [
        title_spec(titles.get((n.round.commune_id, n.award_form_id))) if n.round.is_year_end else PLAN_SPEC
        for n in nominations
    ]
    candidates = [Candidate.of_nomination(nomination) for nomination in nominations]
    return {n.pk: checks for n, checks in zip(nominations, compute(candidates, specs), strict=True)}


def run_checks(nomination: Nomination) -> list[Check]:
    """The checks of one nomination for its round's year (see `run_checks_many`)."""
    return run_checks_many([nomination])[nomination.pk]
