"""The registry's services: search, counts, a subject's history, the prior awards of an
achievement report (section III), the export and the honour board's data."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from awards import exports
from awards.models import Award, AwardSource, Decision, DecisionState
from awards.services.registry import Filters, counts, history, honour_board, prior_awards, report_row, search
from nominations.models import SubjectType
from nominations.services import reports
from tests.factories import CadreFactory
from tests.factories.decisions import ImportedAwardFactory
from tests.factories.nominations import NominationFactory


def revoking_decision(actor, number=7):
    return Decision.objects.create(
        state=DecisionState.ISSUED,
        number=number,
        year=2026,
        issued_on=datetime.date(2026, 10, 2),
        title="Về việc thu hồi Giấy khen",
        achievement="",
        created_by=actor,
    )


def collective_award(unit, **fields):
    return ImportedAwardFactory(
        subject_type=SubjectType.COLLECTIVE,
        cadre=None,
        unit=unit,
        recipient_name=unit.name,
        recipient_detail="Ủy ban nhân dân xã Thượng Phúc",
        unit_name=unit.name,
        **fields,
    )


@pytest.fixture
def registry(own_cadre, other_cadre, own_unit, vhxh_officer):
    """Four awards: two of own_cadre (one revoked), one of another person, one of a unit."""
    first = ImportedAwardFactory(cadre=own_cadre, year=2024, decision_number="210/QĐ-UBND")
    revoked = ImportedAwardFactory(
        cadre=own_cadre,
        year=2023,
        decision_number="150/QĐ-UBND",
        decision_date=datetime.date(2023, 12, 20),
        source=AwardSource.PORTAL,
        revoked_by=revoking_decision(vhxh_officer),
        revoked_on=datetime.date(2026, 10, 2),
    )
    other = ImportedAwardFactory(
        cadre=other_cadre, year=2025, decision_number="96/QĐ-UBND", decision_date=datetime.date(2025, 12, 18)
    )
    unit = collective_award(
        own_unit, year=2025, decision_number="96/QĐ-UBND", decision_date=datetime.date(2025, 12, 18)
    )
    return {"first": first, "revoked": revoked, "other": other, "unit": unit}


def found(filters, **kwargs):
    return list(search(Award.objects.all(), Filters(**filters, **kwargs)))


def test_search_by_name_ignores_case_and_diacritics(registry, own_cadre):
    assert found({"q": "nguyen thi HUONG"}) == [registry["first"], registry["revoked"]]
    assert found({"q": "Nguyễn Hưởng"}) == [registry["first"], registry["revoked"]]
    # the unit's name and the decision number are searched too
    assert found({"q": "phong kinh te"}) == [registry["other"]]
    assert found({"q": "96/qd"}) == [registry["other"], registry["unit"]]


def test_search_filters_combine(registry, own_unit, own_cadre):
    assert found({"unit": own_unit}) == [registry["unit"], registry["first"], registry["revoked"]]
    assert found({"unit": own_unit, "subject_type": SubjectType.COLLECTIVE}) == [registry["unit"]]
    assert found({"cadre": own_cadre}) == [registry["first"], registry["revoked"]]
    assert found({"year": 2025}) == [registry["other"], registry["unit"]]
    assert found({"decision": "210"}) == [registry["first"]]
    assert found({"validity": "revoked"}) == [registry["revoked"]]
    assert found({"validity": "valid", "cadre": own_cadre}) == [registry["first"]]
    assert found({"source": AwardSource.PORTAL}) == [registry["revoked"]]
    assert found({"award": "Giấy khen của Chủ tịch UBND xã", "year": 2023}) == [registry["revoked"]]
    assert found({"award": "Bằng khen"}) == []


def test_counts_in_one_query(registry, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert counts(Award.objects.all()) == {"total": 4, "collectives": 1, "individuals": 3, "revoked": 1}


def test_history_of_a_person_and_of_a_unit_newest_first(registry, own_cadre, own_unit):
    assert list(history(own_cadre)) == [registry["first"], registry["revoked"]]
    # A unit's own awards, not those of its people.
    assert list(history(own_unit)) == [registry["unit"]]


def test_awards_stay_frozen_when_the_person_is_renamed(registry, own_cadre):
    own_cadre.full_name = "Nguyễn Thị Hưởng Mới"
    own_cadre.save()
    registry["first"].refresh_from_db()
    assert registry["first"].recipient_name == "Nguyễn Thị Hưởng"


# --------------------------------------------------------------------------- section III


def test_prior_awards_are_the_valid_earlier_ones_not_this_rounds(own_proposal, own_cadre, registry):
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=own_cadre)
    earlier_this_year = ImportedAwardFactory(
        cadre=own_cadre, year=2026, decision_number="12/QĐ-UBND", decision_date=datetime.date(2026, 2, 3)
    )
    # Awards of this very round (its own decision) and later ones are not prior awards.
    ImportedAwardFactory(
        cadre=own_cadre,
        nomination=nomination,
        source=AwardSource.PORTAL,
        year=2026,
        decision_number="30/QĐ-UBND",
        decision_date=datetime.date(2026, 1, 5),
    )
    ImportedAwardFactory(
        cadre=own_cadre, year=2027, decision_number="1/QĐ-UBND", decision_date=datetime.date(2027, 1, 5)
    )
    assert prior_awards(nomination) == [registry["first"], earlier_this_year]


def test_section_three_is_prefilled_from_the_registry(own_proposal, own_cadre, registry):
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=own_cadre)
    assert reports.prefill(nomination)["awards"] == {
        "rows": [
            {
                "award": "Giấy khen của Chủ tịch UBND xã",
                "year": "2024",
                "decision": "210/QĐ-UBND ngày 20/12/2024",
                "issuer": "Chủ tịch UBND xã Thượng Phúc",
            }
        ]
    }


def test_section_three_of_a_collective_lists_the_units_own_awards(own_proposal, own_unit, registry):
    nomination = NominationFactory(proposal=own_proposal, collective=True)
    rows = reports.prefill(nomination)["awards"]["rows"]
    assert rows == [report_row(registry["unit"])]
    assert rows[0]["decision"] == "96/QĐ-UBND ngày 18/12/2025"


def test_a_stored_section_three_is_kept_and_an_empty_one_is_filled(own_proposal, own_cadre, registry):
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=own_cadre)
    assert reports.merged(nomination)["awards"]["rows"] == [report_row(registry["first"])]
    typed = [
        {"award": "Bằng khen", "year": "2020", "decision": "5/QĐ-UBND ngày 01/02/2020", "issuer": "UBND"}
    ]
    nomination.report = {"awards": {"rows": typed}}
    assert reports.merged(nomination)["awards"]["rows"] == typed
    assert reports.merged(nomination, refresh=True)["awards"]["rows"] == [report_row(registry["first"])]


def test_prefilled_section_three_passes_the_reports_validation(own_proposal, own_cadre, registry):
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=own_cadre)
    cleaned = reports.clean_report(nomination, reports.prefill(nomination))
    assert cleaned["awards"]["rows"] == [report_row(registry["first"])]


# --------------------------------------------------------------------------- export, board


def test_export_writes_the_filtered_awards_in_order(registry, django_assert_num_queries):
    awards = search(Award.objects.all(), Filters(year=2025))
    with django_assert_num_queries(1):
        filename, data = exports.registry_workbook(awards)
    assert filename == "so-khen-thuong.xlsx"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.values)
    assert rows[0][:4] == ("STT", "Năm", "Đối tượng", "Tên tập thể, họ và tên cá nhân")
    assert [r[3] for r in rows[1:]] == ["Lê Văn Khác", "Trung tâm Phục vụ hành chính công"]
    assert rows[2][7:10] == ("96/QĐ-UBND", datetime.datetime(2025, 12, 18), "Chủ tịch UBND xã Thượng Phúc")
    assert (rows[1][0], rows[2][0], rows[2][2], rows[2][12]) == (1, 2, "Tập thể", "Còn hiệu lực")


def test_honour_board_defaults_to_the_latest_year_and_shows_only_valid_awards(registry):
    board = honour_board()
    assert (board.year, board.years) == (2025, [2025, 2024])  # 2023's only award is revoked
    assert board.collectives == [registry["unit"]]
    assert board.individuals == [registry["other"]]
    assert honour_board(2024).individuals == [registry["first"]]
    assert honour_board(1999).year == 2025


def test_honour_board_of_an_empty_registry(db):
    board = honour_board()
    assert (board.year, board.years, board.collectives, board.individuals) == (None, [], [], [])


def test_search_text_of_a_new_person_award(db):
    award = ImportedAwardFactory(cadre=CadreFactory(full_name="Đặng Thị Ánh"), decision_number="9/QĐ-UBND")
    assert award.search_text.startswith("dang thi anh ")
