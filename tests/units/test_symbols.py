"""Units' short names are their ký hiệu in document numbers (NĐ 30/2020): capitals and digits,
groups joined by hyphens, no spaces. Checked in the unit form, in the unit import and in the
demo's data."""

import pytest
from django.utils import translation

from demo.units import UNITS
from tests.units.test_imports import UNIT_HEADERS, errors_of, parse, xlsx
from thiduaportal.documents import is_symbol
from units.forms import UnitForm
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
RULE = (
    "The short name is the unit's ký hiệu in document numbers: capitals and digits without spaces, "
    "groups joined by a hyphen (-), e.g. “TTPVHCC” or “PKT”."
)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _form(short_name: str) -> UnitForm:
    return UnitForm(
        data={"name": "Trung tâm Phục vụ hành chính công", "short_name": short_name, "kind": UnitKind.CENTRE}
    )


@pytest.mark.parametrize("short_name", ["TT PVHCC", "Phòng KT", "ĐoànTNxã", "HĐND-", "BB--PKT"])
def test_unit_form_refuses_a_short_name_that_is_no_symbol(english, short_name):
    form = _form(short_name)
    assert not form.is_valid()
    assert form.errors["short_name"] == [RULE]


@pytest.mark.parametrize("short_name", ["TTPVHCC", "PKT", "ĐTN", "HĐND-UBND", ""])
def test_unit_form_accepts_a_symbol(short_name):
    form = _form(short_name)
    assert form.is_valid(), form.errors
    assert form.save().short_name == short_name


def test_unit_import_refuses_a_short_name_with_spaces_naming_row_and_column(english, vhxh_officer):
    rows = [["Phòng Kinh tế", "Phòng KT", "Phòng, ban chuyên môn", "", "Không", "", ""]]
    result = parse("units", xlsx(UNIT_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [(2, "Tên viết tắt", RULE)]
    assert not Unit.objects.filter(name="Phòng Kinh tế").exists()


def test_every_demo_unit_has_a_symbol_for_short_name():
    assert [spec.short_name for spec in UNITS if not is_symbol(spec.short_name)] == []
    assert {spec.name: spec.short_name for spec in UNITS}["Thôn Quất Động"] == "TQĐ"
