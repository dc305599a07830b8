"""The public CCHC page: the movement, its targets and the commune's rates, published
posts only, no unit's figures, nothing of the visitor, no markup from writers."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Frequency
from tests.factories import UnitFactory, UserFactory
from tests.factories.campaigns import (
    CampaignFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    PostFactory,
    ResultFactory,
)

pytestmark = pytest.mark.django_db
HOME = reverse("campaigns:public_home")


def shown_year(campaign) -> int:
    return min(max(timezone.localdate().year, campaign.start_year), campaign.end_year)


@pytest.fixture
def centre(db):
    return UnitFactory(name="Trung tâm dịch vụ tổng hợp")


@pytest.fixture
def rates_of_the_year(campaign, online_kpi, own_unit, other_unit):
    """Online use 130/200 = 65% against 60% (reached); digitisation 50% against 85%
    (behind); online payment has no result."""
    year = shown_year(campaign)
    if year != 2026:  # online_kpi has its 2026 target already
        IndicatorTargetFactory(indicator=online_kpi, year=year, value=Decimal("60"))
    ResultFactory(indicator=online_kpi, unit=own_unit, year=year, period=1, numerator=60, denominator=100)
    ResultFactory(indicator=online_kpi, unit=other_unit, year=year, period=1, numerator=70, denominator=100)
    digitised = IndicatorFactory(
        campaign=campaign,
        name="Tỷ lệ số hóa hồ sơ",
        final_target=Decimal("100"),
        order=2,
        frequency=Frequency.QUARTERLY,
    )
    IndicatorTargetFactory(indicator=digitised, year=year, value=Decimal("85"))
    ResultFactory(indicator=digitised, unit=own_unit, year=year, period=1, numerator=50, denominator=100)
    IndicatorFactory(campaign=campaign, name="Tỷ lệ thanh toán trực tuyến", order=3)
    return year


def rows_of(response):
    return [
        (item.indicator.name, item.indicator.final_target, item.target, item.percent, item.year_status)
        for _campaign, _year, statuses, _until in response.context["movements"]
        for item in statuses
    ]


def test_page_says_to_which_month_its_figures_run(commune, campaign, rates_of_the_year):
    """A monthly result for January and a quarterly one for the first quarter: to March."""
    response = Client().get(HOME)
    assert [until for *_rest, until in response.context["movements"]] == [3]
    assert f"(số liệu đến hết tháng 3/{rates_of_the_year})" in response.content.decode()


def test_anonymous_visitor_sees_targets_and_the_communes_rates(commune, campaign, rates_of_the_year):
    response = Client().get(HOME)
    assert response.status_code == 200
    assert rows_of(response) == [
        (
            "Tỷ lệ sử dụng dịch vụ công trực tuyến",
            Decimal("80.00"),
            Decimal("60.00"),
            Decimal("65.00"),
            "reached",
        ),
        ("Tỷ lệ số hóa hồ sơ", Decimal("100.00"), Decimal("85.00"), Decimal("50.00"), "behind"),
        ("Tỷ lệ thanh toán trực tuyến", Decimal("80.00"), None, None, "no_data"),
    ]
    page = response.content.decode()
    assert "Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân" in page
    assert "65%" in page
    assert "50%" in page
    # No unit's own figures and no unit's name: the commune's totals only.
    assert "Trung tâm Phục vụ hành chính công" not in page
    assert "Phòng Kinh tế" not in page
    assert "60/100" not in page


def test_rates_are_written_with_a_decimal_comma(campaign, online_kpi, own_unit):
    year = shown_year(campaign)
    ResultFactory(indicator=online_kpi, unit=own_unit, year=year, period=1, numerator=2, denominator=3)
    page = Client().get(HOME).content.decode()
    assert "66,67%" in page


def test_a_campaign_not_public_is_not_shown(campaign, online_kpi):
    CampaignFactory(code="noi-bo", title="Phong trào nội bộ", is_public=False)
    response = Client().get(HOME)
    assert [c.title for c, _year, _rows, _until in response.context["movements"]] == [campaign.title]
    assert "Phong trào nội bộ" not in response.content.decode()


def test_only_published_posts_are_listed_newest_first(centre):
    now = timezone.now()
    for days in range(8):
        PostFactory(
            unit=centre,
            title=f"Tin {days}",
            is_published=True,
            published_at=now - timezone.timedelta(days=days),
        )
    PostFactory(unit=centre, title="Bản nháp chưa đăng")
    response = Client().get(HOME)
    assert [p.title for p in response.context["posts"]] == [
        "Tin 0",
        "Tin 1",
        "Tin 2",
        "Tin 3",
        "Tin 4",
        "Tin 5",
    ]
    assert "Bản nháp chưa đăng" not in response.content.decode()


def test_a_post_reads_as_paragraphs_and_its_markup_is_shown_not_run(centre):
    author = UserFactory(full_name="Nguyễn Văn Tác Giả")
    post = PostFactory(
        unit=centre,
        author=author,
        title="<b>Tiêu đề</b>",
        summary='<img src=x onerror="alert(2)">',
        body="<script>alert(1)</script>\nDòng hai\n\nĐoạn hai",
        is_published=True,
        published_at=timezone.now(),
    )
    page = Client().get(reverse("campaigns:public_post", args=[post.pk])).content.decode()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>Dòng hai</p>\n\n<p>Đoạn hai</p>" in page
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert "<script>" not in page
    assert "<img" not in page
    assert "Nguyễn Văn Tác Giả" not in page  # no personal data: the publishing unit only
    assert "Trung tâm dịch vụ tổng hợp" in page


def test_the_page_holds_nothing_of_the_visitor(commune, campaign, online_kpi, vhxh_officer, centre):
    PostFactory(unit=centre, is_published=True, published_at=timezone.now())
    anonymous = Client().get(HOME)
    signed_in = Client()
    signed_in.force_login(vhxh_officer)
    page = signed_in.get(HOME)
    assert page.content == anonymous.content
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies
    assert "sessionid" not in page.cookies
    assert "Cache-Control" not in page
    assert f'href="{reverse("login")}"' in page.content.decode()
    # The language switch is a link: no form, no token.
    assert f'href="{reverse("choose_language", args=["en"])}?next=/cchc/"' in page.content.decode()
    assert "Đăng nhập" in page.content.decode()


def test_public_page_queries_do_not_grow_with_results_and_posts(
    commune, campaign, online_kpi, own_unit, centre, django_assert_max_num_queries
):
    year = shown_year(campaign)
    ResultFactory(indicator=online_kpi, unit=own_unit, year=year, period=1)
    PostFactory(unit=centre, is_published=True, published_at=timezone.now())
    client = Client()
    # One more than the posts' and the targets': how far the figures run (per movement);
    # and the data version the rates are cached under (campaigns.services.versions).
    with django_assert_max_num_queries(11) as one:
        client.get(HOME)
    for month in range(2, 13):
        ResultFactory(indicator=online_kpi, unit=own_unit, year=year, period=month)
    for unit in UnitFactory.create_batch(5):
        ResultFactory(indicator=online_kpi, unit=unit, year=year, period=1)
    for extra in IndicatorFactory.create_batch(3, campaign=campaign):
        ResultFactory(indicator=extra, unit=own_unit, year=year, period=1)
    PostFactory.create_batch(10, unit=centre, is_published=True, published_at=timezone.now())
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(HOME)
    assert len(rows_of(response)) == 4


def test_post_page_costs_two_queries_at_most_beyond_the_commune(centre, django_assert_max_num_queries):
    post = PostFactory(unit=centre, is_published=True, published_at=timezone.now())
    with django_assert_max_num_queries(2):
        response = Client().get(reverse("campaigns:public_post", args=[post.pk]))
    assert response.context["post"] == post
