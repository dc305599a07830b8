"""SERVER_TIMING: the Server-Timing header (server ms, database ms, queries) the load
benchmark reads, and the bare layout it compares pages with (the floor)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, include, path, reverse

from thiduaportal.views import FloorView

# With SERVER_TIMING on, thiduaportal.urls adds the floor like this (its setting is read at import).
urlpatterns = [path("", include("thiduaportal.urls")), path("floor/", FloorView.as_view(), name="floor")]

TIMING = re.compile(r'^app;dur=(?P<app>[\d.]+), db;dur=(?P<db>[\d.]+), queries;desc="(?P<queries>\d+)"$')


@pytest.fixture
def timed(settings):
    settings.MIDDLEWARE = ["thiduaportal.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]
    settings.ROOT_URLCONF = __name__


def test_off_by_default_no_header_and_no_floor(client, vhxh_officer):
    client.force_login(vhxh_officer)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Server-Timing" not in response
    with pytest.raises(NoReverseMatch):
        reverse("floor")


def test_header_counts_the_queries_of_the_request(timed, vhxh_officer):
    client = Client()
    client.force_login(vhxh_officer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    timing = TIMING.match(response["Server-Timing"])
    assert timing, response["Server-Timing"]
    assert int(timing["queries"]) == len(captured.captured_queries) > 0
    assert 0 < float(timing["db"]) <= float(timing["app"])


def test_floor_is_the_layout_alone_for_the_signed_in_user(timed, unit_staff):
    client = Client()
    assert client.get(reverse("floor"))["Location"].startswith(reverse("login"))
    client.force_login(unit_staff)
    response = client.get(reverse("floor"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] == ["floor.html", "base.html"]
    assert (
        unit_staff.username in response.content.decode() or unit_staff.full_name in response.content.decode()
    )
    home = client.get(reverse("home"))
    floor_queries = int(TIMING.match(response["Server-Timing"])["queries"])
    assert floor_queries < int(TIMING.match(home["Server-Timing"])["queries"])
