"""The structure of the achievement report as data: annex forms, sections, fields."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import Nomination, NominationState, SubjectType
from nominations.services.proposals import is_editable as proposals_is_editable

TEXT, LONG, DATE, NUMBER, YEAR = "text", "long", "date", "number", "year"
MAX_LENGTH = {TEXT: 255, LONG: 5000, DATE: 10, NUMBER: 20, YEAR: 4}
MAX_ROWS = 50
EDITABLE_STATES = (NominationState.DRAFT, NominationState.RETURNED)


@dataclass(frozen=True)
class Form:
    """An annex form of NĐ 152/2025/NĐ-CP, as printed."""

    number: str
    title: str
    purpose: str
    subject_type: str = ""  # "individual" or "collective" for a form of one of them; "" for both

    @property
    def printed_title(self) -> str:
        """The title the form prints, its purpose included: "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ KHEN
        THƯỞNG ĐỘT XUẤT" (Mẫu 06 and Mẫu 08 otherwise print the same title)."""
        return f"{self.title} {self.purpose.upper()}"


# Form numbers and titles are data: a later decree renumbering them changes only this table.
# Mẫu 04 / 05 are the year-end merit reports (QĐ 638/QĐ-BNV 2025 cites Mẫu 05 for a person's
# CSTĐCS dossier, Mẫu 04 for a collective); their printed titles and sections below follow the
# usual layout of the annex, not a confirmed copy of it [U].
FORMS: dict[str, Form] = {
    "04": Form("04", "BÁO CÁO THÀNH TÍCH", "đề nghị tặng danh hiệu thi đua", "collective"),
    "05": Form("05", "BÁO CÁO THÀNH TÍCH", "đề nghị tặng danh hiệu thi đua", "individual"),
    "06": Form("06", "BÁO CÁO THÀNH TÍCH", "đề nghị khen thưởng đột xuất"),
    "08": Form("08", "BÁO CÁO THÀNH TÍCH", "đề nghị khen thưởng thi đua theo chuyên đề"),
}
# The forms a catalogue title of the year-end review may name.
YEAR_END_FORMS = ("04", "05")
LEGAL_SOURCE = "Nghị định số 152/2025/NĐ-CP"


@dataclass(frozen=True)
class Field:
    """One entry of a section: `label` for the screen (translated), `printed` for the PDF."""

    key: str
    label: str
    printed: str
    kind: str = TEXT
    required: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of a section; `columns` are fields, the first one names the row."""

    columns: tuple[Field, ...]
    label: str


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str  # printed, Vietnamese
    label: str  # on screen, translated
    fields: tuple[Field, ...] = ()
    table: Table | None = None
    required: bool = False


def _f(key, label, printed, kind=TEXT, required=False) -> Field:
    return Field(key, label, printed, kind, required)


INDIVIDUAL_PROFILE = (
    _f("full_name", gettext_lazy("Full name"), "Họ và tên (không viết tắt)", required=True),
    _f("date_of_birth", gettext_lazy("Date of birth"), "Ngày, tháng, năm sinh", DATE, required=True),
    _f("sex", gettext_lazy("Sex"), "Giới tính"),
    _f("home_town", gettext_lazy("Home town"), "Quê quán"),
    _f("residence", gettext_lazy("Permanent residence"), "Trú quán"),
    _f("unit", gettext_lazy("Unit of work"), "Đơn vị công tác", required=True),
    _f("position", gettext_lazy("Position"), "Chức vụ (Đảng, chính quyền, đoàn thể)"),
    _f("qualifications", gettext_lazy("Qualifications"), "Trình độ chuyên môn, nghiệp vụ"),
)
COLLECTIVE_PROFILE = (
    _f("name", gettext_lazy("Name of the collective"), "Tên tập thể (ghi đầy đủ)", required=True),
    _f("address", gettext_lazy("Address"), "Địa chỉ trụ sở"),
    _f("phone", gettext_lazy("Phone"), "Điện thoại"),
    _f("functions", gettext_lazy("Functions and tasks"), "Chức năng, nhiệm vụ được giao", LONG, True),
    _f(
        "staff",
        gettext_lazy("Number of staff"),
        "Tổng số cán bộ, công chức, viên chức, người lao động",
        NUMBER,
    ),
    _f("organisation", gettext_lazy("Organisation"), "Cơ cấu tổ chức", LONG),
)
TARGETS = Table(
    columns=(
        _f("indicator", gettext_lazy("Indicator"), "Chỉ tiêu", required=True),
        _f("plan", gettext_lazy("Registered / planned (%)"), "Đăng ký/Kế hoạch (%)", NUMBER),
        _f("actual", gettext_lazy("Achieved (%)"), "Thực hiện (%)", NUMBER),
        _f("percent", gettext_lazy("Rate (%)"), "Tỷ lệ so với đăng ký (%)", NUMBER),
    ),
    label=gettext_lazy("Results against the registered targets"),
)
MOVEMENT_ACHIEVEMENTS = (
    _f("solutions", gettext_lazy("Solutions applied"), "Các giải pháp đã thực hiện", LONG),
    _f("initiatives", gettext_lazy("Initiatives and models"), "Sáng kiến, mô hình, giải pháp mới", LONG),
    _f("effect", gettext_lazy("Effect and reach"), "Hiệu quả, sức lan tỏa", LONG),
)
ADHOC_ACHIEVEMENTS = (
    _f("circumstances", gettext_lazy("Circumstances"), "Hoàn cảnh", LONG),
    _f("time", gettext_lazy("Time"), "Thời gian"),
    _f("place", gettext_lazy("Place"), "Địa điểm"),
    _f("description", gettext_lazy("What was done"), "Nội dung hành động, việc làm", LONG, True),
    _f("result", gettext_lazy("Result"), "Kết quả đạt được", LONG, True),
    _f("significance", gettext_lazy("Significance"), "Ý nghĩa", LONG),
    _f("reach", gettext_lazy("Reach"), "Tác dụng, sức lan tỏa", LONG),
)
# Section II of the year-end reports (Mẫu 05 / 04): the year's duties and their results, the
# initiative or solution recognised, the yearly rating; then the rest of the criteria of the
# title (conduct and learning for a person, the members' titles for a collective) [U].
YEAR_END_INDIVIDUAL = (
    _f("duties", gettext_lazy("Duties assigned"), "Quyền hạn, nhiệm vụ được giao", LONG),
    _f(
        "results",
        gettext_lazy("Results of the year's duties"),
        "Kết quả thực hiện nhiệm vụ được giao trong năm",
        LONG,
        True,
    ),
    _f(
        "initiatives",
        gettext_lazy("Initiatives and solutions recognised"),
        "Sáng kiến, giải pháp công tác được công nhận",
        LONG,
    ),
    _f("rating", gettext_lazy("Rating of the year"), "Kết quả đánh giá, xếp loại trong năm", required=True),
    _f(
        "conduct",
        gettext_lazy("Conduct, learning and following the law"),
        "Việc chấp hành chủ trương, chính sách của Đảng, pháp luật của Nhà nước; học tập, rèn luyện",
        LONG,
    ),
)
YEAR_END_COLLECTIVE = (
    _f(
        "results",
        gettext_lazy("Results of the year's duties"),
        "Kết quả thực hiện nhiệm vụ chính trị được giao trong năm",
        LONG,
        True,
    ),
    _f(
        "initiatives",
        gettext_lazy("Initiatives, solutions and models applied"),
        "Sáng kiến, giải pháp, mô hình đã áp dụng",
        LONG,
    ),
    _f(
        "rating",
        gettext_lazy("Rating of the year"),
        "Kết quả đánh giá, xếp loại tập thể trong năm",
        required=True,
    ),
    _f(
        "members",
        gettext_lazy("The members' titles"),
        "Số thành viên đạt danh hiệu Lao động tiên tiến",
    ),
    _f(
        "movement",
        gettext_lazy("Emulation movements and mass organisations"),
        "Công tác thi đua, khen thưởng; xây dựng tổ chức Đảng, đoàn thể",
        LONG,
    ),
)
YEAR_END_AWARDS = Table(
    columns=(
        _f("year", gettext_lazy("Year"), "Năm", YEAR),
        _f(
            "award", gettext_lazy("Title or award"), "Danh hiệu thi đua, hình thức khen thưởng", required=True
        ),
        _f("decision", gettext_lazy("Decision number and date"), "Số, ngày, tháng, năm của quyết định"),
        _f("issuer", gettext_lazy("Issued by"), "Cơ quan ban hành"),
    ),
    label=gettext_lazy("Titles and awards received"),
)
AWARDS = Table(
    columns=(
        _f("award", gettext_lazy("Award"), "Hình thức khen thưởng", required=True),
        _f("year", gettext_lazy("Year"), "Năm", YEAR),
        _f("decision", gettext_lazy("Decision number and date"), "Số, ngày quyết định"),
        _f("issuer", gettext_lazy("Issued by"), "Cơ quan ban hành"),
    ),
    label=gettext_lazy("Awards received"),
)


def sections(nomination: Nomination) -> list[Section]:
    """The sections of the nomination's report: Mẫu 08 (movement), Mẫu 06 (ad hoc) or the
    year-end Mẫu 05 / 04, for a collective or an individual; none for a year-end title that
    needs no report. Reads the round (select_related it for lists)."""
    collective = nomination.subject_type == SubjectType.COLLECTIVE
    form = nomination.report_form
    if not form:
        return []
    first = _profile_section(collective)
    if form in YEAR_END_FORMS:
        return [first, *_year_end_sections(collective)]
    movement = form == "08"
    second = Section(
        key="achievements",
        number="II",
        title="THÀNH TÍCH ĐẠT ĐƯỢC",
        label=_("II. Achievements"),
        fields=MOVEMENT_ACHIEVEMENTS if movement else ADHOC_ACHIEVEMENTS,
        table=TARGETS if movement else None,
        required=True,
    )
    third = Section(
        key="awards",
        number="III",
        title="CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        label=_("III. Awards received"),
        table=AWARDS,
    )
    return [first, second, third]


def _year_end_sections(collective: bool) -> list[Section]:
    """Sections II and III of Mẫu 05 / 04: the year's achievements, and the titles and awards
    received (year · title · decision · issuer)."""
    second = Section(
        key="achievements",
        number="II",
        title="THÀNH TÍCH ĐẠT ĐƯỢC",
        label=_("II. Achievements"),
        fields=YEAR_END_COLLECTIVE if collective else YEAR_END_INDIVIDUAL,
        required=True,
    )
    third = Section(
        key="awards",
        number="III",
        title="CÁC DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT ĐƯỢC",
        label=_("III. Titles and awards received"),
        table=YEAR_END_AWARDS,
    )
    return [second, third]


def _profile_section(collective: bool) -> Section:
    return Section(
        key="profile",
        number="I",
        title="ĐẶC ĐIỂM, TÌNH HÌNH" if collective else "SƠ LƯỢC LÝ LỊCH",
        label=_("I. Characteristics and situation") if collective else _("I. Brief curriculum vitae"),
        fields=COLLECTIVE_PROFILE if collective else INDIVIDUAL_PROFILE,
        required=True,
    )


def form_of(nomination: Nomination) -> Form | None:
    """The annex form (number, printed title) of the nomination's report; None for a year-end
    title that needs no report."""
    return FORMS.get(nomination.report_form)


def needs_report(nomination: Nomination) -> bool:
    """Whether the nomination has an achievement report: every campaign and ad hoc one, and in
    the year-end review those whose title names a report form in the catalogue."""
    return nomination.report_form in FORMS


def is_editable(nomination: Nomination) -> bool:
    """The unit may still change the report: the proposals service decides."""
    return proposals_is_editable(nomination)


def decimal_text(value: Decimal | None) -> str:
    """A number as stored in the report: at most two decimals, no trailing zeros ("85.5")."""
    if value is None:
        return ""
    text = f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
