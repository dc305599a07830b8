"""Form widgets that read and show dates and numbers the Vietnamese way whatever the
browser's language.

A native `<input type="date">` shows its date in the browser's language (12/27/2026 in an
English Chrome) and `<input type="number">` refuses "1.234". The portal's date fields are
text fields in dd/mm/yyyy, with a date picker (flatpickr, served from static/vendor) and the
chosen date in words beside them (`static/js/dates.js`); its whole-number fields accept the
thousands separator a clerk types ("1.234" or "1 234" is 1234).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thiduaportal.documents import vn_number
from thiduaportal.text import decimal_comma

DATE_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A date as dd/mm/yyyy text, with the portal's date picker attached."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None, format: str | None = None):  # noqa: A002 - Django's name
        attrs = {
            "data-datepicker": "date",
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=format or DATE_FORMAT)


# Spaces and dots between groups of three digits: "1.234", "12 345", "1.234.567".
_GROUPED = re.compile(r"^[+-]?\d{1,3}([. \u00a0]\d{3})+$")


def ungroup(value):
    """A typed whole number without its thousands separators ("1.234" -> "1234"); any other
    text unchanged, for the field to refuse with its own message."""
    if isinstance(value, str):
        text = value.strip()
        if _GROUPED.match(text):
            return re.sub(r"[. \u00a0]", "", text)
        return text
    return value


class GroupedNumberInput(forms.TextInput):
    """A whole number in a text field with a numeric keyboard, shown with its thousands
    grouped ("1.234"): a number field would refuse what a clerk types ("1.234")."""

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs={"inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value == int(value):
            return vn_number(value, places=0)
        return super().format_value(value)


class ThousandsMixin:
    """A number field that reads "1.234" or "1 234" as 1234 (see `ungroup`)."""

    widget = GroupedNumberInput

    def to_python(self, value):
        return super().to_python(ungroup(value))

    def widget_attrs(self, widget):
        # A text field: min, max and step are checked on the server, with the field's message.
        return {k: v for k, v in super().widget_attrs(widget).items() if k not in ("min", "max", "step")}


class GroupedIntegerField(ThousandsMixin, forms.IntegerField):
    """A whole number that may be typed with thousands separators."""


class GroupedDecimalField(ThousandsMixin, forms.DecimalField):
    """A count kept as a decimal (so a service can say "must be a whole number" itself) that
    may be typed with thousands separators."""


class DecimalTextInput(forms.TextInput):
    """A text field holding a decimal stored with a point, shown with a decimal comma."""

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        return super().format_value(decimal_comma(value))
