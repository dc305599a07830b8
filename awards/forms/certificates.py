"""Printing certificates: the batch form, the printers' offsets and the emblem upload.
Parsing only; `awards.certificates` checks the decision and the chosen awards."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from awards.certificates import BLANK, FULL
from awards.models import PrinterProfile
from thiduaportal.text import nfc
from thiduaportal.uploads import JPEG, PNG, UploadRejected, check_upload

MODE_CHOICES = [
    (FULL, _lazy("Full design (border and emblem) on plain white paper")),
    (BLANK, _lazy("Text only, on pre-printed blanks (phôi)")),
]
# Offsets beyond a few centimetres are a typing mistake, not a printer.
MAX_OFFSET_MM = 50


class AwardIdsField(forms.Field):
    """The ticked award ids (the page draws the checkboxes); any number parses, the service
    says which one is not part of the decision."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        try:
            return list(dict.fromkeys(int(item) for item in value or ()))
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose the certificates from the list.")) from None


class CertificatePrintForm(forms.Form):
    awards = AwardIdsField(label=_lazy("Certificates"), required=False)
    mode = forms.ChoiceField(
        label=_lazy("Print on"), choices=MODE_CHOICES, initial=FULL, widget=forms.RadioSelect
    )
    printer = forms.ModelChoiceField(
        label=_lazy("Printer (for blanks)"),
        queryset=PrinterProfile.objects.all(),
        required=False,
        empty_label=_lazy("No offsets"),
    )


class PrinterForm(forms.ModelForm):
    class Meta:
        model = PrinterProfile
        fields = ["name", "offset_x_mm", "offset_y_mm"]
        help_texts = {
            "offset_x_mm": _lazy("Millimetres; a negative number moves the text left."),
            "offset_y_mm": _lazy("Millimetres; a negative number moves the text up."),
        }

    def clean_name(self):
        return " ".join(nfc(self.cleaned_data["name"]).split())

    def _offset(self, field: str):
        value = self.cleaned_data[field]
        if value is not None and abs(value) > MAX_OFFSET_MM:
            raise forms.ValidationError(
                _("An offset of more than %(max)s mm is not a printer's error; check the number.")
                % {"max": MAX_OFFSET_MM}
            )
        return value

    def clean_offset_x_mm(self):
        return self._offset("offset_x_mm")

    def clean_offset_y_mm(self):
        return self._offset("offset_y_mm")


class EmblemForm(forms.Form):
    emblem = forms.FileField(
        label=_lazy("National emblem"),
        allow_empty_file=True,
        help_text=_lazy("PNG or JPEG, square, at least 600 × 600 pixels for a sharp print."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )

    def clean_emblem(self):
        # SVG is refused, not filtered: an SVG is a program (scripts, entities, links, nested
        # data: images) and no list of bad words catches every way to write one. An emblem
        # drawn as SVG is exported to PNG once, in any drawing program.
        upload = self.cleaned_data["emblem"]
        try:
            if upload.name.lower().endswith((".svg", ".svgz")):
                raise UploadRejected(
                    _(
                        "“%(name)s” is an SVG drawing, which the portal does not accept; export it as a "
                        "PNG image of at least 600 × 600 pixels and upload that."
                    )
                    % {"name": upload.name}
                )
            checked = check_upload(upload)
            if checked.kind not in (PNG, JPEG):
                raise UploadRejected(
                    _("“%(name)s”: the emblem must be a PNG or JPEG image.") % {"name": checked.name}
                )
        except UploadRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload
