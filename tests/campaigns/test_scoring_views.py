"""The scoring screens as the office and the chairman use them, and the ranking's Excel file."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import CampaignYear, CriterionSource, ScoringCriterion, UnitScore
from campaigns.services import scoring
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    CampaignFactory,
    IndicatorFactory,
    RegistrationFactory,
    ScoringCriterionFactory,
    UnitScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client_for, vhxh_officer):
    return client_for(vhxh_officer)


@pytest.fixture
def discipline(campaign):
    return ScoringCriterionFactory(campaign=campaign, title="Kỷ luật", max_points=Decimal("10"), order=1)


def url(name, campaign, year=2026, **extra):
    return reverse(f"campaigns:{name}", kwargs={"pk": campaign.pk, "year": year, **extra})


def form_errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def flashed(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def close_2026(campaign):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(is_closed=True)


# --------------------------------------------------------------------------- the sheet


def test_sheet_lists_criteria_with_their_total(office, campaign, discipline, online_kpi):
    ScoringCriterionFactory(
        campaign=campaign,
        title="DVC",
        max_points=Decimal("7.5"),
        order=2,
        source="indicator",
        indicator=online_kpi,
    )
    response = office.get(url("scoring_sheet", campaign))
    assert [c.title for c in response.context["criteria"]] == ["Kỷ luật", "DVC"]
    assert response.context["max_total"] == Decimal("17.5")
    html = response.content.decode()
    assert f'<a href="{online_kpi.get_absolute_url()}">{online_kpi.name}</a>' in html
    assert reverse("campaigns:scoring_criterion_edit", args=[discipline.pk]) in html


def test_chairman_reads_the_sheet_without_changing_it(client_for, chairman, campaign, discipline):
    html = client_for(chairman).get(url("scoring_sheet", campaign)).content.decode()
    assert "Kỷ luật" in html
    assert reverse("campaigns:scoring_criterion_edit", args=[discipline.pk]) not in html
    assert url("scoring_close", campaign) not in html


def test_closed_sheet_offers_only_reopening(office, client, campaign, discipline, vhxh_officer):
    scoring.close_year(CampaignYear.objects.get(campaign=campaign, year=2026), actor=vhxh_officer)
    html = office.get(url("scoring_sheet", campaign)).content.decode()
    assert "The year was closed on" in html
    assert url("scoring_reopen", campaign) in html
    assert url("scoring_close", campaign) not in html
    assert reverse("campaigns:scoring_criterion_edit", args=[discipline.pk]) not in html
    client.force_login(vhxh_officer)  # the default language, Vietnamese, renders too
    assert client.get(url("scoring_sheet", campaign)).status_code == 200


def test_criterion_form_offers_only_the_campaigns_indicators(office, campaign, online_kpi):
    other = CampaignFactory(code="cchc-2021-2025", start_year=2021, end_year=2025, midterm_year=2023)
    IndicatorFactory(campaign=other)
    form = office.get(url("scoring_criterion_create", campaign)).context["form"]
    assert list(form.fields["indicator"].queryset) == [online_kpi]


def test_add_criterion_through_the_form(office, campaign):
    response = office.post(
        url("scoring_criterion_create", campaign),
        {"title": "Chấp hành kỷ luật", "max_points": "10", "source": "manual", "indicator": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == url("scoring_sheet", campaign)
    criterion = ScoringCriterion.objects.get()
    assert (criterion.year, criterion.title, criterion.max_points) == (
        2026,
        "Chấp hành kỷ luật",
        Decimal("10"),
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"max_points": "0"}, "max_points", "The maximum of “A” must be more than 0 (0)."),
        ({"source": "indicator"}, "indicator", "Choose the indicator whose results give the points of “A”."),
    ],
)
def test_add_criterion_shows_refusals_beside_the_field(office, campaign, data, field, message):
    response = office.post(
        url("scoring_criterion_create", campaign),
        {"title": "A", "max_points": "5", "source": "manual", **data},
    )
    assert response.status_code == 200
    assert form_errors(response) == {field: [message]}
    assert not ScoringCriterion.objects.exists()


def test_a_closed_year_refuses_a_new_criterion(office, campaign):
    close_2026(campaign)
    response = office.post(
        url("scoring_criterion_create", campaign), {"title": "A", "max_points": "5", "source": "manual"}
    )
    assert form_errors(response) == {
        "__all__": [
            f"The year 2026 of “{campaign.title}” is closed; its scoring sheet and scores can no longer change."
        ]
    }
    assert not ScoringCriterion.objects.exists()


def test_edit_delete_and_move_criteria(office, campaign, discipline):
    second = ScoringCriterionFactory(campaign=campaign, title="Sáng tạo", order=2)
    edit = reverse("campaigns:scoring_criterion_edit", args=[discipline.pk])
    assert office.get(edit).context["form"].initial["title"] == "Kỷ luật"
    office.post(edit, {"title": "Kỷ luật, kỷ cương", "max_points": "12", "source": "manual"})
    discipline.refresh_from_db()
    assert (discipline.title, discipline.max_points) == ("Kỷ luật, kỷ cương", Decimal("12"))

    office.post(reverse("campaigns:scoring_criterion_move", args=[second.pk, "up"]))
    assert list(ScoringCriterion.objects.order_by("order").values_list("title", flat=True)) == [
        "Sáng tạo",
        "Kỷ luật, kỷ cương",
    ]
    assert (
        office.post(reverse("campaigns:scoring_criterion_move", args=[second.pk, "sideways"])).status_code
        == 404
    )

    delete = reverse("campaigns:scoring_criterion_delete", args=[second.pk])
    assert "Sáng tạo" in office.get(delete).content.decode()
    response = office.post(delete, follow=True)
    assert flashed(response) == ["The criterion “Sáng tạo” was removed."]
    assert list(ScoringCriterion.objects.values_list("title", flat=True)) == ["Kỷ luật, kỷ cương"]


def test_copy_the_previous_sheet(office, campaign, discipline):
    response = office.post(url("scoring_copy", campaign, 2027), follow=True)
    assert flashed(response) == ["1 criteria were copied from 2026."]
    assert list(ScoringCriterion.objects.filter(year=2027).values_list("title", flat=True)) == ["Kỷ luật"]
    again = office.post(url("scoring_copy", campaign, 2027), follow=True)
    assert flashed(again) == ["The sheet of 2027 already has criteria; copy only into an empty sheet."]


# --------------------------------------------------------------------------- the grid


def test_grid_saves_points_with_a_decimal_comma(office, campaign, discipline, own_unit, other_unit):
    field = f"points_{discipline.pk}_{other_unit.pk}"
    response = office.post(
        url("scoring_units", campaign),
        {
            f"points_{discipline.pk}_{own_unit.pk}": "10",
            field: "7,5",
            f"comment_{discipline.pk}_{other_unit.pk}": "Báo cáo muộn",
        },
    )
    assert response.status_code == 302
    assert dict(UnitScore.objects.values_list("unit__name", "points")) == {
        "Trung tâm Phục vụ hành chính công": Decimal("10"),
        "Phòng Kinh tế": Decimal("7.5"),
    }
    page = office.get(url("scoring_units", campaign))
    assert page.context["form"][field].value() == "7,5"


@pytest.mark.parametrize(
    ("typed", "comment", "message"),
    [
        ("11", "", "The points of Phòng Kinh tế for “Kỷ luật” cannot exceed its maximum of 10 (11)."),
        ("-1", "x", "The points of Phòng Kinh tế for “Kỷ luật” cannot be negative (-1)."),
        (
            "mười",
            "",
            "The points of Phòng Kinh tế for “Kỷ luật”: “mười” is not a number. Write it the Vietnamese way: 1.234 for a thousand two hundred and thirty-four, 72,75 for seventy-two point seventy-five.",
        ),
        (
            "6",
            "",
            "Say why Phòng Kinh tế gets 6 of 10 points for “Kỷ luật”: a comment is required below the maximum.",
        ),
    ],
)
def test_grid_shows_each_problem_in_its_cell_and_saves_nothing(
    office, campaign, discipline, own_unit, other_unit, typed, comment, message
):
    field = f"points_{discipline.pk}_{other_unit.pk}"
    response = office.post(
        url("scoring_units", campaign),
        {
            f"points_{discipline.pk}_{own_unit.pk}": "10",
            field: typed,
            f"comment_{discipline.pk}_{other_unit.pk}": comment,
        },
    )
    assert response.status_code == 200
    assert form_errors(response) == {field: [message]}
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not UnitScore.objects.exists()


def test_grid_of_a_closed_year_is_read_only(office, campaign, discipline, own_unit):
    UnitScoreFactory(criterion=discipline, unit=own_unit, points=Decimal("9"), comment="Tốt")
    close_2026(campaign)
    page = office.get(url("scoring_units", campaign))
    assert page.context["form"][f"points_{discipline.pk}_{own_unit.pk}"].field.disabled
    office.post(url("scoring_units", campaign), {f"points_{discipline.pk}_{own_unit.pk}": "1"})
    assert UnitScore.objects.get().points == Decimal("9")


def test_grid_shows_automatic_points_and_recalculate_refreshes_them(office, campaign, own_unit):
    registration = ScoringCriterionFactory(
        campaign=campaign, title="Đăng ký", max_points=Decimal("5"), source=CriterionSource.REGISTRATION
    )
    RegistrationFactory(campaign=campaign, unit=own_unit, accepted=True)
    response = office.post(url("scoring_recalculate", campaign), {"back": "units"}, follow=True)
    assert response.redirect_chain[-1][0] == url("scoring_units", campaign)
    scores = UnitScore.objects.filter(criterion=registration)
    assert flashed(response) == [f"Automatic points recalculated: {scores.count()} scores changed."]
    assert scores.get(unit=own_unit).points == Decimal("5")
    # The explanation is stored data, written in the portal's language (Vietnamese).
    assert scores.get(unit=own_unit).comment == "Đăng ký thi đua năm 2026 đã được duyệt."
    assert "Đăng ký thi đua năm 2026 đã được duyệt." in response.content.decode()


def _many_units(campaign, discipline, count):
    extra = ScoringCriterionFactory(campaign=campaign, title="Thêm", order=3)
    automatic = ScoringCriterionFactory(campaign=campaign, title="ĐK", source=CriterionSource.REGISTRATION)
    for unit in UnitFactory.create_batch(count):
        UnitScoreFactory(criterion=discipline, unit=unit)
        UnitScoreFactory(criterion=extra, unit=unit, points=Decimal("5"))
        UnitScoreFactory(criterion=automatic, unit=unit, points=Decimal("0"))


@pytest.mark.parametrize(
    ("name", "limit"),
    # session, user, roles, year, then the page's own (criteria, units, scores...), commune,
    # and the unread messages in the menu
    [("scoring_sheet", 8), ("scoring_units", 9), ("scoring_ranking", 10), ("scoring_export", 8)],
)
def test_pages_cost_the_same_queries_at_one_and_many_units(
    office, campaign, discipline, own_unit, django_assert_max_num_queries, name, limit
):
    UnitScoreFactory(criterion=discipline, unit=own_unit)
    with django_assert_max_num_queries(limit):
        assert office.get(url(name, campaign)).status_code == 200
    _many_units(campaign, discipline, 20)
    with django_assert_max_num_queries(limit):
        assert office.get(url(name, campaign)).status_code == 200


# --------------------------------------------------------------------------- closing


def test_close_and_reopen_the_year(office, campaign):
    response = office.post(url("scoring_close", campaign), follow=True)
    assert flashed(response) == ["The year 2026 is closed; its scores are frozen."]
    assert CampaignYear.objects.get(campaign=campaign, year=2026).is_closed

    blank = office.post(url("scoring_reopen", campaign), {"reason": "  "})
    assert form_errors(blank) == {"reason": ["This field is required."]}
    response = office.post(url("scoring_reopen", campaign), {"reason": "Chấm lại Phòng Kinh tế"}, follow=True)
    assert flashed(response) == ["The year 2026 is open again."]
    assert not CampaignYear.objects.get(campaign=campaign, year=2026).is_closed


def test_reopening_an_open_year_is_refused(office, campaign):
    response = office.post(url("scoring_reopen", campaign), {"reason": "Nhầm"})
    assert form_errors(response) == {"__all__": [f"The year 2026 of “{campaign.title}” is not closed."]}


# --------------------------------------------------------------------------- ranking and export


@pytest.fixture
def ranked(campaign, discipline):
    creativity = ScoringCriterionFactory(
        campaign=campaign, title="Sáng tạo", max_points=Decimal("5"), order=2
    )
    for name, first, second in (
        ("Hội Phụ nữ", "8", "4"),
        ("Hội Nông dân", "10", "2"),
        ("Đoàn Thanh niên", "9", "5"),
    ):
        unit = UnitFactory(name=name)
        UnitScoreFactory(criterion=discipline, unit=unit, points=Decimal(first), comment="")
        UnitScoreFactory(criterion=creativity, unit=unit, points=Decimal(second))
    return creativity


def test_ranking_page_shows_ranks_and_totals(client_for, chairman, campaign, ranked):
    response = client_for(chairman).get(url("scoring_ranking", campaign))
    rows = [(r.rank, r.unit.name, r.total) for r in response.context["ranking"].rows]
    assert rows == [
        (1, "Đoàn Thanh niên", Decimal("14")),
        (2, "Hội Nông dân", Decimal("12")),
        (2, "Hội Phụ nữ", Decimal("12")),
        (4, "Phòng Văn hóa – Xã hội", Decimal("0")),  # the office's own unit, not scored yet
    ]
    html = response.content.decode()
    assert "93,33%" in html
    assert url("scoring_export", campaign) in html


def test_export_reads_back_as_the_ranking(client_for, chairman, campaign, ranked):
    response = client_for(chairman).get(url("scoring_export", campaign))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"xep-hang-cham-diem-{campaign.code}-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Xếp hạng 2026"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "BẢNG XẾP HẠNG CHẤM ĐIỂM THI ĐUA NĂM 2026"
    assert values[1][0] == f"Phong trào: {campaign.title} (chưa khóa, số liệu tạm tính)"
    assert values[3] == [
        "Xếp hạng",
        "Đơn vị",
        "1. Kỷ luật (tối đa 10)",
        "2. Sáng tạo (tối đa 5)",
        "Tổng điểm (tối đa 15)",
        "Tỷ lệ so với điểm tối đa (%)",
    ]
    assert values[4:] == [
        [1, "Đoàn Thanh niên", 9, 5, 14, 93.33],
        [2, "Hội Nông dân", 10, 2, 12, 80],
        [2, "Hội Phụ nữ", 8, 4, 12, 80],
        [4, "Phòng Văn hóa – Xã hội", None, None, 0, 0],
        [None, "Điểm tối đa", 10, 5, 15, 100],
    ]
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}


def test_export_of_a_closed_year_says_so_and_leaves_unscored_cells_empty(
    client_for, vhxh_officer, campaign, discipline
):
    UnitFactory(name="Trạm Y tế")
    close_2026(campaign)
    sheet = load_workbook(
        BytesIO(client_for(vhxh_officer).get(url("scoring_export", campaign)).content)
    ).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[1][0] == f"Phong trào: {campaign.title} (đã khóa)"
    assert values[4:] == [
        [1, "Phòng Văn hóa – Xã hội", None, 0, 0],
        [1, "Trạm Y tế", None, 0, 0],
        [None, "Điểm tối đa", 10, 10, 100],
    ]
