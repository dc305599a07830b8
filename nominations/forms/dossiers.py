"""Forms of the dossier: one uploaded file of a checklist line, the paper receipt. Parsing
only; which kinds a round takes and when files may change live in
`nominations.services.dossiers`."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nominations.services.dossiers import MAX_PAPER_COPIES, ItemSpec
from thiduaportal.numbers import WholeNumberField
from thiduaportal.uploads import ACCEPT, upload_max_bytes


def accepted_files_text() -> str:
    """The accepted types and size, read at request time so it follows the setting."""
    return gettext("PDF, JPEG, PNG, DOCX or XLSX, at most %(size)s.") % {
        "size": filesizeformat(upload_max_bytes())
    }


class AttachmentForm(forms.Form):
    """One file for one checklist line; the lines offered are those of the round's route at
    the chosen level (the proposal, or one nomination)."""

    kind = forms.ChoiceField(label=_("Document"))
    # Empty files pass the form so the service names them in its message.
    upload = forms.FileField(
        label=_("File"), allow_empty_file=True, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args, specs: list[ItemSpec], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(spec.kind, spec.label) for spec in specs]
        self.fields["upload"].help_text = accepted_files_text()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Upload")))


def _copies_message() -> str:
    return gettext("The number of paper originals must be a whole number from 0 to %(max)s.") % {
        "max": MAX_PAPER_COPIES
    }


class PaperReceiptForm(forms.Form):
    copies = WholeNumberField(label=_("Paper originals received"))

    def clean_copies(self) -> int:
        copies = self.cleaned_data["copies"]
        if not 0 <= copies <= MAX_PAPER_COPIES:
            raise forms.ValidationError(_copies_message())
        return copies

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].error_messages.update(
            {"required": _copies_message(), "invalid": _copies_message()}
        )
