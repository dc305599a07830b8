"""The demo's past awards: imported through the same importer and checks as an Excel file,
for people and units of the demo, once."""

import pytest

from awards.models import Award, AwardSource
from demo import nominations as demo_data
from demo import registry as registry_demo
from demo import units as base
from nominations.models import Nomination, Round, SubjectType
from nominations.services import reports
from units.models import Cadre, User


@pytest.fixture
def seeded(demo):
    # Seeded once for the module (tests/conftest.py).
    return User.objects.get(username="vhxh")


def test_past_awards_are_imported_once_and_read_by_section_three(seeded):
    Award.objects.filter(source=AwardSource.IMPORTED).delete()
    count = registry_demo.seed_past_awards(seeded)
    assert count == len(registry_demo.PAST) == 10
    imported = Award.objects.filter(source=AwardSource.IMPORTED)
    assert imported.count() == 10
    assert set(imported.values_list("year", flat=True)) == {2023, 2024, 2025}
    assert all(a.code is None and a.created_by == seeded for a in imported)
    assert imported.filter(subject_type=SubjectType.COLLECTIVE).count() == 4
    # A predecessor commune's chairman before 01/7/2025, the new commune's after.
    issuers = dict(imported.values_list("decision_number", "issuer"))
    assert issuers["187/QĐ-UBND"] == "Chủ tịch UBND xã Quất Động"
    assert issuers["96/QĐ-UBND"] == "Chủ tịch UBND xã Thượng Phúc"
    assert registry_demo.seed_past_awards(seeded) == 0
    assert imported.count() == 10
    # The centre's director, nominated in the 2026 round, finds the award in section III.
    director = Cadre.objects.filter(unit__name=base.TTHCC, position="Giám đốc").order_by("pk").first()
    award = Award.objects.get(cadre=director, source=AwardSource.IMPORTED)
    assert (award.unit_name, award.recipient_detail) == (
        base.VP,
        f"Công chức Văn phòng – Thống kê, {base.VP}",
    )
    nomination = Nomination.objects.get(
        round=Round.objects.get(title=demo_data.TITLE), subject_cadre=director
    )
    assert reports.prefill(nomination)["awards"]["rows"] == [
        {
            "award": "Giấy khen của Chủ tịch UBND xã",
            "year": "2024",
            "decision": "187/QĐ-UBND ngày 24/12/2024",
            "issuer": "Chủ tịch UBND xã Quất Động",
        }
    ]
