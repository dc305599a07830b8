import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from nominations.models import (
    AwardForm,
    AwardLevel,
    Comment,
    DisciplineRecord,
    Nomination,
    NominationState,
    Proposal,
    Round,
    RoundKind,
    RoundState,
    SubjectType,
)
from nominations.services import titles

from .campaigns import CampaignFactory, InitiativeFactory
from .units import CadreFactory, UnitFactory, UserFactory


class AwardFormFactory(DjangoModelFactory):
    """The chairman's Giấy khen (decided here) unless told otherwise."""

    class Meta:
        model = AwardForm
        django_get_or_create = ("code",)

    code = "giay-khen-chu-tich"
    name = "Giấy khen của Chủ tịch UBND xã"
    level = AwardLevel.COMMUNE
    collective_coefficient = Decimal("0.6")
    individual_coefficient = Decimal("0.3")

    class Params:
        city = factory.Trait(
            code="bang-khen-thanh-pho", name="Bằng khen của UBND Thành phố", level=AwardLevel.CITY
        )


class RoundFactory(DjangoModelFactory):
    """The 2026 annual round, open, with the plan's quotas (5 collectives, 10 individuals)."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory, code="cchc-2026-2030")
    year = 2026
    kind = RoundKind.ANNUAL
    title = "Khen thưởng hằng năm 2026"
    submit_by = datetime.date(2026, 12, 15)
    review_by = datetime.date(2026, 12, 25)
    council_on = datetime.date(2026, 12, 28)
    quota_collectives = 5
    quota_individuals = 10
    state = RoundState.OPEN

    class Params:
        adhoc = factory.Trait(
            kind=RoundKind.ADHOC,
            campaign=None,
            title="Khen thưởng đột xuất",
            quota_collectives=None,
            quota_individuals=None,
        )
        year_end = factory.Trait(
            kind=RoundKind.YEAR_END,
            campaign=None,
            title="Bình xét thi đua, khen thưởng cuối năm 2026",
            quota_collectives=None,
            quota_individuals=None,
        )

    @factory.post_generation
    def award_forms(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None and obj.kind == RoundKind.YEAR_END:
            # The catalogue's titles (its award forms, created by their migration).
            extracted = list(titles.ensure_award_forms().values())
        obj.award_forms.set(extracted if extracted is not None else [AwardFormFactory()])


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    round = factory.SubFactory(RoundFactory)
    unit = factory.SubFactory(UnitFactory)


class NominationFactory(DjangoModelFactory):
    """An individual of the proposing unit, drafted for the Giấy khen."""

    class Meta:
        model = Nomination

    proposal = factory.SubFactory(ProposalFactory)
    round = factory.SelfAttribute("proposal.round")
    subject_type = SubjectType.INDIVIDUAL
    subject_cadre = factory.SubFactory(CadreFactory, unit=factory.SelfAttribute("..proposal.unit"))
    subject_unit = None
    award_form = factory.SubFactory(AwardFormFactory)
    summary = "Đã có thành tích xuất sắc trong công tác CCHC năm 2026"
    created_by = factory.SubFactory(UserFactory)

    class Params:
        collective = factory.Trait(
            subject_type=SubjectType.COLLECTIVE,
            subject_cadre=None,
            subject_unit=factory.SelfAttribute("proposal.unit"),
        )
        submitted = factory.Trait(state=NominationState.SUBMITTED, version=1)
        accepted = factory.Trait(state=NominationState.ACCEPTED, version=1)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    nomination = factory.SubFactory(NominationFactory)
    author = factory.SubFactory(UserFactory)
    text = "Đề nghị bổ sung minh chứng."


class DisciplineRecordFactory(DjangoModelFactory):
    class Meta:
        model = DisciplineRecord

    cadre = factory.SubFactory(CadreFactory)
    measure = "Khiển trách"
    start_date = datetime.date(2026, 5, 1)
    created_by = factory.SubFactory(UserFactory)


__all__ = [
    "AwardFormFactory",
    "CommentFactory",
    "DisciplineRecordFactory",
    "NominationFactory",
    "ProposalFactory",
    "RoundFactory",
]


def eligible_nomination(proposal, **fields) -> Nomination:
    """An individual of the proposing unit who meets every check: an initiative recognised
    in 2026, no rating required (does not advise on CCHC), no discipline."""
    cadre = CadreFactory(unit=proposal.unit, advises_cchc=False)
    InitiativeFactory(recognised=True, owner_unit=proposal.unit, authors=[cadre])
    return NominationFactory(proposal=proposal, subject_cadre=cadre, **fields)
