"""The statistical forms as data: a layout is a list of rows and columns, each with its code,
its label and a *selector* saying which awards of the registry it counts. Changing a form to
follow a new circular means editing this data, not the code that computes or prints it.

The default layouts follow the annual forms 0601–0605 of Thông tư 02/2023/TT-BNV (the Home
Affairs sector's statistical reporting) as a commune's registry can fill them: awards counted
by title and award form, collectives and individuals, of which women, and the cash paid.
TT 02/2023 is reported replaced by Thông tư 18/2025/TT-BNV of 08/10/2025, whose forms'
layout was not found [U]: check the circular in force and correct the rows and codes here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from nominations import catalogue
from nominations.models import AwardKind, AwardLevel, SubjectType
from units.models import CadreCategory, Sex

YEAR, HALF = "year", "half"
SOURCE_NOTE = (
    "Bố cục mặc định theo hệ thống biểu mẫu báo cáo thống kê năm 0601–0605 về thi đua, khen thưởng "
    "của Thông tư số 02/2023/TT-BNV; Thông tư số 18/2025/TT-BNV ngày 08/10/2025 được cho là thay thế, "
    "bố cục biểu mẫu mới chưa được xác nhận [U]: đối chiếu văn bản hiện hành trước khi gửi báo cáo."
)


@dataclass(frozen=True)
class Selector:
    """Which valid awards a row or a column counts; an empty value does not narrow. Award
    forms are named by their catalogue code and kind (`nominations.AwardForm`); `unlinked`
    keeps only the registry lines linked to no award form (typed in from old paper books)."""

    subject_type: str = ""
    kinds: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    unlinked: bool = False

    def q(self) -> Q:
        """The selector as a filter on `awards.Award`."""
        q = Q()
        if self.subject_type:
            q &= Q(subject_type=self.subject_type)
        if self.kinds:
            q &= Q(award_form__kind__in=self.kinds)
        if self.codes:
            q &= Q(award_form__code__in=self.codes)
        if self.levels:
            q &= Q(award_form__level__in=self.levels)
        if self.sexes:
            q &= Q(subject_type=SubjectType.INDIVIDUAL, cadre__sex__in=self.sexes)
        if self.categories:
            q &= Q(subject_type=SubjectType.INDIVIDUAL, cadre__category__in=self.categories)
        if self.unlinked:
            q &= Q(award_form__isnull=True)
        return q


ALL = Selector()
COUNT, AMOUNT = "count", "amount"


@dataclass(frozen=True)
class Row:
    """A row of the form: its code ("01"), its label, how deep it is indented (a "trong đó"
    line is 1) and the awards it counts."""

    code: str
    label: str
    selector: Selector = ALL
    depth: int = 0


@dataclass(frozen=True)
class Column:
    """A column of the form: its code ("1"), its label, its measure (`COUNT` awards or the
    `AMOUNT` of cash in đồng) and the awards it keeps of each row's."""

    code: str
    label: str
    measure: str = COUNT
    selector: Selector = ALL


@dataclass(frozen=True)
class Layout:
    """One statistical form: code, name, legal basis and its source note, the period it covers
    (`YEAR`, or `HALF` for a half-year report), rows and columns."""

    code: str
    name: str
    legal_basis: str
    period: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    unit_of_measure: str = "Tập thể, cá nhân; tiền thưởng: đồng"
    source_note: str = SOURCE_NOTE
    notes: tuple[str, ...] = field(default=())

    @property
    def is_half_year(self) -> bool:
        return self.period == HALF


TITLES = (AwardKind.INDIVIDUAL_TITLE, AwardKind.COLLECTIVE_TITLE)
AWARDS = (AwardKind.CERTIFICATE, AwardKind.FORWARDED)

ROWS = (
    Row("01", "Tổng số", ALL),
    Row("02", "I. Danh hiệu thi đua", Selector(kinds=TITLES)),
    Row("03", "Chiến sĩ thi đua cơ sở", Selector(codes=(catalogue.CSTDCS,)), 1),
    Row("04", "Lao động tiên tiến", Selector(codes=(catalogue.LDTT,)), 1),
    Row("05", "Tập thể lao động tiên tiến", Selector(codes=(catalogue.TTLDTT,)), 1),
    Row("06", "Tập thể lao động xuất sắc", Selector(codes=(catalogue.TTLDXS,)), 1),
    Row("07", "Thôn, tổ dân phố văn hóa", Selector(codes=(catalogue.THON_VAN_HOA,)), 1),
    Row("08", "II. Hình thức khen thưởng", Selector(kinds=AWARDS)),
    Row("09", "Giấy khen của Chủ tịch UBND xã", Selector(codes=(catalogue.GIAY_KHEN,)), 1),
    Row("10", "Khen thưởng cấp Thành phố và Nhà nước (trình cấp trên)", Selector(levels=(AwardLevel.CITY,), kinds=AWARDS), 1),
    Row("11", "III. Khen thưởng chưa gắn hình thức trong danh mục (sổ cũ)", Selector(unlinked=True)),
)  # fmt: skip

COLUMNS = (
    Column("1", "Tổng số", COUNT),
    Column("2", "Tập thể", COUNT, Selector(subject_type=SubjectType.COLLECTIVE)),
    Column("3", "Cá nhân", COUNT, Selector(subject_type=SubjectType.INDIVIDUAL)),
    Column("4", "Trong đó: nữ", COUNT, Selector(sexes=(Sex.FEMALE,))),
    Column("5", "Trong đó: cán bộ, công chức", COUNT, Selector(categories=(CadreCategory.CAN_BO, CadreCategory.CONG_CHUC))),
    Column("6", "Tiền thưởng (đồng)", AMOUNT),
)  # fmt: skip

NOTES = (
    "Chỉ tính các khen thưởng còn hiệu lực (không tính khen thưởng đã bị thu hồi) trong sổ khen thưởng của xã.",
    "Dòng 01 = dòng 02 + dòng 08 + dòng 11; cột 1 = cột 2 + cột 3.",
)

LAYOUTS: tuple[Layout, ...] = (
    Layout(
        code="TK-TĐKT.N",
        name="Số lượng khen thưởng của xã",
        legal_basis="Thông tư số 02/2023/TT-BNV, biểu mẫu 0601–0605 (báo cáo năm) [U]",
        period=YEAR,
        rows=ROWS,
        columns=COLUMNS,
        notes=(*NOTES, "Kỳ báo cáo năm: các khen thưởng của năm báo cáo (năm ghi trên quyết định)."),
    ),
    Layout(
        code="TK-TĐKT.6T",
        name="Số lượng khen thưởng của xã (báo cáo 6 tháng)",
        legal_basis="Thông tư số 02/2023/TT-BNV (kỳ báo cáo 6 tháng) [U]",
        period=HALF,
        rows=ROWS,
        columns=COLUMNS,
        notes=(
            *NOTES,
            "Kỳ báo cáo 6 tháng: khen thưởng của năm báo cáo có ngày quyết định trong 6 tháng đầu năm "
            "(01/01–30/6) hoặc 6 tháng cuối năm (01/7–31/12) của năm đó.",
        ),
    ),
)


def by_code(code: str) -> Layout | None:
    """The layout with this code, or None."""
    return next((layout for layout in LAYOUTS if layout.code == code), None)
