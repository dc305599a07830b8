"""Forms for entering results: the unit's year grid and the overview's filters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from thiduaportal.numbers import DecimalNumberField, YearField

from ..models import Campaign, Indicator, IndicatorKind, Result
from ..services.rates import IndicatorStatus, Rate
from ..services.results import ResultEntry, ResultProblem, ended_periods, period_label

# Field name prefixes of one cell of the grid; the service's field names map onto them.
PREFIX = {"numerator": "n", "denominator": "d", "value": "v", "note": "t"}


def _count_field(label: str) -> forms.DecimalField:
    # Decimals are accepted here so the service can say "must be a whole number" itself;
    # "1.234" (a thousands separator) is 1234.
    return DecimalNumberField(label=label, required=False)


@dataclass
class GridRow:
    period: int
    label: str
    fields: dict[str, forms.BoundField]
    rate: Rate | None
    # The period has started and is not over yet: its figures are provisional.
    in_progress: bool = False


@dataclass
class IndicatorCard:
    indicator: Indicator
    status: IndicatorStatus | None
    rows: list[GridRow] = field(default_factory=list)

    @property
    def is_ratio(self) -> bool:
        return self.indicator.kind == IndicatorKind.RATIO


class ResultEntryForm(forms.Form):
    """One cell per indicator the unit reports and per open period: two counts (ratio) or a
    value (percentage, score), and a note. Existing results are filled in."""

    def __init__(
        self,
        *args,
        indicators: Sequence[Indicator],
        periods: Mapping[int, Sequence[int]],
        existing: Mapping[tuple[int, int], Result],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.periods = periods
        self.existing = existing
        for indicator in self.indicators:
            for period in periods[indicator.pk]:
                self._add_cell(indicator, period, existing.get((indicator.pk, period)))

    def _add_cell(self, indicator: Indicator, period: int, result: Result | None) -> None:
        key = f"{indicator.pk}_{period}"
        if indicator.kind == IndicatorKind.RATIO:
            self.fields[f"n_{key}"] = _count_field(indicator.numerator_label or _("Numerator"))
            self.fields[f"d_{key}"] = _count_field(indicator.denominator_label or _("Denominator"))
            self.initial[f"n_{key}"] = result.numerator if result else None
            self.initial[f"d_{key}"] = result.denominator if result else None
        else:
            self.fields[f"v_{key}"] = DecimalNumberField(label=_("Value"), required=False)
            self.initial[f"v_{key}"] = result.value if result else None
        self.fields[f"t_{key}"] = forms.CharField(label=_("Note"), required=False, max_length=255)
        self.initial[f"t_{key}"] = result.note if result else ""

    def _cell(self, indicator: Indicator, period: int) -> dict:
        key = f"{indicator.pk}_{period}"
        data = self.cleaned_data
        return {
            name: data.get(f"{prefix}_{key}")
            for name, prefix in PREFIX.items()
            if f"{prefix}_{key}" in self.fields
        }

    def entries(self) -> list[ResultEntry]:
        """The cells that changed: new figures, edited ones, or cleared ones (to remove)."""
        entries = []
        for indicator in self.indicators:
            for period in self.periods[indicator.pk]:
                cell = self._cell(indicator, period)
                entry = ResultEntry(
                    indicator=indicator,
                    period=period,
                    numerator=cell.get("numerator"),
                    denominator=cell.get("denominator"),
                    value=cell.get("value"),
                    note=cell.get("note") or "",
                )
                if self._changed(entry, self.existing.get((indicator.pk, period))):
                    entries.append(entry)
        return entries

    @staticmethod
    def _changed(entry: ResultEntry, result: Result | None) -> bool:
        if result is None:
            return not entry.is_blank or bool(entry.note.strip())
        before = (result.numerator, result.denominator, result.value, result.note)
        value = Decimal(entry.value) if entry.value is not None else None
        return (entry.numerator, entry.denominator, value, entry.note.strip()) != before

    def add_problems(self, entries: Sequence[ResultEntry], problems: Sequence[ResultProblem]) -> None:
        """Show each of the service's problems beside its input, or on top of the form."""
        for problem in problems:
            entry = entries[problem.index]
            name = f"{PREFIX.get(problem.field, '')}_{entry.indicator.pk}_{entry.period}"
            if problem.field in PREFIX and name in self.fields:
                self.add_error(
                    name, f"{capfirst(period_label(entry.indicator, entry.period))}: {problem.message}"
                )
            else:
                self.add_error(None, str(problem))

    def cards(self, statuses: Mapping[int, IndicatorStatus], *, year: int) -> list[IndicatorCard]:
        """The grid as one card per indicator, each row a period with its computed rate (and
        whether the period is still running)."""
        cards = []
        for indicator in self.indicators:
            status = statuses.get(indicator.pk)
            card = IndicatorCard(indicator=indicator, status=status)
            ended = ended_periods(indicator, year)
            for period in self.periods[indicator.pk]:
                key = f"{indicator.pk}_{period}"
                bound = {
                    name: self[f"{prefix}_{key}"]
                    for name, prefix in PREFIX.items()
                    if f"{prefix}_{key}" in self.fields
                }
                rate = status.series.get(period) if status else None
                label = period_label(indicator, period)
                card.rows.append(GridRow(period, label, bound, rate, in_progress=period > ended))
            cards.append(card)
        return cards


class ResultFilterForm(forms.Form):
    """The overview's campaign and year (empty: the current campaign and year)."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False)
    year = YearField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per form: a queryset made at import time is outside every commune's scope.
        self.fields["campaign"].queryset = Campaign.objects.order_by("-start_year", "title")
