"""Council terms and seats: who serves on a date, one chair, one seat per account."""

import datetime

import pytest

from council.models import CouncilRole
from council.services import CouncilError, terms
from tests.factories import CadreFactory, UserFactory
from tests.factories.council import CouncilMemberFactory, CouncilTermFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_create_term_cleans_and_checks_dates(vhxh_officer):
    term = terms.create_term(
        actor=vhxh_officer, title="  Hội đồng   nhiệm kỳ 2026–2031 ", starts_on=D(2026, 1, 1)
    )
    assert term.title == "Hội đồng nhiệm kỳ 2026–2031"
    with pytest.raises(CouncilError) as error:
        terms.create_term(actor=vhxh_officer, title="X", starts_on=D(2026, 1, 1), ends_on=D(2025, 1, 1))
    assert str(error.value) == "The council term ends (01/01/2025) before it starts (01/01/2026)."
    with pytest.raises(CouncilError):
        terms.create_term(actor=vhxh_officer, title=" ", starts_on=D(2026, 1, 1))


def test_add_member_takes_the_persons_name_and_unit(vhxh_officer):
    term = CouncilTermFactory()
    cadre = CadreFactory(full_name="Trần Thị Hội")
    seat = terms.add_member(
        term,
        actor=vhxh_officer,
        user=UserFactory(),
        role=CouncilRole.MEMBER,
        joined_on=D(2026, 1, 1),
        cadre=cadre,
    )
    assert (seat.full_name, seat.unit) == ("Trần Thị Hội", cadre.unit)
    user = UserFactory(full_name="Lê Văn Tài")
    seat = terms.add_member(
        term, actor=vhxh_officer, user=user, role=CouncilRole.SECRETARY, joined_on=D(2026, 2, 1)
    )
    assert seat.full_name == "Lê Văn Tài"


def test_add_member_refusals(vhxh_officer):
    term = CouncilTermFactory()
    chair = CouncilMemberFactory(term=term, chair=True)
    with pytest.raises(CouncilError) as error:
        terms.add_member(
            term, actor=vhxh_officer, user=chair.user, role=CouncilRole.MEMBER, joined_on=D(2026, 1, 1)
        )
    assert "already has a seat" in str(error.value)
    with pytest.raises(CouncilError) as error:
        terms.add_member(
            term, actor=vhxh_officer, user=UserFactory(), role=CouncilRole.CHAIR, joined_on=D(2026, 1, 1)
        )
    assert str(error.value) == f"The council term “{term}” already has a chair; end that membership first."
    with pytest.raises(CouncilError):
        terms.add_member(
            term, actor=vhxh_officer, user=UserFactory(), role=CouncilRole.MEMBER, joined_on=D(2025, 1, 1)
        )
    with pytest.raises(CouncilError):
        terms.add_member(term, actor=vhxh_officer, user=UserFactory(), role="king", joined_on=D(2026, 1, 1))
    assert term.members.count() == 1


def test_seats_serving_on_a_date_and_ending_a_membership(vhxh_officer):
    term = CouncilTermFactory()
    early = CouncilMemberFactory(term=term)
    late = CouncilMemberFactory(term=term, joined_on=D(2026, 6, 1))
    assert list(terms.seats(term, on=D(2026, 3, 1))) == [early]
    terms.end_membership(early, actor=vhxh_officer, left_on=D(2026, 9, 1))
    assert list(terms.seats(term, on=D(2026, 9, 1))) == [late]
    assert list(terms.seats(term, on=D(2026, 8, 31))) == [early, late]
    with pytest.raises(CouncilError):
        terms.end_membership(early, actor=vhxh_officer, left_on=D(2026, 10, 1))
    with pytest.raises(CouncilError):
        terms.end_membership(late, actor=vhxh_officer, left_on=D(2026, 5, 1))


def test_a_new_chair_after_the_old_one_left(vhxh_officer):
    term = CouncilTermFactory()
    chair = CouncilMemberFactory(term=term, chair=True)
    terms.end_membership(chair, actor=vhxh_officer, left_on=D(2026, 6, 30))
    new = terms.add_member(
        term, actor=vhxh_officer, user=UserFactory(), role=CouncilRole.CHAIR, joined_on=D(2026, 7, 1)
    )
    assert new.role == CouncilRole.CHAIR


def test_current_term_and_member_for():
    old = CouncilTermFactory(starts_on=D(2021, 1, 1), ends_on=D(2025, 12, 31), title="2021–2025")
    new = CouncilTermFactory(starts_on=D(2026, 1, 1), title="2026–2031")
    assert terms.current_term(D(2024, 5, 1)) == old
    assert terms.current_term(D(2026, 5, 1)) == new
    assert terms.current_term(D(2020, 5, 1)) is None
    seat = CouncilMemberFactory(term=new)
    assert terms.member_for(seat.user, new) == seat
    assert terms.member_for(seat.user, old) is None
    assert terms.member_for(UserFactory(), new) is None
