"""Forms for campaigns, their years, indicators and yearly targets: validation only.

The rules live in `campaigns.services.campaign`; the forms run the same checks so every
problem shows beside its field at once, and the service checks them again.
"""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thiduaportal import numbers
from thiduaportal.numbers import DecimalNumberField
from units.forms import DateInput
from units.models import Unit

from ..models import Campaign, Indicator
from ..services.campaign import InvalidInput, check_campaign_years, check_level


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


def _units_with(selected):
    """Active units, and any archived one already chosen (so saving does not drop it)."""
    return Unit.objects.filter(Q(is_active=True) | Q(pk__in=[u.pk for u in selected]))


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        formfield_callback = numbers.formfield
        fields = [
            "title",
            "code",
            "plan_number",
            "plan_date",
            "launch_date",
            "start_year",
            "end_year",
            "midterm_year",
            "legal_bases",
            "description",
            "is_public",
            "publishing_units",
        ]
        widgets = {
            "plan_date": DateInput(),
            "launch_date": DateInput(),
            "legal_bases": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "publishing_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.publishing_units.all()) if self.instance.pk else []
        self.fields["publishing_units"].queryset = _units_with(chosen)
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            "title",
            Row(Column("code"), Column("plan_number"), Column("plan_date")),
            Row(Column("start_year"), Column("end_year"), Column("midterm_year"), Column("launch_date")),
            "legal_bases",
            "description",
            "is_public",
            "publishing_units",
        )

    def clean(self):
        data = super().clean()
        years = [data.get(name) for name in ("start_year", "end_year", "midterm_year")]
        if not self.has_error("start_year") and not self.has_error("end_year"):
            try:
                check_campaign_years(*years)
            except InvalidInput as error:
                self.add_error(error.field, str(error))
        return data


class CampaignYearForm(forms.Form):
    """The settings of one year of a campaign."""

    registration_deadline = forms.DateField(
        label=_("Registration deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Units may still register later; the office list marks them late."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        formfield_callback = numbers.formfield
        fields = [
            "code",
            "name",
            "definition",
            "kind",
            "direction",
            "frequency",
            "numerator_label",
            "denominator_label",
            "final_target",
            "is_city_kpi",
            "order",
            "reporting_units",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "reporting_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.reporting_units.all()) if self.instance.pk else []
        self.fields["reporting_units"].queryset = _units_with(chosen)
        self.fields["final_target"].widget.attrs.update(min="0", step="0.01")
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            Row(Column("code", css_class="col-md-3"), Column("name", css_class="col-md-9")),
            "definition",
            Row(Column("kind"), Column("direction"), Column("frequency")),
            Row(Column("numerator_label"), Column("denominator_label")),
            Row(Column("final_target"), Column("order"), Column("is_city_kpi")),
            "reporting_units",
        )

    def clean(self):
        data = super().clean()
        if data.get("final_target") is not None and data.get("kind"):
            try:
                data["final_target"] = check_level(
                    data["final_target"],
                    kind=data["kind"],
                    what=_("The target for the last year"),
                    field="final_target",
                )
            except InvalidInput as error:
                self.add_error("final_target", str(error))
        return data


class TargetsForm(forms.Form):
    """One target per year of the campaign; an empty field removes that year's target."""

    def __init__(self, *args, indicator: Indicator, current: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.years = list(indicator.campaign.years)
        for year in self.years:
            self.fields[f"target_{year}"] = DecimalNumberField(
                label=str(year),
                required=False,
                max_digits=7,
                decimal_places=2,
                initial=current.get(year),
            )
        self.helper = _helper(_("Save targets"))
        self.helper.layout = Layout(Row(*[Column(f"target_{year}") for year in self.years]))

    def clean(self):
        data = super().clean()
        for year in self.years:
            value = data.get(f"target_{year}")
            if value is None:
                continue
            try:
                check_level(
                    value, kind=self.indicator.kind, what=_("The target for %(year)s") % {"year": year}
                )
            except InvalidInput as error:
                self.add_error(f"target_{year}", str(error))
        return data

    def targets(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}
