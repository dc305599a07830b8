"""The statistical report's choice of form and period: validation only, by the same checks
`awards.statistics.reports` applies when the job is recorded."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from awards.statistics.layouts import LAYOUTS
from awards.statistics.reports import StatisticsError, check_request


def layout_choices() -> list[tuple[str, str]]:
    return [(layout.code, f"{layout.code} – {layout.name}") for layout in LAYOUTS]


HALF_CHOICES = [
    ("", gettext_lazy("Whole year")),
    ("1", gettext_lazy("First six months")),
    ("2", gettext_lazy("Last six months")),
]


class StatisticsForm(forms.Form):
    # Plain text and choices: the service names what is wrong with what was typed.
    layout = forms.CharField(
        label=gettext_lazy("Statistical form"),
        required=False,
        widget=forms.Select(choices=layout_choices()),
    )
    year = forms.CharField(
        label=gettext_lazy("Year"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    half = forms.CharField(
        label=gettext_lazy("Six months (half-year forms)"),
        required=False,
        widget=forms.Select(choices=HALF_CHOICES),
        help_text=gettext_lazy("Only for a half-year form; a yearly form counts the whole year."),
    )

    def clean(self):
        data = super().clean()
        try:
            data["request"] = check_request(
                layout=data.get("layout"), year=data.get("year"), half=data.get("half")
            )
        except StatisticsError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
        return data
