"""The client's address, for login throttling and rate limits.

Without a proxy (PROXY_COUNT=0) it is REMOTE_ADDR and nothing a client sends can change it.
Behind PROXY_COUNT trusted proxies, each appending the address it saw to X-Forwarded-For, it
is the entry the outermost trusted proxy appended: the PROXY_COUNT-th from the right.
Entries further left were written by the client and are ignored.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """The address to count requests against (see the module docstring)."""
    count = settings.AXES_IPWARE_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if not count:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    return forwarded[-count] if len(forwarded) >= count else remote
