"""Forms of the nomination's workflow: the reason of a move, the justifications of an
acceptance against failed checks, and the choice of two versions to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thiduaportal.numbers import WholeNumberField
from thiduaportal.text import nfc

REASON_MAX = 2000
JUSTIFICATION_PREFIX = "justification_"


class ReasonForm(forms.Form):
    """The reason of a return, a rejection, a withdrawal or a removal from the shortlist.
    Required or not is the service's rule; here it is only cleaned."""

    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_reason(self) -> str:
        return " ".join(nfc(self.cleaned_data.get("reason") or "").split())


class AcceptForm(forms.Form):
    """One justification per failed eligibility check (`justification_<code>`)."""

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        for check in checks:
            if check.blocking:
                self.fields[JUSTIFICATION_PREFIX + check.code] = forms.CharField(
                    label=_("Justification for “%(check)s”") % {"check": check.label},
                    max_length=REASON_MAX,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def justifications(self) -> dict[str, str]:
        """The justifications written, by check code, NFC and without extra spaces."""
        return {
            name.removeprefix(JUSTIFICATION_PREFIX): " ".join(nfc(value or "").split())
            for name, value in self.cleaned_data.items()
            if name.startswith(JUSTIFICATION_PREFIX)
        }


class VersionsForm(forms.Form):
    """Which two versions to compare (GET); by default the last two."""

    a = WholeNumberField(label=_("Compare version"), min_value=1)
    b = WholeNumberField(label=_("with version"), min_value=1)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, n) for n in numbers]
        for name in ("a", "b"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label, choices=choices, coerce=int
            )
