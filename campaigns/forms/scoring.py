"""Forms of the year-end scoring: a criterion of the sheet, the grid of manual scores, and
the reason for reopening a year. Validation and cleaning only: the rules (maximum above 0,
points within the maximum, a comment below it...) live in `campaigns.services.scoring`,
which names the unit and the criterion in each message."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thiduaportal.numbers import DecimalNumberField, read_number
from thiduaportal.text import nfc
from units.models import Unit

from ..models import Campaign, CriterionSource, ScoringCriterion, UnitScore
from ..services.scoring import Key, number


class CriterionForm(forms.Form):
    """A line of the sheet. The indicator is needed only when the points come from one."""

    title = forms.CharField(label=_("Criterion"), max_length=255)
    max_points = DecimalNumberField(
        label=_("Maximum points"),
        max_digits=6,
        decimal_places=2,
    )
    source = forms.ChoiceField(
        label=_("Where the points come from"),
        choices=CriterionSource.choices,
        initial=CriterionSource.MANUAL,
        help_text=_("Automatic points are computed from the movement's data and cannot be typed."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=None,
        required=False,
        help_text=_("Only when the points come from an indicator's results."),
    )

    def __init__(self, *args, campaign: Campaign, criterion: ScoringCriterion | None = None, **kwargs):
        if criterion is not None:
            kwargs["initial"] = {
                "title": criterion.title,
                "max_points": criterion.max_points,
                "source": criterion.source,
                "indicator": criterion.indicator_id,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = campaign.indicators.all()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Save")))
        self.helper.layout = Layout(
            "title",
            Row(Column("max_points", css_class="col-md-3"), Column("source"), Column("indicator")),
        )

    def clean_title(self) -> str:
        return " ".join(nfc(self.cleaned_data["title"]).split())


def parse_points(text: str) -> Decimal | None:
    """Points as typed, read the Vietnamese way ("7,5"); empty means none. Raises
    `forms.ValidationError` saying how to write a number it cannot read."""
    return read_number(text)


class ScoresForm(forms.Form):
    """The office's grid: one row per unit, a points field and a comment field for each
    manual criterion. Field names carry the ids: points_<criterion>_<unit>, comment_<...>."""

    def __init__(
        self,
        *args,
        criteria: list[ScoringCriterion],
        units: list[Unit],
        current: dict[Key, UnitScore],
        disabled: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = [c for c in criteria if c.source == CriterionSource.MANUAL]
        self.units = units
        for criterion in self.criteria:
            for unit in units:
                score = current.get((criterion.pk, unit.pk))
                names = {"unit": unit, "criterion": criterion.title}
                self.fields[f"points_{criterion.pk}_{unit.pk}"] = forms.CharField(
                    label=gettext("Points of %(unit)s for “%(criterion)s”") % names,
                    required=False,
                    disabled=disabled,
                    initial=number(score.points) if score else "",
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
                )
                self.fields[f"comment_{criterion.pk}_{unit.pk}"] = forms.CharField(
                    label=gettext("Comment on %(unit)s for “%(criterion)s”") % names,
                    required=False,
                    disabled=disabled,
                    initial=score.comment if score else "",
                )

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            for unit in self.units:
                name = f"points_{criterion.pk}_{unit.pk}"
                try:
                    data[name] = parse_points(data.get(name, ""))
                except forms.ValidationError as error:
                    self.add_error(
                        name,
                        gettext("The points of %(unit)s for “%(criterion)s”: %(reason)s")
                        % {"unit": unit, "criterion": criterion.title, "reason": " ".join(error.messages)},
                    )
        return data

    def scores(self) -> dict[Key, tuple[Decimal | None, str]]:
        """(criterion id, unit id) -> (points, comment) for the service."""
        return {
            (criterion.pk, unit.pk): (
                self.cleaned_data.get(f"points_{criterion.pk}_{unit.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}_{unit.pk}", ""),
            )
            for criterion in self.criteria
            for unit in self.units
        }

    def field_name(self, key: Key) -> str:
        return f"points_{key[0]}_{key[1]}"

    def rows(self):
        """(unit, [(criterion, points field, comment field), ...]) for the template."""
        for unit in self.units:
            yield (
                unit,
                [
                    (
                        criterion,
                        self[f"points_{criterion.pk}_{unit.pk}"],
                        self[f"comment_{criterion.pk}_{unit.pk}"],
                    )
                    for criterion in self.criteria
                ],
            )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", gettext("Reopen the year"), css_class="btn-warning"))
