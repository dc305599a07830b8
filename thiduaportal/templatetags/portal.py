"""Template helpers available in every template (registered as builtins)."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template

from thiduaportal.dates import legal_date as _legal_date
from thiduaportal.documents import vn_number

register = template.Library()


@register.filter
def legal_date(value: datetime.date | None, place: str = "") -> str:
    """{{ day|legal_date:commune.place_name }} -> "An Bình, ngày 05 tháng 01 năm 2026"."""
    if not value:
        return ""
    return _legal_date(value, place)


@register.filter
def vn_amount(value) -> str:
    """A whole amount as Vietnamese writes it: 1404000 → "1.404.000"."""

    return vn_number(value, places=0)


@register.filter(name="vn_number")
def vn_number_filter(value, places: int = 2) -> str:
    """Any figure as the portal writes it whatever the language: {{ 702000|vn_number }} ->
    "702.000", {{ 72.75|vn_number }} -> "72,75" (at most `places` decimals); text and
    empty values are shown as they are."""
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else value
    try:
        return vn_number(Decimal(str(value)), places=int(places))
    except (InvalidOperation, ValueError):
        return value


@register.filter
def widget_value(bound_field) -> str:
    """The value a hand-written <input> shows, as the field's widget formats it ("1.234")."""
    value = bound_field.field.widget.format_value(bound_field.value())
    return "" if value is None else str(value)


@register.filter
def input_type(bound_field) -> str:
    """The type of the field's widget's <input> ("text", "number")."""
    return getattr(bound_field.field.widget, "input_type", "text")
