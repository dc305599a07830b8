"""Forms of the submissions to the city: a reason, the city's decision. Parsing only; the
services in `awards.services.city` check what is legal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.city_models import CitySubmissionLine
from thiduaportal.widgets import DateInput


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the commune reads it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LineChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: CitySubmissionLine) -> str:
        return f"{obj.position}. {obj.recipient_name} – {obj.award_name}"


class CityDecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    date = forms.DateField(label=_("Decision date"), widget=DateInput)
    signer = forms.CharField(label=_("Signed by"), max_length=200)
    award_name = forms.CharField(label=_("Award form decided"), max_length=200)
    lines = LineChoice(label=_("Candidates awarded"), queryset=CitySubmissionLine.objects.none())

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        lines = submission.lines.all()
        self.fields["lines"].queryset = lines
        if not self.is_bound:
            self.initial["lines"] = [line.pk for line in lines]
            first = next(iter(lines), None)
            self.initial.setdefault("award_name", first.award_name if first else "")
