"""PAdES signatures on issued documents, with pyHanko, when SIGNING_CERTIFICATE (a PKCS#12
file) is configured; without it documents are issued unsigned and say so.

`sign_pdf` signs at issuing time (PAdES baseline B: a CAdES signature with the signing
certificate embedded, no timestamp). `verify_pdf` reads a stored PDF back for the public
verification page and reports whether its signature still covers the document unchanged.
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
FIELD_NAME = "ChuKySo"


def is_configured() -> bool:
    return bool(settings.SIGNING_CERTIFICATE)


@functools.cache
def _signer(path: str, password: str):
    """The signer of one PKCS#12 file, loaded once per process (a failure is not cached)."""
    from pyhanko.sign import signers  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked

    try:
        signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"SIGNING_CERTIFICATE {path!r} cannot be read ({error}); check the file and "
            "SIGNING_CERTIFICATE_PASSWORD, or unset SIGNING_CERTIFICATE to issue unsigned documents."
        ) from error
    if signer is None:
        raise ImproperlyConfigured(
            f"SIGNING_CERTIFICATE {path!r} cannot be opened: wrong SIGNING_CERTIFICATE_PASSWORD, "
            "or not a PKCS#12 file with a private key and its certificate."
        )
    return signer


def sign_pdf(data: bytes, *, reason: str, location: str = "") -> tuple[bytes, bool]:
    """`data` signed (PAdES baseline B) with the configured certificate, and True; or
    `data` unchanged and False when no certificate is configured.

    Raises ImproperlyConfigured when a certificate is configured but cannot be used (wrong
    password, unreadable file): a document is never issued unsigned by accident."""
    if not is_configured():
        return data, False
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked
    from pyhanko.sign import fields, signers  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked

    signer = _signer(settings.SIGNING_CERTIFICATE, settings.SIGNING_CERTIFICATE_PASSWORD)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue(), True


@dataclass(frozen=True)
class SignatureStatus:
    """What a reader of a stored PDF can be told about its signature.

    `intact` says the signed bytes are unchanged and the signature matches the certificate
    embedded in it, and that nothing was appended after signing; it says nothing about who
    vouches for that certificate (see `verify_pdf`)."""

    signed: bool
    intact: bool
    signer: str = ""
    signed_at: datetime.datetime | None = None
    message: str = ""


UNSIGNED = _("The document carries no digital signature.")
INTACT = _("The signature is valid and the document has not changed since it was signed.")
MODIFIED = _("The signature does not match: the document was changed after it was signed.")
UNREADABLE = _("The document cannot be read as a PDF.")


def _common_name(certificate) -> str:
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def verify_pdf(data: bytes) -> SignatureStatus:
    """The state of the last signature of a PDF: unsigned, intact, or modified.

    This checks INTEGRITY, not trust: the signature is validated against the certificate
    it carries (taken as its own trust root, with no network fetching and no revocation
    check), so a self-signed or expired commune certificate still reads as intact. Whether
    that certificate belongs to the commune is a question for the certificate authority,
    not for this page. The signature is intact when its digest matches the signed byte
    ranges, the signature value verifies, and those ranges cover the whole file."""
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked
    from pyhanko.sign.validation.settings import KeyUsageConstraints  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked
    from pyhanko.sign.validation.status import SignatureCoverageLevel  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415 - pyHanko loads only where documents are signed or checked

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - any unreadable file is reported, never a 500
        logger.warning("Cannot read a stored PDF for verification: %r", error)
        return SignatureStatus(signed=False, intact=False, message=str(UNREADABLE))
    if not signatures:
        return SignatureStatus(signed=False, intact=False, message=str(UNSIGNED))
    embedded = signatures[-1]
    try:
        signer_cert = embedded.signer_cert
        status = validate_pdf_signature(
            embedded,
            ValidationContext(trust_roots=[signer_cert], allow_fetching=False),
            key_usage_settings=KeyUsageConstraints(key_usage=set(), extd_key_usage=None),
            skip_diff=True,
        )
    except Exception as error:  # noqa: BLE001 - pyHanko raises many kinds on a damaged signature
        logger.warning("A stored PDF's signature cannot be validated: %r", error)
        return SignatureStatus(signed=True, intact=False, message=str(MODIFIED))
    intact = bool(status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
    return SignatureStatus(
        signed=True,
        intact=intact,
        signer=_common_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
        message=str(INTACT if intact else MODIFIED),
    )
