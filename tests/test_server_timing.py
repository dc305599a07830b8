"""SERVER_TIMING: the Server-Timing header (server ms, database ms, queries) the load
benchmark reads, and the bare layout it compares pages with (the floor)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, include, path, reverse

from bench.load import capacity_row, summarise
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


def test_load_summary_compares_each_page_with_its_roles_floor():
    """bench.load's figures: after the warm-up, logins left out, p50/p95 of the server time,
    the queries, errors counted, and the ratio to the floor of the same role."""

    samples = [
        [1.0, "home (VHXH)", 500.0, 400.0, 99, 200],  # warm-up: left out
        [5.0, "login", 300.0, 250.0, 4, 302],  # logins: left out
        *([6.0, "floor (VHXH)", 12.0, 10.0, 5, 200] for _ in range(3)),
        *([6.0, "floor (unit staff)", 22.0, 20.0, 9, 200] for _ in range(3)),
        [7.0, "home (VHXH)", 32.0, 30.0, 20, 200],
        [7.0, "home (VHXH)", 42.0, 40.0, 20, 200],
        [7.0, "home (VHXH)", 52.0, 50.0, 21, 200],
        [7.0, "home (VHXH)", 3.0, None, None, 302],  # an error: counted, not timed
        [8.0, "home (unit staff)", 62.0, 60.0, 22, 200],
    ]
    rows = {row["name"]: row for row in summarise(samples, warmup=5.0)}
    assert sorted(rows) == [
        "load: floor (VHXH)",
        "load: floor (unit staff)",
        "load: home (VHXH)",
        "load: home (unit staff)",
    ]
    home = rows["load: home (VHXH)"]
    detail = home["detail"]
    assert (detail["requests"], detail["errors"], detail["p50_ms"], detail["p95_ms"]) == (4, 1, 40.0, 50.0)
    assert (detail["queries"], detail["queries_max"]) == (20, 21)
    assert (home["baseline"], home["ratio"]) == (10.0, 4.0)
    assert rows["load: home (unit staff)"]["ratio"] == 3.0
    assert "ratio" not in rows["load: floor (VHXH)"]


def _step(users: int, rate: float, client_p95: float, *, passed: bool, errors: int = 0) -> list[dict]:
    page = {
        "name": "load: home (VHXH)",
        "detail": {"client_p95_ms": client_p95, "p95_ms": 9.0, "errors": errors},
    }
    first = {"figure": rate, "detail": {"users": users, "requests": 100, "passed": passed}}
    return [first, page]


def test_step_run_holds_the_last_step_before_the_first_that_failed():
    """bench.load --step: the users and rate of the last step that held, every step listed
    with its worst page's p95; a failing first step holds nothing."""
    row = capacity_row(
        [
            _step(24, 16.0, 120.0, passed=True),
            _step(48, 31.5, 480.0, passed=True),
            _step(72, 35.0, 1400.0, passed=False),
        ]
    )

    assert (row["figure"], row["detail"]["req_per_s"], row["detail"]["target"]) == (48, 31.5, 100)
    assert [(s["users"], s["worst_client_p95_ms"], s["passed"]) for s in row["detail"]["steps"]] == [
        (24, 120.0, True),
        (48, 480.0, True),
        (72, 1400.0, False),
    ]
    assert capacity_row([_step(24, 16.0, 90.0, passed=False, errors=1)])["figure"] == 0
