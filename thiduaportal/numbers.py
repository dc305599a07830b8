"""Numbers typed and shown the Vietnamese way, whatever the browser's language.

The portal writes a thousand two hundred and thirty-four as "1.234" and seventy-two point
seventy-five as "72,75": dots group thousands, a comma comes before the decimals. Every
number field of every form is one of the fields below (a guard test finds any other), so a
clerk's "1.234" is 1234 and "72,75" is 72.75 everywhere, and a figure a form shows again is
written as the pages write it. A `<input type="number">` is not used: it refuses "1.234"
and shows "72.75" in an English browser.

Input that the convention cannot read with certainty is refused with a message that says
how to write it: "1,234" (a thousand in English, one point two three four in Vietnamese) and
"1,234.5". A dot that cannot separate thousands ("72.75") can only be a decimal point.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from thiduaportal.documents import vn_number

# Digits grouped by three with dots ("1.234", "1.234.567"), maybe with decimals after a comma.
_VIETNAMESE = re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<decimals>\d+))?$")
# Digits grouped by three with spaces ("12 345"), as a clerk copies them from a letter.
_SPACED = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$")
# A comma then exactly three digits after one to three digits that do not start with 0:
# "1,234" is 1234 to an English reader and 1,234 to a Vietnamese one.
_AMBIGUOUS_COMMA = re.compile(r"^[1-9]\d{0,2},\d{3}$")

MESSAGES = {
    "ambiguous": _(
        "“%(value)s” can be read two ways. For a thousand two hundred and thirty-four write "
        "1.234 or 1234: the comma marks decimals, as in 72,75."
    ),
    "not_whole": _("“%(value)s” is not a whole number."),
    "not_a_number": _(
        "“%(value)s” is not a number. Write it the Vietnamese way: 1.234 for a thousand two "
        "hundred and thirty-four, 72,75 for seventy-two point seventy-five."
    ),
}


def read_number(text: str) -> Decimal | None:
    """A number a person typed, read the Vietnamese way ("1.234" -> 1234, "72,75" -> 72.75,
    "1.234,5" -> 1234.5, "12 345" -> 12345); None for an empty text. Raises
    `forms.ValidationError` (codes "ambiguous", "not_a_number") for text it
    cannot read with certainty."""
    value = (text or "").strip()
    if not value:
        return None
    sign = ""
    if value[0] in "+-−":
        sign, value = ("-" if value[0] != "+" else ""), value[1:].strip()
    if _SPACED.match(value):
        value = re.sub(r"[ \u00a0\u202f]", "", value)
    if _AMBIGUOUS_COMMA.match(value):
        raise forms.ValidationError(MESSAGES["ambiguous"], code="ambiguous", params={"value": text.strip()})
    match = _VIETNAMESE.match(value)
    if match is None:
        if re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}|\d{4,}\.\d+", value):
            # A dot that cannot separate thousands ("72.75"): the only reading is a decimal point.
            return Decimal(sign + value)
        raise forms.ValidationError(
            MESSAGES["not_a_number"], code="not_a_number", params={"value": text.strip()}
        )
    number = match["whole"].replace(".", "")
    if match["decimals"]:
        number += "." + match["decimals"]
    try:
        return Decimal(sign + number)
    except InvalidOperation:  # pragma: no cover - the pattern lets only digits through
        raise forms.ValidationError(
            MESSAGES["not_a_number"], code="not_a_number", params={"value": text.strip()}
        ) from None


def show_number(value, *, grouped: bool = True) -> str:
    """A number as a form shows it again: "1.234", "72,75"; a year ungrouped ("2026")."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value  # what the person typed, shown back as typed beside its error
    if not grouped:
        return str(value)
    return vn_number(value, places=12, empty="")


class NumberInput(forms.TextInput):
    """A number in a text field with a numeric keyboard on phones, written the Vietnamese way."""

    def __init__(self, attrs: dict | None = None, *, decimals: bool = False, grouped: bool = True):
        self.grouped = grouped
        super().__init__(attrs={"inputmode": "decimal" if decimals else "numeric", **(attrs or {})})

    def format_value(self, value):
        text = show_number(value, grouped=self.grouped)
        return text or None


class _VietnameseNumber:
    """Shown in a `NumberInput`; the subclasses read the typed text with `read_number`
    before the field's own checks."""

    grouped = True
    decimals = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", NumberInput(decimals=self.decimals, grouped=self.grouped))
        super().__init__(*args, **kwargs)

    def read(self, value):
        """The typed text as a number (`read_number`); a form that gave the field its own
        "invalid" message (the paper originals' "a whole number from 0 to 10") keeps it."""
        try:
            return read_number(value)
        except forms.ValidationError:
            own = self.error_messages.get("invalid")
            if own is not None and str(own) != str(self.default_error_messages.get("invalid")):
                raise forms.ValidationError(own, code="invalid") from None
            raise

    def widget_attrs(self, widget):
        # A text field: min, max and step are checked on the server, with the field's message.
        return {k: v for k, v in super().widget_attrs(widget).items() if k not in ("min", "max", "step")}


class WholeNumberField(_VietnameseNumber, forms.IntegerField):
    """A whole number: "1.234" or "1 234" is 1234; "72,5" is refused as not whole."""

    def to_python(self, value):
        if isinstance(value, str):
            value = self.read(value)
        if isinstance(value, Decimal) and value != value.to_integral_value():
            raise forms.ValidationError(
                MESSAGES["not_whole"], code="not_whole", params={"value": show_number(value)}
            )
        return forms.IntegerField.to_python(self, None if value is None else int(value))


class YearField(WholeNumberField):
    """A year, shown without a thousands separator ("2026", not "2.026")."""

    grouped = False


class DecimalNumberField(_VietnameseNumber, forms.DecimalField):
    """A decimal: "72,75" is 72.75 and "1.234,5" is 1234.5."""

    decimals = True

    def to_python(self, value):
        if isinstance(value, str):
            value = self.read(value)
        return forms.DecimalField.to_python(self, value)


def is_year(name: str) -> bool:
    """Whether a field named so holds a year (`year`, `start_year`, `from_year`)."""
    return name == "year" or name.endswith("_year")


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model form's field for `db_field` (the forms' `formfield_callback`): number columns
    get the Vietnamese number fields above, the rest Django's default."""
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=DecimalNumberField, **kwargs)
    if isinstance(db_field, models.IntegerField) and not db_field.choices:
        form_class = YearField if is_year(db_field.name) else WholeNumberField
        return db_field.formfield(form_class=form_class, **kwargs)
    return db_field.formfield(**kwargs)
