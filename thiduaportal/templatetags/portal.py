"""Template helpers available in every template (registered as builtins)."""

import datetime

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
