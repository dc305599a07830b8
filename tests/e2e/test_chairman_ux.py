"""The chairman's decision pages read as a Vietnamese official reads them, in an
English-language browser at 1366 px and on a 360 px phone: the decision list heads its
subject-line column "Trích yếu" and calls an award decision "Khen thưởng" (not an award
form), the issued decision names the person who issued it as such (not the issuing body),
and the draft's time reads "lúc", not "ngày"."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Decision, DecisionKind

from .conftest import check_accessibility, log_in
from .test_council_ux import DESKTOP_1366, EN, PHONE_360, VI, fits_the_screen, open_page  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser]


def test_decision_list_heads_its_columns_as_an_official_reads_them(open_page, demo_data):  # noqa: F811
    award = Decision.objects.get(kind=DecisionKind.AWARD, number=141)  # the ad hoc round's
    page = open_page(DESKTOP_1366, EN)
    log_in(page, "chutich")
    page.goto(reverse("awards:decision_list"))
    headers = page.locator("table thead th").all_inner_texts()
    assert headers[2] == "Trích yếu", headers
    row = page.locator("table tbody tr").filter(
        has=page.locator("td:first-child", has_text=award.number_text)
    )
    expect(row.locator("td").nth(3)).to_have_text("Khen thưởng")
    check_accessibility(page)


def test_issued_decision_names_who_issued_it_and_when_it_was_drafted(open_page, demo_data):  # noqa: F811
    award = Decision.objects.get(kind=DecisionKind.AWARD, number=141)  # the ad hoc round's
    page = open_page(PHONE_360, VI)
    log_in(page, "chutich")
    page.goto(reverse("awards:decision_detail", args=[award.pk]))
    issued = page.locator("dt", has_text="Người ban hành")
    expect(issued).to_have_count(1)
    expect(page.locator("dt", has_text="Cơ quan ban hành")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"Do {award.created_by} soạn thảo lúc ")
    expect(page.locator("main")).not_to_contain_text("soạn thảo ngày")
    fits_the_screen(page)
    check_accessibility(page)
