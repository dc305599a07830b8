"""The import framework itself: rows given in code go through the sheet's parsers, and an
app's own error while writing refuses the whole import with its message."""

import pytest
from django.utils import translation

from thiduaportal import excel
from thiduaportal.excel import Column, RowError
from thiduaportal.imports import Importer, ImportRefused, ImportResult
from units.models import Unit, UnitKind
from units.services import UnitsError


class _UnitNames(Importer):
    """Writes one unit per row, then fails as the app's service would."""

    kind, title, permission = "test-units", "Thử", "units.import_units"
    columns = (
        Column("name", "Tên", excel.text(20), True),
        Column("year", "Năm", excel.integer(2000, 2100), default=None),
    )
    explained = (UnitsError,)

    def __init__(self, failure: Exception):
        self.failure = failure

    def check(self, result: ImportResult, *, user) -> None:
        pass

    def write(self, result: ImportResult, *, actor) -> int:
        for _number, row in result.rows:
            Unit.objects.create(name=row["name"], kind=UnitKind.OTHER)
        raise self.failure


def test_rows_in_code_are_parsed_and_numbered_as_in_a_sheet():
    with translation.override("en"):
        result = _UnitNames(UnitsError("x")).parse_rows(
            [{"name": "  Thôn  Mai "}, {"name": "", "year": 1999}, {"name": "Thôn Đông", "year": 2026.0}],
            user=None,
            first_row=5,
        )
    assert result.rows == [(5, {"name": "Thôn Mai", "year": None}), (7, {"name": "Thôn Đông", "year": 2026})]
    assert result.raw == [(5, ["Thôn  Mai", ""]), (6, ["", "1999"]), (7, ["Thôn Đông", "2026"])]
    assert result.errors == [
        RowError(6, "Tên", "Required; the cell is empty."),
        RowError(6, "Năm", "Expected a whole number from 2000 to 2100."),
    ]


@pytest.mark.django_db
def test_an_explained_error_while_writing_refuses_everything_with_its_message(vhxh_officer):
    importer = _UnitNames(UnitsError("“Thôn Mai” is archived."))
    result = importer.parse_rows([{"name": "Thôn Mai"}, {"name": "Thôn Đông"}], user=vhxh_officer)
    with pytest.raises(ImportRefused, match="^“Thôn Mai” is archived.$"):
        importer.import_(result, actor=vhxh_officer)
    assert not Unit.objects.filter(name__in=["Thôn Mai", "Thôn Đông"]).exists()


@pytest.mark.django_db
def test_an_unexpected_error_is_not_dressed_as_a_refusal(vhxh_officer):
    importer = _UnitNames(RuntimeError("disk full"))
    result = importer.parse_rows([{"name": "Thôn Mai"}], user=vhxh_officer)
    with pytest.raises(RuntimeError, match="disk full"):
        importer.import_(result, actor=vhxh_officer)
    assert not Unit.objects.filter(name="Thôn Mai").exists()
