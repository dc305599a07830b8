"""Excel import of results: one row per unit, indicator and period; every row is checked
by the same rules as the entry form (`campaigns.services.results.check_results`), then
all rows are written in one transaction, or none.

The importer registers itself on the shared import screens when the app is ready.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduaportal import excel
from thiduaportal.excel import CellError, Column
from thiduaportal.imports import DELETE_EXAMPLE, Importer, ImportRefused, ImportResult, register
from thiduaportal.text import fold
from units.imports import UnitRowsImporter
from units.models import Unit

from .models import Frequency, Indicator, IndicatorKind
from .services.results import ResultEntry, ResultsError, check_results, save_results


def number(value: Any) -> Decimal:
    """A number as typed: a Number cell, or text with a decimal point or comma. Whether it
    must be whole or within 0–100 is the results rules' say, so the messages match the form."""
    if isinstance(value, bool):
        raise CellError(_("Expected a number."))
    if isinstance(value, int | float | Decimal):
        result = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise CellError(_("Expected a number.")) from None
    if not result.is_finite():
        raise CellError(_("Expected a number."))
    return result


RESULT_COLUMNS = (
    Column("year", "Năm", excel.integer(2000, 2100), True, 8, timezone.localdate().year, default=None),
    Column(
        "period",
        "Kỳ",
        excel.integer(1, 12),
        True,
        8,
        1,
        hint="Số tháng (1–12) với chỉ tiêu báo cáo hằng tháng; số quý (1–4) với chỉ tiêu báo cáo hằng quý",
        default=None,
    ),
    Column(
        "code",
        "Mã chỉ tiêu",
        excel.text(40),
        width=18,
        example="dvc-truc-tuyen",
        hint="Mã chỉ tiêu (xem danh sách bên dưới); có thể bỏ trống nếu điền cột Chỉ tiêu",
    ),
    Column("name", "Chỉ tiêu", excel.text(255), width=40, hint="Tên chỉ tiêu, khi không điền mã"),
    Column(
        "unit",
        "Đơn vị",
        excel.text(200),
        True,
        34,
        "Trung tâm Phục vụ hành chính công",
        hint="Tên đơn vị đã có; cán bộ đơn vị chỉ nhập kết quả của đơn vị mình",
    ),
    Column(
        "numerator",
        "Tử số",
        number,
        width=10,
        example=45,
        hint="Số nguyên, không âm; chỉ với chỉ tiêu tỷ lệ",
        default=None,
    ),
    Column(
        "denominator",
        "Mẫu số",
        number,
        width=10,
        example=60,
        hint="Số nguyên, không âm, không nhỏ hơn tử số; chỉ với chỉ tiêu tỷ lệ",
        default=None,
    ),
    Column(
        "value",
        "Giá trị",
        number,
        width=10,
        hint="Chỉ với chỉ tiêu phần trăm (0–100) hoặc điểm; tối đa hai chữ số thập phân",
        default=None,
    ),
    Column("note", "Ghi chú", excel.text(255), width=30),
)
# Which column shows a problem the results rules report on a field.
FIELD_COLUMNS = {
    "year": "year",
    "period": "period",
    "indicator": "code",
    "unit": "unit",
    "numerator": "numerator",
    "denominator": "denominator",
    "value": "value",
    "note": "note",
}
KIND_HINTS = {
    IndicatorKind.RATIO: "tỷ lệ, điền Tử số và Mẫu số",
    IndicatorKind.PERCENT: "phần trăm, điền Giá trị",
    IndicatorKind.SCORE: "điểm, điền Giá trị",
}
FREQUENCY_HINTS = {Frequency.MONTHLY: "báo cáo hằng tháng", Frequency.QUARTERLY: "báo cáo hằng quý"}


class ResultImporter(UnitRowsImporter):
    kind, title, permission, columns = (
        "results",
        "Kết quả chỉ tiêu",
        "campaigns.import_results",
        RESULT_COLUMNS,
    )
    heading = gettext_lazy("Import results from Excel")
    help_text = gettext_lazy(
        "One row per unit, indicator and month (or quarter). Ratio indicators take the numerator "
        "and the denominator; percentage and score indicators take the value. A period that "
        "already has a result is corrected on the results entry screen, not imported again. "
        "Unit staff import results of their own unit only."
    )
    after_import = "campaigns:results_list"

    def template(self, *, user=None) -> bytes:
        """The template, its guide listing the indicators open for results this year, with
        drop-down lists of those indicators and of the units the user may enter results for."""
        year = timezone.localdate().year
        indicators = [
            i for i in Indicator.objects.select_related("campaign") if i.campaign.accepts_results_for(year)
        ]
        lines = [
            f"{i.code}: {i.name} ({KIND_HINTS[i.kind]}; {FREQUENCY_HINTS[i.frequency]}) – {i.campaign}"
            for i in indicators
        ]
        notes = [DELETE_EXAMPLE, "Các chỉ tiêu đang nhận kết quả:", *lines] if lines else [DELETE_EXAMPLE]
        units = Unit.objects.active() if user is None else Unit.objects.visible_to(user).active()
        units = units.order_by("name").values_list("name", flat=True)
        choices = {
            "code": [i.code for i in indicators],
            "name": [i.name for i in indicators],
            "unit": list(units),
        }
        return excel.template_bytes(self.columns, title=self.title, notes=notes, choices=choices)

    def check(self, result: ImportResult, *, user) -> None:
        units = {unit.search_name: unit for unit in Unit.objects.all()}
        lookup = _IndicatorLookup(Indicator.objects.select_related("campaign"))
        allowed: dict[int, bool] = {}
        seen: dict[tuple, int] = {}
        groups: dict[tuple, list[tuple[int, ResultEntry]]] = defaultdict(list)
        for number_, row in result.rows:
            unit = self.resolve_unit(result, number_, row, units)
            if unit is not None:
                if unit.pk not in allowed:
                    allowed[unit.pk] = user.has_perm("campaigns.enter_results", unit)
                if not allowed[unit.pk]:
                    result.error(
                        number_,
                        self.header("unit"),
                        _("You may only import results of your own unit, not of “%(name)s”.")
                        % {"name": unit.name},
                    )
                    unit = None
            indicator = lookup.find(result, number_, row, self)
            if unit is None or indicator is None:
                continue
            key = (unit.pk, indicator.pk, row["year"], row["period"])
            if key in seen:
                result.error(
                    number_,
                    self.header("period"),
                    _("This result appears twice in the file, on rows %(first)d and %(second)d.")
                    % {"first": seen[key], "second": number_},
                )
                continue
            seen[key] = number_
            row["unit"], row["indicator"] = unit, indicator
            groups[indicator.campaign, unit, row["year"]].append((number_, _entry(indicator, row)))
        for (campaign, unit, year), items in groups.items():
            entries = [entry for _n, entry in items]
            problems = check_results(
                unit, campaign=campaign, year=year, entries=entries, update_existing=False
            )
            for problem in problems:
                result.error(
                    items[problem.index][0], self.header(FIELD_COLUMNS[problem.field]), problem.message
                )

    def write(self, result: ImportResult, *, actor) -> int:
        groups: dict[tuple, list[ResultEntry]] = defaultdict(list)
        for _number, row in result.rows:
            indicator = row["indicator"]
            groups[indicator.campaign, row["unit"], row["year"]].append(_entry(indicator, row))
        for (campaign, unit, year), entries in groups.items():
            try:
                save_results(
                    unit, campaign=campaign, year=year, actor=actor, entries=entries, update_existing=False
                )
            except ResultsError as error:
                raise ImportRefused(
                    _("The data changed while importing; nothing was imported. Check the file again.")
                ) from error
        return len(result.rows)


def _entry(indicator: Indicator, row: dict) -> ResultEntry:
    return ResultEntry(
        indicator=indicator,
        period=row["period"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        value=row["value"],
        note=row["note"],
    )


class _IndicatorLookup:
    """Find a row's indicator by its code or its name, in the campaign that takes results
    for the row's year when codes repeat across campaigns."""

    def __init__(self, indicators):
        self.by_code: dict[str, list[Indicator]] = defaultdict(list)
        self.by_name: dict[str, list[Indicator]] = defaultdict(list)
        for indicator in indicators:
            self.by_code[indicator.code.casefold()].append(indicator)
            self.by_name[fold(indicator.name)].append(indicator)

    def find(self, result: ImportResult, number_: int, row: dict, importer: Importer) -> Indicator | None:
        code, name = row["code"], row["name"]
        header = importer.header("code") if code else importer.header("name")
        if not code and not name:
            result.error(number_, importer.header("code"), _("Enter the indicator's code or its name."))
            return None
        found = self.by_code.get(code.casefold(), []) if code else self.by_name.get(fold(name), [])
        if len(found) > 1:
            found = [i for i in found if i.campaign.accepts_results_for(row["year"])] or found
        if not found:
            message = (
                _("Unknown indicator code “%(code)s”.") % {"code": code}
                if code
                else _("Unknown indicator “%(name)s”.") % {"name": name}
            )
            result.error(number_, header, message)
            return None
        if len(found) > 1:
            result.error(
                number_,
                header,
                _("“%(value)s” names an indicator in several campaigns that take results for %(year)s.")
                % {"value": code or name, "year": row["year"]},
            )
            return None
        indicator = found[0]
        if code and name and fold(name) != fold(indicator.name):
            result.error(
                number_,
                importer.header("name"),
                _("The code “%(code)s” is the indicator “%(indicator)s”, not “%(name)s”.")
                % {"code": code, "indicator": indicator.name, "name": name},
            )
            return None
        return indicator


register(ResultImporter())
