"""Forms for a unit's yearly registration, its review, and the office list's filters."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thiduaportal.numbers import DecimalNumberField, YearField

from ..models import Campaign, Indicator, RegistrationState
from ..services.campaign import InvalidInput, check_level
from ..services.registration import NOT_REGISTERED


class RegistrationForm(forms.Form):
    """Pledges and, for each indicator of the campaign, the level the unit commits to
    (empty: no commitment)."""

    pledges = forms.CharField(
        label=_("Pledges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the unit undertakes besides the indicators, one pledge per line."),
    )

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        targets: dict[int, Decimal],
        reported: set[int],
        current: dict[int, Decimal],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.targets = targets
        self.reported = reported
        for indicator in indicators:
            self.fields[f"level_{indicator.pk}"] = DecimalNumberField(
                label=indicator.name,
                required=False,
                max_digits=7,
                decimal_places=2,
                initial=current.get(indicator.pk),
            )

    def clean(self):
        data = super().clean()
        for indicator in self.indicators:
            name = f"level_{indicator.pk}"
            if data.get(name) is None:
                continue
            what = _("The committed level for “%(indicator)s”") % {"indicator": indicator}
            try:
                check_level(data[name], kind=indicator.kind, what=what)
            except InvalidInput as error:
                self.add_error(name, str(error))
        return data

    def rows(self):
        """(indicator, this year's target, reported by the unit, its field) in order."""
        for indicator in self.indicators:
            yield (
                indicator,
                self.targets.get(indicator.pk),
                indicator.pk in self.reported,
                self[f"level_{indicator.pk}"],
            )

    def commitments(self) -> dict[int, Decimal | None]:
        return {i.pk: self.cleaned_data.get(f"level_{i.pk}") for i in self.indicators}


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("The unit sees this and revises its registration."),
    )


STATE_FILTERS = [
    ("", _("All")),
    (NOT_REGISTERED, _("Not registered")),
    *RegistrationState.choices,
]


class RegistrationFilterForm(forms.Form):
    """The office list's choices (GET): which campaign and year, which state."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False)
    year = YearField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label=_("State"), choices=STATE_FILTERS, required=False)
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per form: a queryset made at import time is outside every commune's scope.
        self.fields["campaign"].queryset = Campaign.objects.all()
        for name in ("campaign", "state"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"
        self.fields["late"].widget.attrs["class"] = "form-check-input"
