"""The first decision of a year waits for the office to confirm the counter against the paper
register (audit-logged), and imported awards move the golden-book counter so no golden-book
number is given twice."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from awards.models import Award, DocumentCounter
from awards.services import registry
from awards.services.decisions import DecisionError, issuing, numbering
from nominations.models import SubjectType
from tests.factories import CadreFactory, UnitFactory
from tests.factories.decisions import ISSUED_ON, adhoc_shortlist, drafted_decision, issued_decision
from tests.nominations.test_documents import pdf_text

pytestmark = pytest.mark.django_db
REFUSED = (
    "2026 has no decision numbered in the portal yet: the office (VHXH) must first check the last number "
    "given in 2026 in the paper register and confirm it on the “Decision numbers” page (the next number "
    "would be 01/QĐ-UBND). Nothing was issued."
)


def test_first_decision_of_a_year_waits_for_the_counter_to_be_confirmed(
    english, commune, vhxh_officer, chairman
):
    draft = drafted_decision(adhoc_shortlist(), vhxh_officer, confirmed=False)
    with pytest.raises(DecisionError) as error:
        issuing.issue_decision(draft, actor=chairman, issued_on=ISSUED_ON)
    assert (str(error.value), error.value.field) == (REFUSED, "issued_on")
    draft.refresh_from_db()
    assert (draft.state, draft.number) == ("draft", None)
    assert not DocumentCounter.objects.exists()
    assert not Award.objects.exists()

    counter = numbering.continue_from("QĐ-UBND", 2026, 212, actor=vhxh_officer)
    assert (counter.confirmed_by, counter.next_number_text) == (vhxh_officer, "213/QĐ-UBND")
    logged = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(DocumentCounter)).latest(
        "pk"
    )
    assert logged.changes_dict["last_number"][1] == "212"
    assert logged.changes_dict["confirmed_by"][1] == str(vhxh_officer.pk)
    decision = issuing.issue_decision(draft, actor=chairman, issued_on=ISSUED_ON)
    assert decision.number_text == "213/QĐ-UBND"
    assert "Số: 213/QĐ-UBND" in pdf_text(decision.pdf.read())
    # The next decision of the same year needs no new check; the next year does.
    assert issued_decision(chairman).number_text == "214/QĐ-UBND"
    with pytest.raises(DecisionError, match="2027 has no decision numbered"):
        issuing.issue_decision(
            drafted_decision(adhoc_shortlist(), vhxh_officer, confirmed=False),
            actor=chairman,
            issued_on=datetime.date(2027, 1, 4),
        )


def test_the_draft_shows_the_next_number_and_the_office_confirms_it(
    english, client_for, commune, vhxh_officer, chairman
):
    draft = drafted_decision(adhoc_shortlist(), vhxh_officer, confirmed=False)
    office = client_for(vhxh_officer)
    page = office.get(draft.get_absolute_url()).content.decode()
    assert "No decision of 2026 is numbered in the portal yet" in page
    assert "the next number would now be 01/QĐ-UBND" in page
    assert f'href="{reverse("awards:decision_numbering")}?year=2026" id="confirm-numbering"' in page

    url = reverse("awards:decision_numbering")
    assert office.get(f"{url}?year=2027").context["form"]["year"].value() == 2027
    unchecked = office.post(url, {"year": 2026, "last_number": 7})
    assert unchecked.context["form"].errors["checked"] == ["This field is required."]
    assert not DocumentCounter.objects.exists()
    office.post(url, {"year": 2026, "last_number": 7, "checked": "on"})
    counter = DocumentCounter.objects.get(scope="QĐ-UBND", year=2026)
    assert (counter.last_number, counter.confirmed_by) == (7, vhxh_officer)

    page = client_for(chairman).get(draft.get_absolute_url()).content.decode()
    assert "Issued in 2026, this decision takes number 08/QĐ-UBND." in page


def _past(cadre, book: str, issuer: str = "Chủ tịch UBND xã An Bình") -> registry.PastAward:
    return registry.PastAward(
        subject_type=SubjectType.INDIVIDUAL,
        unit=cadre.unit,
        cadre=cadre,
        award_name="Giấy khen của Chủ tịch UBND xã",
        year=2026,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2026, 3, 10),
        issuer=issuer,
        book_number=book,
    )


def test_imported_golden_book_numbers_move_the_counter(commune, vhxh_officer, chairman):
    unit = UnitFactory(name="Trạm Y tế xã")
    rows = [_past(CadreFactory(unit=unit), book) for book in ("55", "57", "56")]
    # A former commune's own book, the district's: their numbers are not ours.
    rows.append(_past(CadreFactory(unit=unit), "90", issuer="Chủ tịch UBND xã Tân Minh"))
    registry.import_awards(rows, actor=vhxh_officer)
    assert DocumentCounter.objects.get(scope="SO-VANG", year=2026).last_number == 57

    decision = issued_decision(chairman, collectives=1, individuals=1)
    books = list(decision.awards.order_by("position").values_list("book_number", flat=True))
    assert books == ["58", "59"]
    # A later import of lower numbers never moves the counter back.
    registry.import_awards([_past(CadreFactory(unit=unit), "3")], actor=vhxh_officer)
    assert DocumentCounter.objects.get(scope="SO-VANG", year=2026).last_number == 59


def test_a_golden_book_number_written_with_its_year_moves_that_years_counter(commune, vhxh_officer):
    # The portal prints and exports its numbers as "N/YYYY": read back, they count as N.
    unit = UnitFactory(name="Trạm Y tế xã")
    registry.import_awards([_past(CadreFactory(unit=unit), "61/2026")], actor=vhxh_officer)
    assert DocumentCounter.objects.get(scope="SO-VANG", year=2026).last_number == 61
