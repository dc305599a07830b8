"""Decision forms: the draft's text and list, issuing, corrections. Parsing only; the
services in `awards.services.decisions` check what is legal."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Decision, DecisionKind
from nominations.models import Nomination
from thiduaportal import numbers
from thiduaportal.numbers import WholeNumberField, YearField
from thiduaportal.widgets import DateInput


class LinesField(forms.CharField):
    """A list of lines typed one per line in a text area."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        return [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]


class NominationChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Nomination) -> str:
        return f"{obj.subject_name} – {obj.award_form}"


class DecisionForm(forms.ModelForm):
    legal_bases = LinesField(label=_("Legal bases (one per line, without “Căn cứ”)"))
    recipients = LinesField(label=_("Recipients (Nơi nhận), one per line"))
    nominations = NominationChoice(label=_("Awardees"), queryset=Nomination.objects.none(), required=False)

    class Meta:
        model = Decision
        formfield_callback = numbers.formfield
        fields = (
            "title",
            "achievement",
            "letter_reference",
            "legal_bases",
            "cash_source",
            "executors",
            "recipients",
            "signer_capacity",
            "signer_name",
        )
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "achievement": forms.Textarea(attrs={"rows": 2}),
            "cash_source": forms.Textarea(attrs={"rows": 2}),
            "executors": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == DecisionKind.AWARD and choices is not None:
            self.fields["nominations"].queryset = Nomination.objects.filter(pk__in=[n.pk for n in choices])
            self.fields["nominations"].initial = list(self.instance.nominations.values_list("pk", flat=True))
            self.fields["nominations"].required = True
        else:
            del self.fields["nominations"]
        if self.instance.kind != DecisionKind.AWARD:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=self.instance.reason,
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save the draft")))


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label=_("Date of the decision"),
        widget=DateInput(),
        help_text=_("The date printed on the decision and on every certificate."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have read the decision and its list; issue it now. An issued decision can no longer be edited."
        )
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_issued_on(self) -> datetime.date:
        day = self.cleaned_data["issued_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return day


class AwardChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Award) -> str:
        return f"{obj.position}. {obj.recipient_name} – {obj.recipient_detail}"


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Correction"),
        choices=[
            (DecisionKind.AMENDMENT, _("Amend: revoke and award again from the corrected records")),
            (DecisionKind.REVOCATION, _("Revoke the award")),
        ],
        widget=forms.RadioSelect,
    )
    awards = AwardChoice(label=_("Awards to correct"), queryset=Award.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awards"].queryset = decision.awards.filter(revoked_by__isnull=True).order_by("position")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Draft the correcting decision")))


class NumberingForm(forms.Form):
    year = YearField(label=_("Year"), min_value=2000, max_value=2100)
    last_number = WholeNumberField(
        label=_("Last number given in the register"),
        min_value=0,
        help_text=_(
            "The next decision issued in the portal takes the number after it. A counter never goes back."
        ),
    )

    checked = forms.BooleanField(
        label=_(
            "I have checked this number against the commune's paper register of documents (sổ đăng ký văn bản)."
        )
    )

    def __init__(self, *args, year: int | None = None, **kwargs):
        kwargs["initial"] = {"year": year or timezone.localdate().year, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Confirm the numbering")))
