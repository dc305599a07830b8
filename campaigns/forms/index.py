"""Forms for PAR INDEX / SIPAS components: parsing only. The rules (duplicate code, score
within the maximum, ...) live in `campaigns.services.index` and come back as field errors."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thiduaportal.numbers import DecimalNumberField, NumberInput, YearField
from units.models import Unit

from ..models import IndexComponent, IndexKind
from ..services.index import label


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


def _points_field(label_text, *, required: bool) -> forms.DecimalField:
    # "1,50" the Vietnamese way; the service checks the range and the decimals.
    return DecimalNumberField(
        label=label_text,
        required=required,
        widget=NumberInput(attrs={"class": "text-end"}, decimals=True),
    )


class ComponentForm(forms.Form):
    index = forms.ChoiceField(label=_("Index"), choices=IndexKind.choices)
    year = YearField(label=_("Year"))
    group = forms.CharField(label=_("Group"), help_text=_('e.g. "Cải cách thủ tục hành chính"'))
    code = forms.CharField(label=_("Code"), help_text=_('e.g. "3.2"'))
    name = forms.CharField(label=_("Component"))
    max_points = _points_field(_("Maximum points"), required=True)

    def __init__(self, *args, instance: IndexComponent | None = None, **kwargs):
        if instance is not None:
            names = ("index", "year", "group", "code", "name", "max_points")
            kwargs["initial"] = {**{n: getattr(instance, n) for n in names}, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            Row(Column("index"), Column("year"), Column("code")), "group", "name", "max_points"
        )


class AssignUnitsForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Responsible units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, component: IndexComponent, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(component.units.values_list("pk", flat=True))
        # Active units, and any archived one already assigned (so saving does not drop it).
        self.fields["units"].queryset = Unit.objects.filter(Q(is_active=True) | Q(pk__in=current))
        self.fields["units"].initial = current
        self.helper = _helper(_("Save"))


class CopyComponentsForm(forms.Form):
    from_year = YearField(label=_("Copy the components of"))
    to_year = YearField(label=_("Into the year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Copy"))
        self.helper.layout = Layout(Row(Column("from_year"), Column("to_year")))


class ScoresForm(forms.Form):
    """One field per component of the year: its official score (empty: not known yet)."""

    def __init__(self, *args, components: list[IndexComponent], **kwargs):
        super().__init__(*args, **kwargs)
        self.components = components
        for component in components:
            field = _points_field(label(component), required=False)
            field.initial = component.score
            self.fields[f"score_{component.pk}"] = field

    def rows(self):
        for component in self.components:
            yield component, self[f"score_{component.pk}"]

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.components}


class YearForm(forms.Form):
    """The year picker of the index pages (GET)."""

    year = YearField(label=_("Year"), min_value=2000, max_value=2100, required=False)
