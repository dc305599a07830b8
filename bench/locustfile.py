"""The load benchmark's users, for locust (run by `bench.load`, not on its own).

`bench.load` passes the plan in LOAD_PLAN (JSON): the password and, for each role, its
accounts, how many simulated users it gets and the pages they open:

    {"password": "...", "roles": {"VHXH": {"users": 8, "accounts": ["vhxh"],
                                           "pages": {"home": "/", "floor": "/floor/", ...}}}}

A page is a URL or [URL, headers]. Each simulated user (but the anonymous ones) signs in through the login form (CSRF token included), then opens one of
its role's pages at random, waits 1–2 s like a person reading, and again. Every response's
`Server-Timing` header (SERVER_TIMING on the server) gives the server's time and query count;
each request is kept as one sample, written as JSON to LOAD_SAMPLES when locust stops:
{"samples": [[seconds since start, name, client ms, server ms, queries, status], ...],
 "steps": [...]}.

A plan with "steps" (`bench.load --step`) is a step run: the roles get the plan's users as
weights rather than fixed counts, and `StepShape` raises the number of users step by step
({"users": [24, 48, ...], "seconds": 60, "settle": 15, "p95_ms": 1000}). Each step is held
for its seconds; its first `settle` seconds (new users signing in, queues filling) are not
measured. At the end of each step, if any page's p95 (client time) passed `p95_ms` or any
request failed, the run stops there. "steps" lists each step's users and measured window
(in the samples' seconds).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, LoadTestShape, between, events, task

PLAN = json.loads(os.environ["LOAD_PLAN"])
STARTED = time.monotonic()
SAMPLES: list[list] = []
STEPS: list[dict] = []
APP = re.compile(r"app;dur=([\d.]+)")
QUERIES = re.compile(r'queries;desc="(\d+)"')


@events.request.add_listener
def _record(name, response_time, response=None, exception=None, **_kwargs):
    timing = response.headers.get("Server-Timing", "") if response is not None else ""
    app, queries = APP.search(timing), QUERIES.search(timing)
    SAMPLES.append(
        [
            round(time.monotonic() - STARTED, 3),
            name,
            round(response_time, 2),
            float(app.group(1)) if app else None,
            int(queries.group(1)) if queries else None,
            getattr(response, "status_code", 0) if exception is None or response is not None else 0,
        ]
    )


@events.quitting.add_listener
def _write(**_kwargs):
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as out:
        json.dump({"samples": SAMPLES, "steps": STEPS}, out)


def _role_user(label: str, spec: dict) -> type[HttpUser]:
    accounts = itertools.cycle(spec["accounts"])
    pages = list(spec["pages"].items())

    class RoleUser(HttpUser):
        # A step run spreads any number of users over the roles in the plan's proportions.
        fixed_count = 0 if "steps" in PLAN else spec["users"]
        weight = spec["users"]
        wait_time = between(1, 2)

        def on_start(self):
            if not spec["accounts"]:  # anonymous: the public pages, no sign-in
                return
            form = self.client.get("/accounts/login/", name="login form")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
            response = self.client.post(
                "/accounts/login/",
                {
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "username": next(accounts),
                    "password": PLAN["password"],
                },
                headers={"Referer": self.host + "/accounts/login/"},
                name="login",
                allow_redirects=False,
            )
            if response.status_code != 302:
                raise RuntimeError(f"{label}: login answered {response.status_code}")

        @task
        def page(self):
            name, url = random.choice(pages)  # noqa: S311 - picking a page, not a secret
            url, headers = (url, None) if isinstance(url, str) else url
            with self.client.get(
                url, name=f"{name} ({label})", headers=headers, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    RoleUser.__name__ = RoleUser.__qualname__ = "User" + re.sub(r"\W", "", label)
    return RoleUser


for _label, _spec in PLAN["roles"].items():
    _cls = _role_user(_label, _spec)
    globals()[_cls.__name__] = _cls
del _label, _spec, _cls  # locust takes every User class in the module's globals once


def step_passed(since: float, until: float, limit_ms: float) -> bool:
    """Whether the requests finished in [since, until) all answered 200 and every page's
    p95 client time stayed within `limit_ms` (nearest rank, as bench.common.median_p95)."""
    times: dict[str, list[float]] = {}
    for at, name, client_ms, _server, _queries, status in SAMPLES:
        if since <= at < until and not name.startswith("login"):
            if status != 200:
                return False
            times.setdefault(name, []).append(client_ms)
    for group in times.values():
        group.sort()
        if group[min(len(group) - 1, round(0.95 * (len(group) - 1)))] > limit_ms:
            return False
    return bool(times)


if "steps" in PLAN:

    class StepShape(LoadTestShape):
        """Users step by step (PLAN["steps"]); stops after the first step that fails."""

        config = PLAN["steps"]

        def tick(self):
            seconds, settle = self.config["seconds"], self.config["settle"]
            now = time.monotonic() - STARTED
            if not STEPS:
                STEPS.append({"users": self.config["users"][0], "start": now, "since": now + settle})
            step = STEPS[-1]
            if now < step["start"] + seconds:
                return step["users"], self.config["spawn_rate"]
            step["until"] = now
            step["passed"] = step_passed(step["since"], now, self.config["p95_ms"])
            index = len(STEPS)
            if not step["passed"] or index >= len(self.config["users"]):
                return None
            STEPS.append({"users": self.config["users"][index], "start": now, "since": now + settle})
            return STEPS[-1]["users"], self.config["spawn_rate"]
