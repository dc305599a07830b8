"""The money of a decision: the lương cơ sở in force on the issue date (a dated table), each
rate printed with its coefficient, and the total in words read by our own reader."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from awards.documents import decision_pdf
from awards.models import Award, BaseSalary, Decision, DocumentCounter
from awards.services.decisions import DecisionError, issuing
from tests.factories.decisions import adhoc_shortlist, drafted_decision, issued_decision
from tests.nominations.test_documents import pdf_text

pytestmark = pytest.mark.django_db


def test_the_table_is_seeded_with_both_known_base_salaries(db):
    assert list(BaseSalary.objects.order_by("effective_from").values_list("effective_from", "amount")) == [
        (datetime.date(2024, 7, 1), Decimal(2_340_000)),
        (datetime.date(2026, 7, 1), Decimal(2_530_000)),
    ]


def test_decisions_either_side_of_1_july_2026_pay_on_the_value_in_force(commune, chairman):
    june = issued_decision(chairman, collectives=1, individuals=1, issued_on=datetime.date(2026, 6, 30))
    july = issued_decision(chairman, collectives=1, individuals=1, issued_on=datetime.date(2026, 7, 1))
    assert (june.base_salary, july.base_salary) == (Decimal(2_340_000), Decimal(2_530_000))
    assert sorted(june.awards.values_list("amount", flat=True)) == [Decimal(702_000), Decimal(1_404_000)]
    assert sorted(july.awards.values_list("amount", flat=True)) == [Decimal(759_000), Decimal(1_518_000)]
    june_text, july_text = pdf_text(june.pdf.read()), pdf_text(july.pdf.read())
    assert (
        "Tặng kèm theo Giấy khen tiền thưởng: tập thể 1.404.000 đồng (bằng 0,6 lần mức lương cơ sở), "
        "cá nhân 702.000 đồng (bằng 0,3 lần mức lương cơ sở); mức lương cơ sở 2.340.000 đồng. "
        "Tổng số tiền thưởng: 2.106.000 đồng (Bằng chữ: Hai triệu một trăm linh sáu nghìn đồng)."
    ) in june_text
    assert (
        "Tặng kèm theo Giấy khen tiền thưởng: tập thể 1.518.000 đồng (bằng 0,6 lần mức lương cơ sở), "
        "cá nhân 759.000 đồng (bằng 0,3 lần mức lương cơ sở); mức lương cơ sở 2.530.000 đồng. "
        "Tổng số tiền thưởng: 2.277.000 đồng (Bằng chữ: Hai triệu hai trăm bảy mươi bảy nghìn đồng)."
    ) in july_text
    assert "hệ số ×" not in june_text + july_text


def test_a_decision_dated_before_the_first_base_salary_is_refused(commune, chairman):
    decision = drafted_decision(adhoc_shortlist(collectives=0, individuals=1), chairman)
    counters = list(DocumentCounter.objects.values_list("scope", "year", "last_number"))
    with pytest.raises(DecisionError) as error:
        issuing.issue_decision(decision, actor=chairman, issued_on=datetime.date(2024, 6, 30))
    assert str(error.value) == (
        "No base salary (lương cơ sở) is in force on 30/06/2024: the table of base salaries starts "
        "on 01/07/2024. Add the value in force on that day under Administration › Base salaries."
    )
    assert error.value.field == "issued_on"
    decision.refresh_from_db()
    assert (decision.state, decision.number, decision.base_salary, decision.snapshot) == (
        "draft",
        None,
        None,
        {},
    )
    assert list(DocumentCounter.objects.values_list("scope", "year", "last_number")) == counters  # no number
    assert not Award.objects.exists()


def test_an_issued_decision_keeps_its_amounts_when_the_table_changes(commune, chairman):
    decision = issued_decision(chairman, collectives=0, individuals=1, issued_on=datetime.date(2026, 9, 15))
    stored = pdf_text(decision.pdf.read())
    BaseSalary.objects.filter(effective_from=datetime.date(2026, 7, 1)).update(amount=2_600_000)
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.base_salary == Decimal(2_530_000)
    assert decision.awards.get().amount == Decimal(759_000)
    rendered = pdf_text(decision_pdf(decision))
    assert rendered == stored
    assert "cá nhân 759.000 đồng (bằng 0,3 lần mức lương cơ sở); mức lương cơ sở 2.530.000 đồng" in rendered


def test_a_draft_previews_with_the_base_salary_in_force_today(commune, chairman):
    decision = drafted_decision(adhoc_shortlist(collectives=0, individuals=1), chairman)
    with time_machine.travel(datetime.datetime(2026, 6, 20, 9, tzinfo=datetime.UTC), tick=False):
        june = pdf_text(decision_pdf(decision))
    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, tzinfo=datetime.UTC), tick=False):
        july = pdf_text(decision_pdf(decision))
    assert "cá nhân 702.000 đồng (bằng 0,3 lần mức lương cơ sở); mức lương cơ sở 2.340.000 đồng" in june
    assert "cá nhân 759.000 đồng (bằng 0,3 lần mức lương cơ sở); mức lương cơ sở 2.530.000 đồng" in july


def test_a_full_annual_quota_total_is_written_with_its_zero_hundreds(commune, chairman):
    """5 × 1.404.000 + 10 × 702.000 = 14.040.000, the review's case."""
    decision = issued_decision(chairman, collectives=5, individuals=10, issued_on=datetime.date(2026, 6, 30))
    text = pdf_text(decision.pdf.read())
    assert (
        "Tổng số tiền thưởng: 14.040.000 đồng (Bằng chữ: Mười bốn triệu không trăm bốn mươi nghìn đồng)."
    ) in text


def test_the_administrator_adds_a_base_salary_in_the_admin_and_it_is_audited(client_for, administrator):
    client = client_for(administrator)
    page = client.get("/admin/awards/basesalary/").content.decode()
    assert "2.530.000 đ từ 01/07/2026" in page
    help_page = client.get("/admin/awards/basesalary/add/").content.decode()
    assert "vbpl.vn" in help_page
    response = client.post(
        "/admin/awards/basesalary/add/",
        {"effective_from": "2027-07-01", "amount": "2700000", "legal_basis": "Nghị định số 1/2027/NĐ-CP"},
    )
    assert response.status_code == 302
    row = BaseSalary.objects.get(effective_from=datetime.date(2027, 7, 1))
    assert row.amount == Decimal(2_700_000)
    assert LogEntry.objects.get_for_object(row).get().actor == administrator


def test_the_decision_page_says_which_base_salary_its_cash_is_on(client_for, commune, vhxh_officer, chairman):
    decision = drafted_decision(adhoc_shortlist(collectives=0, individuals=1), vhxh_officer)
    url = reverse("awards:decision_detail", args=[decision.pk])
    with time_machine.travel(datetime.datetime(2026, 6, 20, 9, tzinfo=datetime.UTC), tick=False):
        page = client_for(vhxh_officer).get(url).content.decode()
    assert (
        "Cash shown on the base salary (lương cơ sở) in force today: 2.340.000 đồng from 01/07/2024 "
        "(Nghị định số 73/2024/NĐ-CP). Issuing pays on the base salary in force on the decision's date."
    ) in page
    assert "702.000" in page
    BaseSalary.objects.all().delete()
    page = client_for(vhxh_officer).get(url).content.decode()
    assert "No base salary (lương cơ sở) is recorded" in page
    BaseSalary.objects.create(effective_from=datetime.date(2026, 7, 1), amount=2_530_000, legal_basis="NĐ")
    issuing.issue_decision(decision, actor=chairman, issued_on=datetime.date(2026, 9, 15))
    page = client_for(vhxh_officer).get(url).content.decode()
    assert (
        "Cash paid on the base salary (lương cơ sở) of 2.530.000 đồng in force on the decision's date" in page
    )
