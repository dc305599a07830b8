"""The yearly scoring sheet: adding, changing, removing, ordering and copying criteria, and
closing or reopening the year."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from campaigns.models import CampaignYear, CriterionSource, ScoringCriterion, UnitScore
from campaigns.services import scoring
from campaigns.services.scoring import ScoringError
from tests.factories.campaigns import (
    CampaignFactory,
    IndicatorFactory,
    RegistrationFactory,
    ScoringCriterionFactory,
    UnitScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages read in English; stored comments are written in the default language.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def titles(campaign, year=2026):
    return [c.title for c in scoring.sheet(campaign, year)]


def close(campaign, year, actor):
    return scoring.close_year(CampaignYear.objects.get(campaign=campaign, year=year), actor=actor)


# --------------------------------------------------------------------------- adding


def test_add_criterion_appends_in_order_and_normalises_the_title(campaign, vhxh_officer):
    first = scoring.add_criterion(
        campaign, actor=vhxh_officer, year=2026, title="  Chấp hành   kỷ luật ", max_points=Decimal("10")
    )
    decomposed = "Thu\u0301c đâ\u0309y CCHC"  # NFD input
    second = scoring.add_criterion(
        campaign, actor=vhxh_officer, year=2026, title=decomposed, max_points="15.5"
    )
    assert (first.order, first.title, first.max_points, first.source) == (
        1,
        "Chấp hành kỷ luật",
        10,
        "manual",
    )
    assert (second.order, second.title, second.max_points) == (2, "Thúc đẩy CCHC", Decimal("15.5"))
    assert titles(campaign) == ["Chấp hành kỷ luật", "Thúc đẩy CCHC"]


def test_add_indicator_criterion_computes_its_points_at_once(campaign, online_kpi, own_unit, vhxh_officer):
    criterion = scoring.add_criterion(
        campaign,
        actor=vhxh_officer,
        year=2026,
        title="Dịch vụ công trực tuyến",
        max_points=Decimal("20"),
        source=CriterionSource.INDICATOR,
        indicator=online_kpi,
    )
    score = UnitScore.objects.get(criterion=criterion, unit=own_unit)
    assert (score.points, score.comment, score.scored_by) == (
        Decimal("0"),
        "No results reported for 2026.",
        vhxh_officer,
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter the criterion."),
        ({"max_points": Decimal("0")}, "max_points", "The maximum of “Tiêu chí A” must be more than 0 (0)."),
        (
            {"max_points": Decimal("-5")},
            "max_points",
            "The maximum of “Tiêu chí A” must be more than 0 (-5).",
        ),
        ({"max_points": None}, "max_points", "Enter the maximum points of “Tiêu chí A”."),
        ({"max_points": "mười"}, "max_points", "The maximum of “Tiêu chí A” must be a number."),
        (
            {"max_points": Decimal("2.555")},
            "max_points",
            "The maximum of “Tiêu chí A” takes at most two decimal places (2,555).",
        ),
        ({"max_points": Decimal("10000")}, "max_points", "The maximum of “Tiêu chí A” is too large (10000)."),
        ({"source": "guess"}, "source", "Choose where the points of “Tiêu chí A” come from."),
        (
            {"source": CriterionSource.INDICATOR},
            "indicator",
            "Choose the indicator whose results give the points of “Tiêu chí A”.",
        ),
    ],
)
def test_add_criterion_refuses_bad_input(campaign, vhxh_officer, fields, field, message):
    values = {"title": "Tiêu chí A", "max_points": Decimal("10"), **fields}
    with pytest.raises(ScoringError) as refused:
        scoring.add_criterion(campaign, actor=vhxh_officer, year=2026, **values)
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert not ScoringCriterion.objects.exists()


def test_add_criterion_refuses_an_indicator_of_another_campaign(campaign, vhxh_officer):
    other = CampaignFactory(code="cchc-2021-2025", start_year=2021, end_year=2025, midterm_year=2023)
    foreign = IndicatorFactory(campaign=other, name="Tỷ lệ cũ")
    with pytest.raises(ScoringError) as refused:
        scoring.add_criterion(
            campaign,
            actor=vhxh_officer,
            year=2026,
            title="Chỉ tiêu cũ",
            max_points=Decimal("10"),
            source=CriterionSource.INDICATOR,
            indicator=foreign,
        )
    assert refused.value.field == "indicator"
    assert str(refused.value) == (
        f"The indicator “Tỷ lệ cũ” belongs to another campaign; choose one of “{campaign.title}”."
    )
    assert not ScoringCriterion.objects.exists()


def test_add_criterion_refuses_a_title_already_on_the_sheet(campaign, vhxh_officer):
    ScoringCriterionFactory(campaign=campaign, year=2026, title="Chấp hành kỷ luật")
    with pytest.raises(
        ScoringError, match="The sheet of 2026 already has the criterion “CHẤP HÀNH KỶ LUẬT”."
    ):
        scoring.add_criterion(
            campaign, actor=vhxh_officer, year=2026, title="CHẤP HÀNH KỶ LUẬT", max_points=Decimal("5")
        )
    assert ScoringCriterion.objects.count() == 1


@pytest.mark.parametrize("year", [2025, 2031])
def test_add_criterion_refuses_a_year_outside_the_campaign(campaign, vhxh_officer, year):
    with pytest.raises(ScoringError) as refused:
        scoring.add_criterion(campaign, actor=vhxh_officer, year=year, title="A", max_points=Decimal("10"))
    assert str(refused.value) == (
        f"{year} is not a year of “{campaign.title}” (2026–2030), so it has no scoring sheet."
    )
    assert not ScoringCriterion.objects.exists()


# --------------------------------------------------------------------------- changing


def test_update_criterion_changes_title_and_maximum(campaign, vhxh_officer, own_unit):
    criterion = ScoringCriterionFactory(campaign=campaign, title="Cũ", max_points=Decimal("10"))
    UnitScoreFactory(criterion=criterion, unit=own_unit, points=Decimal("8"), comment="Khá")
    updated = scoring.update_criterion(
        criterion, actor=vhxh_officer, title="Mới", max_points=Decimal("8"), source=CriterionSource.MANUAL
    )
    assert (updated.title, updated.max_points) == ("Mới", Decimal("8"))
    assert UnitScore.objects.get().points == Decimal("8")


def test_update_criterion_refuses_a_maximum_below_points_given(campaign, vhxh_officer, own_unit, other_unit):
    criterion = ScoringCriterionFactory(campaign=campaign, title="Kỷ luật", max_points=Decimal("10"))
    UnitScoreFactory(criterion=criterion, unit=own_unit, points=Decimal("9"), comment="Tốt")
    UnitScoreFactory(criterion=criterion, unit=other_unit, points=Decimal("10"))
    with pytest.raises(ScoringError) as refused:
        scoring.update_criterion(
            criterion,
            actor=vhxh_officer,
            title="Kỷ luật",
            max_points=Decimal("8"),
            source=CriterionSource.MANUAL,
        )
    assert refused.value.field == "max_points"
    assert str(refused.value) == (
        "The maximum of “Kỷ luật” cannot drop to 8: "
        "Phòng Kinh tế, Trung tâm Phục vụ hành chính công already have more points."
    )
    criterion.refresh_from_db()
    assert criterion.max_points == Decimal("10")


def test_update_criterion_to_another_source_replaces_its_scores(campaign, vhxh_officer, own_unit):
    criterion = ScoringCriterionFactory(campaign=campaign, title="Đăng ký", max_points=Decimal("5"))
    UnitScoreFactory(criterion=criterion, unit=own_unit, points=Decimal("3"), comment="Nộp muộn")
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2026, accepted=True)
    scoring.update_criterion(
        criterion,
        actor=vhxh_officer,
        title="Đăng ký",
        max_points=Decimal("5"),
        source=CriterionSource.REGISTRATION,
    )
    score = UnitScore.objects.get(criterion=criterion, unit=own_unit)
    assert (score.points, score.comment) == (Decimal("5"), "Registration for 2026 accepted.")


def test_update_criterion_refuses_a_duplicate_title(campaign, vhxh_officer):
    ScoringCriterionFactory(campaign=campaign, title="Kỷ luật")
    criterion = ScoringCriterionFactory(campaign=campaign, title="Sáng tạo")
    with pytest.raises(ScoringError, match="already has the criterion “Kỷ luật”"):
        scoring.update_criterion(
            criterion, actor=vhxh_officer, title="Kỷ luật", max_points=Decimal("10"), source="manual"
        )


# --------------------------------------------------------------------------- delete, move, copy


def test_delete_criterion_removes_it_with_its_scores(campaign, vhxh_officer, own_unit):
    criterion = ScoringCriterionFactory(campaign=campaign)
    UnitScoreFactory(criterion=criterion, unit=own_unit)
    scoring.delete_criterion(criterion, actor=vhxh_officer)
    assert not ScoringCriterion.objects.exists()
    assert not UnitScore.objects.exists()


def test_move_criterion_swaps_neighbours_and_renumbers(campaign, vhxh_officer):
    a = ScoringCriterionFactory(campaign=campaign, title="A", order=5)
    ScoringCriterionFactory(campaign=campaign, title="B", order=7)
    c = ScoringCriterionFactory(campaign=campaign, title="C", order=9)
    scoring.move_criterion(c, actor=vhxh_officer, step=-1)
    assert titles(campaign) == ["A", "C", "B"]
    assert [x.order for x in scoring.sheet(campaign, 2026)] == [1, 2, 3]
    scoring.move_criterion(a, actor=vhxh_officer, step=-1)  # already first: stays
    scoring.move_criterion(a, actor=vhxh_officer, step=1)
    assert titles(campaign) == ["C", "A", "B"]


def test_move_criterion_refuses_a_jump(campaign, vhxh_officer):
    criterion = ScoringCriterionFactory(campaign=campaign)
    with pytest.raises(ScoringError, match="A criterion moves one place up or down."):
        scoring.move_criterion(criterion, actor=vhxh_officer, step=2)


def test_copy_previous_sheet_copies_titles_maxima_sources_and_order(campaign, online_kpi, vhxh_officer):
    ScoringCriterionFactory(campaign=campaign, year=2026, title="Kỷ luật", max_points=Decimal("10"), order=2)
    ScoringCriterionFactory(
        campaign=campaign,
        year=2026,
        title="DVC trực tuyến",
        max_points=Decimal("20"),
        order=1,
        source=CriterionSource.INDICATOR,
        indicator=online_kpi,
    )
    copies = scoring.copy_previous_sheet(campaign, year=2027, actor=vhxh_officer)
    assert [(c.year, c.order, c.title, c.max_points, c.source, c.indicator) for c in copies] == [
        (2027, 1, "DVC trực tuyến", Decimal("20"), "indicator", online_kpi),
        (2027, 2, "Kỷ luật", Decimal("10"), "manual", None),
    ]
    assert ScoringCriterion.objects.filter(year=2026).count() == 2


@pytest.mark.parametrize(
    ("year", "setup", "message"),
    [
        (2026, False, "2026 is the first year of “{c}”; there is no earlier sheet to copy."),
        (2027, False, "The sheet of 2026 has no criteria to copy."),
        (2027, True, "The sheet of 2027 already has criteria; copy only into an empty sheet."),
    ],
)
def test_copy_previous_sheet_refusals(campaign, vhxh_officer, year, setup, message):
    if setup:
        ScoringCriterionFactory(campaign=campaign, year=2026, title="Năm trước")
        ScoringCriterionFactory(campaign=campaign, year=2027, title="Đã có")
    with pytest.raises(ScoringError) as refused:
        scoring.copy_previous_sheet(campaign, year=year, actor=vhxh_officer)
    assert str(refused.value) == message.format(c=campaign.title)


# --------------------------------------------------------------------------- closing


def test_close_year_freezes_the_sheet(campaign, vhxh_officer, own_unit):
    criterion = ScoringCriterionFactory(campaign=campaign, title="Kỷ luật")
    period = close(campaign, 2026, vhxh_officer)
    assert period.is_closed
    assert period.closed_at is not None
    frozen = (
        f"The year 2026 of “{campaign.title}” is closed; its scoring sheet and scores can no longer change."
    )
    attempts = [
        lambda: scoring.add_criterion(campaign, actor=vhxh_officer, year=2026, title="B", max_points=1),
        lambda: scoring.update_criterion(
            criterion, actor=vhxh_officer, title="C", max_points=1, source=CriterionSource.MANUAL
        ),
        lambda: scoring.delete_criterion(criterion, actor=vhxh_officer),
        lambda: scoring.move_criterion(criterion, actor=vhxh_officer, step=1),
        lambda: scoring.copy_previous_sheet(campaign, year=2026, actor=vhxh_officer),
        lambda: scoring.recalculate(campaign, year=2026, actor=vhxh_officer),
        lambda: scoring.score_units(
            campaign=campaign,
            year=2026,
            actor=vhxh_officer,
            scores={(criterion.pk, own_unit.pk): (Decimal(10), "")},
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ScoringError) as refused:
            attempt()
        assert str(refused.value) == frozen
    criterion.refresh_from_db()
    assert (criterion.title, criterion.max_points) == ("Kỷ luật", Decimal("10"))
    assert not UnitScore.objects.exists()


def test_close_year_twice_is_refused(campaign, vhxh_officer):
    close(campaign, 2026, vhxh_officer)
    with pytest.raises(ScoringError, match="is already closed"):
        close(campaign, 2026, vhxh_officer)


def test_close_year_stores_the_final_automatic_points(campaign, vhxh_officer, own_unit):
    criterion = ScoringCriterionFactory(
        campaign=campaign, title="Đăng ký", max_points=Decimal("5"), source=CriterionSource.REGISTRATION
    )
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2026, accepted=True)
    close(campaign, 2026, vhxh_officer)
    assert UnitScore.objects.get(criterion=criterion, unit=own_unit).points == Decimal("5")


def test_reopen_year_needs_a_reason_and_logs_it(campaign, vhxh_officer):
    period = close(campaign, 2026, vhxh_officer)
    with pytest.raises(ScoringError) as refused:
        scoring.reopen_year(period, actor=vhxh_officer, reason="   ")
    assert (refused.value.field, str(refused.value)) == ("reason", "Say why the year 2026 is reopened.")
    assert CampaignYear.objects.get(pk=period.pk).is_closed

    reopened = scoring.reopen_year(period, actor=vhxh_officer, reason="Sửa điểm Phòng Kinh te\u0302\u0301")
    assert (reopened.is_closed, reopened.closed_at) == (False, None)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CampaignYear), object_pk=str(period.pk)
    ).latest("timestamp")
    assert entry.actor == vhxh_officer
    assert entry.additional_data == {"action": "reopen", "reason": "Sửa điểm Phòng Kinh tế"}
    assert entry.changes_dict["is_closed"] == ["True", "False"]
    scoring.add_criterion(campaign, actor=vhxh_officer, year=2026, title="Sau khi mở lại", max_points=1)


def test_reopen_an_open_year_is_refused(campaign, vhxh_officer):
    period = CampaignYear.objects.get(campaign=campaign, year=2026)
    with pytest.raises(ScoringError) as refused:
        scoring.reopen_year(period, actor=vhxh_officer, reason="Nhầm")
    assert str(refused.value) == f"The year 2026 of “{campaign.title}” is not closed."
