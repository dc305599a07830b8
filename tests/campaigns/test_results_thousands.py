"""A clerk types counts with a thousands separator ("1.234"); the grid reads 1234 and shows
the saved figures grouped the Vietnamese way."""

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
