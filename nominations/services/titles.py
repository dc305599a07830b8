"""The commune's catalogue of titles and awards: seeded from `nominations.catalogue` the first
time a commune needs it, then VHXH's to correct."""

from __future__ import annotations

import importlib

from django.db import transaction
from django.utils.translation import gettext as _

from nominations import catalogue
from nominations.models import AwardForm, Nomination, NominationState, Title
from nominations.services import QuotaExceeded
from thiduaportal import tenancy

_FIRST_FORMS = "nominations.migrations.0002_award_forms"
_CATALOGUE_FORMS = "nominations.migrations.0010_catalogue"


def ensure_award_forms() -> dict[str, AwardForm]:
    """The award forms of the catalogue by code. Their migrations create them; `manage.py
    flush` (and a transactional test) empties the table without migrating again, so any that
    is missing is created again from the migrations' own data."""
    first = {spec["code"]: dict(spec) for spec in importlib.import_module(_FIRST_FORMS).FORMS}
    for spec in importlib.import_module(_CATALOGUE_FORMS).FORMS:
        first.setdefault(spec["code"], {}).update(spec)
    for code, spec in first.items():
        AwardForm.objects.get_or_create(code=code, defaults={k: v for k, v in spec.items() if k != "code"})
    codes = [spec["award_form"] for spec in catalogue.DEFAULT_TITLES]
    return {form.code: form for form in AwardForm.objects.filter(code__in=codes)}


@transaction.atomic
def ensure_catalogue(commune) -> list[Title]:
    """The commune's catalogue, its default entries created the first time (an entry VHXH
    changed or retired is left as it is). Idempotent."""
    with tenancy.within(commune):
        have = {title.award_form.code: title for title in Title.objects.select_related("award_form")}
        missing = [spec for spec in catalogue.DEFAULT_TITLES if spec["award_form"] not in have]
        if missing:
            forms = ensure_award_forms()
            for position, spec in enumerate(catalogue.DEFAULT_TITLES, start=1):
                if spec["award_form"] in have:
                    continue
                fields = {name: value for name, value in spec.items() if name != "award_form"}
                have[spec["award_form"]] = Title.objects.create(
                    commune=commune, award_form=forms[spec["award_form"]], position=position, **fields
                )
        return sorted(have.values(), key=lambda title: (title.position, title.pk))


def catalogue_of(commune, *, current_only: bool = True) -> list[Title]:
    """The commune's catalogue in its order (seeded if it was not yet)."""
    titles = ensure_catalogue(commune)
    return [title for title in titles if title.is_current or not current_only]


# --------------------------------------------------------------------------- caps

# What a cap counts when the unit submits: what is before the office or past it; when the
# office accepts: what it has accepted (a cap lowered meanwhile is enforced again there).
SUBMITTED_COUNTED = (NominationState.SUBMITTED, NominationState.ACCEPTED, NominationState.SHORTLISTED)
ACCEPTED_COUNTED = (NominationState.ACCEPTED, NominationState.SHORTLISTED)
_LIVE = (
    NominationState.DRAFT,
    NominationState.SUBMITTED,
    NominationState.RETURNED,
    NominationState.ACCEPTED,
    NominationState.SHORTLISTED,
)


def title_of(nomination: Nomination) -> Title | None:
    """The catalogue entry of a year-end nomination's title (None: not in the catalogue)."""
    return (
        Title.objects.filter(commune_id=nomination.round.commune_id, award_form_id=nomination.award_form_id)
        .select_related("award_form", "cap_base__award_form")
        .first()
    )


def refuse_over_cap(nomination: Nomination, *, counted: tuple[str, ...]) -> None:
    """Raise `QuotaExceeded` when counting this nomination of the year-end review with the
    others of its title in `counted` states would pass a cap of the catalogue: per unit, in
    the commune, or as a share of the unit's proposals of the base title. Callers hold the
    round's row lock, so concurrent submissions are counted one after another, from the rows."""
    title = title_of(nomination)
    if title is None:
        return
    same = Nomination.objects.filter(round_id=nomination.round_id, award_form_id=nomination.award_form_id)
    same = same.filter(state__in=counted).exclude(pk=nomination.pk)
    unit = nomination.proposal.unit
    shown = {"name": nomination.subject_name, "title": title.name, "unit": unit}
    if title.cap_total is not None:
        count = len(same.select_for_update().values_list("pk", flat=True))
        if count >= title.cap_total:
            message = _(
                "%(name)s cannot be counted for “%(title)s”: the commune allows at most %(cap)s and "
                "%(count)s are already counted."
            )
            raise QuotaExceeded(message % (shown | {"cap": title.cap_total, "count": count}))
    in_unit = same.filter(proposal__unit=unit)
    if title.cap_per_unit is not None:
        count = len(in_unit.select_for_update().values_list("pk", flat=True))
        if count >= title.cap_per_unit:
            message = _(
                "%(name)s cannot be counted for “%(title)s”: %(unit)s may have at most %(cap)s and "
                "already has %(count)s."
            )
            raise QuotaExceeded(message % (shown | {"cap": title.cap_per_unit, "count": count}))
    if title.cap_share is not None and title.cap_base is not None:
        base = Nomination.objects.filter(
            round_id=nomination.round_id, award_form_id=title.cap_base.award_form_id, proposal__unit=unit
        )
        base_count = base.filter(state__in=_LIVE).count()
        allowed = int(title.cap_share * base_count)
        count = len(in_unit.select_for_update().values_list("pk", flat=True))
        if count + 1 > allowed:
            message = _(
                "%(name)s cannot be counted for “%(title)s”: %(unit)s may have at most %(share)s of its "
                "%(base_count)s proposals for “%(base)s”, that is %(allowed)s, and already has %(count)s."
            )
            values = {
                "share": f"{title.cap_share * 100:.0f} %",
                "base_count": base_count,
                "base": title.cap_base.name,
                "allowed": allowed,
                "count": count,
            }
            raise QuotaExceeded(message % (shown | values))
