"""Dates and numbers read and shown the Vietnamese way whatever the browser's language."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from thiduaportal.numbers import DecimalNumberField, WholeNumberField, YearField, read_number
from thiduaportal.widgets import DateInput, DecimalTextInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())
    count = WholeNumberField(min_value=0)
    rate = DecimalNumberField(required=False, max_digits=7, decimal_places=2)
    year = YearField(required=False)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_date_field_shows_and_reads_day_month_year_in_every_language(language):
    with translation.override(language):
        html = str(_Form(initial={"day": datetime.date(2026, 12, 7)})["day"])
        assert 'type="text"' in html
        assert 'value="07/12/2026"' in html
        assert 'data-datepicker="date"' in html
        form = _Form({"day": "07/12/2026", "count": "1"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 7)


def test_date_placeholder_is_vietnamese():
    with translation.override("vi"):
        assert 'placeholder="ngày/tháng/năm"' in str(_Form()["day"])


@pytest.mark.parametrize(
    ("typed", "read"), [("1.234", 1234), ("12 345", 12345), ("1.234.567", 1234567), ("987", 987)]
)
def test_whole_numbers_typed_with_thousands_separators(typed, read):
    form = _Form({"day": "07/12/2026", "count": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == read


def test_a_decimal_is_not_mistaken_for_a_thousands_group():
    form = _Form({"day": "07/12/2026", "count": "1.23"})
    assert not form.is_valid()
    with translation.override("en"):
        form = _Form({"day": "07/12/2026", "count": "72,5"})
        assert form.errors["count"] == ["“72,5” is not a whole number."]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("72,75", "72.75"),
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("0,125", "0.125"),
        ("-3,5", "-3.5"),
        ("", None),
    ],
)
def test_decimals_are_read_with_a_comma_and_dots_between_thousands(typed, read):
    assert read_number(typed) == (None if read is None else Decimal(read))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1,234",
            "“1,234” can be read two ways. For a thousand two hundred and thirty-four write 1.234 or 1234",
        ),
        ("1,234.5", "“1,234.5” is not a number."),
        ("12,3,4", "“12,3,4” is not a number."),
    ],
)
def test_a_number_that_cannot_be_read_with_certainty_is_refused_with_how_to_write_it(typed, message):
    with translation.override("en"):
        form = _Form({"day": "07/12/2026", "count": "1", "rate": typed})
        assert not form.is_valid()
        assert form.errors["rate"][0].startswith(message)


def test_an_ambiguous_number_is_refused_in_vietnamese():
    with translation.override("vi"):
        form = _Form({"day": "07/12/2026", "count": "1,234"})
        assert not form.is_valid()
        assert form.errors["count"] == [
            "“1,234” có thể hiểu theo hai cách. Một nghìn hai trăm ba mươi tư viết là 1.234 hoặc 1234: "
            "dấu phẩy đứng trước phần thập phân, như 72,75."
        ]


def test_a_year_is_shown_without_a_thousands_separator():
    html = str(_Form(initial={"year": 2026, "rate": Decimal("1234.5")}))
    assert 'name="year" value="2026"' in html
    assert 'name="rate" value="1.234,5"' in html
    assert 'type="number"' not in html


def test_counts_are_shown_grouped_and_decimals_with_a_comma():
    assert 'value="1.234"' in str(_Form(initial={"count": 1234})["count"])
    assert DecimalTextInput().format_value("72.75") == "72,75"
    assert DecimalTextInput().format_value("85") == "85"
