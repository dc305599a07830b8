"""The audit log shows the movement's changes, including people and units added to records."""

import pytest
from django.urls import reverse

from campaigns.models import Indicator
from campaigns.services import campaign as campaign_services


@pytest.mark.django_db
def test_audit_log_lists_a_reporting_unit_added_to_an_indicator(client_for, vhxh_officer, campaign, own_unit):
    indicator = campaign_services.create_indicator(
        campaign,
        actor=vhxh_officer,
        code="mot-cua",
        name="Tỷ lệ hồ sơ đúng hạn",
        kind="ratio",
        numerator_label="Hồ sơ đúng hạn",
        denominator_label="Tổng số hồ sơ",
        final_target="95",
        reporting_units=[own_unit],
    )
    client = client_for(vhxh_officer)
    response = client.get(reverse("audit_list"))
    assert response.status_code == 200
    rows = [row for entry in response.context["object_list"] for row in entry.rows]
    assert ("Reporting units", "", f"+ {own_unit.name}") in rows
    # Every audited model can be picked in the filter, the movement's included.
    choices = [str(label) for _, label in response.context["filter_form"].fields["model"].choices]
    assert {"Indicators", "Results", "Initiatives", "People"} <= set(choices)
    assert Indicator.objects.get(pk=indicator.pk).reporting_units.get() == own_unit
