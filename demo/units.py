"""The first demo step, xã Thượng Phúc (REFERENCE §8): the commune, its units, invented
people with their history and ratings, and the demo logins.

Only the commune, its bodies and the chairman's name are public facts; every other person
is invented. `build_plan` turns a seeded random generator into the same plan on every run
without touching the database; `seed` writes it. Safe to run again: rows are found by their
natural keys (unit name, person's name and date of birth, username) and rows that exist are
left exactly as they are.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from thiduaportal.roles import Role
from thiduaportal.text import nfc
from units.models import (
    Cadre,
    CadreCategory,
    CadreRating,
    Commune,
    Membership,
    RatingLevel,
    Unit,
    UnitKind,
    UnitRating,
    User,
)
from units.services import (
    create_cadre,
    rate_cadres,
    rate_unit,
    transfer_cadre,
    unit_of_cadre_in_year,
    update_cadre,
)

CAN_BO = CadreCategory.CAN_BO
CONG_CHUC = CadreCategory.CONG_CHUC
VIEN_CHUC = CadreCategory.VIEN_CHUC
LAO_DONG = CadreCategory.NGUOI_LAO_DONG

SEAT = "Thôn Mai Sao, xã Thượng Phúc, Thành phố Hà Nội"
# The commune was formed on this day (NQ 1656/NQ-UBTVQH15); everyone's history starts here.
FORMED = datetime.date(2025, 7, 1)
RATING_YEARS = (2025, 2026)
DEMO_PASSWORD = "thidua2026"

COMMUNE = {
    "name": "xã Thượng Phúc",
    "place_name": "Thượng Phúc",
    "province": "Thành phố Hà Nội",
    "authority_name": "ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC",
    "chairman_name": "Lý Văn Dũng",
    "address": SEAT,
}

UBND = "Ủy ban nhân dân xã Thượng Phúc"
VP = "Văn phòng HĐND và UBND"
KT = "Phòng Kinh tế"
VHXH = "Phòng Văn hóa – Xã hội"
TTHCC = "Trung tâm Phục vụ hành chính công"
TTDV = "Trung tâm dịch vụ tổng hợp"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam xã Thượng Phúc"
VILLAGES = ("Mai Sao", "Cống Xuyên", "Gia Phúc", "Quất Tỉnh", "Quất Động")


@dataclass(frozen=True)
class UnitSpec:
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    advises_cchc: bool = False
    address: str = ""


def village_symbol(village: str) -> str:
    """A village's ký hiệu: "T" and the initials of its name, in capitals ("Mai Sao" → "TMS")."""
    return "T" + "".join(word[0] for word in village.split()).upper()


# Parents come before their children; short names are the units' ký hiệu (NĐ 30/2020).
UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(UBND, "UBND", UnitKind.AUTHORITY, address=SEAT),
    UnitSpec(VP, "VP", UnitKind.DEPARTMENT, UBND, True, SEAT),
    UnitSpec(KT, "PKT", UnitKind.DEPARTMENT, UBND, True, SEAT),
    UnitSpec(VHXH, "VHXH", UnitKind.DEPARTMENT, UBND, True, SEAT),
    UnitSpec(TTHCC, "TTPVHCC", UnitKind.CENTRE, UBND, True, SEAT),
    UnitSpec(TTDV, "TTDVTH", UnitKind.CENTRE, UBND),
    UnitSpec("Công an xã Thượng Phúc", "CAX", UnitKind.POLICE),
    UnitSpec("Ban Chỉ huy Quân sự xã Thượng Phúc", "BCHQS", UnitKind.MILITARY, UBND),
    UnitSpec(MTTQ, "MTTQ", UnitKind.FRONT, address=SEAT),
    UnitSpec("Hội Liên hiệp Phụ nữ xã Thượng Phúc", "HLHPN", UnitKind.FRONT, MTTQ),
    UnitSpec("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc", "ĐTN", UnitKind.FRONT, MTTQ),
    UnitSpec("Hội Cựu chiến binh xã Thượng Phúc", "HCCB", UnitKind.FRONT, MTTQ),
    UnitSpec("Hội Nông dân xã Thượng Phúc", "HND", UnitKind.FRONT, MTTQ),
    UnitSpec("Trường Mầm non Hòa Bình", "MNHB", UnitKind.SCHOOL, UBND),
    UnitSpec("Trường Mầm non Thắng Lợi", "MNTL", UnitKind.SCHOOL, UBND),
    UnitSpec("Trường Tiểu học Nguyễn Trãi", "THNT", UnitKind.SCHOOL, UBND),
    UnitSpec("Trường THCS Dũng Tiến", "THCSDT", UnitKind.SCHOOL, UBND),
    UnitSpec("Trạm Y tế xã Thượng Phúc", "TYT", UnitKind.HEALTH, UBND),
    *(
        UnitSpec(f"Thôn {v}", village_symbol(v), UnitKind.VILLAGE, UBND, address=f"Thôn {v}, xã Thượng Phúc")
        for v in VILLAGES
    ),
)


@dataclass(frozen=True)
class Post:
    """A line of a unit's staffing table: `count` people holding one position."""

    position: str
    category: str
    count: int = 1
    female_share: float = 0.5
    born: tuple[int, int] = (1978, 2000)
    advising: int = 0  # how many of them directly advise on administrative reform
    qualifications: tuple[str, ...] = ("Cử nhân Luật",)
    full_name: str = ""  # only for the one real person (the chairman)
    sex: str = ""


LEAD = (1968, 1985)
OFFICE_QUAL = ("Cử nhân Luật", "Cử nhân Hành chính học", "Thạc sĩ Quản lý công", "Cử nhân Kinh tế")
PRESCHOOL_QUAL = ("Cử nhân Giáo dục Mầm non", "Cao đẳng Sư phạm Mầm non")
PRIMARY_QUAL = ("Cử nhân Giáo dục Tiểu học", "Cử nhân Sư phạm Tiếng Anh", "Cử nhân Giáo dục thể chất")
SECONDARY_QUAL = tuple(
    f"Cử nhân Sư phạm {s}"
    for s in ("Toán", "Ngữ văn", "Tiếng Anh", "Vật lý", "Hóa học", "Sinh học", "Lịch sử", "Tin học")
)
SCHOOL_STAFF = (
    Post("Kế toán", VIEN_CHUC, 1, 0.9, qualifications=("Cử nhân Kế toán",)),
    Post("Nhân viên bảo vệ", LAO_DONG, 1, 0.0, (1965, 1980), qualifications=("Tốt nghiệp THPT",)),
)


def _preschool(teachers: int, deputies: int) -> tuple[Post, ...]:
    return (
        Post("Hiệu trưởng", VIEN_CHUC, 1, 1.0, LEAD, qualifications=PRESCHOOL_QUAL),
        Post("Phó Hiệu trưởng", VIEN_CHUC, deputies, 1.0, (1975, 1988), qualifications=PRESCHOOL_QUAL),
        Post("Giáo viên", VIEN_CHUC, teachers, 1.0, (1980, 2000), qualifications=PRESCHOOL_QUAL),
        Post("Kế toán", VIEN_CHUC, 1, 1.0, qualifications=("Cử nhân Kế toán",)),
        Post(
            "Nhân viên nấu ăn",
            LAO_DONG,
            2,
            1.0,
            (1970, 1990),
            qualifications=("Trung cấp Kỹ thuật chế biến món ăn",),
        ),
    )


def _school(qualifications: tuple[str, ...], female_share: float) -> tuple[Post, ...]:
    return (
        Post("Hiệu trưởng", VIEN_CHUC, 1, 0.5, LEAD, qualifications=("Thạc sĩ Quản lý giáo dục",)),
        Post("Phó Hiệu trưởng", VIEN_CHUC, 2, 0.6, (1975, 1988), qualifications=qualifications),
        Post("Giáo viên", VIEN_CHUC, 14, female_share, (1975, 2000), qualifications=qualifications),
        *SCHOOL_STAFF,
    )


def _department(
    head: str, deputy: str, staff: int, advising: int, quals: tuple[str, ...]
) -> tuple[Post, ...]:
    return (
        Post(head, CONG_CHUC, 1, 0.4, LEAD, qualifications=("Thạc sĩ Quản lý công",)),
        Post(deputy, CONG_CHUC, 2, 0.5, (1975, 1988), qualifications=quals),
        Post("Chuyên viên", CONG_CHUC, staff, 0.55, (1985, 2000), advising, quals),
    )


STAFFING: dict[str, tuple[Post, ...]] = {
    UBND: (
        Post("Chủ tịch UBND xã", CAN_BO, born=(1970, 1978), full_name="Lý Văn Dũng", sex="male"),
        Post("Phó Chủ tịch UBND xã", CAN_BO, 2, 0.3, (1972, 1985), qualifications=("Thạc sĩ Quản lý công",)),
    ),
    VP: (
        *_department(
            "Chánh Văn phòng", "Phó Chánh Văn phòng", 6, 2, (*OFFICE_QUAL, "Kỹ sư Công nghệ thông tin")
        ),
        Post("Văn thư", CONG_CHUC, 1, 0.9, qualifications=("Cử nhân Lưu trữ học",)),
        Post("Nhân viên lái xe", LAO_DONG, 1, 0.0, (1970, 1985), qualifications=("Tốt nghiệp THPT",)),
    ),
    KT: _department(
        "Trưởng phòng",
        "Phó Trưởng phòng",
        7,
        1,
        (
            "Kỹ sư Nông nghiệp",
            "Cử nhân Kinh tế",
            "Kỹ sư Xây dựng",
            "Kỹ sư Quản lý đất đai",
            "Cử nhân Kế toán",
        ),
    ),
    VHXH: _department(
        "Trưởng phòng",
        "Phó Trưởng phòng",
        7,
        2,
        ("Cử nhân Văn hóa học", "Cử nhân Công tác xã hội", "Cử nhân Quản lý nhà nước", "Cử nhân Luật"),
    ),
    TTHCC: (
        Post("Giám đốc", CONG_CHUC, 1, 0.4, LEAD, 1, ("Thạc sĩ Quản lý công",)),
        Post("Phó Giám đốc", CONG_CHUC, 1, 0.5, (1978, 1990), 1, OFFICE_QUAL),
        Post("Chuyên viên", CONG_CHUC, 6, 0.6, (1988, 2000), 4, (*OFFICE_QUAL, "Kỹ sư Công nghệ thông tin")),
        Post(
            "Nhân viên hợp đồng",
            LAO_DONG,
            2,
            0.7,
            (1995, 2000),
            qualifications=("Cao đẳng Tin học ứng dụng",),
        ),
    ),
    TTDV: (
        Post("Giám đốc", VIEN_CHUC, 1, 0.3, LEAD, qualifications=("Kỹ sư Nông nghiệp",)),
        Post("Phó Giám đốc", VIEN_CHUC, 1, 0.5, (1978, 1990), qualifications=("Cử nhân Kinh tế",)),
        Post("Chuyên viên", VIEN_CHUC, 4, 0.5, qualifications=("Kỹ sư Nông nghiệp", "Kỹ sư Môi trường")),
        Post("Kế toán", VIEN_CHUC, 1, 0.9, qualifications=("Cử nhân Kế toán",)),
        Post("Nhân viên", LAO_DONG, 2, 0.5, (1975, 1995), qualifications=("Tốt nghiệp THPT",)),
    ),
    "Ban Chỉ huy Quân sự xã Thượng Phúc": (
        Post("Chỉ huy trưởng", CONG_CHUC, 1, 0.0, LEAD, qualifications=("Cử nhân Quân sự cơ sở",)),
        Post(
            "Phó Chỉ huy trưởng", CONG_CHUC, 2, 0.0, (1980, 1995), qualifications=("Cao đẳng Quân sự cơ sở",)
        ),
    ),
    MTTQ: (
        Post(
            "Chủ tịch Ủy ban MTTQ Việt Nam xã",
            CAN_BO,
            1,
            0.4,
            LEAD,
            qualifications=("Cử nhân Chính trị học",),
        ),
        Post(
            "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã", CAN_BO, 2, 0.5, (1972, 1988), qualifications=OFFICE_QUAL
        ),
        Post("Chuyên viên", CONG_CHUC, 3, 0.6, (1985, 2000), qualifications=OFFICE_QUAL),
    ),
    "Hội Liên hiệp Phụ nữ xã Thượng Phúc": (
        Post("Chủ tịch Hội", CAN_BO, 1, 1.0, LEAD, qualifications=("Cử nhân Công tác xã hội",)),
        Post("Phó Chủ tịch Hội", CAN_BO, 1, 1.0, (1978, 1992), qualifications=OFFICE_QUAL),
        Post("Chuyên viên", CONG_CHUC, 1, 1.0, (1990, 2000), qualifications=OFFICE_QUAL),
    ),
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc": (
        Post("Bí thư Đoàn", CAN_BO, 1, 0.5, (1990, 1995), qualifications=("Cử nhân Chính trị học",)),
        Post("Phó Bí thư Đoàn", CAN_BO, 1, 0.5, (1993, 2000), qualifications=OFFICE_QUAL),
        Post("Chuyên viên", CONG_CHUC, 1, 0.5, (1995, 2000), qualifications=OFFICE_QUAL),
    ),
    "Hội Cựu chiến binh xã Thượng Phúc": (
        Post("Chủ tịch Hội", CAN_BO, 1, 0.0, (1965, 1968), qualifications=("Trung cấp Lý luận chính trị",)),
        Post(
            "Phó Chủ tịch Hội", CAN_BO, 1, 0.0, (1965, 1970), qualifications=("Trung cấp Lý luận chính trị",)
        ),
    ),
    "Hội Nông dân xã Thượng Phúc": (
        Post("Chủ tịch Hội", CAN_BO, 1, 0.3, LEAD, qualifications=("Kỹ sư Nông nghiệp",)),
        Post("Phó Chủ tịch Hội", CAN_BO, 1, 0.4, (1975, 1990), qualifications=("Kỹ sư Nông nghiệp",)),
        Post("Chuyên viên", CONG_CHUC, 1, 0.5, (1990, 2000), qualifications=("Cử nhân Kinh tế nông nghiệp",)),
    ),
    "Trường Mầm non Hòa Bình": _preschool(teachers=10, deputies=2),
    "Trường Mầm non Thắng Lợi": _preschool(teachers=9, deputies=1),
    "Trường Tiểu học Nguyễn Trãi": _school(PRIMARY_QUAL, 0.85),
    "Trường THCS Dũng Tiến": _school(SECONDARY_QUAL, 0.7),
    "Trạm Y tế xã Thượng Phúc": (
        Post("Trạm trưởng", VIEN_CHUC, 1, 0.5, LEAD, qualifications=("Bác sĩ chuyên khoa I Y học gia đình",)),
        Post("Phó Trạm trưởng", VIEN_CHUC, 1, 0.5, (1978, 1990), qualifications=("Bác sĩ đa khoa",)),
        Post("Bác sĩ", VIEN_CHUC, 1, 0.5, (1985, 1996), qualifications=("Bác sĩ đa khoa",)),
        Post("Y sĩ", VIEN_CHUC, 2, 0.5, (1980, 1998), qualifications=("Y sĩ đa khoa",)),
        Post("Điều dưỡng", VIEN_CHUC, 2, 0.9, (1985, 2000), qualifications=("Cao đẳng Điều dưỡng",)),
        Post("Hộ sinh", VIEN_CHUC, 1, 1.0, (1985, 2000), qualifications=("Cao đẳng Hộ sinh",)),
        Post("Dược sĩ", VIEN_CHUC, 1, 0.7, (1985, 2000), qualifications=("Dược sĩ cao đẳng",)),
    ),
    **{
        f"Thôn {v}": (
            Post("Trưởng thôn", LAO_DONG, 1, 0.2, (1965, 1985), qualifications=("Tốt nghiệp THPT",)),
            Post(
                "Trưởng Ban công tác Mặt trận thôn",
                LAO_DONG,
                1,
                0.4,
                (1965, 1985),
                qualifications=("Tốt nghiệp THPT",),
            ),
        )
        for v in VILLAGES
    },
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SURNAMES = {
    "Nguyễn": 30, "Trần": 10, "Lê": 9, "Phạm": 8, "Hoàng": 5, "Vũ": 6, "Đặng": 4, "Bùi": 4, "Đỗ": 5,
    "Ngô": 3, "Dương": 3, "Lý": 1, "Phan": 3, "Đinh": 2, "Trịnh": 2, "Đào": 2, "Lương": 1, "Tạ": 1,
}  # fmt: skip
MIDDLE = {
    "male": {"Văn": 40, "Đức": 8, "Minh": 8, "Quang": 6, "Hữu": 6, "Mạnh": 4, "Xuân": 4, "Tiến": 3,
             "Công": 4, "Thanh": 4, "Ngọc": 3, "Duy": 3},
    "female": {"Thị": 50, "Thu": 8, "Thanh": 6, "Ngọc": 6, "Minh": 4, "Hồng": 5, "Thúy": 3,
               "Phương": 3, "Kim": 3, "Diệu": 2, "Bích": 3, "Mai": 3},
}  # fmt: skip
GIVEN = {
    "male": _words(
        "Hùng Dũng Tuấn Hưng Cường Thắng Long Nam Hải Sơn Trung Tùng Quân Đức Huy Khánh Phong Thành "
        "Toàn Hiếu Việt Bình Hoàng Kiên Lâm Minh Tài Thịnh Vinh Hưởng Đạt Khải Lợi Phúc Quyết Chiến Hậu Tú"
    ),
    "female": _words(
        "Hương Hưởng Hường Lan Hoa Hà Hằng Huyền Linh Mai Ngọc Nhung Oanh Phương Quỳnh Thảo Thủy Trang "
        "Tuyết Vân Yến Dung Giang Hạnh Hiền Liên Loan Ly Nga Nhàn Thơm Xuân Anh Chi Duyên Lụa Thu"
    ),
}
HOME_TOWNS = {
    "xã Thượng Phúc, Thành phố Hà Nội": 60, "xã Thường Tín, Thành phố Hà Nội": 10,
    "xã Phú Xuyên, Thành phố Hà Nội": 8, "xã Chương Dương, Thành phố Hà Nội": 6,
    "tỉnh Hưng Yên": 6, "tỉnh Ninh Bình": 6, "tỉnh Phú Thọ": 4,
}  # fmt: skip
CADRE_LEVELS = {
    RatingLevel.EXCELLENT: 15, RatingLevel.GOOD: 68, RatingLevel.COMPLETED: 13,
    RatingLevel.NOT_COMPLETED: 2, "": 2,  # "": not rated that year (long leave, say)
}  # fmt: skip
UNIT_LEVELS = {RatingLevel.EXCELLENT: 45, RatingLevel.GOOD: 45, RatingLevel.COMPLETED: 10}
ADVISING_UNIT_LEVELS = {RatingLevel.EXCELLENT: 70, RatingLevel.GOOD: 30}

# (from unit, position, to unit, date, note): the last holder of the position moves.
TRANSFERS = (
    (VP, "Chuyên viên", VHXH, datetime.date(2026, 1, 5), "Điều động theo Quyết định của Chủ tịch UBND xã"),
    (KT, "Chuyên viên", TTHCC, datetime.date(2026, 3, 2), "Tăng cường cho Trung tâm Phục vụ hành chính công"),
    ("Trường Mầm non Hòa Bình", "Giáo viên", "Trường Mầm non Thắng Lợi", datetime.date(2026, 8, 15),
     "Luân chuyển giáo viên năm học 2026–2027"),
)  # fmt: skip
# (unit, position, date): the last holder stopped working then (retired, resigned).
LEAVERS = (
    ("Trường Mầm non Thắng Lợi", "Giáo viên", datetime.date(2026, 5, 31)),
    (TTHCC, "Nhân viên hợp đồng", datetime.date(2026, 2, 28)),
)


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    unit: str
    holder: tuple[str, str] | str  # (unit, position): named after its first holder; or a name
    is_staff: bool = False


USERS = (
    UserSpec("admin", Role.ADMIN, VP, (VP, "Chuyên viên"), is_staff=True),
    UserSpec("vhxh", Role.VHXH_OFFICER, VHXH, (VHXH, "Chuyên viên")),
    UserSpec("chutich", Role.CHAIRMAN, UBND, "Lý Văn Dũng"),
    UserSpec("thuky", Role.COUNCIL_SECRETARY, VHXH, (VHXH, "Phó Trưởng phòng")),
    UserSpec("hoidong1", Role.COUNCIL_MEMBER, UBND, (UBND, "Phó Chủ tịch UBND xã")),
    UserSpec("hoidong2", Role.COUNCIL_MEMBER, VHXH, (VHXH, "Trưởng phòng")),
    UserSpec("hoidong3", Role.COUNCIL_MEMBER, VP, (VP, "Chánh Văn phòng")),
    UserSpec("hoidong4", Role.COUNCIL_MEMBER, KT, (KT, "Trưởng phòng")),
    UserSpec("hoidong5", Role.COUNCIL_MEMBER, MTTQ, (MTTQ, "Chủ tịch Ủy ban MTTQ Việt Nam xã")),
    UserSpec("hoidong6", Role.COUNCIL_MEMBER, "Hội Liên hiệp Phụ nữ xã Thượng Phúc",
             ("Hội Liên hiệp Phụ nữ xã Thượng Phúc", "Chủ tịch Hội")),
    UserSpec("hoidong7", Role.COUNCIL_MEMBER, "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc",
             ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Thượng Phúc", "Bí thư Đoàn")),
    UserSpec("donvi1", Role.UNIT_STAFF, TTHCC, (TTHCC, "Chuyên viên")),
    UserSpec("truongdonvi1", Role.UNIT_HEAD, TTHCC, (TTHCC, "Giám đốc")),
    UserSpec("donvi2", Role.UNIT_STAFF, KT, (KT, "Chuyên viên")),
)  # fmt: skip
# The units with a clerk's login: the clerk acts for the unit; the office's login (vhxh)
# stands in for the units without one.
CLERKS = {TTHCC: "donvi1", KT: "donvi2"}


@dataclass
class CadreSpec:
    full_name: str
    sex: str
    date_of_birth: datetime.date
    position: str
    category: str
    unit: str
    advises_cchc: bool
    home_town: str
    qualifications: str
    ratings: dict[int, str] = field(default_factory=dict)
    transfer: tuple[str, datetime.date, str] | None = None
    left_on: datetime.date | None = None


@dataclass
class Plan:
    cadres: list[CadreSpec]
    unit_ratings: dict[tuple[str, int], str]
    user_names: dict[str, str]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random, sex: str, taken: set[str]) -> str:
    while True:
        middle = _pick(rng, MIDDLE[sex])
        given = rng.choice([g for g in GIVEN[sex] if g != middle])
        name = nfc(f"{_pick(rng, SURNAMES)} {middle} {given}")
        if name not in taken:
            taken.add(name)
            return name


def _birth(rng: random.Random, years: tuple[int, int]) -> datetime.date:
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[1], 12, 31)
    return datetime.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _people(rng: random.Random) -> list[CadreSpec]:
    taken = {post.full_name for posts in STAFFING.values() for post in posts if post.full_name}
    cadres = []
    for unit, posts in STAFFING.items():
        for post in posts:
            for i in range(post.count):
                sex = post.sex or ("female" if rng.random() < post.female_share else "male")
                cadres.append(
                    CadreSpec(
                        full_name=post.full_name or _name(rng, sex, taken),
                        sex=sex,
                        date_of_birth=_birth(rng, post.born),
                        position=post.position,
                        category=post.category,
                        unit=unit,
                        advises_cchc=i < post.advising,
                        home_town=_pick(rng, HOME_TOWNS),
                        qualifications=rng.choice(post.qualifications),
                    )
                )
    return cadres


def _holders(cadres: list[CadreSpec], unit: str, position: str) -> list[CadreSpec]:
    return [c for c in cadres if c.unit == unit and c.position == position]


def build_plan(rng: random.Random) -> Plan:
    """The whole demo, drawn from `rng` in a fixed order so one seed always gives one plan."""
    cadres = _people(rng)
    for from_unit, position, to_unit, on, note in TRANSFERS:
        _holders(cadres, from_unit, position)[-1].transfer = (to_unit, on, note)
    for unit, position, on in LEAVERS:
        _holders(cadres, unit, position)[-1].left_on = on
    for year in RATING_YEARS:
        for cadre in cadres:
            level = _pick(rng, CADRE_LEVELS)
            # Someone who left during a year is not rated for it.
            if level and not (cadre.left_on and cadre.left_on.year <= year):
                cadre.ratings[year] = level
    unit_ratings = {}
    for year in RATING_YEARS:
        for unit in UNITS:
            level = _pick(rng, ADVISING_UNIT_LEVELS if unit.advises_cchc else UNIT_LEVELS)
            if unit.kind != UnitKind.AUTHORITY:  # the committee rates others, is not rated here
                unit_ratings[unit.name, year] = level
    user_names = {
        u.username: u.holder if isinstance(u.holder, str) else _holders(cadres, *u.holder)[0].full_name
        for u in USERS
    }
    return Plan(cadres=cadres, unit_ratings=unit_ratings, user_names=user_names)


# --------------------------------------------------------------------------- writing the plan


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the commune, its units, the people (hired, moved, gone), their ratings and the
    demo logins; everything already there is left as it is."""
    plan = build_plan(rng)
    _commune(plan, created, found)
    units = _units(created, found)
    _cadres(plan, units, created, found)
    _unit_ratings(plan, units, created, found)
    _cadre_ratings(plan, units, created, found)
    _users(plan, units, created, found)


def _count(created: Counter, found: Counter, kind: str, made: bool) -> None:
    (created if made else found)[kind] += 1


def _commune(plan: Plan, created: Counter, found: Counter) -> None:
    fields = dict(COMMUNE)
    # The head of the office signs its Tờ trình and reports under her name.
    heads = _holders(plan.cadres, VHXH, "Trưởng phòng")
    fields["office_head_name"] = heads[0].full_name if heads else ""
    _, made = Commune.objects.get_or_create(name=fields.pop("name"), defaults=fields)
    _count(created, found, "communes", made)


def _units(created: Counter, found: Counter) -> dict[str, Unit]:
    names = [spec.name for spec in UNITS]
    units: dict[str, Unit] = {u.name: u for u in Unit.objects.filter(name__in=names)}
    for spec in UNITS:  # parents come first
        made = spec.name not in units
        if made:
            units[spec.name] = Unit.objects.create(
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=units[spec.parent] if spec.parent else None,
                advises_cchc=spec.advises_cchc,
                address=spec.address,
            )
        _count(created, found, "units", made)
    return units


def _cadres(plan: Plan, units: dict[str, Unit], created: Counter, found: Counter) -> None:
    existing = {
        (c.full_name, c.date_of_birth): c
        for c in Cadre.objects.filter(full_name__in=[s.full_name for s in plan.cadres])
    }
    for spec in plan.cadres:
        if (spec.full_name, spec.date_of_birth) in existing:
            _count(created, found, "people", False)
            continue
        _create_cadre(spec, units, created)
        _count(created, found, "people", True)


def _create_cadre(spec: CadreSpec, units: dict[str, Unit], created: Counter) -> None:
    cadre = create_cadre(
        actor=None,
        start_date=FORMED,
        full_name=spec.full_name,
        sex=spec.sex,
        date_of_birth=spec.date_of_birth,
        position=spec.position,
        category=spec.category,
        unit=units[spec.unit],
        advises_cchc=spec.advises_cchc,
        home_town=spec.home_town,
        qualifications=spec.qualifications,
    )
    if spec.transfer:
        to_unit, on, note = spec.transfer
        transfer_cadre(cadre, actor=None, to_unit=units[to_unit], on=on, note=note)
        created["transfers"] += 1
    if spec.left_on:
        update_cadre(cadre, actor=None, is_active=False)
        created["people who left"] += 1


def _unit_ratings(plan: Plan, units: dict[str, Unit], created: Counter, found: Counter) -> None:
    rated = set(UnitRating.objects.values_list("unit__name", "year"))
    for (name, year), level in plan.unit_ratings.items():
        if (name, year) in rated:
            _count(created, found, "unit ratings", False)
            continue
        rate_unit(units[name], actor=None, year=year, level=level)
        _count(created, found, "unit ratings", True)


def _cadre_ratings(plan: Plan, units: dict[str, Unit], created: Counter, found: Counter) -> None:
    cadres = {
        (c.full_name, c.date_of_birth): c
        for c in Cadre.objects.filter(full_name__in=[s.full_name for s in plan.cadres]).prefetch_related(
            "assignments__unit"
        )
    }
    for year in RATING_YEARS:
        rated = set(CadreRating.objects.filter(year=year).values_list("cadre_id", flat=True))
        by_unit: dict[Unit, dict[int, str]] = defaultdict(dict)
        for spec in plan.cadres:
            cadre = cadres[spec.full_name, spec.date_of_birth]
            level = spec.ratings.get(year)
            if not level:
                continue
            if cadre.pk in rated:
                _count(created, found, "personal ratings", False)
                continue
            # Rated by the unit they worked in at the end of that year.
            by_unit[unit_of_cadre_in_year(cadre, year)][cadre.pk] = level
        for unit, levels in by_unit.items():
            created["personal ratings"] += rate_cadres(unit, actor=None, year=year, levels=levels, notes={})


def _users(plan: Plan, units: dict[str, Unit], created: Counter, found: Counter) -> None:
    password_hash = ""
    for spec in USERS:
        if User.objects.filter(username=spec.username).exists():
            # Never touch an account that is already there, demo or not.
            _count(created, found, "users", False)
            continue
        # One hash for all: hashing is deliberately slow and the password is the same.
        password_hash = password_hash or make_password(DEMO_PASSWORD)
        user = User.objects.create(
            username=spec.username,
            full_name=plan.user_names[spec.username],
            email=f"{spec.username}@thuongphuc.invalid",
            password=password_hash,
            is_staff=spec.is_staff,
            is_superuser=spec.is_staff,
        )
        Membership.objects.create(user=user, unit=units[spec.unit], role=spec.role)
        _count(created, found, "users", True)
