"""The printed text of decisions, read back from the PDF: the legal bases (full citations, in
italics, the council's minutes when a council voted), numbers with their leading zero, Article
1 in the achievement's own case, amendments that say what they change and pay nothing again,
revocations that name the award revoked, the draft mark, the signature kept with the text."""

import datetime
import re
import subprocess
import tempfile

import pytest

from awards import certificates
from awards.documents import decision_pdf
from awards.models import DecisionKind
from awards.services.decisions import DecisionError, drafting, issuing
from nominations import citations
from tests.awards.test_decisions import voted_council
from tests.factories.campaigns import CampaignFactory
from tests.factories.decisions import adhoc_shortlist, drafted_decision, issued_decision, upload_emblem
from tests.nominations.test_documents import pdf_text
from thiduaportal.documents import Letterhead, document_number, padded_number

pytestmark = pytest.mark.django_db
DECREE = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
    "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số "
    "điều của Luật Thi đua, khen thưởng;"
)


def _pdf(data: bytes, tool: str, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            [tool, *args, handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout


def page_texts(data: bytes) -> list[str]:
    pages = _pdf(data, "pdftotext", "-raw").split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]


def italic_text(data: bytes) -> str:
    """The text pdftohtml marks as italic (set in an italic face), joined."""
    xml = _pdf(data, "pdftohtml", "-xml", "-i", "-stdout")
    runs = re.findall(r"<i>(.*?)</i>", xml, flags=re.S)
    return " ".join(" ".join(re.sub(r"<[^>]+>", "", run).split()) for run in runs)


def _issue(decision, actor, day=datetime.date(2026, 10, 1)):
    drafting.update_draft(decision, actor=actor, letter_reference="Tờ trình số 31/TTr-VHXH ngày 21/9/2026")
    return issuing.issue_decision(decision, actor=actor, issued_on=day)


# --------------------------------------------------------------------------- the legal bases


def test_decision_cites_decree_152_with_its_date_and_title_in_italics(commune, vhxh_officer):
    data = decision_pdf(drafted_decision(adhoc_shortlist(), vhxh_officer))
    text = pdf_text(data)
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert DECREE in text
    # (a symbol may break at its hyphen at the end of a line)
    unbroken = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    assert (
        "Xét đề nghị của Trưởng phòng Văn hóa – Xã hội tại Tờ trình số 25/TTr-VHXH ngày 10/9/2026."
        in unbroken
    )
    italic = italic_text(data)
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in italic
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025" in italic
    assert "Xét đề nghị của Trưởng phòng Văn hóa" in italic


def test_plan_citation_names_the_commune(commune, vhxh_officer):
    round_ = adhoc_shortlist()
    round_.campaign = CampaignFactory(plan_number="45/KH-UBND", plan_date=datetime.date(2026, 3, 16))
    round_.save()
    text = pdf_text(decision_pdf(drafted_decision(round_, vhxh_officer)))
    assert (
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 16 tháng 3 năm 2026 của Ủy ban nhân dân xã An Bình về tổ chức "
        "phong trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” giai đoạn 2026 - 2030;"
    ) in text


def test_decision_cites_the_council_minutes_when_a_council_voted(commune, vhxh_officer, chairman):
    council = voted_council(chairman)
    decision = drafted_decision(council.session.round, vhxh_officer)
    text = pdf_text(decision_pdf(decision))
    assert re.search(
        r"Căn cứ Biên bản họp xét khen thưởng của Hội đồng Thi đua – Khen thưởng xã An Bình "
        r"ngày \d\d tháng \d+ năm \d{4};",
        text,
    )
    assert "Xét đề nghị của Hội đồng Thi đua – Khen thưởng xã và Trưởng phòng Văn hóa – Xã hội tại" in text


def test_printed_bases_end_each_line_with_a_semicolon_and_the_last_with_a_full_stop():
    assert citations.printed_bases(["Luật A.", "Căn cứ Luật B;"], closing="Xét đề nghị của C") == (
        "Căn cứ Luật A;",
        "Căn cứ Luật B;",
        "Xét đề nghị của C.",
    )
    assert citations.printed_bases(["Luật A", "Luật B"]) == ("Căn cứ Luật A;", "Căn cứ Luật B.")


# --------------------------------------------------------------------------- numbers


def test_number_function_pads_under_ten_only():
    assert [padded_number(n) for n in (1, 9, 10, 141, "3", "", None)] == [
        "01",
        "09",
        "10",
        "141",
        "03",
        "",
        "",
    ]
    assert document_number(3, "BC-VHXH") == "03/BC-VHXH"
    assert document_number(None, "QĐ-UBND") == ""
    assert (
        Letterhead(parent_body="X", issuer="Y", symbol="BC-VHXH", number="3").number_line == "Số: 03/BC-VHXH"
    )


def test_numbers_under_ten_print_with_a_leading_zero_everywhere(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman, collectives=0, individuals=2)
    text = pdf_text(decision.pdf.read())
    assert "Số: 01/QĐ-UBND" in text
    assert (
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026 của Chủ tịch Ủy ban nhân dân xã An Bình)"
        in text
    )
    award = decision.awards.order_by("position").first()
    assert award.decision_number == "01/QĐ-UBND"
    upload_emblem()  # the full design prints only with the emblem
    assert "Số quyết định: 01/QĐ-UBND, ngày 15 tháng 9 năm 2026" in pdf_text(
        certificates.certificate_pdf([award])
    )
    revocation = drafting.draft_correction(
        decision,
        actor=vhxh_officer,
        kind=DecisionKind.REVOCATION,
        awards=[award],
        reason="Khai man thành tích",
    )
    revocation = _issue(revocation, chairman)
    text = pdf_text(revocation.pdf.read())
    assert "Số: 02/QĐ-UBND" in text
    assert "Thu hồi Giấy khen đã tặng tại Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026" in text


# --------------------------------------------------------------------------- the award decision


def test_article_one_keeps_the_case_of_the_achievement(commune, vhxh_officer):
    achievement = (
        "xuất sắc trong phong trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” "
        "của xã An Bình, nâng chỉ số PAR INDEX năm 2026"
    )
    decision = drafted_decision(
        adhoc_shortlist(collectives=1, individuals=2), vhxh_officer, achievement=achievement
    )
    text = pdf_text(decision_pdf(decision))
    assert (
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình cho 01 tập thể và 02 cá nhân (có danh sách kèm theo) "
        f"đã có thành tích {achievement}."
    ) in text


def test_a_draft_prints_its_mark_on_every_page_and_an_issued_decision_never(commune, vhxh_officer, chairman):
    draft = drafted_decision(adhoc_shortlist(), vhxh_officer)
    pages = page_texts(decision_pdf(draft))
    assert len(pages) == 2
    assert all("DỰ THẢO" in page for page in pages)
    issued = _issue(draft, chairman)
    assert "DỰ THẢO" not in pdf_text(issued.pdf.read())


def test_the_signature_never_stands_alone_on_a_page(commune, vhxh_officer):
    """Whatever the length of the text, the page of the signature also carries Article 3."""
    decision = drafted_decision(adhoc_shortlist(collectives=1, individuals=1), vhxh_officer)
    for extra in range(0, 14):
        filler = [
            f"Quyết định số {n}/QĐ-UBND ngày 02 tháng 01 năm 2026 về việc ban hành quy chế số {n}"
            for n in range(extra)
        ]
        decision = drafting.update_draft(
            decision, actor=vhxh_officer, legal_bases=[*citations.DECISION_BASES, *filler]
        )
        pages = page_texts(decision_pdf(decision))
        signed = [page for page in pages if "Nơi nhận:" in page]
        assert len(signed) == 1, extra
        assert "Điều 3." in signed[0], (extra, signed[0][:200])


# --------------------------------------------------------------------------- corrections


def test_amending_decision_says_what_changes_keeps_the_rest_and_pays_nothing(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman, collectives=1, individuals=2)
    award = decision.awards.get(position=3)
    award.cadre.position = "Công chức Văn phòng – Thống kê"
    award.cadre.save()
    correction = drafting.draft_correction(
        decision, actor=vhxh_officer, kind=DecisionKind.AMENDMENT, awards=[award], reason="Ghi sai chức vụ"
    )
    assert correction.title == (
        "Về việc sửa đổi nội dung khen thưởng đối với ông Nguyễn Thị Hường 2 tại Quyết định số 01/QĐ-UBND "
        "ngày 15 tháng 9 năm 2026 của Chủ tịch Ủy ban nhân dân xã An Bình"
    )
    amendment = _issue(correction, chairman)
    text = pdf_text(amendment.pdf.read())
    assert (
        "Điều 1. Sửa đổi Danh sách kèm theo Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026 của Chủ tịch "
        "Ủy ban nhân dân xã An Bình như sau: - Tại số thứ tự 2 mục II. CÁ NHÂN, Chức vụ, đơn vị: "
        "“Chuyên viên, Phòng Kinh tế” nay sửa lại là “Công chức Văn phòng – Thống kê, Phòng Kinh tế”."
    ) in text
    assert "Lý do sửa đổi: Ghi sai chức vụ." in text
    assert "Điều 2. Các nội dung khác tại Quyết định số 01/QĐ-UBND" in text
    assert "giữ nguyên" in text
    assert "Không chi lại tiền thưởng đã chi theo Quyết định số 01/QĐ-UBND" in text
    for paid in ("Tặng kèm theo Giấy khen mức tiền thưởng", "Tổng số tiền thưởng", "702.000", "Bằng chữ"):
        assert paid not in text
    assert (
        "Căn cứ Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026 của Chủ tịch Ủy ban nhân dân xã An Bình về việc tặng Giấy khen"
        in text
    )
    # The corrected award replaces the old one in the registry, at the same amount: paid once.
    new = amendment.awards.get()
    assert (new.replaces, new.recipient_detail, new.amount) == (
        award,
        "Công chức Văn phòng – Thống kê, Phòng Kinh tế",
        award.amount,
    )


def test_revoking_decision_names_the_revoked_award_in_its_title(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman, collectives=1, individuals=2)
    award = decision.awards.get(position=2)
    correction = drafting.draft_correction(
        decision,
        actor=vhxh_officer,
        kind=DecisionKind.REVOCATION,
        awards=[award],
        reason="Khai man thành tích",
    )
    revocation = _issue(correction, chairman)
    text = pdf_text(revocation.pdf.read())
    assert (
        "Về việc thu hồi Giấy khen đã tặng cho ông Nguyễn Thị Hường 1 tại Quyết định số 01/QĐ-UBND ngày 15 "
        "tháng 9 năm 2026 của Chủ tịch Ủy ban nhân dân xã An Bình"
    ) in text
    assert (
        "Điều 1. Thu hồi Giấy khen đã tặng tại Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026 của Chủ tịch "
        "Ủy ban nhân dân xã An Bình đối với ông Nguyễn Thị Hường 1, Chuyên viên, Phòng Kinh tế (số thứ tự 1 "
        "mục II. CÁ NHÂN của Danh sách kèm theo Quyết định). Lý do: Khai man thành tích."
    ) in text
    assert text.count("Khai man thành tích") == 1


def test_an_amendment_after_a_new_base_salary_pays_nothing_again(commune, vhxh_officer, chairman):
    """A decision paid on 2.340.000 đ (June 2026), amended after 01/7/2026 (2.530.000 đ): the
    amendment keeps the corrected decision's base salary, so the award keeps its amount and
    nothing more is paid."""
    decision = issued_decision(chairman, collectives=0, individuals=1, issued_on=datetime.date(2026, 6, 15))
    award = decision.awards.get()
    assert award.amount == 702_000
    award.cadre.position = "Công chức Văn phòng – Thống kê"
    award.cadre.save()
    correction = drafting.draft_correction(
        decision, actor=vhxh_officer, kind=DecisionKind.AMENDMENT, awards=[award], reason="Ghi sai chức vụ"
    )
    draft = pdf_text(decision_pdf(correction))
    assert "Chi bổ sung" not in draft
    amendment = _issue(correction, chairman)
    text = pdf_text(amendment.pdf.read())
    assert "Không chi lại tiền thưởng đã chi theo Quyết định số 01/QĐ-UBND" in text
    assert "Chi bổ sung" not in text
    assert amendment.awards.get().amount == 702_000


def test_an_amendment_that_changes_nothing_is_refused(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman, collectives=0, individuals=1)
    award = decision.awards.get()
    correction = drafting.draft_correction(
        decision, actor=vhxh_officer, kind=DecisionKind.AMENDMENT, awards=[award], reason="Ghi sai chức vụ"
    )
    assert "nay sửa lại là" not in pdf_text(decision_pdf(correction))
    with pytest.raises(DecisionError, match="Nothing in the list changes"):
        _issue(correction, chairman)
    correction.refresh_from_db()
    assert correction.state == "draft"
    assert correction.number is None


def test_article_1_names_the_award_with_the_committee_in_full(commune, chairman):
    text = pdf_text(issued_decision(chairman, collectives=1, individuals=1).pdf.read())
    assert (
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình cho 01 tập thể và 01 cá nhân" in text
    )
    assert "Tặng Giấy khen của Chủ tịch UBND" not in text
