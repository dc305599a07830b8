"""Printing certificates: the batch form, the printers' offsets and the emblem upload.
Parsing only; `awards.certificates` checks the decision and the chosen awards."""

from __future__ import annotations

import re

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.certificates import BLANK, FULL
from awards.models import PrinterProfile
from thiduaportal.text import nfc
from thiduaportal.uploads import JPEG, PNG, UploadRejected, check_upload, upload_max_bytes

MODE_CHOICES = [
    (FULL, gettext_lazy("Full design (border and emblem) on plain white paper")),
    (BLANK, gettext_lazy("Text only, on pre-printed blanks (phôi)")),
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
    awards = AwardIdsField(label=gettext_lazy("Certificates"), required=False)
    mode = forms.ChoiceField(
        label=gettext_lazy("Print on"), choices=MODE_CHOICES, initial=FULL, widget=forms.RadioSelect
    )
    printer = forms.ModelChoiceField(
        label=gettext_lazy("Printer (for blanks)"),
        queryset=PrinterProfile.objects.all(),
        required=False,
        empty_label=gettext_lazy("No offsets"),
    )


class PrinterForm(forms.ModelForm):
    class Meta:
        model = PrinterProfile
        fields = ["name", "offset_x_mm", "offset_y_mm"]
        help_texts = {
            "offset_x_mm": gettext_lazy("Millimetres; a negative number moves the text left."),
            "offset_y_mm": gettext_lazy("Millimetres; a negative number moves the text up."),
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


# Event handlers (onload=…) and references to anything but the image itself or inline data.
_SVG_HANDLER = re.compile(r"\son[a-z]+\s*=")
_SVG_HREF = re.compile(r"href\s*=\s*[\"']\s*([^\"']*)")


def _check_svg(upload) -> None:
    name = upload.name
    if not upload.size:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > upload_max_bytes():
        raise UploadRejected(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(upload_max_bytes())}
        )
    upload.seek(0)
    head = upload.read()
    upload.seek(0)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    # Entities can make XML expand without end; scripts and outside links have no place in an emblem.
    lowered = text.lower()
    if (
        "<svg" not in lowered
        or any(bad in lowered for bad in ("<!entity", "<!doctype", "<script", "<foreignobject"))
        or (
            _SVG_HANDLER.search(lowered)
            or any(not ref.startswith(("#", "data:")) for ref in _SVG_HREF.findall(lowered))
        )
    ):
        raise UploadRejected(
            _("“%(name)s” is not a plain SVG image (no scripts, entities or outside links).") % {"name": name}
        )


class EmblemForm(forms.Form):
    emblem = forms.FileField(
        label=gettext_lazy("National emblem"),
        allow_empty_file=True,
        help_text=gettext_lazy("PNG, JPEG or SVG, square, at least 600 × 600 pixels for a sharp print."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.svg"}),
    )

    def clean_emblem(self):
        upload = self.cleaned_data["emblem"]
        try:
            if upload.name.lower().endswith(".svg"):
                _check_svg(upload)
            else:
                checked = check_upload(upload)
                if checked.kind not in (PNG, JPEG):
                    raise UploadRejected(
                        _("“%(name)s”: the emblem must be a PNG, JPEG or SVG image.") % {"name": checked.name}
                    )
        except UploadRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload
