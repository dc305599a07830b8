"""The commune's catalogue of titles and awards: seeded from `nominations.catalogue` the first
time a commune needs it, then VHXH's to correct."""

from __future__ import annotations

import copy
import importlib
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from nominations import catalogue
from nominations.models import AwardForm, DisciplineLevel, Title
from nominations.services import NominationError
from nominations.services.eligibility.criteria import GENERIC_LABELS, LIBRARY
from nominations.services.reports.structure import FORMS, YEAR_END_FORMS
from thiduaportal import tenancy
from thiduaportal.text import nfc
from units.models import RatingLevel, UnitKind

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


# --------------------------------------------------------------------------- editing

# The fields of an entry VHXH changes here; the award form (the law's) stays as seeded, and
# checks are added to or removed from the criteria by `add_criterion` and `remove_criterion`.
EDITABLE = (
    "position",
    "cap_per_unit",
    "cap_total",
    "cap_share",
    "cap_base",
    "council_vote",
    "council_share",
    "council_of_all",
    "report_form",
    "is_current",
    "has_certificate",
    "certificate_heading",
    "legal_basis",
    "source_note",
    "criteria",
)
# The criteria's parameters VHXH sets, by name, and what each holds; the others (the base
# title's code, the kinds of unit) are kept as the catalogue seeded them.
PARAMETERS = {"level": "rating", "from_level": "discipline", "share": "share", "years": "years"}
MAX_YEARS = 10
# The largest order or cap the columns hold (a small integer on PostgreSQL).
MAX_NUMBER = 32767


def parameter_field(index: int, name: str) -> str:
    """The form field of parameter `name` of the entry's criterion number `index` (from 0)."""
    return f"criterion-{index}-{name}"


def _share(value, *, field: str, what: str) -> Decimal:
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        share = None
    if share is None or not Decimal(0) <= share <= Decimal(1):
        message = _("%(what)s must be a share between 0 and 1 (e.g. 0,70 for 70 %%); “%(value)s” is not.")
        raise NominationError(message % {"what": what, "value": value}, field=field)
    return share


def _criterion_name(code: str) -> str:
    return _("Criterion “%(criterion)s”") % {"criterion": GENERIC_LABELS.get(code, code)}


def _clean_parameter(index: int, code: str, name: str, value, *, field: str | None = None):
    """One criterion parameter checked and stored as the library reads it (`field`: the form
    field the refusal names, by default the entry form's field of criterion `index`)."""
    field = field or parameter_field(index, name)
    what = _criterion_name(code)
    kind = PARAMETERS[name]
    if kind == "share":
        return str(_share(value, field=field, what=what))
    if kind == "years":
        if not isinstance(value, int) or not 1 <= value <= MAX_YEARS:
            message = _("%(what)s: the number of years must be a whole number from 1 to %(max)s.")
            raise NominationError(message % {"what": what, "max": MAX_YEARS}, field=field)
        return value
    if kind == "rating":
        choices = RatingLevel.choices
    else:
        # An inspection under way is no measure: it always bars, whatever the entry says.
        choices = [(v, label) for v, label in DisciplineLevel.choices if v != DisciplineLevel.UNDER_REVIEW]
    if value not in [v for v, _label in choices]:
        shown = ", ".join(f"“{label}”" for _v, label in choices)
        message = _("%(what)s: “%(value)s” is not a level; choose one of %(choices)s.")
        raise NominationError(message % {"what": what, "value": value, "choices": shown}, field=field)
    return value


def clean_criteria(criteria: list[dict]) -> list[dict]:
    """The entry's criteria with their editable parameters checked (`NominationError` naming
    the criterion and the parameter otherwise); an unknown check is refused."""
    cleaned = []
    for index, criterion in enumerate(criteria):
        code = criterion.get("code", "")
        if code not in LIBRARY:
            raise NominationError(_("There is no eligibility check “%(code)s”.") % {"code": code})
        params = dict(criterion.get("params") or {})
        for name, value in params.items():
            if name in PARAMETERS:
                params[name] = _clean_parameter(index, code, name, value)
        cleaned.append({"code": code, "params": params})
    return cleaned


def _clean_caps(title: Title, fields: dict) -> None:
    for name, label in (("cap_per_unit", _("At most per unit")), ("cap_total", _("At most in the commune"))):
        value = fields.get(name)
        if value is not None and value < 1:
            message = _("%(what)s must be at least 1, or empty for no cap.")
            raise NominationError(message % {"what": label}, field=name)
        if value is not None and value > MAX_NUMBER:
            message = _("%(what)s must be at most %(max)s, or empty for no cap.")
            raise NominationError(message % {"what": label, "max": MAX_NUMBER}, field=name)
    share, base = fields.get("cap_share"), fields.get("cap_base")
    if share is not None:
        fields["cap_share"] = _share(share, field="cap_share", what=_("The cap as a share"))
    if share is not None and base is None:
        raise NominationError(
            _("A cap as a share needs the base title it is a share of; choose it."), field="cap_base"
        )
    if base is not None and share is None:
        raise NominationError(
            _("A base title counts only for a cap as a share; enter the share or clear the base title."),
            field="cap_share",
        )
    if base is not None and (base.pk == title.pk or base.commune_id != title.commune_id):
        raise NominationError(
            _("“%(title)s” cannot be the base of its own share; choose another title of the catalogue.")
            % {"title": title.name},
            field="cap_base",
        )


def _clean_report_form(title: Title, value) -> str:
    """A year-end report form of the annex fit for the title's subjects (Mẫu 05 a person's,
    Mẫu 04 a collective's), or "" for none."""
    value = (value or "").strip()
    if not value:
        return ""
    form = FORMS.get(value) if value in YEAR_END_FORMS else None
    if form is None:
        shown = {"form": value, "forms": ", ".join(YEAR_END_FORMS)}
        raise NominationError(
            _("“%(form)s” is no year-end report form; choose one of %(forms)s, or none.") % shown,
            field="report_form",
        )
    if title.subject_type and form.subject_type != title.subject_type:
        shown = {"form": value, "title": title.name}
        raise NominationError(
            _(
                "Mẫu %(form)s is not the report for “%(title)s”: Mẫu 05 is an individual's, Mẫu 04 a collective's."
            )
            % shown,
            field="report_form",
        )
    return value


def _clean_certificate(title: Title, fields: dict) -> None:
    """A certificate only for an emulation title (a Giấy khen always prints its own), and
    with the heading it prints."""
    fields["certificate_heading"] = " ".join(nfc(fields["certificate_heading"] or "").split()).upper()
    if not fields["has_certificate"]:
        return
    if not title.subject_type:
        raise NominationError(
            _("Only an emulation title prints a certificate here; “%(title)s” prints as it is.")
            % {"title": title.name},
            field="has_certificate",
        )
    if not fields["certificate_heading"]:
        raise NominationError(
            _("Enter the heading the certificate prints (e.g. “GIẤY CHỨNG NHẬN”)."),
            field="certificate_heading",
        )


def _clean_fields(title: Title, fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise NominationError(
            _("These fields cannot be changed here: %(names)s.") % {"names": ", ".join(unknown)}
        )
    fields = {name: fields.get(name, getattr(title, name)) for name in EDITABLE}
    if fields["position"] is None or not 0 <= fields["position"] <= MAX_NUMBER:
        message = _("The order must be a whole number from 0 to %(max)s.")
        raise NominationError(message % {"max": MAX_NUMBER}, field="position")
    _clean_caps(title, fields)
    if fields["council_share"] is not None:
        fields["council_share"] = _share(
            fields["council_share"], field="council_share", what=_("The share of votes in favour")
        )
    fields["report_form"] = _clean_report_form(title, fields["report_form"])
    fields["criteria"] = clean_criteria(fields["criteria"])
    _clean_certificate(title, fields)
    fields["legal_basis"] = nfc(fields["legal_basis"] or "").strip()
    fields["source_note"] = nfc(fields["source_note"] or "").strip()
    return fields


def update_title(title: Title, *, actor, **fields) -> Title:
    """Change a catalogue entry: its caps, council rule, achievement report form, whether it
    is current, whether it prints a certificate and its heading, legal basis, source note, order
    and the parameters of its criteria (fields not given keep their value). Refuses a
    certificate for what is no emulation title or without a heading, a share outside 0–1, a
    level that is none, a cap below 1, a share cap without its base title or a base without a
    share, a report form that is not the year-end one of the title's subjects
    (`NominationError` on the field), and criteria whose checks are not the entry's (one was
    added or removed since the form was built: `add_criterion` and `remove_criterion` change
    the set), saving nothing. Side effects: the row is saved and
    audited under `actor`."""
    with transaction.atomic(), set_actor(actor):
        locked = Title.objects.select_for_update().get(pk=title.pk)
        cleaned = _clean_fields(locked, fields)
        # The form sends the criteria it was built from; if a check was added or removed since,
        # saving them would undo that change silently.
        if [c["code"] for c in cleaned["criteria"]] != [c.get("code") for c in locked.criteria]:
            message = _(
                "The criteria of “%(title)s” were changed meanwhile (a criterion was added or "
                "removed); open the entry again and enter the values again."
            )
            raise NominationError(message % {"title": locked.name})
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
    return locked


# --------------------------------------------------------------------------- adding and removing criteria

# The parameters a criterion added from the library may take: the editable ones, the base title
# (the code of an award form of the commune's catalogue) and the kinds of unit.
CHOSEN_PARAMETERS = PARAMETERS | {"award_form": "award_form", "kinds": "unit_kinds", "except": "unit_kinds"}
# Every entry is checked for it whatever its criteria (`eligibility.engine.title_spec`), so it
# is neither added nor removed.
ALWAYS_CHECKED = "same_award"


def fits(title: Title, code: str) -> bool:
    """Whether the library's check `code` is about the entry's kind of subject (a Giấy khen,
    given to either, takes any)."""
    return not title.subject_type or title.subject_type in LIBRARY[code].subjects


def addable_checks(title: Title) -> list[str]:
    """The codes of the library's checks that may be added to the entry, in the library's
    order: those about its kind of subject, not on it yet, and not the one always checked."""
    present = {criterion.get("code") for criterion in title.criteria}
    return [code for code in LIBRARY if code != ALWAYS_CHECKED and code not in present and fits(title, code)]


def _clean_base(title: Title, code: str, value) -> str:
    codes = set(Title.objects.filter(commune_id=title.commune_id).values_list("award_form__code", flat=True))
    what = _criterion_name(code)
    if value not in codes:
        message = _("%(what)s: choose the base title from the catalogue; “%(value)s” is none of its titles.")
        raise NominationError(message % {"what": what, "value": value or "—"}, field="award_form")
    if code == "holds_title_same_year" and value == title.award_form.code:
        message = _("%(what)s: “%(title)s” cannot be its own base title; choose another title.")
        raise NominationError(message % {"what": what, "title": title.name}, field="award_form")
    return value


def _clean_unit_kinds(code: str, params: dict) -> None:
    what = _criterion_name(code)
    for name in ("kinds", "except"):
        values = params.get(name) or []
        unknown = [str(value) for value in values if value not in UnitKind.values]
        if isinstance(values, str) or unknown:
            shown = {"what": what, "value": ", ".join(unknown) or str(values)}
            raise NominationError(_("%(what)s: “%(value)s” is not a kind of unit.") % shown, field=name)
        params[name] = [str(value) for value in values]
    if not params["kinds"] and not params["except"]:
        message = _("%(what)s: choose the kinds of unit the title is for, or those it is not for.")
        raise NominationError(message % {"what": what}, field="kinds")
    if set(params["kinds"]) & set(params["except"]):
        message = _("%(what)s: a kind of unit cannot be both one the title is for and one it is not for.")
        raise NominationError(message % {"what": what}, field="except")


def _new_criterion(title: Title, code: str, params: dict) -> dict:
    """The criterion `code` with `params` as the library reads it, refused when it is no check
    of the library, is always checked anyway, is on the entry already, is about the other kind
    of subject, or has a parameter it does not take or of a wrong value."""
    if code not in LIBRARY:
        raise NominationError(_("There is no eligibility check “%(code)s”.") % {"code": code}, field="code")
    shown = {"criterion": GENERIC_LABELS.get(code, code), "title": title.name}
    if code == ALWAYS_CHECKED:
        message = _("“%(criterion)s” is checked for every title anyway; there is no need to add it.")
        raise NominationError(message % shown, field="code")
    if any(criterion.get("code") == code for criterion in title.criteria):
        message = _(
            "“%(criterion)s” is already a criterion of “%(title)s”; a check is on an entry once. "
            "Change its parameters on the entry's form instead."
        )
        raise NominationError(message % shown, field="code")
    if not fits(title, code):
        if title.subject_type == "individual":
            message = _("“%(criterion)s” is a check of collectives; “%(title)s” is a title for individuals.")
        else:
            message = _("“%(criterion)s” is a check of individuals; “%(title)s” is a title for collectives.")
        raise NominationError(message % shown, field="code")
    defaults = LIBRARY[code].params
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        message = _("%(what)s takes no parameter %(names)s.")
        names = ", ".join(f"“{name}”" for name in unknown)
        raise NominationError(message % {"what": _criterion_name(code), "names": names}, field="code")
    cleaned = {name: params.get(name, copy.deepcopy(default)) for name, default in defaults.items()}
    for name, value in cleaned.items():
        kind = CHOSEN_PARAMETERS[name]
        if kind == "award_form":
            cleaned[name] = _clean_base(title, code, value)
        elif kind in PARAMETERS.values():
            cleaned[name] = _clean_parameter(0, code, name, value, field=name)
    if "kinds" in cleaned:
        _clean_unit_kinds(code, cleaned)
    return {"code": code, "params": cleaned}


def add_criterion(title: Title, *, actor, code: str, params: dict) -> Title:
    """Add the library's check `code` with its parameters `params` at the end of the entry's
    criteria; a parameter not given takes the library's starting value. Refuses (naming what
    is wrong, saving nothing) a code that is no check of the library or the one every entry is
    checked for anyway, a check already on the entry, one about the other kind of subject, and
    parameters as `update_title` refuses them, plus a base title that is not in the commune's
    catalogue and kinds of unit that are none. Side effects: the row is saved and audited under
    `actor`; the year-end sheet and the engine read the new criteria from then on."""
    with transaction.atomic(), set_actor(actor):
        locked = Title.objects.select_for_update().select_related("award_form").get(pk=title.pk)
        locked.criteria = [*locked.criteria, _new_criterion(locked, code, dict(params))]
        locked.save()
    return locked


def remove_criterion(title: Title, *, actor, code: str, leave_empty: bool = False) -> Title:
    """Remove the check `code` from the entry's criteria. Refuses the check every entry is
    checked for anyway (removing it would change nothing), a check not on the entry, and
    removing the last criterion unless `leave_empty` (the page asks first: the title then has
    no condition of its own), saving nothing. Side effects: the row is saved and audited under
    `actor`."""
    with transaction.atomic(), set_actor(actor):
        locked = Title.objects.select_for_update().select_related("award_form").get(pk=title.pk)
        shown = {"criterion": GENERIC_LABELS.get(code, code), "title": locked.name}
        if code == ALWAYS_CHECKED:
            message = _("“%(criterion)s” is checked for every title anyway; it cannot be removed.")
            raise NominationError(message % shown)
        remaining = [criterion for criterion in locked.criteria if criterion.get("code") != code]
        if len(remaining) == len(locked.criteria):
            raise NominationError(_("“%(criterion)s” is not a criterion of “%(title)s”.") % shown)
        if not remaining and not leave_empty:
            message = _(
                "“%(criterion)s” is the last criterion of “%(title)s”; removing it leaves the title "
                "without any condition, so it must be confirmed."
            )
            raise NominationError(message % shown)
        locked.criteria = remaining
        locked.save()
    return locked
