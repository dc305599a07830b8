"""Manual scores (all or nothing, every bad input named) and the ranking (ties share a rank)."""

from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.models import CriterionSource, UnitScore
from campaigns.services import scoring
from campaigns.services.scoring import ScoringError
from tests.factories import UnitFactory
from tests.factories.campaigns import RegistrationFactory, ScoringCriterionFactory, UnitScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def discipline(campaign):
    return ScoringCriterionFactory(campaign=campaign, title="Kỷ luật", max_points=Decimal("10"), order=1)


@pytest.fixture
def creativity(campaign):
    return ScoringCriterionFactory(campaign=campaign, title="Sáng tạo", max_points=Decimal("5"), order=2)


def stored():
    return {
        (s.criterion.title, s.unit.name): (s.points, s.comment)
        for s in UnitScore.objects.select_related("criterion", "unit")
    }


def score(campaign, actor, scores):
    return scoring.score_units(campaign=campaign, year=2026, actor=actor, scores=scores)


# --------------------------------------------------------------------------- saving


def test_score_units_saves_points_and_comments(
    campaign, discipline, creativity, own_unit, other_unit, vhxh_officer
):
    changed = score(
        campaign,
        vhxh_officer,
        {
            (discipline.pk, own_unit.pk): (Decimal("10"), ""),
            (discipline.pk, other_unit.pk): (Decimal("7.5"), "  Nộp báo cáo muo\u0323\u0302n "),
            (creativity.pk, own_unit.pk): (None, ""),
        },
    )
    assert changed == 2
    assert stored() == {
        ("Kỷ luật", "Trung tâm Phục vụ hành chính công"): (Decimal("10"), ""),
        ("Kỷ luật", "Phòng Kinh tế"): (Decimal("7.5"), "Nộp báo cáo muộn"),
    }
    assert UnitScore.objects.filter(scored_by=vhxh_officer).count() == 2


def test_score_units_changes_and_clears_scores(campaign, discipline, own_unit, other_unit, vhxh_officer):
    UnitScoreFactory(criterion=discipline, unit=own_unit, points=Decimal("6"), comment="Trung bình")
    UnitScoreFactory(criterion=discipline, unit=other_unit, points=Decimal("10"))
    changed = score(
        campaign,
        vhxh_officer,
        {
            (discipline.pk, own_unit.pk): (Decimal("8"), "Khá"),
            (discipline.pk, other_unit.pk): (None, ""),
        },
    )
    assert changed == 2
    assert stored() == {("Kỷ luật", "Trung tâm Phục vụ hành chính công"): (Decimal("8"), "Khá")}
    assert score(campaign, vhxh_officer, {(discipline.pk, own_unit.pk): (Decimal("8.00"), "Khá")}) == 0


def test_score_units_also_recomputes_automatic_points(campaign, discipline, own_unit, vhxh_officer):
    registration = ScoringCriterionFactory(
        campaign=campaign, title="Đăng ký", max_points=Decimal("5"), source=CriterionSource.REGISTRATION
    )
    RegistrationFactory(campaign=campaign, unit=own_unit, accepted=True)
    score(campaign, vhxh_officer, {(discipline.pk, own_unit.pk): (Decimal("10"), "")})
    assert UnitScore.objects.get(criterion=registration, unit=own_unit).points == Decimal("5")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("points", "comment", "message"),
    [
        (
            Decimal("11"),
            "",
            "The points of Phòng Kinh tế for “Kỷ luật” cannot exceed its maximum of 10 (11).",
        ),
        (Decimal("-1"), "Vi phạm", "The points of Phòng Kinh tế for “Kỷ luật” cannot be negative (-1)."),
        (
            Decimal("7.125"),
            "Khá",
            "The points of Phòng Kinh tế for “Kỷ luật” take at most two decimal places (7,125).",
        ),
        (
            Decimal("7"),
            "   ",
            "Say why Phòng Kinh tế gets 7 of 10 points for “Kỷ luật”: a comment is required below the maximum.",
        ),
        (None, "Chưa chấm", "Enter the points of Phòng Kinh tế for “Kỷ luật”, or clear its comment."),
        (Decimal("NaN"), "", "The points of Phòng Kinh tế for “Kỷ luật” must be a number."),
    ],
)
def test_score_units_refuses_bad_points_and_saves_nothing(
    campaign, discipline, own_unit, other_unit, vhxh_officer, points, comment, message
):
    UnitScoreFactory(criterion=discipline, unit=other_unit, points=Decimal("9"), comment="Tốt")
    with pytest.raises(ScoringError) as refused:
        score(
            campaign,
            vhxh_officer,
            {
                (discipline.pk, own_unit.pk): (Decimal("10"), ""),  # valid, yet not saved
                (discipline.pk, other_unit.pk): (points, comment),
            },
        )
    assert refused.value.problems == [((discipline.pk, other_unit.pk), message)]
    assert str(refused.value) == message
    assert stored() == {("Kỷ luật", "Phòng Kinh tế"): (Decimal("9"), "Tốt")}


def test_score_units_reports_every_problem_at_once(campaign, discipline, creativity, own_unit, vhxh_officer):
    with pytest.raises(ScoringError) as refused:
        score(
            campaign,
            vhxh_officer,
            {
                (discipline.pk, own_unit.pk): (Decimal("12"), ""),
                (creativity.pk, own_unit.pk): (Decimal("-2"), "x"),
            },
        )
    assert [key for key, _message in refused.value.problems] == [
        (discipline.pk, own_unit.pk),
        (creativity.pk, own_unit.pk),
    ]


def test_score_units_refuses_typed_points_on_an_automatic_criterion(campaign, own_unit, vhxh_officer):
    automatic = ScoringCriterionFactory(
        campaign=campaign, title="Đăng ký", source=CriterionSource.REGISTRATION
    )
    with pytest.raises(ScoringError) as refused:
        score(campaign, vhxh_officer, {(automatic.pk, own_unit.pk): (Decimal("10"), "")})
    assert str(refused.value) == "The points of “Đăng ký” are computed from data and cannot be typed."
    assert not UnitScore.objects.exists()


def test_score_units_refuses_a_criterion_of_another_year(campaign, own_unit, vhxh_officer):
    later = ScoringCriterionFactory(campaign=campaign, year=2027)
    with pytest.raises(ScoringError, match="A criterion given is not on the sheet of 2026."):
        score(campaign, vhxh_officer, {(later.pk, own_unit.pk): (Decimal("1"), "x")})


def test_score_units_refuses_an_archived_unit_never_registered(campaign, discipline, vhxh_officer):
    archived = UnitFactory(archived=True)
    with pytest.raises(ScoringError, match="A unit given is not among the units scored for 2026."):
        score(campaign, vhxh_officer, {(discipline.pk, archived.pk): (Decimal("10"), "")})


def test_scored_units_are_active_units_and_registered_ones(campaign, own_unit, other_unit, vhxh_officer):
    archived_registered = UnitFactory(name="Hợp tác xã cũ", archived=True)
    RegistrationFactory(campaign=campaign, unit=archived_registered, year=2026)
    UnitFactory(name="Đội đã giải thể", archived=True)
    UnitFactory(name="UBND xã", kind="authority")
    names = [u.name for u in scoring.scored_units(campaign, 2026)]
    assert names == [
        "Hợp tác xã cũ",
        "Phòng Kinh tế",
        "Phòng Văn hóa – Xã hội",
        "Trung tâm Phục vụ hành chính công",
    ]


# --------------------------------------------------------------------------- ranking


def test_ranking_orders_by_total_and_ties_share_a_rank(campaign, discipline, creativity):
    units = {
        name: UnitFactory(name=name)
        for name in ("Đoàn Thanh niên", "Hội Nông dân", "Hội Phụ nữ", "Trạm Y tế")
    }
    points = {
        "Đoàn Thanh niên": ("9", "5"),  # 14
        "Hội Nông dân": ("10", "2"),  # 12
        "Hội Phụ nữ": ("8", "4"),  # 12
        "Trạm Y tế": ("6", None),  # 6, creativity not scored
    }
    for name, (first, second) in points.items():
        UnitScoreFactory(criterion=discipline, unit=units[name], points=Decimal(first))
        if second:
            UnitScoreFactory(criterion=creativity, unit=units[name], points=Decimal(second))
    table = scoring.ranking(campaign, 2026)
    assert [c.title for c in table.criteria] == ["Kỷ luật", "Sáng tạo"]
    assert table.max_total == Decimal("15")
    lines = [
        (r.rank, r.unit.name, [s.points if s else None for s in r.scores], r.total, r.percent)
        for r in table.rows
    ]
    assert lines == [
        (1, "Đoàn Thanh niên", [Decimal("9"), Decimal("5")], Decimal("14"), Decimal("93.33")),
        (2, "Hội Nông dân", [Decimal("10"), Decimal("2")], Decimal("12"), Decimal("80.00")),
        (2, "Hội Phụ nữ", [Decimal("8"), Decimal("4")], Decimal("12"), Decimal("80.00")),
        (4, "Trạm Y tế", [Decimal("6"), None], Decimal("6"), Decimal("40.00")),
    ]
    assert table.is_closed is False


def test_ranking_without_a_sheet_has_no_percentage(campaign, own_unit):
    table = scoring.ranking(campaign, 2026)
    assert table.criteria == []
    assert [(r.rank, r.unit.name, r.total, r.percent) for r in table.rows] == [
        (1, "Trung tâm Phục vụ hành chính công", Decimal("0"), None)
    ]


def test_ranking_costs_four_queries_whatever_its_size(
    campaign, discipline, creativity, django_assert_num_queries
):
    unit = UnitFactory()
    UnitScoreFactory(criterion=discipline, unit=unit)
    with django_assert_num_queries(4):
        scoring.ranking(campaign, 2026)
    for extra in UnitFactory.create_batch(15):
        UnitScoreFactory(criterion=discipline, unit=extra)
        UnitScoreFactory(criterion=creativity, unit=extra, points=Decimal("3"))
    ScoringCriterionFactory(campaign=campaign, title="Thêm")
    with django_assert_num_queries(4):
        table = scoring.ranking(campaign, 2026)
    assert len(table.rows) == 16
    assert len(table.criteria) == 3
