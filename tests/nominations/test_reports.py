"""The achievement report: its structure per form and subject, the prefill from factory
campaign data, validation of each bad input, and the required sections still missing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from nominations.models import NominationState
from nominations.services import NominationError
from nominations.services.reports import (
    FORMS,
    merged,
    missing_sections,
    prefill,
    save_report,
    sections,
)
from tests.factories import CadreFactory
from tests.factories.campaigns import (
    CommitmentFactory,
    IndicatorFactory,
    InitiativeFactory,
    RegistrationFactory,
    ResultFactory,
)
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from thiduaportal.text import nfc

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(own_unit):

    return CadreFactory(
        unit=own_unit,
        full_name="Nguyễn Thị Hưởng",
        date_of_birth=datetime.date(1985, 3, 7),
        sex="female",
        position="Phó Giám đốc",
        home_town="Quất Động, Thường Tín",
        qualifications="Cử nhân Luật",
    )


@pytest.fixture
def individual(own_proposal, person):
    return NominationFactory(proposal=own_proposal, subject_cadre=person)


@pytest.fixture
def collective(own_proposal):
    return NominationFactory(proposal=own_proposal, collective=True)


@pytest.fixture
def adhoc_individual(own_unit, person):
    proposal = ProposalFactory(round=RoundFactory(adhoc=True), unit=own_unit)
    return NominationFactory(proposal=proposal, subject_cadre=person, summary="Cứu người đuối nước")


def _keys(section):
    return [field.key for field in section.fields]


def test_movement_individual_has_mau_08_sections(individual):
    first, second, third = sections(individual)
    assert individual.report_form == "08"
    assert FORMS["08"].title == "BÁO CÁO THÀNH TÍCH"
    assert (first.number, first.title) == ("I", "SƠ LƯỢC LÝ LỊCH")
    assert _keys(first) == [
        "full_name",
        "date_of_birth",
        "sex",
        "home_town",
        "residence",
        "unit",
        "position",
        "qualifications",
    ]
    assert (second.title, _keys(second)) == ("THÀNH TÍCH ĐẠT ĐƯỢC", ["solutions", "initiatives", "effect"])
    assert [c.printed for c in second.table.columns] == [
        "Chỉ tiêu",
        "Đăng ký/Kế hoạch (%)",
        "Thực hiện (%)",
        "Tỷ lệ so với đăng ký (%)",
    ]
    assert (third.number, [c.key for c in third.table.columns]) == (
        "III",
        ["award", "year", "decision", "issuer"],
    )


def test_collective_has_characteristics_section(collective):
    first = sections(collective)[0]
    assert first.title == "ĐẶC ĐIỂM, TÌNH HÌNH"
    assert _keys(first) == ["name", "address", "phone", "functions", "staff", "organisation"]


def test_adhoc_has_mau_06_act(adhoc_individual):
    second = sections(adhoc_individual)[1]
    assert adhoc_individual.report_form == "06"
    assert second.table is None
    assert _keys(second) == [
        "circumstances",
        "time",
        "place",
        "description",
        "result",
        "significance",
        "reach",
    ]


@pytest.fixture
def movement_data(annual_round, own_unit, person, other_unit):
    """own_unit registered 85% and 90%; it reached 300/400 = 75% and nothing on the second."""
    campaign = annual_round.campaign
    online = IndicatorFactory(campaign=campaign, name="Tỷ lệ sử dụng dịch vụ công trực tuyến", order=1)
    digital = IndicatorFactory(campaign=campaign, name="Tỷ lệ số hóa hồ sơ", order=2)
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, year=2026, accepted=True)
    CommitmentFactory(registration=registration, indicator=online, level=Decimal("85"))
    CommitmentFactory(registration=registration, indicator=digital, level=Decimal("90"))
    ResultFactory(indicator=online, unit=own_unit, period=1, numerator=100, denominator=200)
    ResultFactory(indicator=online, unit=own_unit, period=2, numerator=200, denominator=200)
    ResultFactory(indicator=online, unit=other_unit, period=1, numerator=0, denominator=500)
    InitiativeFactory(owner_unit=own_unit, title="Một cửa không chờ", recognised=True, authors=[person])
    InitiativeFactory(owner_unit=own_unit, title="Chưa công nhận", authors=[person])
    InitiativeFactory(
        owner_unit=own_unit,
        title="Năm trước",
        recognised=True,
        decision_date=datetime.date(2025, 5, 1),
        authors=[person],
    )


def test_prefill_individual_from_records_and_movement(individual, movement_data):
    """Her profile and her own initiative; never her unit's registration as her results."""
    report = prefill(individual)
    assert report["profile"] == {
        "full_name": "Nguyễn Thị Hưởng",
        "date_of_birth": "07/03/1985",
        "sex": "Nữ",
        "home_town": "Quất Động, Thường Tín",
        "residence": "",
        "unit": "Trung tâm Phục vụ hành chính công",
        "position": "Phó Giám đốc",
        "qualifications": "Cử nhân Luật",
    }
    assert report["achievements"]["rows"] == []
    assert report["achievements"]["initiatives"] == (
        "- Giải pháp “Một cửa không chờ” được Hội đồng Sáng kiến xã công nhận "
        "tại Quyết định số 12/QĐ-HĐSK ngày 15/09/2026."
    )
    assert report["awards"] == {"rows": []}


def test_prefill_collective_counts_staff(collective, own_unit, movement_data, person):
    report = prefill(collective)
    assert report["profile"]["name"] == "Trung tâm Phục vụ hành chính công"
    assert report["profile"]["staff"] == "1"
    assert report["achievements"]["rows"] == [
        {
            "indicator": "Tỷ lệ sử dụng dịch vụ công trực tuyến",
            "plan": "85",
            "actual": "75",
            "percent": "88.24",
        },
        {"indicator": "Tỷ lệ số hóa hồ sơ", "plan": "90", "actual": "", "percent": ""},
    ]
    assert "Một cửa không chờ" in report["achievements"]["initiatives"]


def test_prefill_without_registration_has_no_rows(individual):
    assert prefill(individual)["achievements"]["rows"] == []


def _valid(nomination):
    data = merged(nomination)
    data["achievements"]["solutions"] = "Niêm yết công khai thủ tục."
    return data


def test_save_report_normalises_and_drops_empty_rows(individual, unit_staff):
    data = _valid(individual)
    data["profile"]["residence"] = nfc("Thôn Mai Sao").replace("ô", "o\u0302")
    data["achievements"]["rows"] = [
        {"indicator": "  Tỷ lệ  số hóa ", "plan": "90", "actual": "85,5", "percent": ""},
        {"indicator": "", "plan": "", "actual": "", "percent": ""},
    ]
    data["awards"]["rows"] = [
        {"award": "Giấy khen", "year": "2024", "decision": "5/QĐ-UBND", "issuer": "UBND xã"}
    ]
    save_report(individual, actor=unit_staff, data=data)
    individual.refresh_from_db()
    assert individual.report["profile"]["residence"] == "Thôn Mai Sao"
    assert individual.report["achievements"]["rows"] == [
        {"indicator": "Tỷ lệ số hóa", "plan": "90", "actual": "85.5", "percent": ""}
    ]
    assert individual.report["awards"]["rows"][0]["year"] == "2024"
    assert missing_sections(individual) == []


@pytest.mark.parametrize(
    ("section", "key", "value", "message", "field"),
    [
        (
            "profile",
            "date_of_birth",
            "1985-03-07",
            "must be a date written dd/mm/yyyy",
            "profile-date_of_birth",
        ),
        ("profile", "position", "x" * 256, "is too long (at most 255 characters)", "profile-position"),
        ("profile", "sex", ["Nữ"], "must be text", "profile-sex"),
    ],
)
def test_save_report_refuses_bad_entry(individual, unit_staff, section, key, value, message, field, settings):
    settings.LANGUAGE_CODE = "en"
    data = _valid(individual)
    data[section][key] = value
    with pytest.raises(NominationError) as caught:
        save_report(individual, actor=unit_staff, data=data)
    assert message in str(caught.value)
    assert caught.value.field == field
    individual.refresh_from_db()
    assert individual.report == {}


@pytest.mark.parametrize(
    ("row", "message", "field"),
    [
        (
            {"indicator": "A", "plan": "tám mươi"},
            "row 1, “Registered / planned (%)” must be a number",
            "achievements_rows-0-plan",
        ),
        ({"indicator": "A", "plan": "-5"}, "must be between 0 and 999.999.999", "achievements_rows-0-plan"),
        ({"indicator": "", "plan": "80"}, "row 1, “Indicator” is required", "achievements_rows-0-indicator"),
    ],
)
def test_save_report_refuses_bad_target_row(individual, unit_staff, row, message, field):

    data = _valid(individual)
    data["achievements"]["rows"] = [row]
    with translation.override("en"), pytest.raises(NominationError) as caught:
        save_report(individual, actor=unit_staff, data=data)
    assert message in str(caught.value)
    assert caught.value.field == field


def test_save_report_refuses_bad_award_year(individual, unit_staff):

    data = _valid(individual)
    data["awards"]["rows"] = [{"award": "Giấy khen", "year": "1900"}]
    with translation.override("en"), pytest.raises(NominationError) as caught:
        save_report(individual, actor=unit_staff, data=data)
    assert str(caught.value) == "III. Awards received, row 1, “Year” must be a year between 1945 and 2100."


def test_save_report_refuses_submitted_nomination(own_proposal, unit_staff):

    nomination = NominationFactory(proposal=own_proposal, submitted=True)
    with translation.override("en"), pytest.raises(NominationError) as caught:
        save_report(nomination, actor=unit_staff, data=_valid(nomination))
    assert str(caught.value) == "The report can no longer be changed: the nomination is “Submitted”."
    nomination.refresh_from_db()
    assert nomination.report == {}


def test_missing_sections_of_an_unsaved_movement_report(individual):

    with translation.override("en"):
        assert missing_sections(individual) == ["I. Brief curriculum vitae", "II. Achievements"]


def test_missing_sections_of_adhoc_report_name_the_act(adhoc_individual, unit_staff):

    data = merged(adhoc_individual)
    data["achievements"]["result"] = "Cứu được hai cháu nhỏ."
    save_report(adhoc_individual, actor=unit_staff, data=data)
    with translation.override("en"):
        assert missing_sections(adhoc_individual) == ["II. Achievements – What was done"]


def test_returned_nomination_is_editable(own_proposal, unit_staff):
    nomination = NominationFactory(proposal=own_proposal, state=NominationState.RETURNED)
    save_report(nomination, actor=unit_staff, data=_valid(nomination))
    nomination.refresh_from_db()
    assert nomination.report["achievements"]["solutions"] == "Niêm yết công khai thủ tục."
