"""Excel import of past awards into the registry (sổ khen thưởng), on the shared import
screens (kind "awards"): every row is checked first (a person by full name and date of
birth, a unit by name, no award twice), then all rows are written in one transaction
through `services.registry.import_awards`, or none.

`check_rows` runs the same parsing and checks on rows built in code (the demo's past awards).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.services import registry
from nominations.models import SubjectType
from thiduaportal import excel
from thiduaportal.excel import Column
from thiduaportal.imports import DELETE_EXAMPLE, Importer, ImportRefused, ImportResult, register
from thiduaportal.text import fold, name_key
from units.models import Cadre, Unit

SUBJECT_LABELS = {"Tập thể": SubjectType.COLLECTIVE, "Cá nhân": SubjectType.INDIVIDUAL}
EARLIEST_YEAR = 1945

AWARD_COLUMNS = (
    Column("subject", "Đối tượng", excel.choice(SUBJECT_LABELS), True, 12, "Cá nhân"),
    Column(
        "full_name",
        "Họ và tên",
        excel.text(120),
        width=28,
        example="Nguyễn Thị Mẫu",
        hint="Chỉ với cá nhân; để trống với tập thể",
    ),
    Column(
        "date_of_birth",
        "Ngày sinh",
        excel.date,
        width=13,
        example=datetime.date(1985, 3, 15),
        hint="Chỉ với cá nhân; ô kiểu Ngày (dd/mm/yyyy)",
        default=None,
    ),
    Column(
        "unit",
        "Đơn vị",
        excel.text(200),
        True,
        34,
        "Trạm Y tế xã Thượng Phúc",
        hint="Tên đơn vị đã có: với tập thể là tập thể được khen; với cá nhân là đơn vị công tác khi được khen",
    ),
    Column("position", "Chức vụ", excel.text(160), width=22, example="Y sĩ", hint="Chức vụ khi được khen"),
    Column(
        "award",
        "Hình thức khen thưởng",
        excel.text(200),
        True,
        32,
        "Giấy khen của Chủ tịch UBND xã",
    ),
    Column("year", "Năm", excel.integer(EARLIEST_YEAR, 2100), True, 8, 2024, default=None),
    Column("decision_number", "Số quyết định", excel.text(60), True, 16, "210/QĐ-UBND"),
    Column(
        "decision_date",
        "Ngày quyết định",
        excel.date,
        True,
        14,
        datetime.date(2024, 12, 20),
        hint="Ô kiểu Ngày (dd/mm/yyyy)",
        default=None,
    ),
    Column("issuer", "Cơ quan quyết định", excel.text(200), True, 30, "Chủ tịch UBND xã Thượng Phúc"),
    Column(
        "achievement",
        "Nội dung thành tích",
        excel.text(2000),
        width=50,
        example="Đã có thành tích xuất sắc trong công tác năm 2024",
    ),
    Column("book_number", "Số sổ vàng", excel.text(30), width=10, example="57"),
)


class AwardImporter(Importer):
    kind, title, permission, columns = "awards", "Khen thưởng", "awards.import_awards", AWARD_COLUMNS
    notes = (
        DELETE_EXAMPLE,
        "Mỗi dòng là một khen thưởng đã có (trước khi dùng cổng thông tin). Cá nhân được tìm theo họ và "
        "tên cùng ngày sinh; đơn vị theo tên. Một khen thưởng đã có trong sổ (cùng người hoặc tập thể, "
        "cùng số quyết định và hình thức khen thưởng) không được nhập lại.",
    )
    heading = gettext_lazy("Import past awards from Excel")
    help_text = gettext_lazy(
        "One row per past award of a collective or an individual. A person is found by full name "
        "and date of birth, a collective by its unit's name. An award already in the registry (same "
        "recipient, decision number and award) is not imported again. Imported awards carry no "
        "verification code."
    )
    after_import = "awards:award_list"

    def check(self, result: ImportResult, *, user) -> None:
        units = {unit.search_name: unit for unit in Unit.objects.select_related("parent")}
        cadres = {(name_key(c.full_name), c.date_of_birth): c for c in Cadre.objects.all()}
        forms = registry.award_forms_by_name()
        found: list[tuple[int, dict[str, Any]]] = []
        for number, row in result.rows:
            if self._resolve(result, number, row, units, cadres):
                row["award_form"] = forms.get(registry.award_name_key(row["award"]))
                found.append((number, row))
            self._check_dates(result, number, row)
        self._check_duplicates(result, found)

    def _resolve(self, result: ImportResult, number: int, row: dict, units: dict, cadres: dict) -> bool:
        """Find the row's unit and, for a person, the person; say what is missing."""
        name_h = self.header("full_name")
        unit = units.get(fold(row["unit"]))
        if unit is None:
            result.error(number, self.header("unit"), _("Unknown unit “%(name)s”.") % {"name": row["unit"]})
        if row["subject"] == SubjectType.COLLECTIVE:
            if row["date_of_birth"] or (
                row["full_name"] and unit and fold(row["full_name"]) != unit.search_name
            ):
                result.error(number, name_h, _("Leave the name and date of birth empty for a collective."))
                return False
            row["unit"], row["cadre"] = unit, None
            return unit is not None
        if not row["full_name"] or not row["date_of_birth"]:
            result.error(number, name_h, _("An individual's award needs their full name and date of birth."))
            return False
        cadre = cadres.get((name_key(row["full_name"]), row["date_of_birth"]))
        if cadre is None:
            values = {"name": row["full_name"], "date": row["date_of_birth"].strftime("%d/%m/%Y")}
            result.error(
                number, name_h, _("No person named %(name)s, born %(date)s, is in the list.") % values
            )
            return False
        row["unit"], row["cadre"] = unit, cadre
        return unit is not None

    def _check_dates(self, result: ImportResult, number: int, row: dict) -> None:
        decided, year = row["decision_date"], row["year"]
        if decided is None or year is None:
            return
        date_h = self.header("decision_date")
        if decided > timezone.localdate():
            result.error(number, date_h, _("The decision date is in the future."))
        elif not year <= decided.year <= year + 1:
            result.error(
                number,
                date_h,
                _("A decision of %(date)s cannot award the year %(year)s; check the year or the date.")
                % {"date": decided.strftime("%d/%m/%Y"), "year": year},
            )

    def _check_duplicates(self, result: ImportResult, rows: list[tuple[int, dict]]) -> None:
        taken = registry.existing_keys(
            {row["unit"].pk for _n, row in rows if row["cadre"] is None},
            {row["cadre"].pk for _n, row in rows if row["cadre"] is not None},
        )
        seen: dict[tuple, int] = {}
        number_h = self.header("decision_number")
        for number, row in rows:
            subject = row["cadre"] or row["unit"]
            key = registry.award_key(row["subject"], subject.pk, row["decision_number"], row["award"])
            shown = {"name": subject, "award": row["award"], "number": row["decision_number"]}
            if key in taken:
                result.error(
                    number,
                    number_h,
                    _("%(name)s already has “%(award)s” by decision %(number)s in the registry.") % shown,
                )
            elif key in seen:
                result.error(
                    number,
                    number_h,
                    _("This award appears twice in the file, on rows %(first)d and %(second)d.")
                    % {"first": seen[key], "second": number},
                )
            else:
                seen[key] = number

    def write(self, result: ImportResult, *, actor) -> int:
        rows = [_past_award(row) for _number, row in result.rows]
        try:
            registry.import_awards(rows, actor=actor)
        except registry.RegistryError as error:
            raise ImportRefused(
                _("The data changed while importing; nothing was imported. Check the file again.")
            ) from error
        return len(rows)


def _past_award(row: dict) -> registry.PastAward:
    return registry.PastAward(
        subject_type=row["subject"],
        unit=row["unit"],
        cadre=row["cadre"],
        award_name=row["award"],
        year=row["year"],
        decision_number=row["decision_number"],
        decision_date=row["decision_date"],
        issuer=row["issuer"],
        position=row["position"] if row["cadre"] else "",
        achievement=row["achievement"],
        book_number=row["book_number"],
        award_form=row["award_form"],
    )


def check_rows(rows: list[dict[str, Any]], *, user, first_row: int = 2) -> ImportResult:
    """Check rows given as cells by column key, exactly as rows of an uploaded sheet (same
    parsers, same checks); numbered from `first_row` as in a sheet."""
    return IMPORTER.parse_rows(rows, user=user, first_row=first_row)


IMPORTER = AwardImporter()
register(IMPORTER)
