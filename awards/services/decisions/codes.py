"""Verification codes printed on certificates: 16 characters from an alphabet without
look-alikes (no 0/O, 1/I/L, U/V), 16 × log2(29) ≈ 77.7 bits from `secrets`, shown in groups of
four ("7KQ3-MX9P-4TWR-HN2C"). Typing is forgiving: case, spaces and dashes are ignored."""

from __future__ import annotations

import re
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols
LENGTH = 16
_VALID = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A fresh random code (about 77.7 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be a code at all."""
    cleaned = re.sub(r"[\s\-–.]", "", text or "").upper()
    return cleaned if _VALID.fullmatch(cleaned) else None


def grouped(code: str) -> str:
    """ "7KQ3-MX9P-4TWR-HN2C" """
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_path(code: str) -> str:
    """The public page of a code (routed by `nominations:verify`)."""
    return f"/xac-minh/{grouped(code)}/"


def verification_url(code: str) -> str:
    """The address printed in the certificate's QR code: SITE_URL + the public page."""
    return f"{settings.SITE_URL.rstrip('/')}{verification_path(code)}"
