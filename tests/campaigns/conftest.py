"""Shared movement fixtures: the 2026–2030 campaign with two ratio indicators."""

from decimal import Decimal

import pytest

from tests.factories.campaigns import CampaignFactory, IndicatorFactory, IndicatorTargetFactory


@pytest.fixture
def campaign(db):
    return CampaignFactory(code="cchc-2026-2030")


@pytest.fixture
def online_kpi(campaign, own_unit):
    """Online public service use: ≥ 80% by 2030, 60% in 2026; reported monthly by own_unit."""
    indicator = IndicatorFactory(
        campaign=campaign, code="dvc-truc-tuyen", name="Tỷ lệ sử dụng dịch vụ công trực tuyến", order=1
    )
    indicator.reporting_units.add(own_unit)
    IndicatorTargetFactory(indicator=indicator, year=2026, value=Decimal("60"))
    return indicator
