"""Printing certificates: the batch form, the printers' offsets and the emblem upload.
Parsing only; `awards.certificates` checks the decision and the chosen awards."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import blanks
from awards.certificates import BLANK, FULL
from awards.models import PrinterProfile
from thiduaportal import numbers
from thiduaportal.documents import vn_number
from thiduaportal.numbers import DecimalNumberField
from thiduaportal.text import nfc
from thiduaportal.uploads import JPEG, PNG, UploadRejected, check_upload

MODE_CHOICES = [
    (FULL, gettext_lazy("Full design (border and emblem) on plain white paper")),
    (BLANK, gettext_lazy("Text only, on pre-printed blanks (phôi)")),
]
TENTH = Decimal("0.1")
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
        queryset=PrinterProfile.objects.none(),
        required=False,
        empty_label=gettext_lazy("No offsets"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per form: a queryset made at import time is outside every commune's scope.
        self.fields["printer"].queryset = PrinterProfile.objects.all()


class PrinterForm(forms.ModelForm):
    """The printer's offsets, each field's own offsets (`awards.blanks`) and the fixed lines
    its blanks carry already."""

    class Meta:
        model = PrinterProfile
        formfield_callback = numbers.formfield
        fields = ["name", "offset_x_mm", "offset_y_mm"]
        help_texts = {
            "offset_x_mm": gettext_lazy("Millimetres; a negative number moves the text left."),
            "offset_y_mm": gettext_lazy("Millimetres; a negative number moves the text up."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = self.instance if self.instance.pk else None
        for field in blanks.FIELDS:
            for axis, value, label in zip(
                ("x", "y"),
                blanks.field_offset(saved, field.key),
                (gettext_lazy("%(field)s: move right (mm)"), gettext_lazy("%(field)s: move down (mm)")),
                strict=True,
            ):
                self.fields[f"{field.key}_{axis}"] = DecimalNumberField(
                    label=label % {"field": field.label},
                    required=False,
                    initial=value,
                    max_digits=4,
                    decimal_places=1,
                )
        self.fields["preprinted"] = forms.MultipleChoiceField(
            label=gettext_lazy("Lines the blanks already carry (not printed)"),
            choices=[(field.key, field.label) for field in blanks.FIELDS if field.fixed],
            initial=sorted(blanks.preprinted_keys(saved)),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def box_rows(self):
        """(field, its "already printed" checkbox or None, x input, y input) for the table."""
        boxes = {box.data["value"]: box for box in self["preprinted"]}
        return [
            (field, boxes.get(field.key), self[f"{field.key}_x"], self[f"{field.key}_y"])
            for field in blanks.FIELDS
        ]

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

    def field_offsets(self) -> dict[str, tuple[Decimal, Decimal]]:
        data = self.cleaned_data
        return {
            field.key: (data.get(f"{field.key}_x") or Decimal(0), data.get(f"{field.key}_y") or Decimal(0))
            for field in blanks.FIELDS
        }

    def clean(self):
        data = super().clean()
        for field in blanks.FIELDS:
            for axis in ("x", "y"):
                value = data.get(f"{field.key}_{axis}")
                if value is not None and abs(value) > blanks.MAX_FIELD_OFFSET_MM:
                    self.add_error(
                        f"{field.key}_{axis}",
                        _(
                            "“%(field)s” moved by more than %(max)s mm is not the blank's layout; check the number."
                        )
                        % {"field": field.label, "max": blanks.MAX_FIELD_OFFSET_MM},
                    )
        if self.errors:
            return data
        gx, gy = data.get("offset_x_mm") or Decimal(0), data.get("offset_y_mm") or Decimal(0)
        for box in blanks.boxes(None, global_offset=(gx, gy), field_offsets=self.field_offsets()).values():
            if blanks.box_outside_sheet(box):
                self.add_error(
                    f"{box.key}_x",
                    _(
                        "“%(field)s” would print outside the sheet (%(left)s to %(right)s mm from the left "
                        "edge, %(top)s to %(bottom)s mm from the top; the sheet is 297 × 210 mm): "
                        "reduce its offsets or the printer's."
                    )
                    % {
                        "field": box.field.label,
                        "left": vn_number(box.x, places=1),
                        "right": vn_number(box.right, places=1),
                        "top": vn_number(box.y, places=1),
                        "bottom": vn_number(box.bottom, places=1),
                    },
                )
        return data

    def save(self, commit=True):
        printer = super().save(commit=False)
        printer.field_offsets = {
            key: {"x": str(dx.quantize(TENTH)), "y": str(dy.quantize(TENTH))}
            for key, (dx, dy) in self.field_offsets().items()
            if dx or dy
        }
        chosen = set(self.cleaned_data.get("preprinted") or ())
        printer.preprinted = [key for key in blanks.FIXED_KEYS if key in chosen]
        if commit:
            printer.save()
        return printer


class EmblemForm(forms.Form):
    emblem = forms.FileField(
        label=gettext_lazy("National emblem"),
        allow_empty_file=True,
        help_text=gettext_lazy("PNG or JPEG, square, at least 600 × 600 pixels for a sharp print."),
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
