"""The audit log written for people: Vietnamese names, structured values decoded into
readable lines and folded when long, no reverse relations ("units.Assignment.None")."""

import json
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import DocumentCounter, PrinterProfile
from nominations.models import EligibilityOverride
from nominations.services.eligibility import check_label
from tests.factories import CadreFactory
from tests.factories.decisions import adhoc_shortlist, drafted_decision
from tests.factories.nominations import NominationFactory
from thiduaportal.views.audit import change_rows, readable

pytestmark = pytest.mark.django_db


def test_json_values_become_lines_with_their_diacritics():
    stored = json.dumps(
        {"achievements": {"description": "Đã có thành tích", "place": ""}, "legal": ["Luật A", "Luật B"]}
    )
    assert "\\u" in stored  # what the log keeps
    with translation.override("vi"):
        assert readable(stored) == "Thành tích › Mô tả: Đã có thành tích\nlegal: Luật A; Luật B"
        lines = json.dumps(
            {
                "lines": [{"award_id": 13, "amount": 702000, "name": "Dương Hữu Hậu"}],
                "issued_on": "2025-11-10",
            }
        )
        assert readable(lines) == (
            "Được khen thưởng › 1 › Tiền thưởng (đồng): 702.000\n"
            "Được khen thưởng › 1 › Tên: Dương Hữu Hậu\n"
            "Ngày quyết định: 10/11/2025"
        )
    assert readable("Chuyên viên") == "Chuyên viên"
    assert readable("[not json") == "[not json"


def test_audit_page_names_fields_in_vietnamese_and_folds_long_values(client, vhxh_officer, own_unit):
    cadre = CadreFactory(unit=own_unit)
    nomination = NominationFactory()
    nomination.report = {"achievements": {"description": "Thành tích " + "xuất sắc " * 30}}
    nomination.save()
    client.force_login(vhxh_officer)
    response = client.get(reverse("audit_list"), {"model": ""})
    html = response.content.decode()
    entries = response.context["object_list"]
    created = next(
        e for e in entries if e.action == LogEntry.Action.CREATE and e.object_repr == cadre.full_name
    )
    labels = [label for label, _before, _after in created.rows]
    assert "Họ và tên" in labels
    assert not any(".None" in after for _label, _before, after in created.rows)
    assert "assignments" not in labels
    assert "awards" not in labels
    changed = next(
        e for e in entries if e.action == LogEntry.Action.UPDATE and e.content_type.model == "nomination"
    )
    label, _before, after = next(row for row in changed.rows if row[0] == "Báo cáo thành tích")
    assert after.startswith("Thành tích › Mô tả: Thành tích xuất sắc")
    assert '<details class="audit-value' in html
    assert "\\u" not in html
    assert 'placeholder="ngày/tháng/năm"' in html
    assert "Cá nhân" in [str(choice[1]) for choice in response.context["filter_form"].fields["model"].choices]


def test_times_in_the_log_are_shown_in_local_time():
    nomination = NominationFactory()
    entry = LogEntry.objects.get_for_object(nomination).get(action=LogEntry.Action.CREATE)
    with translation.override("vi"):
        rows = {label: after for label, _before, after in change_rows(entry, {})}
    assert rows["Thời điểm tạo"] == timezone.localtime(nomination.created_at).strftime("%H:%M %d/%m/%Y")


def test_a_reports_keys_are_named_and_its_decimals_written_with_a_comma():
    stored = json.dumps(
        {
            "profile": {"full_name": "Lý Thị Hằng", "home_town": "xã Thượng Phúc"},
            "achievements": {"rows": [{"indicator": "Tỷ lệ hồ sơ trực tuyến", "actual": "69.62"}]},
            "awards": {"rows": [{"issuer": "Chủ tịch UBND xã", "year": 2025}]},
        }
    )
    with translation.override("vi"):
        assert readable(stored) == (
            "Lý lịch, đặc điểm › Họ và tên: Lý Thị Hằng\n"
            "Lý lịch, đặc điểm › Quê quán: xã Thượng Phúc\n"
            "Thành tích › Các dòng của bảng › 1 › Chỉ tiêu: Tỷ lệ hồ sơ trực tuyến\n"
            "Thành tích › Các dòng của bảng › 1 › Tỷ lệ đạt (%): 69,62\n"
            "Các hình thức khen thưởng đã được nhận › Các dòng của bảng › 1 › Cơ quan ban hành: Chủ tịch UBND xã\n"
            "Các hình thức khen thưởng đã được nhận › Các dòng của bảng › 1 › Năm: 2025"
        )


def test_coded_values_of_a_json_field_are_shown_by_their_labels(client_for, vhxh_officer):
    PrinterProfile.objects.create(
        name="Canon LBP 2900", preprinted=["nation", "motto"], field_offsets={"name": {"x": "1.5", "y": "0"}}
    )
    html = client_for(vhxh_officer).get(reverse("audit_list"), {"model": ""}).content.decode()
    assert "National title; Motto" in html
    assert "Recipient&#x27;s name › x: 1,5" in html
    assert "nation; motto" not in html


def test_a_check_is_named_and_a_year_has_no_thousands_separator(client_for, vhxh_officer):
    nomination = NominationFactory()
    EligibilityOverride.objects.create(
        nomination=nomination,
        check_code="initiative",
        justification="Đã có sáng kiến cấp xã",
        actor=vhxh_officer,
    )
    DocumentCounter.objects.create(scope="QĐ-UBND", year=2025, last_number=176)
    html = " ".join(
        client_for(vhxh_officer).get(reverse("audit_list"), {"model": ""}).content.decode().split()
    )
    with translation.override("en"):
        label = check_label("initiative")
    assert f"<strong>Check</strong>: <ins>{label} </ins>" in html
    assert "<strong>Year</strong>: <ins>2025 </ins>" in html


def test_a_decisions_frozen_content_names_its_keys_and_codes(client_for, vhxh_officer):
    decision = drafted_decision(adhoc_shortlist(), vhxh_officer)
    decision.snapshot = {
        "kind": "revoke",
        "signer_capacity": "chairman",
        "total_words": "Bảy trăm linh hai nghìn đồng",
        "corrects": {"number_text": "141/QĐ-UBND", "basis": "Quyết định số 141/QĐ-UBND"},
        "corrected_awards": [{"named": "bà Nguyễn Thị Hoa", "listed_at": "số thứ tự 2 mục II. Cá nhân"}],
        "lines": [{"subject_type": "individual", "name": "Nguyễn Thị Hoa"}],
    }
    decision.save()
    html = " ".join(
        client_for(vhxh_officer).get(reverse("audit_list"), {"model": ""}).content.decode().split()
    )
    assert "Kind: Revocation" in html
    assert "Signing capacity: Chairman (CHỦ TỊCH)" in html
    assert "Collective or individual: Individual" in html
    assert "Awards corrected or revoked › 1 › Named in the decision: bà Nguyễn Thị Hoa" in html
    assert "Place in the decision corrected: số thứ tự 2 mục II. Cá nhân" in html
    assert "The decision corrected, as cited: Quyết định số 141/QĐ-UBND" in html
    assert "Total in words: Bảy trăm linh hai nghìn đồng" in html
    for code in ("revoke", "chairman", "individual", "corrected awards", "listed at", "total words"):
        # Neither a code as a value (": revoke<br>") nor a key as its name ("> listed at:").
        found = re.findall(rf".{{60}}(?:: {code}(?:<|\s)|(?:>|› ){code}:).{{20}}", html)
        assert found == []
