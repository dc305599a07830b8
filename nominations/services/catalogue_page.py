"""The commune's catalogue as its page shows it: each title or award form with its kind, who
decides it, its cash coefficients, its criteria in words, its caps and its council rule. Three
queries whatever the number of entries (the seeding check, the entries, the forms' names)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nominations.models import AwardForm, AwardLevel, Title
from nominations.services.eligibility.criteria import GENERIC_LABELS, LIBRARY
from nominations.services.reports.structure import FORMS
from nominations.services.titles import ensure_catalogue
from thiduaportal.documents import vn_number
from units.models import UnitKind


@dataclass(frozen=True)
class CatalogueRow:
    """One entry of the page; `caps` empty means no cap."""

    title: Title
    decided_by: str
    coefficients: list[str]
    criteria: list[str]
    caps: list[str]
    council: str
    report: str = ""


def _percent(share) -> str:
    return f"{vn_number(share * 100, places=1)} %"


def _coefficients(form: AwardForm) -> list[str]:
    lines = []
    for value, label in (
        (form.individual_coefficient, _("Individual")),
        (form.collective_coefficient, _("Collective")),
    ):
        if value:
            lines.append(_("%(who)s: %(value)s × lương cơ sở") % {"who": label, "value": vn_number(value)})
    return lines


def criterion_words(criterion: dict, form_names: dict[str, str]) -> str:
    """A criterion of the catalogue in words: the library's label with its parameters, and
    the base title or the kinds of unit it names."""
    code, params = criterion.get("code", ""), criterion.get("params") or {}
    if code not in LIBRARY:
        return str(GENERIC_LABELS.get(code, code))
    words = LIBRARY[code].label(params)
    if params.get("award_form"):
        words += f" ({form_names.get(params['award_form'], params['award_form'])})"
    kinds = [str(UnitKind(kind).label) for kind in params.get("kinds") or [] if kind in UnitKind.values]
    excluded = [str(UnitKind(kind).label) for kind in params.get("except") or [] if kind in UnitKind.values]
    if kinds:
        words += f" ({', '.join(kinds)})"
    if excluded:
        words += " (" + _("not for: %(kinds)s") % {"kinds": ", ".join(excluded)} + ")"
    return words


def _caps(title: Title) -> list[str]:
    caps = []
    if title.cap_per_unit is not None:
        caps.append(_("At most %(cap)s per unit") % {"cap": title.cap_per_unit})
    if title.cap_total is not None:
        caps.append(_("At most %(cap)s in the commune") % {"cap": title.cap_total})
    if title.cap_share is not None and title.cap_base is not None:
        values = {"share": _percent(title.cap_share), "base": title.cap_base.name}
        caps.append(_("At most %(share)s of the unit's proposals for “%(base)s”") % values)
    return caps


def _council(title: Title) -> str:
    if not title.council_vote:
        return _("No council vote")
    if title.council_share is None:
        return _("The council votes; its usual majority")
    values = {"share": _percent(title.council_share)}
    if title.council_of_all:
        return (
            _(
                "The council votes; at least %(share)s of all its members in favour, absent members' "
                "written opinions counted"
            )
            % values
        )
    return _("The council votes; at least %(share)s of the members present in favour") % values


def report_words(title: Title) -> str:
    """The achievement report a year-end proposal of the title needs, in words."""
    form = FORMS.get(title.report_form)
    if form is None:
        return _("None: proposed on the unit's minutes")
    return _("Mẫu %(number)s of Decree 152/2025/NĐ-CP (%(title)s)") % {
        "number": form.number,
        "title": form.printed_title.capitalize(),
    }


def decided_by(form: AwardForm) -> str:
    """Who decides the award: the commune's chairman, or the city (the commune forwards)."""
    if form.level == AwardLevel.CITY:
        return _("Forwarded to the city")
    return _("The commune's chairman")


def catalogue_rows(commune) -> list[CatalogueRow]:
    """Every entry of the commune's catalogue, current or not, in its order (seeded first if
    the commune has none yet)."""
    ensure_catalogue(commune)
    titles = Title.objects.filter(commune=commune).select_related("award_form", "cap_base__award_form")
    form_names = dict(AwardForm.objects.values_list("code", "name"))
    return [
        CatalogueRow(
            title=title,
            decided_by=decided_by(title.award_form),
            coefficients=_coefficients(title.award_form),
            criteria=[criterion_words(criterion, form_names) for criterion in title.criteria],
            caps=_caps(title),
            council=_council(title),
            report=report_words(title),
        )
        for title in titles.order_by("position", "pk")
    ]
