"""The commune's catalogue of titles (REFERENCE §10) and the year-end review as a kind of round:
a person proposed once per title there, once per round elsewhere."""

import datetime
from decimal import Decimal

import pytest

from nominations.models import AwardForm, AwardKind, Nomination, RoundKind, Title
from nominations.services import NominationError, proposals, titles
from tests.factories import CommuneFactory
from tests.factories.nominations import ProposalFactory, RoundFactory
from thiduaportal import tenancy

pytestmark = pytest.mark.django_db


def test_the_titles_of_the_law_are_award_forms_with_their_coefficients():
    forms = {form.code: form for form in AwardForm.objects.all()}
    assert forms["lao-dong-tien-tien"].individual_coefficient == Decimal("0.3")
    assert forms["chien-si-thi-dua-co-so"].individual_coefficient == Decimal("1.0")
    assert forms["tap-the-lao-dong-tien-tien"].collective_coefficient == Decimal("0.8")
    assert forms["tap-the-lao-dong-xuat-sac"].collective_coefficient == Decimal("1.5")
    assert forms["tap-the-lao-dong-xuat-sac"].level == "city"
    assert forms["thon-van-hoa"].collective_coefficient == Decimal("1.5")
    assert forms["giay-khen-chu-tich"].kind == AwardKind.CERTIFICATE
    assert forms["bang-khen-thanh-pho"].kind == AwardKind.FORWARDED
    assert forms["chien-si-thi-dua-co-so"].kind == AwardKind.INDIVIDUAL_TITLE


def test_a_commune_gets_the_default_catalogue_once(commune):
    first = titles.ensure_catalogue(commune)
    again = titles.ensure_catalogue(commune)
    assert [t.pk for t in first] == [t.pk for t in again]
    assert [t.award_form.code for t in first] == [
        "lao-dong-tien-tien",
        "chien-si-thi-dua-co-so",
        "tap-the-lao-dong-tien-tien",
        "tap-the-lao-dong-xuat-sac",
        "thon-van-hoa",
        "giay-khen-chu-tich",
    ]
    cstdcs = first[1]
    assert (cstdcs.council_vote, cstdcs.council_share, cstdcs.council_of_all) == (True, Decimal("0.80"), True)
    assert (cstdcs.cap_per_unit, cstdcs.cap_total, cstdcs.cap_share) == (None, None, None)
    ttldtt = first[2]
    assert {"code": "member_share", "params": {"award_form": "lao-dong-tien-tien", "share": "0.70"}} in (
        ttldtt.criteria
    )


def test_an_entry_vhxh_retired_is_kept_and_each_commune_has_its_own(commune):
    titles.ensure_catalogue(commune)
    Title.objects.filter(commune=commune, award_form__code="thon-van-hoa").update(is_current=False)
    other = CommuneFactory()
    titles.ensure_catalogue(other)
    assert len(titles.catalogue_of(commune)) == 5
    assert len(titles.catalogue_of(commune, current_only=False)) == 6
    assert len(titles.catalogue_of(other)) == 6
    with tenancy.within(other):
        assert Title.objects.count() == 6


def test_a_year_end_review_stands_without_a_campaign():
    round = RoundFactory(year_end=True)
    assert (round.kind, round.campaign) == (RoundKind.YEAR_END, None)
    assert round.award_forms.filter(code="chien-si-thi-dua-co-so").exists()


def _open(**kwargs):
    today = datetime.date.today()
    return RoundFactory(
        submit_by=today + datetime.timedelta(days=7), review_by=None, council_on=None, **kwargs
    )


def test_the_year_end_review_proposes_a_person_for_two_titles_but_each_once(own_unit, own_cadre, unit_staff):
    proposal = ProposalFactory(round=_open(year_end=True), unit=own_unit)
    forms = titles.ensure_award_forms()
    for code in ("lao-dong-tien-tien", "chien-si-thi-dua-co-so"):
        proposals.add_nomination(
            proposal,
            actor=unit_staff,
            subject_type="individual",
            subject_cadre=own_cadre,
            award_form=forms[code],
        )
    with pytest.raises(NominationError, match="already proposed for “Danh hiệu Lao động tiên tiến”"):
        proposals.add_nomination(
            proposal,
            actor=unit_staff,
            subject_type="individual",
            subject_cadre=own_cadre,
            award_form=forms["lao-dong-tien-tien"],
        )
    assert Nomination.objects.filter(subject_cadre=own_cadre).count() == 2


def test_a_campaign_round_still_nominates_a_person_once(own_unit, own_cadre, unit_staff):
    forms = titles.ensure_award_forms()
    round = _open(award_forms=[forms["giay-khen-chu-tich"], forms["lao-dong-tien-tien"]])
    proposal = ProposalFactory(round=round, unit=own_unit)
    proposals.add_nomination(
        proposal,
        actor=unit_staff,
        subject_type="individual",
        subject_cadre=own_cadre,
        award_form=forms["giay-khen-chu-tich"],
    )
    with pytest.raises(NominationError, match="is already nominated in"):
        proposals.add_nomination(
            proposal,
            actor=unit_staff,
            subject_type="individual",
            subject_cadre=own_cadre,
            award_form=forms["lao-dong-tien-tien"],
        )
