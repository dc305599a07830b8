"""A fixed-window counter in the cache, for the few forms an attacker would repeat: the
password reset (per address typed and per client address). With CACHE_URL on Redis every
web process shares the counters; the default cache counts per process."""

from __future__ import annotations

import time

from django.core.cache import cache


def take(bucket: str, key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one attempt of `key` in `bucket` for the current window of `window` seconds.
    True while the count stays within `limit`; False once it is over (the attempt is
    still counted, so hammering does not reopen the window)."""
    now = time.time() if now is None else now
    name = f"rate:{bucket}:{key}:{int(now // window)}"
    cache.add(name, 0, timeout=window + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window + 5)
        count = 1
    return count <= limit
