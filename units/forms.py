"""Forms for units, people and ratings: validation and cleaning only."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thiduaportal import numbers
from thiduaportal.documents import is_symbol
from thiduaportal.forms import ListedChoiceField
from thiduaportal.numbers import YearField
from thiduaportal.text import fold, nfc
from thiduaportal.widgets import DateInput

from .models import (
    SHORT_NAME_RULE,
    Cadre,
    CadreCategory,
    Commune,
    RatingLevel,
    Sex,
    TransferState,
    Unit,
    UnitKind,
)


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class CommuneForm(forms.ModelForm):
    class Meta:
        model = Commune
        formfield_callback = numbers.formfield
        fields = [
            "name",
            "place_name",
            "province",
            "authority_name",
            "chairman_name",
            "office_head_name",
            "address",
            "phone",
            "email",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        formfield_callback = numbers.formfield
        fields = ["name", "short_name", "kind", "parent", "advises_cchc", "address", "phone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.active()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["short_name"].help_text = SHORT_NAME_RULE
        self.helper = _helper(_("Save"))

    def clean_short_name(self) -> str:
        short = nfc(self.cleaned_data.get("short_name") or "").strip()
        if short and not is_symbol(short):
            raise forms.ValidationError(SHORT_NAME_RULE)
        return short

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        node = parent
        while node is not None and self.instance.pk:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(_("A unit cannot be placed under itself."))
            node = node.parent
        return parent


class CadreForm(forms.ModelForm):
    class Meta:
        model = Cadre
        formfield_callback = numbers.formfield
        fields = [
            "full_name",
            "sex",
            "date_of_birth",
            "position",
            "category",
            "unit",
            "advises_cchc",
            "home_town",
            "qualifications",
            "is_active",
        ]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.active()
        if self.instance.pk:
            # Moving someone is a transfer, which keeps history.
            self.fields["unit"].disabled = True
            self.fields["unit"].help_text = _("To move this person, use Transfer.")
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            "full_name",
            Row(Column("sex"), Column("date_of_birth")),
            Row(Column("position"), Column("category")),
            "unit",
            "advises_cchc",
            Row(Column("home_town"), Column("qualifications")),
            "is_active",
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today or born < datetime.date(today.year - 100, 1, 1):
            raise forms.ValidationError(_("Enter a real date of birth."))
        return born


class TransferAnswerForm(forms.Form):
    """The answer to a transfer request: accept, decline (saying why) or withdraw."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (TransferState.ACCEPTED, _("Accept")),
            (TransferState.DECLINED, _("Decline")),
            (TransferState.WITHDRAWN, _("Withdraw")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("New unit"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("From"), widget=DateInput())
    position = forms.CharField(label=_("Position in the new unit"), max_length=160, required=False)
    note = forms.CharField(label=_("Note (decision number, reason)"), max_length=255, required=False)

    def __init__(self, *args, cadre: Cadre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.active().exclude(pk=cadre.unit_id)
        self.fields["on"].initial = timezone.localdate()
        self.fields["position"].initial = cadre.position
        self.helper = _helper(_("Transfer"))


class CadreFilterForm(forms.Form):
    """The cadre list's filters (GET)."""

    q = forms.CharField(label=_("Search"), required=False)
    unit = ListedChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All"))] + CadreCategory.choices, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("All"))] + Sex.choices, required=False)
    advises_cchc = forms.ChoiceField(
        label=_("Advises on reform"),
        choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("active", _("Working")), ("left", _("Left")), ("all", _("All"))],
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.filter(is_active=True)
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"])
        if data["unit"]:
            queryset = queryset.filter(unit=data["unit"])
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["sex"]:
            queryset = queryset.filter(sex=data["sex"])
        if data["advises_cchc"]:
            queryset = queryset.filter(advises_cchc=data["advises_cchc"] == "yes")
        status = data["status"] or "active"
        if status != "all":
            queryset = queryset.filter(is_active=status == "active")
        return queryset


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + UnitKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))],
        required=False,
    )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.filter(is_active=True)
        data = self.cleaned_data
        for word in fold(data["q"]).split():
            queryset = queryset.filter(search_name__contains=word)
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        status = data["status"] or "active"
        if status != "all":
            queryset = queryset.filter(is_active=status == "active")
        return queryset


class RatingsForm(forms.Form):
    """One year's ratings of a unit's people (and, for the office, of the unit itself)."""

    def __init__(self, *args, cadres, current: dict, unit_rating=None, rate_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + RatingLevel.choices
        self.cadres = cadres
        self.rate_unit = rate_unit
        if rate_unit:
            self.fields["unit_level"] = forms.ChoiceField(
                label=_("Rating of the unit"),
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
                initial=unit_rating.level if unit_rating else "",
            )
            self.fields["unit_note"] = forms.CharField(
                label=_("Note"),
                max_length=255,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
                initial=unit_rating.note if unit_rating else "",
            )
        for cadre in cadres:
            rating = current.get(cadre.pk)
            self.fields[f"level_{cadre.pk}"] = forms.ChoiceField(
                label=cadre.full_name,
                choices=choices,
                required=False,
                initial=rating.level if rating else "",
            )
            self.fields[f"note_{cadre.pk}"] = forms.CharField(
                label=_("Note for %(name)s") % {"name": cadre.full_name},
                max_length=255,
                required=False,
                initial=rating.note if rating else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        for cadre in self.cadres:
            yield cadre, self[f"level_{cadre.pk}"], self[f"note_{cadre.pk}"]

    def levels(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"level_{c.pk}"] for c in self.cadres}

    def notes(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"note_{c.pk}"] for c in self.cadres}


class YearForm(forms.Form):
    year = YearField(label=_("Year"), min_value=2000, max_value=2100)
