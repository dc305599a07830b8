"""The demo's steps, in the order `seed_demo` runs them. Each is a module with
`seed(rng, created, found)`: it writes its part through the services, counts what it made
and what it found in the two Counters, and leaves what is already there as it is.

The order is the story's: the commune and its people; the movement they work in; the past
awards (so the 2026 reports list them in section III); the 2026 round; the council, which
works on shortlists; the decisions, which award the council's final result; the year-end
reviews of 2025 (decided) and 2026 (open); last, the statistical report of 2025, which counts
what the steps before wrote.
"""

from __future__ import annotations

from . import campaigns, city, council, decisions, nominations, registry, statistics, units, yearend

SEED = 20260101  # changing it changes every invented name, birthday and rating

STEPS = (units, campaigns, registry, nominations, council, decisions, yearend, city, statistics)
