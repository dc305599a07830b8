"""The form of a catalogue entry: its caps, council rule, order, whether it is current, its
legal basis and source note, and one field per parameter of each of its criteria (not the raw
JSON); and the forms that add a check of the library to an entry with its parameters. Parsing only; the ranges and pairs (a share between 0 and 1, a cap of at least 1, a
share cap with its base title) are `nominations.services.titles.update_title`'s to refuse."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nominations.models import DisciplineLevel, Title
from nominations.services.eligibility.criteria import GENERIC_LABELS, LIBRARY
from nominations.services.reports.structure import FORMS, YEAR_END_FORMS
from nominations.services.titles import PARAMETERS, parameter_field
from thiduaportal.numbers import DecimalNumberField, WholeNumberField
from units.models import RatingLevel, UnitKind

ENTRY_FIELDS = (
    "position",
    "is_current",
    "cap_per_unit",
    "cap_total",
    "cap_share",
    "cap_base",
    "council_vote",
    "council_share",
    "council_of_all",
    "report_form",
    "has_certificate",
    "certificate_heading",
    "legal_basis",
    "source_note",
)
PARAMETER_LABELS = {
    "level": _("rating at least"),
    "from_level": _("discipline from the level"),
    "share": _("share (e.g. 0,70 for 70 %)"),
    "years": _("number of years"),
}
# An inspection under way is no level of a measure: it always bars, whatever the entry says.
DISCIPLINE_CHOICES = [(value, label) for value, label in DisciplineLevel.choices if value != "under_review"]


REPORT_FORM_LABELS = {
    "individual": _("Mẫu %(number)s: an individual's achievement report"),
    "collective": _("Mẫu %(number)s: a collective's achievement report"),
}


def report_form_choices() -> list[tuple[str, str]]:
    """No report, or one of the annex's year-end report forms (`reports.FORMS`)."""
    choices = [
        (number, REPORT_FORM_LABELS[FORMS[number].subject_type] % {"number": number})
        for number in YEAR_END_FORMS
    ]
    return [("", _("No achievement report")), *choices]


class BaseTitleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Title) -> str:
        return obj.name


def _meta(name: str) -> dict:
    field = Title._meta.get_field(name)
    return {"label": capfirst(field.verbose_name), "help_text": field.help_text}


def _parameter_field(name: str, label: str) -> forms.Field:
    kind = PARAMETERS[name]
    if kind == "rating":
        return forms.ChoiceField(label=label, choices=RatingLevel.choices)
    if kind == "discipline":
        return forms.ChoiceField(label=label, choices=DISCIPLINE_CHOICES)
    if kind == "years":
        return WholeNumberField(label=label)
    return DecimalNumberField(label=label)


class TitleForm(forms.Form):
    """A catalogue entry; `title` gives the initial values and the criteria whose parameters
    get a field each."""

    position = WholeNumberField(**_meta("position"))
    is_current = forms.BooleanField(required=False, **_meta("is_current"))
    cap_per_unit = WholeNumberField(required=False, **_meta("cap_per_unit"))
    cap_total = WholeNumberField(required=False, **_meta("cap_total"))
    cap_share = DecimalNumberField(required=False, **_meta("cap_share"))
    cap_base = BaseTitleChoiceField(queryset=Title.objects.none(), required=False, **_meta("cap_base"))
    council_vote = forms.BooleanField(required=False, **_meta("council_vote"))
    council_share = DecimalNumberField(required=False, **_meta("council_share"))
    council_of_all = forms.BooleanField(required=False, **_meta("council_of_all"))
    report_form = forms.ChoiceField(required=False, choices=(), **_meta("report_form"))
    has_certificate = forms.BooleanField(required=False, **_meta("has_certificate"))
    certificate_heading = forms.CharField(required=False, max_length=60, **_meta("certificate_heading"))
    legal_basis = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), **_meta("legal_basis")
    )
    source_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), **_meta("source_note")
    )

    def __init__(self, *args, title: Title, **kwargs):
        kwargs["initial"] = {name: getattr(title, name) for name in ENTRY_FIELDS} | (
            kwargs.get("initial") or {}
        )
        super().__init__(*args, **kwargs)
        self.title = title
        others = Title.objects.filter(commune_id=title.commune_id).exclude(pk=title.pk)
        self.fields["cap_base"].queryset = others.select_related("award_form").order_by("position", "pk")
        self.fields["report_form"].choices = report_form_choices()
        self.parameters: list[tuple[int, str, str]] = []
        for index, criterion in enumerate(title.criteria):
            code = criterion.get("code", "")
            for name, value in (criterion.get("params") or {}).items():
                if name not in PARAMETERS:
                    continue
                key = parameter_field(index, name)
                label = f"{GENERIC_LABELS.get(code, code)}: {PARAMETER_LABELS[name]}"
                self.fields[key] = _parameter_field(name, label)
                self.initial.setdefault(key, Decimal(str(value)) if PARAMETERS[name] == "share" else value)
                self.parameters.append((index, name, key))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("The entry"), "position", "is_current"),
            Fieldset(_("Caps (empty: no cap)"), "cap_per_unit", "cap_total", "cap_share", "cap_base"),
            Fieldset(_("The council"), "council_vote", "council_share", "council_of_all"),
            Fieldset(_("Achievement report"), "report_form"),
            Fieldset(_("Certificate"), "has_certificate", "certificate_heading"),
            Fieldset(_("Sources"), "legal_basis", "source_note"),
        )
        if self.parameters:
            criteria = Fieldset(_("Criteria"), *[key for _i, _n, key in self.parameters])
            self.helper.layout.insert(4, criteria)
        self.helper.add_input(Submit("submit", _("Save")))

    def entry_fields(self) -> dict:
        """The cleaned values as `update_title` takes them: the entry's fields and its criteria
        with the parameters typed in place of the old ones."""
        fields = {name: self.cleaned_data[name] for name in ENTRY_FIELDS}
        criteria = [
            {"code": c.get("code", ""), "params": dict(c.get("params") or {})} for c in self.title.criteria
        ]
        for index, name, key in self.parameters:
            criteria[index]["params"][name] = self.cleaned_data[key]
        fields["criteria"] = criteria
        return fields


# --------------------------------------------------------------------------- adding a criterion

CHOSEN_LABELS = PARAMETER_LABELS | {
    "award_form": _("base title (from the catalogue)"),
    "kinds": _("only for these kinds of unit"),
    "except": _("not for these kinds of unit"),
}


def check_choices(codes: list[str]) -> list[tuple[str, str]]:
    """The library's checks `codes` as a select offers them, by their label."""
    return [(code, GENERIC_LABELS.get(code, code)) for code in codes]


class ChooseCheckForm(forms.Form):
    """The check of the library to add to an entry (a GET form: the next page asks for its
    parameters)."""

    code = forms.ChoiceField(label=_("Check of the library"), choices=())

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = check_choices(codes)


class CriterionForm(forms.Form):
    """The parameters of the library's check `code` to be added to `title`, one field each,
    starting from the library's values. Parsing only: `titles.add_criterion` refuses the
    values that are wrong."""

    def __init__(self, *args, title: Title, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.title, self.code = title, code
        criterion = LIBRARY.get(code)
        defaults = criterion.params if criterion else {}
        for name, default in defaults.items():
            label = capfirst(CHOSEN_LABELS[name])
            if name == "award_form":
                entries = Title.objects.filter(commune_id=title.commune_id).select_related("award_form")
                choices = [
                    (entry.award_form.code, entry.name) for entry in entries.order_by("position", "pk")
                ]
                self.fields[name] = forms.ChoiceField(label=label, choices=[("", "—"), *choices])
            elif name in ("kinds", "except"):
                self.fields[name] = forms.MultipleChoiceField(
                    label=label, choices=UnitKind.choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                self.fields[name] = _parameter_field(name, label)
            self.initial.setdefault(name, Decimal(default) if PARAMETERS.get(name) == "share" else default)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def params(self) -> dict:
        """The cleaned parameters as `titles.add_criterion` takes them."""
        return {name: self.cleaned_data[name] for name in self.fields}
