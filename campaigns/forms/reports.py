"""The periodic report's request form: validation only; `campaigns.services.reports`
checks the same rules again when the job is recorded."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduaportal.numbers import YearField
from units.forms import DateInput

from ..models import Campaign
from ..services.reports import FORMATS, ROMAN, ReportError, check_report_request


def period_choices() -> list[tuple[str, str]]:
    """The periods a report covers, labelled in the user's language."""
    return [
        ("year", _("Whole year")),
        ("h1", _("First six months")),
        ("h2", _("Last six months")),
        *((f"q{n}", _("Quarter %(number)s") % {"number": ROMAN[n - 1]}) for n in range(1, 5)),
        *((f"m{n}", _("Month %(number)s") % {"number": n}) for n in range(1, 13)),
    ]


FORMAT_LABELS = {
    "pdf": gettext_lazy("PDF document (to print and sign)"),
    "xlsx": gettext_lazy("Excel workbook"),
}


class ReportForm(forms.Form):
    campaign = forms.ModelChoiceField(label=gettext_lazy("Campaign"), queryset=Campaign.objects.none())
    year = YearField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=period_choices)
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(value, FORMAT_LABELS[value]) for value in FORMATS],
        widget=forms.RadioSelect,
        initial="pdf",
    )
    number = forms.CharField(
        label=gettext_lazy("Document number"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "e.g. “25/BC-VHXH”. Leave empty to write the number by hand when it is issued."
        ),
    )
    report_date = forms.DateField(
        label=gettext_lazy("Date of the report"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Today when left empty."),
    )
    assessment = forms.CharField(
        label=gettext_lazy("III. Assessment and proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Plain text; one paragraph per line. Left empty, the section is printed with dotted lines to fill in by hand."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-start_year", "title")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Prepare the report")))
        self.helper.layout = Layout(
            "campaign",
            Row(
                Column("year", css_class="col-md-3"),
                Column("period", css_class="col-md-4"),
                Column("report_date"),
            ),
            Row(Column("file_format"), Column("number")),
            "assessment",
        )

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("campaign"):
            return data
        try:
            check_report_request(
                data["campaign"],
                year=data["year"],
                period=data["period"],
                file_format=data["file_format"],
                number=data["number"],
                report_date=data["report_date"],
                assessment=data["assessment"],
            )
        except ReportError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
        return data


def last_ended_quarter(today) -> tuple[int, int]:
    """(year, quarter) of the last quarter that has ended by `today`: a report covers a
    finished period (in December, quarter III; in February, quarter IV of last year)."""
    quarter = (today.month - 1) // 3  # the quarters of this year already over
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def initial_values(campaign: Campaign | None, *, today=None) -> dict:
    """The last ended quarter, of the current campaign, as PDF."""
    year, quarter = last_ended_quarter(today or timezone.localdate())
    return {
        "campaign": campaign,
        "year": year,
        "period": f"q{quarter}",
        "file_format": "pdf",
    }
