"""The report's numbers read the Vietnamese way on the form and on the review page ("72,75"),
as its PDF writes them."""

import pytest

from nominations.forms.reports import ReportForm
from nominations.services import review
from nominations.services.reports import sections
from tests.factories.nominations import NominationFactory

pytestmark = pytest.mark.django_db


def _nomination():
    nomination = NominationFactory()
    nomination.report = {
        "achievements": {
            "rows": [{"indicator": "DVC trực tuyến", "plan": "72.75", "actual": "121.25", "percent": "85"}]
        }
    }
    nomination.save()
    return nomination


def test_review_page_shows_report_numbers_with_a_decimal_comma():
    nomination = _nomination()
    block = next(b for b in review.report_blocks(nomination) if b.rows)
    assert block.rows == [["DVC trực tuyến", "72,75", "121,25", "85"]]


def test_report_form_shows_report_numbers_with_a_decimal_comma():
    nomination = _nomination()
    form = ReportForm(sections=sections(nomination), initial_report=nomination.report)
    html = str(form.formsets["achievements"].forms[0]["plan"])
    assert 'value="72,75"' in html
    assert 'inputmode="decimal"' in html
