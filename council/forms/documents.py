"""The upload of a session's signed minutes. Parsing only; `council.services.minutes.attach_minutes_scan`
checks the file and the session's state."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class MinutesScanForm(forms.Form):
    # Empty files pass the form so the service names them in its message.
    upload = forms.FileField(
        label=_("Signed minutes (scan)"),
        allow_empty_file=True,
        help_text=_("PDF, JPEG or PNG of the minutes signed by the chair and the secretary."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Upload")))
