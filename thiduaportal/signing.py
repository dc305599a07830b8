"""PAdES signatures on issued documents, with pyHanko, when SIGNING_CERTIFICATE (a PKCS#12
file) is configured; without it documents are issued unsigned and say so."""

from __future__ import annotations

import functools
import io

from django.conf import settings


def is_configured() -> bool:
    return bool(settings.SIGNING_CERTIFICATE)


@functools.cache
def _signer(path: str, password: str):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
    if signer is None:
        raise ValueError(f"cannot read the signing certificate {path!r} (wrong password?)")
    return signer


def sign_pdf(data: bytes, *, reason: str, location: str = "") -> tuple[bytes, bool]:
    """`data` signed (PAdES baseline B) with the configured certificate, and True; or
    `data` unchanged and False when no certificate is configured."""
    if not is_configured():
        return data, False
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(settings.SIGNING_CERTIFICATE, settings.SIGNING_CERTIFICATE_PASSWORD)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo", reason=reason, location=location or None, subfilter=fields.SigSeedSubFilter.PADES
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue(), True
