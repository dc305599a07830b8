"""Demo movement for xã Thượng Phúc: the 2026–2030 campaign of the commune's plan, its
indicators and yearly targets, 2025 results as the baseline and 2026 results up to the last
completed month, registrations, PAR INDEX / SIPAS components with 2025 and 2026 scores (one
unit's component falls), initiatives (recognised, awaiting, refused) and public posts.

Plan numbers, decision numbers, figures and scores are invented for the demo; the campaign's
title, targets and legal bases come from the plan. The second demo step: `seed` leaves an
existing demo campaign exactly as it is.

Registrations are written, submitted and decided through `campaigns.services.registration`,
initiatives proposed and decided through `campaigns.services.initiatives`, and posts written
and published through `campaigns.services.posts`, each by the login who would do it. A post
is published on its day, so its public date is the one of the story.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import time_machine
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignYear,
    CouncilLevel,
    CriterionSource,
    Frequency,
    IndexComponent,
    IndexKind,
    Indicator,
    IndicatorTarget,
    Initiative,
    InitiativeKind,
    InitiativeState,
    Post,
    RegistrationState,
    Result,
    ScoringCriterion,
)
from campaigns.services import initiatives, posts, registration
from campaigns.services.versions import bump_version
from demo import units as base
from units.models import Cadre, Unit, User

CODE = "cchc-2026-2030"
BASELINE, FIRST = 2025, 2026
DEPARTMENTS = (base.VP, base.KT, base.VHXH, base.TTHCC)
OFFICES = (*DEPARTMENTS, base.TTDV)

CAMPAIGN = {
    "title": "Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
    "plan_number": "28/KH-UBND",
    "plan_date": datetime.date(2026, 3, 16),
    "launch_date": datetime.date(2026, 3, 26),
    "start_year": 2026,
    "end_year": 2030,
    "midterm_year": 2028,
    "legal_bases": "\n".join(
        (
            "Luật Thi đua, khen thưởng năm 2022",
            "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng",
            "Chỉ thị số 41-CT/TW ngày 26/12/2024 của Bộ Chính trị về tăng cường sự lãnh đạo của Đảng đối với công tác thi đua, khen thưởng trong tình hình mới",
            "Kế hoạch số 371/KH-UBND ngày 26/12/2025 của UBND Thành phố về công tác thi đua, khen thưởng năm 2026",
            "Kế hoạch số 77/KH-UBND ngày 02/3/2026 của UBND Thành phố tổ chức phong trào thi đua “Cải cách hành chính đồng bộ - Chính quyền phục vụ nhân dân” giai đoạn 2026 - 2030",
        )
    ),
    "description": (
        "Thi đua hoàn thành các chỉ tiêu, nhiệm vụ cải cách hành chính của Thành phố, của xã; "
        "đẩy mạnh CCHC trong chỉ đạo, điều hành và quản trị nội bộ trên nền tảng số; đề xuất "
        "giải pháp, sáng kiến, mô hình CCHC mang lại hiệu quả thiết thực, nâng cao sự hài lòng "
        "của người dân, doanh nghiệp."
    ),
}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    numerator: str
    denominator: str
    targets: tuple[int, int, int, int, int]  # 2026..2030; the last is the final target
    units: tuple[str, ...]
    # (unit -> rate at the start of 2025, monthly gain in points); the same path runs on
    # through 2026, so some units reach their target and some stay behind.
    start: dict[str, tuple[float, float]]
    definition: str = ""
    city: bool = True
    frequency: str = Frequency.MONTHLY


DOSSIER_UNITS = (base.TTHCC, base.KT, base.VHXH, base.VP)
INDICATORS = (
    IndicatorSpec(
        "dvc-truc-tuyen",
        "Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân, doanh nghiệp",
        "Số hồ sơ TTHC tiếp nhận trực tuyến",
        "Tổng số hồ sơ tiếp nhận của các TTHC có cung cấp dịch vụ công trực tuyến",
        (60, 65, 70, 75, 80),
        DOSSIER_UNITS,
        {base.TTHCC: (0.50, 0.012), base.KT: (0.38, 0.008), base.VHXH: (0.47, 0.011), base.VP: (0.52, 0.010)},
        "Hồ sơ nộp qua Cổng dịch vụ công trên tổng số hồ sơ của các thủ tục có cung cấp dịch vụ công trực tuyến.",
    ),
    IndicatorSpec(
        "so-hoa",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        "Số hồ sơ, kết quả giải quyết TTHC được số hóa",
        "Tổng số hồ sơ, kết quả giải quyết TTHC",
        (85, 90, 95, 100, 100),
        DOSSIER_UNITS,
        {base.TTHCC: (0.80, 0.008), base.KT: (0.70, 0.006), base.VHXH: (0.78, 0.008), base.VP: (0.82, 0.007)},
    ),
    IndicatorSpec(
        "toan-trinh",
        "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số TTHC có đủ điều kiện",
        "Số TTHC cung cấp dịch vụ công trực tuyến toàn trình",
        "Số TTHC có đủ điều kiện cung cấp toàn trình",
        (75, 80, 85, 88, 90),
        (base.VP,),
        {base.VP: (0.55, 0.01)},
        frequency=Frequency.QUARTERLY,
    ),
    IndicatorSpec(
        "ket-qua-dien-tu",
        "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
        "Số kết quả giải quyết TTHC cấp bản điện tử",
        "Tổng số kết quả giải quyết TTHC",
        (80, 85, 90, 95, 100),
        DOSSIER_UNITS,
        {base.TTHCC: (0.74, 0.009), base.KT: (0.62, 0.006), base.VHXH: (0.72, 0.009), base.VP: (0.76, 0.008)},
    ),
    IndicatorSpec(
        "thanh-toan-truc-tuyen",
        "Tỷ lệ thanh toán trực tuyến trong giải quyết TTHC, dịch vụ công",
        "Số giao dịch nộp phí, lệ phí trực tuyến",
        "Tổng số giao dịch nộp phí, lệ phí",
        (50, 58, 65, 72, 80),
        DOSSIER_UNITS,
        {base.TTHCC: (0.30, 0.010), base.KT: (0.25, 0.006), base.VHXH: (0.31, 0.010), base.VP: (0.33, 0.009)},
    ),
    IndicatorSpec(
        "ho-so-cong-viec-dien-tu",
        "Tỷ lệ hồ sơ công việc được xử lý trên môi trường điện tử",
        "Số hồ sơ công việc xử lý trên môi trường điện tử",
        "Tổng số hồ sơ công việc (trừ hồ sơ mật)",
        (90, 95, 100, 100, 100),
        OFFICES,
        {
            base.VP: (0.86, 0.005),
            base.KT: (0.80, 0.004),
            base.VHXH: (0.85, 0.005),
            base.TTHCC: (0.90, 0.004),
            base.TTDV: (0.78, 0.006),
        },
        "Hồ sơ công việc tại cấp xã được lập, xử lý, lưu trên Hệ thống quản lý văn bản và điều hành.",
        city=False,
    ),
    IndicatorSpec(
        "chu-ky-so-ca-nhan",
        "Tỷ lệ văn bản đi được ký số cá nhân",
        "Số văn bản đi ký số cá nhân",
        "Tổng số văn bản đi",
        (85, 90, 95, 100, 100),
        OFFICES,
        {
            base.VP: (0.84, 0.006),
            base.KT: (0.74, 0.005),
            base.VHXH: (0.83, 0.006),
            base.TTHCC: (0.88, 0.005),
            base.TTDV: (0.70, 0.007),
        },
        city=False,
    ),
)
# Monthly volume (dossiers, files or documents) a unit handles; quarterly indicators count
# procedures, not dossiers.
VOLUME = {base.TTHCC: 420, base.KT: 90, base.VHXH: 110, base.VP: 70, base.TTDV: 40}
PROCEDURES = 48


@dataclass(frozen=True)
class ComponentSpec:
    index: str
    group: str
    code: str
    name: str
    max_points: str
    unit: str
    scores: tuple[str, str]  # 2025, 2026


PAR_DIRECTION = "Công tác chỉ đạo, điều hành CCHC"
PAR_TTHC = "Cải cách thủ tục hành chính"
PAR_CIVIL = "Cải cách chế độ công vụ"
PAR_DIGITAL = "Xây dựng và phát triển chính quyền điện tử, chính quyền số"
# Point splits are the demo's; the provincial methodology is stored as data (REFERENCE §7).
COMPONENTS = (
    ComponentSpec(IndexKind.PAR, PAR_DIRECTION, "1.1", "Kế hoạch CCHC năm", "2", base.VP, ("1.50", "2.00")),
    ComponentSpec(IndexKind.PAR, PAR_DIRECTION, "1.2", "Công tác tuyên truyền CCHC", "1", base.TTDV, ("0.75", "1.00")),
    ComponentSpec(IndexKind.PAR, PAR_TTHC, "3.1", "Kiểm soát quy định TTHC", "1.5", base.VP, ("1.00", "1.25")),
    ComponentSpec(IndexKind.PAR, PAR_TTHC, "3.2", "Công khai, minh bạch TTHC", "2", base.KT, ("1.50", "1.25")),
    ComponentSpec(
        IndexKind.PAR, PAR_TTHC, "3.3", "Giải quyết TTHC qua Bộ phận Một cửa", "3", base.TTHCC, ("3.00", "3.00")
    ),
    ComponentSpec(IndexKind.PAR, PAR_CIVIL, "5.1", "Đánh giá, xếp loại công chức", "1.5", base.VHXH, ("1.25", "1.50")),
    ComponentSpec(
        IndexKind.PAR, PAR_DIGITAL, "7.1", "Cung cấp dịch vụ công trực tuyến", "3", base.TTHCC, ("2.25", "2.75")
    ),
    ComponentSpec(
        IndexKind.PAR, PAR_DIGITAL, "7.2", "Số hóa hồ sơ, kết quả giải quyết TTHC", "2", base.TTHCC, ("1.50", "1.75")
    ),
    ComponentSpec(IndexKind.SIPAS, "Chỉ số SIPAS", "S1", "Tiếp cận dịch vụ", "20", base.TTHCC, ("17.20", "17.80")),
    ComponentSpec(IndexKind.SIPAS, "Chỉ số SIPAS", "S2", "Thủ tục hành chính", "20", base.VP, ("16.80", "17.10")),
    ComponentSpec(
        IndexKind.SIPAS, "Chỉ số SIPAS", "S3", "Công chức trực tiếp giải quyết công việc", "20", base.TTHCC,
        ("18.10", "18.40"),
    ),
    ComponentSpec(IndexKind.SIPAS, "Chỉ số SIPAS", "S4", "Kết quả dịch vụ", "20", base.TTHCC, ("17.90", "18.20")),
    ComponentSpec(
        IndexKind.SIPAS, "Chỉ số SIPAS", "S5", "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị", "20", base.VP,
        ("15.40", "16.00"),
    ),
)  # fmt: skip

YOUTH = "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc"
INITIATIVES = (
    {
        "title": "Số hóa hồ sơ ngay khi tiếp nhận tại Bộ phận Một cửa",
        "kind": InitiativeKind.SOLUTION,
        "owner": base.TTHCC,
        "authors": ((base.TTHCC, "Giám đốc"), (base.TTHCC, "Chuyên viên")),
        "description": (
            "Mỗi hồ sơ giấy được quét, ký số và gắn vào hồ sơ điện tử ngay tại quầy; người dân "
            "nhận lại bản gốc trong ngày, kết quả được trả bản điện tử."
        ),
        "applied_where": "Trung tâm Phục vụ hành chính công xã",
        "applied_since": datetime.date(2026, 3, 2),
        "state": InitiativeState.RECOGNISED,
        "council_level": CouncilLevel.COMMUNE,
        "decision_number": "03/QĐ-HĐSK",
        "decision_date": datetime.date(2026, 8, 20),
    },
    {
        "title": "Trợ lý ảo tra cứu văn bản, thủ tục trên Hệ thống quản lý văn bản và điều hành",
        "kind": InitiativeKind.INITIATIVE,
        "owner": base.VP,
        "authors": ((base.VP, "Chánh Văn phòng"),),
        "description": "Công chức hỏi bằng tiếng Việt và nhận văn bản, quy trình liên quan kèm trích dẫn.",
        "applied_where": "Các phòng, ban thuộc UBND xã",
        "applied_since": datetime.date(2026, 5, 4),
        "state": InitiativeState.RECOGNISED,
        "council_level": CouncilLevel.CITY,
        "decision_number": "215/QĐ-HĐSK",
        "decision_date": datetime.date(2026, 10, 5),
    },
    {
        "title": "Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến tại thôn",
        "kind": InitiativeKind.MODEL,
        "owner": YOUTH,
        "units": (YOUTH, "Thôn Mai Sao"),
        "description": "Đoàn viên trực tại nhà văn hóa thôn tối thứ Bảy, hướng dẫn người dân dùng dịch vụ công.",
        "applied_where": "Thôn Mai Sao, Thôn Gia Phúc",
        "applied_since": datetime.date(2026, 6, 6),
        "state": InitiativeState.PROPOSED,
    },
    {
        "title": "Thu phí, lệ phí bằng mã QR tại quầy",
        "kind": InitiativeKind.SOLUTION,
        "owner": base.KT,
        "authors": ((base.KT, "Trưởng phòng"),),
        "description": "Dán mã QR tài khoản thu phí tại quầy để người dân chuyển khoản.",
        "applied_where": "Phòng Kinh tế",
        "applied_since": datetime.date(2026, 4, 1),
        "state": InitiativeState.REFUSED,
        "refusal_reason": "Giải pháp đã được Thành phố triển khai chung, chưa có tính mới tại đơn vị.",
    },
)

# 2026 registrations: most units are accepted, one is returned, one waits for review; the
# villages and a few organisations have not registered yet.
REGISTRATIONS = {
    base.VP: RegistrationState.ACCEPTED,
    base.KT: RegistrationState.RETURNED,
    base.VHXH: RegistrationState.ACCEPTED,
    base.TTHCC: RegistrationState.ACCEPTED,
    base.TTDV: RegistrationState.SUBMITTED,
    base.MTTQ: RegistrationState.ACCEPTED,
    YOUTH: RegistrationState.ACCEPTED,
    "Hội Liên hiệp Phụ nữ xã Thượng Phúc": RegistrationState.DRAFT,
}
RETURN_REASON = "Chỉ tiêu thanh toán trực tuyến đăng ký thấp hơn chỉ tiêu năm của xã (58%); đề nghị rà soát."
PLEDGE = (
    "Đơn vị cam kết hoàn thành vượt mức các chỉ tiêu CCHC năm {year}; 100% hồ sơ công việc "
    "xử lý trên môi trường điện tử; không để hồ sơ TTHC quá hạn."
)

SCORING_SHEET = (
    ("Đăng ký thi đua đúng hạn, được chấp nhận", "10", CriterionSource.REGISTRATION, None),
    ("Tỷ lệ sử dụng dịch vụ công trực tuyến", "20", CriterionSource.INDICATOR, "dvc-truc-tuyen"),
    ("Tỷ lệ thanh toán trực tuyến", "15", CriterionSource.INDICATOR, "thanh-toan-truc-tuyen"),
    (
        "Chỉ số thành phần PAR INDEX, SIPAS được giao tăng hoặc giữ điểm tối đa",
        "20",
        CriterionSource.INDEX,
        None,
    ),
    ("Có sáng kiến, mô hình, giải pháp CCHC được công nhận", "15", CriterionSource.INITIATIVES, None),
    ("Kỷ luật, kỷ cương hành chính; tuyên truyền CCHC", "20", CriterionSource.MANUAL, None),
)

POSTS = (
    (
        "Phát động phong trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân”",
        "UBND xã phát động phong trào thi đua giai đoạn 2026 - 2030 với năm chỉ tiêu của Thành phố.",
        "Ngày 26/3/2026, UBND xã Thượng Phúc tổ chức hội nghị phát động phong trào thi đua.\n\n"
        "Đến năm 2030, tỷ lệ sử dụng dịch vụ công trực tuyến của người dân, doanh nghiệp đạt tối thiểu "
        "80%; 100% hồ sơ, kết quả giải quyết TTHC được số hóa; 90% TTHC đủ điều kiện được cung cấp "
        "toàn trình; 100% kết quả giải quyết TTHC được cấp bản điện tử; tỷ lệ thanh toán trực tuyến "
        "đạt tối thiểu 80%.",
        datetime.datetime(2026, 3, 27, 8, 0),
    ),
    (
        "Hướng dẫn nộp hồ sơ trực tuyến tại nhà văn hóa thôn",
        "Tổ công nghệ số cộng đồng trực tối thứ Bảy hằng tuần tại các nhà văn hóa thôn.",
        "Người dân mang theo căn cước và điện thoại thông minh để được hướng dẫn tạo tài khoản, nộp hồ "
        "sơ và thanh toán phí, lệ phí trực tuyến. Không thu bất kỳ khoản phí nào.",
        datetime.datetime(2026, 6, 8, 7, 30),
    ),
)


def last_reported_month(today: datetime.date) -> int:
    """2026 results run to the last completed month (all twelve once 2026 is over)."""
    if today.year > FIRST:
        return 12
    return max(today.month - 1, 0) if today.year == FIRST else 0


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the demo movement unless its campaign already exists."""
    if Campaign.objects.filter(code=CODE).exists():
        found["campaigns"] += 1
        return
    units = {unit.name: unit for unit in Unit.objects.all()}
    users = {user.username: user for user in User.objects.filter(username__in=("vhxh", "donvi1", "donvi2"))}
    campaign = Campaign.objects.create(code=CODE, **CAMPAIGN)
    campaign.publishing_units.set([units[base.TTDV]])
    for year in campaign.years:
        # The first year's registrations follow the launch; later years register by March.
        deadline = datetime.date(year, 4, 30) if year == FIRST else datetime.date(year, 3, 31)
        CampaignYear.objects.create(campaign=campaign, year=year, registration_deadline=deadline)
    created["campaigns"] += 1
    indicators = _indicators(campaign, units, created)
    _results(rng, indicators, units, created)
    _registrations(campaign, indicators, units, users, created)
    _components(units, created, found)
    _initiatives(campaign, units, users, created, found)
    _scoring_sheet(campaign, indicators, created)
    _posts(units, users, created, found)


def _indicators(campaign: Campaign, units: dict[str, Unit], created: Counter) -> dict[str, Indicator]:
    indicators = {}
    for order, spec in enumerate(INDICATORS, start=1):
        indicator = Indicator.objects.create(
            campaign=campaign,
            code=spec.code,
            name=spec.name,
            definition=spec.definition,
            numerator_label=spec.numerator,
            denominator_label=spec.denominator,
            frequency=spec.frequency,
            final_target=Decimal(spec.targets[-1]),
            is_city_kpi=spec.city,
            order=order,
        )
        indicator.reporting_units.set([units[name] for name in spec.units])
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, year=year, value=Decimal(value))
            for year, value in zip(campaign.years, spec.targets, strict=True)
        )
        indicators[spec.code] = indicator
        created["indicators"] += 1
    return indicators


def _results(
    rng: random.Random, indicators: dict[str, Indicator], units: dict[str, Unit], created: Counter
) -> None:
    last = last_reported_month(timezone.localdate())
    rows = []
    for spec in INDICATORS:
        indicator = indicators[spec.code]
        for name in spec.units:
            start, gain = spec.start[name]
            for year, months in ((BASELINE, 12), (FIRST, last)):
                # Phòng Kinh tế has not sent its figures for the last month yet.
                if year == FIRST and name == base.KT and months:
                    months -= 1
                rows.extend(_unit_rows(rng, indicator, spec, units[name], year, months, start, gain))
    Result.objects.bulk_create(rows)
    bump_version()  # bulk_create sends no signal: the dashboard's cached pages are now old
    created["results"] += len(rows)


def _unit_rows(rng, indicator, spec, unit, year, months, start, gain):
    quarterly = spec.frequency == Frequency.QUARTERLY
    periods = months // 3 if quarterly else months
    for period in range(1, periods + 1):
        elapsed = (year - BASELINE) * 12 + (period * 3 if quarterly else period)
        rate = min(1.0, start + gain * elapsed + rng.uniform(-0.02, 0.02))
        denominator = PROCEDURES if quarterly else max(10, round(VOLUME[unit.name] * rng.uniform(0.8, 1.2)))
        yield Result(
            indicator=indicator,
            unit=unit,
            year=year,
            period=period,
            numerator=min(denominator, round(denominator * rate)),
            denominator=denominator,
        )


def _registrations(campaign, indicators, units, users, created) -> None:
    """Each unit's 2026 registration written by its clerk (the office stands in for units
    without a login), submitted, then accepted or returned by the office."""
    office = users.get("vhxh")
    for name, state in REGISTRATIONS.items():
        unit = units[name]
        clerk = users.get(base.CLERKS.get(name, "")) or office
        commitments = {}
        for indicator in indicators.values():
            if unit in indicator.reporting_units.all():
                target = indicator.targets.get(year=FIRST).value
                lowered = state == RegistrationState.RETURNED and indicator.code == "thanh-toan-truc-tuyen"
                commitments[indicator.pk] = target - 5 if lowered else target
        entry = registration.save_registration(
            unit,
            campaign=campaign,
            year=FIRST,
            actor=clerk,
            pledges=PLEDGE.format(year=FIRST),
            commitments=commitments,
        )
        if state != RegistrationState.DRAFT:
            registration.submit_registration(entry, actor=clerk)
        if state == RegistrationState.ACCEPTED:
            registration.accept_registration(entry, actor=office)
        elif state == RegistrationState.RETURNED:
            registration.return_registration(entry, actor=office, reason=RETURN_REASON)
        created["registrations"] += 1


def _components(units: dict[str, Unit], created: Counter, found: Counter) -> None:
    for spec in COMPONENTS:
        for year, score in zip((BASELINE, FIRST), spec.scores, strict=True):
            component, made = IndexComponent.objects.get_or_create(
                index=spec.index,
                year=year,
                code=spec.code,
                defaults={
                    "group": spec.group,
                    "name": spec.name,
                    "max_points": Decimal(spec.max_points),
                    "score": Decimal(score),
                },
            )
            if made:
                component.units.set([units[spec.unit]])
            (created if made else found)["index components"] += 1


def _holder(unit: Unit, position: str) -> Cadre | None:
    return Cadre.objects.filter(unit=unit, position=position, is_active=True).order_by("pk").first()


def _initiatives(campaign, units, users, created, found) -> None:
    """Each initiative filed by the office for its unit, then recognised or refused by the
    office as the initiative council decided; one still waits for the council."""
    office = users.get("vhxh")
    for spec in INITIATIVES:
        if Initiative.objects.filter(title=spec["title"]).exists():
            found["initiatives"] += 1
            continue
        people = [_holder(units[unit], position) for unit, position in spec.get("authors", ())]
        initiative = initiatives.create_initiative(
            actor=office,
            campaign=campaign,
            owner_unit=units[spec["owner"]],
            kind=spec["kind"],
            title=spec["title"],
            description=spec["description"],
            applied_where=spec["applied_where"],
            applied_since=spec["applied_since"],
            authors=[p for p in people if p],
            units=[units[name] for name in spec.get("units", (spec["owner"],))],
        )
        if spec["state"] == InitiativeState.RECOGNISED:
            initiatives.recognise_initiative(
                initiative,
                actor=office,
                council_level=spec["council_level"],
                decision_number=spec["decision_number"],
                decision_date=spec["decision_date"],
            )
        elif spec["state"] == InitiativeState.REFUSED:
            initiatives.refuse_initiative(initiative, actor=office, reason=spec["refusal_reason"])
        created["initiatives"] += 1


def _scoring_sheet(campaign, indicators, created) -> None:
    for order, (title, points, source, code) in enumerate(SCORING_SHEET, start=1):
        ScoringCriterion.objects.create(
            campaign=campaign,
            year=FIRST,
            order=order,
            title=title,
            max_points=Decimal(points),
            source=source,
            indicator=indicators[code] if code else None,
        )
        created["scoring criteria"] += 1


def _posts(units, users, created, found) -> None:
    """The office writes each post for the general services centre and publishes it on the
    day it appeared."""
    office = users.get("vhxh")
    tz = timezone.get_current_timezone()
    for title, summary, body, published in POSTS:
        if Post.objects.filter(title=title).exists():
            found["posts"] += 1
            continue
        with time_machine.travel(published.replace(tzinfo=tz), tick=False):
            post = posts.create_post(
                actor=office, unit=units[base.TTDV], title=title, summary=summary, body=body
            )
            posts.publish_post(post, actor=office)
        created["posts"] += 1
