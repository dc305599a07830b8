"""Dates and numbers read and shown the Vietnamese way whatever the browser's language."""

import datetime

import pytest
from django import forms
from django.utils import translation

from thiduaportal.widgets import DateInput, DecimalTextInput, GroupedIntegerField, ungroup


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())
    count = GroupedIntegerField(min_value=0)


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
    assert ungroup("1.23") == "1.23"
    assert ungroup("12.3456") == "12.3456"
    form = _Form({"day": "07/12/2026", "count": "1.23"})
    assert not form.is_valid()


def test_counts_are_shown_grouped_and_decimals_with_a_comma():
    assert 'value="1.234"' in str(_Form(initial={"count": 1234})["count"])
    assert DecimalTextInput().format_value("72.75") == "72,75"
    assert DecimalTextInput().format_value("85") == "85"
