"""The form of a catalogue entry: its caps, council rule, order, whether it is current, its
legal basis and source note, and one field per parameter of each of its criteria (not the raw
JSON). Parsing only; the ranges and pairs (a share between 0 and 1, a cap of at least 1, a
share cap with its base title) are `nominations.services.titles.update_title`'s to refuse."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from nominations.models import DisciplineLevel, Title
from nominations.services.eligibility.criteria import GENERIC_LABELS
from nominations.services.reports.structure import FORMS, YEAR_END_FORMS
from nominations.services.titles import PARAMETERS, parameter_field
from thiduaportal.numbers import DecimalNumberField, WholeNumberField
from units.models import RatingLevel

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
