"""The numbers of units' documents (NĐ 30/2020): a Tờ trình number is number/ký hiệu with a
leading zero under 10, the ký hiệu in capitals with hyphens and no spaces; the minutes'
symbol is made from the unit's short name the same way."""

import pytest

from nominations import documents
from nominations.services import NominationError, proposals
from tests.nominations.test_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["19/TTr-PhòngKT", "10/TTr-ĐoànTNxã", "12/TTr-TT PVHCC", "TTr-PKT", "0/TTr-PKT"]
)
def test_a_letter_number_that_is_no_symbol_is_refused_and_changes_nothing(
    english, own_proposal, unit_staff, typed
):
    with pytest.raises(NominationError) as error:
        proposals.update_proposal(own_proposal, actor=unit_staff, letter_number=typed)
    assert error.value.field == "letter_number"
    assert str(error.value) == (
        "The number of the Tờ trình is written number/ký hiệu, the ký hiệu in capitals without spaces and "
        f"its groups joined by hyphens, e.g. “05/TTr-TTPVHCC”; “{typed}” is not."
    )
    own_proposal.refresh_from_db()
    assert own_proposal.letter_number == ""


def test_a_letter_number_under_ten_takes_its_leading_zero(own_proposal, unit_staff):
    proposals.update_proposal(own_proposal, actor=unit_staff, letter_number=" 5/TTr-PKT ")
    own_proposal.refresh_from_db()
    assert own_proposal.letter_number == "05/TTr-PKT"
    assert "Số: 05/TTr-PKT" in pdf_text(documents.unit_letter_pdf(own_proposal))


def test_minutes_symbol_is_in_capitals_without_spaces(own_proposal):
    unit = own_proposal.unit
    unit.short_name = "TT PVHCC"  # entered before short names were checked
    unit.save()
    text = pdf_text(documents.minutes_template_pdf(own_proposal))
    assert "/BB-TTPVHCC" in text
    assert "BB-TT PVHCC" not in text


def test_letters_cite_decree_152_in_full_in_italics_the_last_basis_ending_with_a_full_stop(
    commune, own_proposal
):
    from tests.awards.test_decision_text import DECREE, italic_text  # noqa: PLC0415 - the decision tests' PDF readers

    data = documents.unit_letter_pdf(own_proposal)
    text = pdf_text(data)
    assert DECREE in text
    assert (
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 10 tháng 3 năm 2026 của Ủy ban nhân dân xã An Bình về tổ chức "
        "phong trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” giai đoạn 2026 - 2030."
    ) in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in italic_text(data)


def test_a_letter_number_recorded_before_the_check_prints_with_its_zero(commune, own_proposal):
    own_proposal.letter_number = "5/TTr-PKT"  # stored before numbers were checked
    own_proposal.save()
    assert "Số: 05/TTr-PKT" in pdf_text(documents.unit_letter_pdf(own_proposal))
