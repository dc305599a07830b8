"""Form widgets that read and show dates the Vietnamese way whatever the browser's language
(numbers: `thiduaportal.numbers`).

A native `<input type="date">` shows its date in the browser's language (12/27/2026 in an
English Chrome) and a native number input refuses "1.234". The portal's date fields are
text fields in dd/mm/yyyy, with a date picker (flatpickr, served from static/vendor) and the
chosen date in words beside them (`static/js/dates.js`).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thiduaportal.text import decimal_comma

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


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


class DateTimeInput(forms.DateTimeInput):
    """A date and time as "dd/mm/yyyy hh:mm" text (24 hours): a native datetime-local input
    shows "12/28/2026, 08:00 AM" in an English browser."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None, format: str | None = None):  # noqa: A002 - Django's name
        attrs = {"placeholder": _("dd/mm/yyyy hh:mm"), "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format=format or DATETIME_FORMAT)


class DecimalTextInput(forms.TextInput):
    """A text field holding a decimal stored with a point, shown with a decimal comma."""

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        return super().format_value(decimal_comma(value))
