"""A unit's staff member adds a person and finds them again by typing without diacritics."""

import re

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from units.models import Cadre, User

from .conftest import assert_styles_loaded, check_accessibility, log_in, vi

pytestmark = [pytest.mark.browser]

OWN_UNIT = "Trung tâm Phục vụ hành chính công"
NEW_NAME = "Nguyễn Thị Ánh Tuyết"


def test_unit_staff_adds_a_person_and_finds_them_without_diacritics(page, demo_data):
    donvi1 = User.objects.get(username="donvi1")

    log_in(page, "donvi1")
    assert_styles_loaded(page)
    expect(page.locator("h1")).to_have_text(vi("Hello, %(name)s") % {"name": donvi1})
    check_accessibility(page)

    page.locator("#mainnav a.nav-link[href='/people/']").click()
    page.wait_for_url("**/people/")
    expect(page.locator("h1")).to_have_text(vi("People"))
    unit_cells = page.locator("table tbody tr td:nth-child(4)")
    expect(unit_cells.first).to_have_text(OWN_UNIT)
    # Only their own unit's people, on every row shown.
    assert set(unit_cells.all_inner_texts()) == {OWN_UNIT}
    check_accessibility(page)

    page.locator("a[href='/people/new/']").click()
    page.wait_for_url("**/people/new/")
    expect(page.locator("h1")).to_have_text(vi("New person"))
    expect(page.locator("#id_unit option:checked")).to_have_text(OWN_UNIT)
    page.locator("#id_full_name").fill(NEW_NAME)
    page.locator("#id_sex").select_option("female")
    page.locator("#id_date_of_birth").fill("1990-05-17")
    page.locator("#id_position").fill("Chuyên viên một cửa")
    page.locator("#id_category").select_option("vien_chuc")
    check_accessibility(page)
    page.locator("#submit-id-submit").click()

    page.wait_for_url(re.compile(r"/people/\d+/$"))
    cadre = Cadre.objects.get(full_name=NEW_NAME)
    assert page.url.endswith(f"/people/{cadre.pk}/")
    assert (cadre.unit.name, cadre.sex, str(cadre.date_of_birth)) == (OWN_UNIT, "female", "1990-05-17")
    expect(page.locator("h1")).to_have_text(NEW_NAME)
    expect(page.locator(".alert-success")).to_contain_text(vi("%(name)s was added.") % {"name": NEW_NAME})
    facts = page.locator("dl dd")
    expect(facts.nth(0)).to_have_text(vi("Female"))
    expect(facts.nth(1)).to_have_text("17/05/1990")
    expect(facts.nth(2)).to_have_text("Chuyên viên một cửa")
    expect(facts.nth(4)).to_have_text(OWN_UNIT)
    check_accessibility(page)

    page.locator(".breadcrumb a[href='/people/']").click()
    page.wait_for_url("**/people/")
    page.locator("#id_q").fill("anh tuyet")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**/people/?q=anh+tuyet*")

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    link = rows.first.locator("td").first.locator("a")
    expect(link).to_have_text(NEW_NAME)
    expect(link).to_have_attribute("href", f"/people/{cadre.pk}/")
    expect(rows.first.locator("td").nth(3)).to_have_text(OWN_UNIT)
    with translation.override("vi"):
        found = ngettext("%(n)s person found", "%(n)s people found", 1) % {"n": 1}
    expect(page.get_by_role("status")).to_have_text(found)
    check_accessibility(page)
