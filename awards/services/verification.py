"""Public verification of a certificate by its printed code (REFERENCE §5, issue 6 item 6).

Anyone holding a Giấy khen or a title's Giấy chứng nhận may type or scan its code and learn only: the award, the
recipient's name, the decision's number and date, whether the award stands or was revoked
(and by which decision), and whether the decision's stored PDF still carries an intact
digital signature. Nothing else of the portal is reachable from there.

Lookups are rate-limited per client address and minute through Django's cache (atomic
`add` and `incr`). With the default local-memory cache each process counts on its own; a
deployment with several processes needs a shared cache (Redis) for the limit to hold.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import certificates
from awards.models import Award, AwardSource, Decision
from awards.services.decisions import codes
from nominations.services import NominationError
from thiduaportal import signing, tenancy

logger = logging.getLogger(__name__)
FORMAT_MESSAGE = gettext_lazy(
    "A verification code has 16 characters: the digits 2 to 9 and the letters A to Z without "
    "I, L, O, U and V (dashes and spaces are ignored). Check the code printed under the QR code."
)
RATE_WINDOW = 60  # seconds


class VerificationError(NominationError):
    """A code that cannot be verified; the message says why."""


class MalformedCode(VerificationError):
    """The text cannot be a verification code at all."""


class UnknownCode(VerificationError):
    """The code is well formed but no certificate carries it."""


@dataclass(frozen=True)
class DocumentSignature:
    """What the verification page says about the decision's stored PDF."""

    state: str  # "intact", "modified", "unsigned" or "missing"
    signer: str = ""
    signed_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Verification:
    """Everything the public page shows, and nothing more."""

    code: str
    award_name: str
    recipient_name: str
    decision_number: str
    decision_date: datetime.date
    valid: bool
    revoked_by_number: str = ""
    revoked_on: datetime.date | None = None
    signature: DocumentSignature | None = None
    # The People's Committee that issued it: codes are unique across every commune of the install.
    issuer: str = ""


def find_award(text: str) -> Award:
    """The portal award whose certificate carries this code (case, spaces and dashes
    ignored). Raises MalformedCode or UnknownCode."""
    code = codes.normalise(text)
    if code is None:
        raise MalformedCode(str(FORMAT_MESSAGE), field="code")
    with tenancy.everywhere():  # a code names one award among every commune's
        award = (
            Award.objects.filter(code=code, source=AwardSource.PORTAL)
            .select_related("decision", "revoked_by", "commune", "award_form")
            .first()
        )
    if award is None:
        raise UnknownCode(
            _("No certificate carries the code %(code)s. Check each character against the certificate.")
            % {"code": codes.grouped(code)},
            field="code",
        )
    return award


def document_signature(decision: Decision) -> DocumentSignature:
    """The state of the decision's stored PDF: its bytes must still hash to the SHA-256
    recorded at issuing, and its signature (if any) must be intact. Computed on each call
    (reading and checking one decision takes milliseconds)."""
    if not decision.pdf:
        return DocumentSignature("missing")
    try:
        with decision.pdf.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        logger.error("Decision %s: stored PDF cannot be read: %s", decision.pk, error)
        return DocumentSignature("missing")
    status = signing.verify_pdf(data)
    unchanged = not decision.pdf_sha256 or hashlib.sha256(data).hexdigest() == decision.pdf_sha256
    if not unchanged:
        logger.error("Decision %s: stored PDF differs from the one issued (SHA-256).", decision.pk)
    if status.signed:
        state = "intact" if status.intact and unchanged else "modified"
        return DocumentSignature(state, signer=status.signer, signed_at=status.signed_at)
    if decision.signed or not unchanged:
        return DocumentSignature("modified")
    return DocumentSignature("unsigned")


def verify_code(text: str) -> Verification:
    """What the public page shows for a typed or scanned code (see `find_award`)."""
    award = find_award(text)
    revoking = award.revoked_by
    with tenancy.within(award.commune):
        return _verification(award, revoking)


def _certificate(award: Award) -> str:
    """What the holder holds: "Giấy chứng nhận danh hiệu “…” năm 2026" for a title's
    certificate (its heading as the decision froze it), else the award's name."""
    frozen = certificates.frozen_headings(award.decision.snapshot) if award.decision_id else {}
    catalogue = certificates.catalogue_headings([award])
    return certificates.certificate_name(award, certificates.heading_of(award, frozen, catalogue))


def _verification(award: Award, revoking) -> Verification:
    return Verification(
        code=codes.grouped(award.code),
        award_name=_certificate(award),
        recipient_name=award.recipient_name,
        decision_number=award.decision_number,
        decision_date=award.decision_date,
        valid=award.is_valid,
        revoked_by_number=revoking.number_text if revoking else "",
        revoked_on=(award.revoked_on or revoking.issued_on) if revoking else None,
        signature=document_signature(award.decision) if award.decision_id else None,
        issuer=award.commune.authority_name or award.commune.name,
    )


def take_lookup(address: str, *, now: float | None = None) -> int:
    """Count one lookup from `address` in the current minute. Returns 0 when it is within
    VERIFY_RATE_PER_MINUTE, else the seconds until the next minute starts (Retry-After)."""
    now = time.time() if now is None else now
    window = int(now // RATE_WINDOW)
    key = f"verify-rate:{address}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW + 5)
        count = 1
    if count <= settings.VERIFY_RATE_PER_MINUTE:
        return 0
    return max(1, RATE_WINDOW - int(now % RATE_WINDOW))
