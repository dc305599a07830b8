import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from campaigns.models import (
    Campaign,
    CampaignYear,
    CouncilLevel,
    CriterionSource,
    IndexComponent,
    IndexKind,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Initiative,
    InitiativeState,
    Post,
    Registration,
    RegistrationCommitment,
    RegistrationState,
    Result,
    ScoringCriterion,
    UnitScore,
)

from .units import CadreFactory, UnitFactory, UserFactory


class CampaignFactory(DjangoModelFactory):
    """The 2026–2030 movement; its yearly periods are created with it."""

    class Meta:
        model = Campaign
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    title = "Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân"
    code = factory.Sequence(lambda n: f"cchc-{n}")
    plan_number = "15/KH-UBND"
    plan_date = datetime.date(2026, 3, 10)
    legal_bases = "Luật Thi đua, khen thưởng năm 2022\nNghị định số 152/2025/NĐ-CP"
    start_year = 2026
    end_year = 2030
    midterm_year = 2028
    launch_date = datetime.date(2026, 3, 20)

    @factory.post_generation
    def with_years(obj, create, extracted, **kwargs):
        if create:
            for year in obj.years:
                CampaignYear.objects.get_or_create(campaign=obj, year=year)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    campaign = factory.SubFactory(CampaignFactory)
    code = factory.Sequence(lambda n: f"kpi-{n}")
    name = factory.Sequence(lambda n: f"Tỷ lệ thử nghiệm {n}")
    numerator_label = "Số hồ sơ trực tuyến"
    denominator_label = "Tổng số hồ sơ"
    kind = IndicatorKind.RATIO
    final_target = Decimal("80")
    is_city_kpi = True


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    value = Decimal("60")


class ResultFactory(DjangoModelFactory):
    class Meta:
        model = Result

    indicator = factory.SubFactory(IndicatorFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2026
    period = 1
    numerator = 60
    denominator = 100


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2026
    pledges = "Hoàn thành 100% hồ sơ đúng hạn."

    class Params:
        submitted = factory.Trait(state=RegistrationState.SUBMITTED)
        accepted = factory.Trait(state=RegistrationState.ACCEPTED)


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = RegistrationCommitment

    registration = factory.SubFactory(RegistrationFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    level = Decimal("85")


class IndexComponentFactory(DjangoModelFactory):
    class Meta:
        model = IndexComponent

    index = IndexKind.PAR
    year = 2026
    group = "Cải cách thủ tục hành chính"
    code = factory.Sequence(lambda n: f"3.{n}")
    name = factory.Sequence(lambda n: f"Thành phần thử nghiệm {n}")
    max_points = Decimal("2.00")


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    owner_unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Giải pháp số hóa thử nghiệm {n}")
    description = "Số hóa hồ sơ ngay khi tiếp nhận."
    applied_where = "Bộ phận một cửa"
    applied_since = datetime.date(2026, 2, 1)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        recognised = factory.Trait(
            state=InitiativeState.RECOGNISED,
            council_level=CouncilLevel.COMMUNE,
            decision_number="12/QĐ-HĐSK",
            decision_date=datetime.date(2026, 9, 15),
        )
        refused = factory.Trait(state=InitiativeState.REFUSED, refusal_reason="Chưa có tính mới.")

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.authors.set(extracted)


class ScoringCriterionFactory(DjangoModelFactory):
    class Meta:
        model = ScoringCriterion

    campaign = factory.SubFactory(CampaignFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = Decimal("10")
    source = CriterionSource.MANUAL


class UnitScoreFactory(DjangoModelFactory):
    class Meta:
        model = UnitScore

    criterion = factory.SubFactory(ScoringCriterionFactory)
    unit = factory.SubFactory(UnitFactory)
    points = Decimal("8")
    scored_by = factory.SubFactory(UserFactory)


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Tin CCHC số {n}")
    body = "Xã đẩy mạnh dịch vụ công trực tuyến."
    unit = factory.SubFactory(UnitFactory)
    author = factory.SubFactory(UserFactory)


__all__ = [
    "CadreFactory",
    "CampaignFactory",
    "CommitmentFactory",
    "IndexComponentFactory",
    "IndicatorFactory",
    "IndicatorTargetFactory",
    "InitiativeFactory",
    "PostFactory",
    "RegistrationFactory",
    "ResultFactory",
    "ScoringCriterionFactory",
    "UnitScoreFactory",
]
