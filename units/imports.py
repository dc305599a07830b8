"""Excel imports of units, people and ratings, on the shared import screens
(`thiduaportal.imports`): every row is checked first, then all are written or none.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduaportal import excel, tenancy
from thiduaportal.documents import is_symbol
from thiduaportal.excel import Column
from thiduaportal.imports import Importer, ImportRefused, ImportResult, register
from thiduaportal.text import fold, name_key

from . import services
from .models import SHORT_NAME_RULE, Assignment, Cadre, CadreCategory, RatingLevel, Sex, Unit, UnitKind

# Vietnamese labels as clerks write them in spreadsheets (data, not UI strings).
UNIT_KIND_LABELS = {
    "Đảng ủy, UBND": UnitKind.AUTHORITY,
    "Phòng, ban chuyên môn": UnitKind.DEPARTMENT,
    "Trung tâm": UnitKind.CENTRE,
    "MTTQ, đoàn thể": UnitKind.FRONT,
    "Trường học": UnitKind.SCHOOL,
    "Trạm Y tế": UnitKind.HEALTH,
    "Thôn": UnitKind.VILLAGE,
    "Công an": UnitKind.POLICE,
    "Quân sự": UnitKind.MILITARY,
    "Khác": UnitKind.OTHER,
}
SEX_LABELS = {"Nam": Sex.MALE, "Nữ": Sex.FEMALE}
CATEGORY_LABELS = {
    "Cán bộ": CadreCategory.CAN_BO,
    "Công chức": CadreCategory.CONG_CHUC,
    "Viên chức": CadreCategory.VIEN_CHUC,
    "Người lao động": CadreCategory.NGUOI_LAO_DONG,
}
LEVEL_LABELS = {
    "Hoàn thành xuất sắc nhiệm vụ": RatingLevel.EXCELLENT,
    "Hoàn thành tốt nhiệm vụ": RatingLevel.GOOD,
    "Hoàn thành nhiệm vụ": RatingLevel.COMPLETED,
    "Không hoàn thành nhiệm vụ": RatingLevel.NOT_COMPLETED,
}
SUBJECT_UNIT, SUBJECT_PERSON = "unit", "person"
SUBJECT_LABELS = {"Tập thể": SUBJECT_UNIT, "Cá nhân": SUBJECT_PERSON}
YES_NO = "Có; Không (hoặc x; để trống)"


def label_of(labels: dict[str, str], value: str) -> str:
    """The Vietnamese label written in the sheet for a stored value."""
    return next((label for label, v in labels.items() if v == value), value)


def symbol_text(value) -> str:
    """The unit's short name, which is its ký hiệu in document numbers (`is_symbol`)."""
    text = excel.text(60)(value)
    if text and not is_symbol(text):
        raise excel.CellError(str(SHORT_NAME_RULE))
    return text


UNIT_COLUMNS = (
    Column("name", "Tên cơ quan, đơn vị", excel.text(200), True, 40, "Trạm Y tế xã"),
    Column(
        "short_name",
        "Tên viết tắt",
        symbol_text,
        width=15,
        example="TYT",
        hint="Ký hiệu in hoa, không dấu cách",
    ),
    Column("kind", "Loại", excel.choice(UNIT_KIND_LABELS), True, 22, "Trạm Y tế"),
    Column("parent", "Trực thuộc", excel.text(200), width=30, hint="Tên một đơn vị đã có hoặc có trong tệp"),
    Column(
        "advises_cchc", "Tham mưu CCHC", excel.boolean, width=14, example="Không", hint=YES_NO, default=False
    ),
    Column("address", "Địa chỉ", excel.text(255), width=30, example="Thôn Mai Sao"),
    Column("phone", "Điện thoại", excel.text(40), width=15, example="0243 000 000"),
)
CADRE_COLUMNS = (
    Column("full_name", "Họ và tên", excel.text(120), True, 28, "Nguyễn Thị Mẫu"),
    Column("sex", "Giới tính", excel.choice(SEX_LABELS), True, 10, "Nữ"),
    Column(
        "date_of_birth",
        "Ngày sinh",
        excel.date,
        True,
        13,
        datetime.date(1985, 3, 15),
        hint="Ô kiểu Ngày (dd/mm/yyyy), không gõ dạng chữ",
        default=None,
    ),
    Column("position", "Chức vụ", excel.text(160), width=22, example="Chuyên viên"),
    Column("category", "Đối tượng", excel.choice(CATEGORY_LABELS), True, 16, "Công chức"),
    Column("unit", "Cơ quan, đơn vị", excel.text(200), True, 34, "Trạm Y tế xã", hint="Tên đơn vị đã có"),
    Column(
        "advises_cchc", "Tham mưu CCHC", excel.boolean, width=14, example="Không", hint=YES_NO, default=False
    ),
    Column("home_town", "Quê quán", excel.text(200), width=24, example="xã An Bình, tỉnh Ninh Bình"),
    Column("qualifications", "Trình độ chuyên môn", excel.text(200), width=24, example="Cử nhân Luật"),
)
RATING_COLUMNS = (
    Column("year", "Năm", excel.integer(2000, 2100), True, 8, timezone.localdate().year, default=None),
    Column("subject", "Tập thể hay cá nhân", excel.choice(SUBJECT_LABELS), True, 16, "Cá nhân"),
    Column("unit", "Cơ quan, đơn vị", excel.text(200), True, 34, "Trạm Y tế xã", hint="Tên đơn vị đã có"),
    Column(
        "full_name", "Họ và tên", excel.text(120), width=28, example="Nguyễn Thị Mẫu", hint="Chỉ với cá nhân"
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
    Column("level", "Xếp loại", excel.choice(LEVEL_LABELS), True, 30, "Hoàn thành tốt nhiệm vụ"),
    Column("note", "Ghi chú", excel.text(255), width=30),
)


class UnitRowsImporter(Importer):
    """An import whose rows name a unit of the list (units, people, ratings, results): its
    services' `UnitsError` refuses the import with its message."""

    explained = (services.UnitsError,)

    def resolve_unit(
        self, result: ImportResult, number: int, row: dict, units: dict[str, Unit]
    ) -> Unit | None:
        unit = units.get(fold(row["unit"]))
        if unit is None:
            result.error(number, self.header("unit"), unknown_unit(row["unit"]))
        elif not unit.is_active:
            result.error(number, self.header("unit"), _("“%(name)s” is archived.") % {"name": unit.name})
            return None
        return unit


def unknown_unit(name: str) -> str:
    """Why a row's unit is refused: another commune's (named), or none of that name."""
    here = tenancy.active_ids()
    if here:
        with tenancy.everywhere():
            elsewhere = (
                Unit.objects.filter(search_name=fold(name))
                .exclude(commune_id__in=here)
                .select_related("commune")
                .first()
            )
        if elsewhere is not None:
            return _(
                "“%(name)s” is a unit of %(commune)s, not of this commune; a row may only name this commune's units."
            ) % {"name": elsewhere.name, "commune": elsewhere.commune.name}
    return _("Unknown unit “%(name)s”.") % {"name": name}


def _units_by_name() -> dict[str, Unit]:
    return {unit.search_name: unit for unit in Unit.objects.all()}


class UnitImporter(UnitRowsImporter):
    kind, title, permission, columns = "units", "Đơn vị", "units.import_units", UNIT_COLUMNS
    heading = gettext_lazy("Import units from Excel")
    help_text = gettext_lazy(
        "The parent body may be a unit already in the list or another row of the same file."
    )
    after_import = "units:unit_list"

    def check(self, result: ImportResult, *, user) -> None:
        existing = _units_by_name()
        in_file: dict[str, int] = {}
        name_h, parent_h = self.header("name"), self.header("parent")
        for number, row in result.rows:
            key = fold(row["name"])
            if key in existing:
                result.error(number, name_h, _("“%(name)s” is already in the list.") % {"name": row["name"]})
            elif key in in_file:
                result.error(
                    number,
                    name_h,
                    _("“%(name)s” appears twice in the file, on rows %(first)d and %(second)d.")
                    % {"name": row["name"], "first": in_file[key], "second": number},
                )
            else:
                in_file[key] = number
        parents = {fold(row["name"]): fold(row["parent"]) for _n, row in result.rows if row["parent"]}
        for number, row in result.rows:
            parent = fold(row["parent"])
            if not parent:
                continue
            if parent not in existing and parent not in in_file:
                result.error(number, parent_h, unknown_unit(row["parent"]))
            elif _in_cycle(fold(row["name"]), parents):
                result.error(number, parent_h, _("A unit cannot be placed under itself."))

    def write(self, result: ImportResult, *, actor) -> int:
        units = _units_by_name()
        pending = [row for _n, row in result.rows]
        while pending:
            ready = [r for r in pending if not r["parent"] or fold(r["parent"]) in units]
            if not ready:  # a cycle that check() missed; never write half a tree
                raise ImportRefused(_("A unit cannot be placed under itself."))
            for row in ready:
                unit = Unit(**{k: v for k, v in row.items() if k != "parent"})
                unit.parent = units.get(fold(row["parent"])) if row["parent"] else None
                unit.save()
                units[unit.search_name] = unit
            done = {id(r) for r in ready}
            pending = [r for r in pending if id(r) not in done]
        return len(result.rows)


def _in_cycle(start: str, parents: dict[str, str]) -> bool:
    seen, node = set(), start
    while node in parents:
        if node in seen or parents[node] == start:
            return True
        seen.add(node)
        node = parents[node]
    return False


class CadreImporter(UnitRowsImporter):
    kind, title, permission, columns = "cadres", "Cá nhân", "units.import_cadres", CADRE_COLUMNS
    heading = gettext_lazy("Import people from Excel")
    help_text = gettext_lazy(
        "Dates of birth must be Date cells, not text. A person already in the list (same full name "
        "and date of birth) is not imported again. Unit staff can import people of their own unit only."
    )
    after_import = "units:cadre_list"

    def check(self, result: ImportResult, *, user) -> None:
        units = _units_by_name()
        may_manage: dict[int, bool] = {}
        existing = {(name_key(n), d) for n, d in Cadre.objects.values_list("full_name", "date_of_birth")}
        seen: dict[tuple[str, datetime.date], int] = {}
        today = timezone.localdate()
        name_h, born_h, unit_h = self.header("full_name"), self.header("date_of_birth"), self.header("unit")
        for number, row in result.rows:
            unit = self.resolve_unit(result, number, row, units)
            if unit is not None:
                # Same rule as editing a person: the office anywhere, unit staff in their own unit.
                if unit.pk not in may_manage:
                    may_manage[unit.pk] = user.has_perm("units.change_cadre", unit)
                if not may_manage[unit.pk]:
                    result.error(
                        number,
                        unit_h,
                        _("You may only import people into your own unit, not into “%(name)s”.")
                        % {"name": unit.name},
                    )
                row["unit"] = unit
            born = row["date_of_birth"]
            if born > today or born.year < today.year - 100:
                result.error(number, born_h, _("Enter a real date of birth."))
            key = (name_key(row["full_name"]), born)
            values = {"name": row["full_name"], "date": born.strftime("%d/%m/%Y")}
            if key in existing:
                result.error(number, name_h, _("%(name)s, born %(date)s, is already in the list.") % values)
            elif key in seen:
                result.error(
                    number,
                    name_h,
                    _("%(name)s, born %(date)s, appears twice in the file, on rows %(first)d and %(second)d.")
                    % {**values, "first": seen[key], "second": number},
                )
            else:
                seen[key] = number

    def write(self, result: ImportResult, *, actor) -> int:
        return services.create_cadres((row for _number, row in result.rows), actor=actor)


class RatingImporter(UnitRowsImporter):
    kind, title, permission, columns = "ratings", "Xếp loại", "units.import_ratings", RATING_COLUMNS
    heading = gettext_lazy("Import ratings from Excel")
    help_text = gettext_lazy(
        "Each row rates a unit or a person for one year. A person is found by full name and date of "
        "birth. Heads of unit rate the people of their own unit; units are rated by the Culture and "
        "Society office."
    )
    after_import = "units:unit_list"

    def check(self, result: ImportResult, *, user) -> None:
        units = _units_by_name()
        cadres = {(name_key(c.full_name), c.date_of_birth): c for c in Cadre.objects.all()}
        worked = self._years_worked()
        seen: dict[tuple, int] = {}
        perms: dict[tuple[str, int], bool] = {}
        subject_h, name_h = self.header("subject"), self.header("full_name")
        for number, row in result.rows:
            unit = self.resolve_unit(result, number, row, units)
            subject = row["subject"]
            if subject == SUBJECT_UNIT:
                if row["full_name"] or row["date_of_birth"]:
                    result.error(number, name_h, _("Leave the name and date of birth empty for a unit."))
            elif not row["full_name"] or not row["date_of_birth"]:
                result.error(number, name_h, _("A person's rating needs their full name and date of birth."))
                continue
            if unit is None:
                continue
            perm = "units.rate_units" if subject == SUBJECT_UNIT else "units.rate_cadres"
            if (perm, unit.pk) not in perms:
                perms[perm, unit.pk] = user.has_perm(perm, unit)
            if not perms[perm, unit.pk]:
                message = (
                    _("Only the Culture and Society office rates units.")
                    if subject == SUBJECT_UNIT
                    else _("You may only rate the people of your own unit, not of “%(name)s”.")
                    % {"name": unit.name}
                )
                result.error(number, subject_h, message)
                continue
            row["unit"] = unit
            target = unit
            if subject == SUBJECT_PERSON:
                target = cadres.get((name_key(row["full_name"]), row["date_of_birth"]))
                values = {
                    "name": row["full_name"],
                    "date": row["date_of_birth"].strftime("%d/%m/%Y"),
                    "unit": unit.name,
                    "year": row["year"],
                }
                if target is None:
                    result.error(
                        number, name_h, _("No person named %(name)s, born %(date)s, is in the list.") % values
                    )
                    continue
                if row["year"] not in worked.get((target.pk, unit.pk), ()):
                    result.error(number, name_h, _("%(name)s did not work in %(unit)s in %(year)s.") % values)
                    continue
                row["cadre"] = target
            key = (subject, target.pk, row["year"])
            if key in seen:
                result.error(
                    number,
                    subject_h,
                    _("This rating appears twice in the file, on rows %(first)d and %(second)d.")
                    % {"first": seen[key], "second": number},
                )
            seen.setdefault(key, number)

    @staticmethod
    def _years_worked() -> dict[tuple[int, int], set[int]]:
        """(person id, unit id) -> years in which the person worked in the unit at some time."""
        last = timezone.localdate().year + 1
        years: dict[tuple[int, int], set[int]] = defaultdict(set)
        for cadre_id, unit_id, start, end in Assignment.objects.values_list(
            "cadre_id", "unit_id", "start_date", "end_date"
        ):
            years[cadre_id, unit_id].update(range(start.year, (end.year if end else last) + 1))
        return years

    def write(self, result: ImportResult, *, actor) -> int:
        people: dict[tuple[Unit, int], dict[str, dict]] = defaultdict(lambda: {"levels": {}, "notes": {}})
        for _number, row in result.rows:
            if row["subject"] == SUBJECT_UNIT:
                services.rate_unit(
                    row["unit"], actor=actor, year=row["year"], level=row["level"], note=row["note"]
                )
            else:
                batch = people[row["unit"], row["year"]]
                batch["levels"][row["cadre"].pk] = row["level"]
                batch["notes"][row["cadre"].pk] = row["note"]
        for (unit, year), batch in people.items():
            services.rate_cadres(unit, actor=actor, year=year, **batch)
        return len(result.rows)


for _importer in (UnitImporter(), CadreImporter(), RatingImporter()):
    register(_importer)
