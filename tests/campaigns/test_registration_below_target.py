"""A committed level short of the year's target is marked on the registration's page, so the
unit sees it before it submits."""

import pytest
from django.urls import reverse

from campaigns.models import Registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("level", "marked"), [("55", True), ("60", False), ("82.5", False)])
def test_a_level_below_the_target_is_marked(client_for, unit_staff, campaign, online_kpi, level, marked):
    client = client_for(unit_staff)
    client.post(
        reverse("campaigns:registration_edit", args=[campaign.pk, 2026]), {f"level_{online_kpi.pk}": level}
    )
    html = client.get(Registration.objects.get().get_absolute_url()).content.decode()
    assert ("Short of the year&#x27;s target" in html or "Short of the year's target" in html) is marked
