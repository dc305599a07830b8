"""A clerk types counts with a thousands separator ("1.234"); the grid reads 1234 and shows
the saved figures grouped the Vietnamese way. Clearing a period asks before its result is
removed, and the indicators' technical codes are not shown."""

import pytest
from django.urls import reverse

from campaigns.models import Result

pytestmark = pytest.mark.django_db


def test_counts_typed_with_thousands_separators_are_read_as_whole_numbers(
    client_for, unit_staff, online_kpi, own_unit
):
    url = reverse("campaigns:results_entry", args=[online_kpi.campaign.pk, 2025, own_unit.pk])
    key = f"{online_kpi.pk}_1"
    client = client_for(unit_staff)
    response = client.post(url, {f"n_{key}": "1.234", f"d_{key}": "2 000", f"t_{key}": ""}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert list(Result.objects.values_list("numerator", "denominator")) == [(1234, 2000)]
    html = response.content.decode()
    assert f'type="text" name="n_{key}" id="id_n_{key}" value="1.234"' in html
    assert f'type="text" name="d_{key}" id="id_d_{key}" value="2.000"' in html


def test_clearing_a_period_asks_before_removing_its_result(client_for, unit_staff, online_kpi, own_unit):
    url = reverse("campaigns:results_entry", args=[online_kpi.campaign.pk, 2025, own_unit.pk])
    key = f"{online_kpi.pk}_1"
    client = client_for(unit_staff)
    client.post(url, {f"n_{key}": "45", f"d_{key}": "60", f"t_{key}": ""})
    response = client.post(url, {f"n_{key}": "", f"d_{key}": "", f"t_{key}": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cleared 1 period: saving removes its result." in html
    assert f"{online_kpi.name} – " in html
    assert 'name="confirm_remove" value="1"' in html
    assert Result.objects.count() == 1
    assert online_kpi.code not in html
    client.post(url, {f"n_{key}": "", f"d_{key}": "", f"t_{key}": "", "confirm_remove": "1"})
    assert Result.objects.count() == 0
