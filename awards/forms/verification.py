"""The public verification form: one field, the code printed on the certificate. Cleaning
only; `awards.services.verification` looks the code up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.services.decisions import codes
from awards.services.verification import FORMAT_MESSAGE


class VerificationCodeForm(forms.Form):
    # Rendered by hand in templates/awards/verification/_form.html (big, phone-friendly).
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("16 characters, printed under the QR code at the bottom of the certificate."),
    )

    def clean_code(self) -> str:
        """The code in its grouped form ("7KQ3-MX9P-4TWR-HN2C"), or the format message."""
        code = codes.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(FORMAT_MESSAGE, code="format")
        return codes.grouped(code)
