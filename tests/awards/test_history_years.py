"""A person's and a unit's page list their titles and awards by year, newest year first, each
year its emulation titles before its other awards, with the decision; the query count stays
flat as awards add up."""

import datetime
import re

import pytest

from awards.services import registry
from nominations.models import AwardForm
from tests.awards.test_registry import collective_award
from tests.factories.decisions import ImportedAwardFactory

pytestmark = pytest.mark.django_db


def _form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


@pytest.fixture
def awards(own_cadre):
    ldtt, cstdcs = _form("lao-dong-tien-tien"), _form("chien-si-thi-dua-co-so")
    return {
        "gk_2024": ImportedAwardFactory(cadre=own_cadre, year=2024, decision_number="210/QĐ-UBND"),
        "ldtt_2024": ImportedAwardFactory(
            cadre=own_cadre,
            year=2024,
            award_form=ldtt,
            award_name="Lao động tiên tiến",
            decision_number="200/QĐ-UBND",
            decision_date=datetime.date(2024, 12, 10),
        ),
        "cstdcs_2025": ImportedAwardFactory(
            cadre=own_cadre,
            year=2025,
            award_form=cstdcs,
            award_name="Chiến sĩ thi đua cơ sở",
            decision_number="96/QĐ-UBND",
            decision_date=datetime.date(2025, 12, 22),
        ),
    }


def test_history_groups_a_persons_awards_by_year_titles_first(own_cadre, awards):
    years = registry.by_year(registry.history(own_cadre))
    assert [(g.year, g.titles, g.awards) for g in years] == [
        (2025, [awards["cstdcs_2025"]], []),
        (2024, [awards["ldtt_2024"]], [awards["gk_2024"]]),
    ]


def test_a_persons_page_shows_each_year_with_its_titles_and_decisions(
    client_for, vhxh_officer, own_cadre, awards
):
    page = client_for(vhxh_officer).get(own_cadre.get_absolute_url()).content.decode()
    order = [
        page.index("Year 2025"),
        page.index("96/QĐ-UBND"),
        page.index("Year 2024"),
        page.index("200/QĐ-UBND"),
        page.index("210/QĐ-UBND"),
    ]
    assert order == sorted(order)
    row_2024 = page[page.index("200/QĐ-UBND") - 400 : page.index("200/QĐ-UBND")]
    assert "Emulation title" in row_2024
    assert "Lao động tiên tiến" in row_2024
    assert "(10/12/2024)" in page[page.index("200/QĐ-UBND") :][:40]
    assert len(re.findall(r"<h3 [^>]*>Year \d{4}</h3>", page)) == 2


def test_a_units_page_shows_its_collective_titles_by_year(client_for, unit_staff, own_unit, own_cadre):
    collective_award(
        own_unit,
        year=2025,
        award_form=_form("tap-the-lao-dong-tien-tien"),
        award_name="Tập thể lao động tiên tiến",
        decision_number="97/QĐ-UBND",
    )
    collective_award(own_unit, year=2023, decision_number="150/QĐ-UBND")
    ImportedAwardFactory(cadre=own_cadre, year=2024, decision_number="210/QĐ-UBND")
    page = client_for(unit_staff).get(own_unit.get_absolute_url()).content.decode()
    assert re.findall(r"<h3 [^>]*>Year (\d{4})</h3>", page) == ["2025", "2023"]
    assert page.index("97/QĐ-UBND") < page.index("150/QĐ-UBND")
    assert "210/QĐ-UBND" not in page


@pytest.mark.parametrize("count", [1, 30])
def test_the_history_by_year_adds_one_query_at_one_and_many_awards(
    client_for, vhxh_officer, own_unit, own_cadre, count, django_assert_max_num_queries
):
    ldtt = _form("lao-dong-tien-tien")
    for n in range(count):
        year = 2000 + n
        ImportedAwardFactory(
            cadre=own_cadre,
            year=year,
            award_form=ldtt,
            award_name="Lao động tiên tiến",
            decision_number=f"{n}/QĐ-UBND",
            decision_date=datetime.date(year, 12, 20),
        )
        collective_award(
            own_unit, year=year, decision_number=f"{n}/QĐ-UBND", decision_date=datetime.date(year, 12, 20)
        )
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(10):
        page = client.get(own_cadre.get_absolute_url()).content.decode()
    assert len(re.findall(r"<h3 [^>]*>Year \d{4}</h3>", page)) == count
    with django_assert_max_num_queries(11):
        page = client.get(own_unit.get_absolute_url()).content.decode()
    assert len(re.findall(r"<h3 [^>]*>Year \d{4}</h3>", page)) == count
