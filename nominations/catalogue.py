"""The catalogue a commune starts with (REFERENCE §10): one entry per title or award form of
the law, with the criteria, caps and council rule the current law sets. Each value marked [U]
or [I] in REFERENCE is a catalogue value VHXH can correct; `source_note` says where it comes
from. The award forms themselves (names, kinds, cash coefficients) are created by the migration
`nominations/0010_catalogue`, whose `FORMS` `ensure_award_forms` reads again after a flush.

`report_form` names the achievement report a year-end proposal of the title needs (QĐ 638/QĐ-BNV
2025: Mẫu 05 for an individual CSTĐCS, Mẫu 04 for a collective [C]; the collective titles'
report is inferred to be the same Mẫu 04 [I]); LĐTT is proposed on the unit's minutes alone.

Certificates: "Chiến sĩ thi đua cơ sở" and the collective titles print a Giấy chứng nhận, "Lao
động tiên tiến" none (recognised in the decision's list): the commune's practice, not confirmed
in the law we hold, so a catalogue value (`Title.has_certificate`)."""

from __future__ import annotations

from decimal import Decimal

LDTT = "lao-dong-tien-tien"
CSTDCS = "chien-si-thi-dua-co-so"
TTLDTT = "tap-the-lao-dong-tien-tien"
TTLDXS = "tap-the-lao-dong-xuat-sac"
THON_VAN_HOA = "thon-van-hoa"
GIAY_KHEN = "giay-khen-chu-tich"
BANG_KHEN = "bang-khen-thanh-pho"

LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND_152 = "Nghị định 152/2025/NĐ-CP"

DEFAULT_TITLES: list[dict] = [
    {
        "award_form": LDTT,
        "criteria": [
            {"code": "rating_at_least", "params": {"level": "good"}},
            {"code": "no_discipline", "params": {"from_level": "reprimand"}},
        ],
        "legal_basis": f"{LAW_2022}, Điều 26; {ND_152}.",
        "source_note": (
            "Tiêu chuẩn: hoàn thành tốt nhiệm vụ trở lên, chấp hành tốt pháp luật [C]. "
            "Không xét cho người bị kỷ luật trong năm [I]."
        ),
    },
    {
        "award_form": CSTDCS,
        "has_certificate": True,
        "criteria": [
            {"code": "holds_title_same_year", "params": {"award_form": LDTT}},
            {"code": "rating_at_least", "params": {"level": "excellent"}},
            {"code": "initiative", "params": {}},
            {"code": "no_discipline", "params": {"from_level": "reprimand"}},
        ],
        "report_form": "05",
        "council_vote": True,
        "council_share": Decimal("0.80"),
        "council_of_all": True,
        "legal_basis": f"{LAW_2022}, Điều 25; {ND_152}; QĐ 638/QĐ-BNV năm 2025.",
        "source_note": (
            "Đạt Lao động tiên tiến, hoàn thành xuất sắc nhiệm vụ, có sáng kiến hoặc giải pháp "
            "được công nhận ở cơ sở [C]. Hội đồng bỏ phiếu, ít nhất 80 % tổng số thành viên đồng ý, "
            "thành viên vắng mặt cho ý kiến bằng văn bản (NĐ 98/2023) [C cho 98/2023, I hiện nay]. "
            "Không giới hạn tỷ lệ (mức ≤ 15 % của NĐ 91/2017 hết hiệu lực từ 01/01/2024) [C]."
        ),
    },
    {
        "award_form": TTLDTT,
        "has_certificate": True,
        "criteria": [
            {"code": "unit_kind", "params": {"except": ["village"]}},
            {"code": "rating_at_least", "params": {"level": "good"}},
            {"code": "member_share", "params": {"award_form": LDTT, "share": "0.70"}},
            {"code": "no_member_disciplined", "params": {"from_level": "warning"}},
        ],
        "report_form": "04",
        "council_vote": True,
        "legal_basis": f"{LAW_2022}, Điều 28; {ND_152}.",
        "source_note": (
            "Hoàn thành tốt nhiệm vụ, ít nhất 70 % thành viên đạt Lao động tiên tiến, không có "
            "thành viên bị kỷ luật từ cảnh cáo trở lên trong năm [C] (mức 50 % của phần mềm cũ là sai)."
        ),
    },
    {
        "award_form": TTLDXS,
        "has_certificate": True,
        "criteria": [
            {"code": "unit_kind", "params": {"except": ["village"]}},
            {"code": "rating_at_least", "params": {"level": "excellent"}},
            {"code": "holds_title_same_year", "params": {"award_form": TTLDTT}},
            {"code": "member_share", "params": {"award_form": LDTT, "share": "0.70"}},
            {"code": "no_member_disciplined", "params": {"from_level": "warning"}},
        ],
        "report_form": "04",
        "council_vote": True,
        "legal_basis": f"{LAW_2022}, Điều 27; {ND_152}.",
        "source_note": (
            "Do Chủ tịch UBND cấp tỉnh quyết định; xã đề nghị (chuyển hồ sơ lên) [C một tỉnh, I toàn quốc]. "
            "Tiêu chí chi tiết theo quy định của Thành phố [U]."
        ),
    },
    {
        "award_form": THON_VAN_HOA,
        "has_certificate": True,
        "criteria": [{"code": "unit_kind", "params": {"kinds": ["village"]}}],
        "council_vote": True,
        "legal_basis": "Nghị định 86/2023/NĐ-CP; NĐ 129/2025/NĐ-CP, Điều 59.",
        "source_note": "Tiêu chuẩn do Chính phủ và Thành phố quy định, xét theo hồ sơ của thôn [U].",
    },
    {
        "award_form": GIAY_KHEN,
        "criteria": [
            {"code": "initiative", "params": {}},
            {"code": "index", "params": {}},
            {"code": "unit_rating", "params": {}},
            {"code": "person_rating", "params": {}},
            {"code": "discipline", "params": {}},
            {"code": "same_award", "params": {}},
        ],
        "legal_basis": f"{LAW_2022}, Điều 75; {ND_152}.",
        "source_note": (
            "Tiêu chuẩn của phong trào theo kế hoạch của xã; mức tiền: tập thể 0,6, cá nhân 0,3 "
            "lần mức lương cơ sở (cá nhân [U])."
        ),
    },
]
