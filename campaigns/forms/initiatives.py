"""Forms for initiatives: parsing only. The rules (whose people may be authors, accepted
files, what a decision needs) live in `campaigns.services.initiatives`."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thiduaportal.numbers import YearField
from thiduaportal.text import fold
from thiduaportal.uploads import ACCEPT, upload_max_bytes
from units.forms import DateInput
from units.models import Cadre, Unit

from ..models import Campaign, CouncilLevel, Initiative, InitiativeKind, InitiativeState


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field. Empty files pass through so the service names them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _files_field(*, required: bool = False) -> MultipleFileField:
    return MultipleFileField(label=_("Evidence files"), required=required)


def _explain_files(field: forms.Field) -> None:
    # Read when the form is built, so the limit follows the setting and the user's language.
    field.help_text = gettext("PDF, JPEG, PNG, DOCX or XLSX, at most %(size)s each.") % {
        "size": filesizeformat(upload_max_bytes())
    }


class InitiativeForm(forms.Form):
    """The proposal. The office picks the proposing unit and any authors; a unit's people
    pick among their own unit's people."""

    owner_unit = forms.ModelChoiceField(label=_("Proposing unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices, initial=InitiativeKind.SOLUTION)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    applied_where = forms.CharField(label=_("Where it is applied"), max_length=255, required=False)
    applied_since = forms.DateField(label=_("Applied since"), required=False, widget=DateInput())
    campaign = forms.ModelChoiceField(label=_("Movement"), queryset=Campaign.objects.none(), required=False)
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"),
        queryset=Cadre.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units applying it"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Units that share the initiative, besides the proposing unit."),
    )
    files = _files_field()

    def __init__(self, *args, user, instance: Initiative | None = None, office: bool, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**self._initial(instance), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        # Set per form: a queryset made at import time is outside every commune's scope.
        self.fields["campaign"].queryset = Campaign.objects.all()
        _explain_files(self.fields["files"])
        authors = set(instance.authors.values_list("pk", flat=True)) if instance else set()
        units = set(instance.units.values_list("pk", flat=True)) if instance else set()
        people = Cadre.objects.filter(Q(is_active=True) | Q(pk__in=authors)).select_related("unit")
        self.fields["authors"].queryset = people if office else people.filter(unit_id=user.unit_id)
        self.fields["authors"].label_from_instance = lambda c: (
            f"{c.full_name} · {c.unit}" if office else c.full_name
        )
        self.fields["units"].queryset = Unit.objects.filter(Q(is_active=True) | Q(pk__in=units))
        if office:
            owners = Unit.objects.filter(Q(is_active=True) | Q(pk=getattr(instance, "owner_unit_id", None)))
            self.fields["owner_unit"].queryset = owners
        else:
            del self.fields["owner_unit"]
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            *(["owner_unit"] if office else []),
            Row(Column("kind"), Column("campaign")),
            "title",
            "description",
            Row(Column("applied_where"), Column("applied_since")),
            Row(Column("authors"), Column("units")),
            "files",
        )

    @staticmethod
    def _initial(instance: Initiative) -> dict:
        names = ("owner_unit", "kind", "title", "description", "applied_where", "applied_since", "campaign")
        initial = {name: getattr(instance, name) for name in names}
        initial["authors"] = list(instance.authors.values_list("pk", flat=True))
        initial["units"] = list(instance.units.values_list("pk", flat=True))
        return initial

    def proposal(self) -> dict:
        """The fields for the service, without the files."""
        return {k: v for k, v in self.cleaned_data.items() if k != "files"}


class EvidenceForm(forms.Form):
    files = _files_field(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _explain_files(self.fields["files"])
        self.helper = _helper(_("Upload"))


class DecisionForm(forms.Form):
    """The initiative council's outcome: recognised (council, decision number and date) or
    not recognised (reason)."""

    RECOGNISE, REFUSE = "recognise", "refuse"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(RECOGNISE, _("Recognised")), (REFUSE, _("Not recognised"))],
        widget=forms.RadioSelect,
    )
    council_level = forms.ChoiceField(
        label=_("Recognised by"), choices=[("", "—"), *CouncilLevel.choices], required=False
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the outcome"))
        self.helper.layout = Layout(
            "outcome",
            Row(Column("council_level"), Column("decision_number"), Column("decision_date")),
            "reason",
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Reopen"))


class InitiativeFilterForm(forms.Form):
    """The initiative list's filters (GET)."""

    q = forms.CharField(label=_("Search in titles"), required=False)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All")), *InitiativeState.choices], required=False
    )
    year = YearField(label=_("Year of recognition"), min_value=2000, max_value=2100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def apply(self, queryset):
        """Every word of the search, without diacritics or case, is in the title."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        for word in fold(data["q"]).split():
            queryset = queryset.filter(search_title__contains=word)
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
        if data["year"]:
            queryset = queryset.filter(state=InitiativeState.RECOGNISED, decision_date__year=data["year"])
        if data["unit"]:
            unit = data["unit"]
            queryset = queryset.filter(Q(owner_unit=unit) | Q(units=unit)).distinct()
        return queryset
