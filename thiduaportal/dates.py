"""Dates as Vietnamese administrative documents write them (NĐ 30/2020/NĐ-CP)."""

import datetime


def legal_date(day: datetime.date, place: str = "") -> str:
    """ "ngày 05 tháng 01 năm 2026": days under 10 and months 1-2 take a leading zero.

    With a place name the result is the dateline: "An Bình, ngày 05 tháng 01 năm 2026".
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text
