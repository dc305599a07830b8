"""PAdES signatures: an issued decision is signed when a PKCS#12 is configured and its stored
PDF verifies as intact; a changed byte or appended bytes read as modified; without a
certificate the decision is unsigned; a wrong password stops issuing loudly, nothing saved."""

import hashlib
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from awards.models import Award, Decision, DecisionState
from awards.services import printing
from awards.services.decisions import issuing
from tests.factories.decisions import ISSUED_ON, adhoc_shortlist, drafted_decision, issued_decision
from tests.signing_certificate import COMMON_NAME, signing_certificate, write_pkcs12  # noqa: F401
from thiduaportal import signing
from thiduaportal.documents import render_pdf

pytestmark = pytest.mark.django_db


def _stored(decision: Decision) -> bytes:
    with decision.pdf.open("rb") as handle:
        return handle.read()


def _flip_inside_signed_range(data: bytes) -> bytes:
    """One bit changed in the first content stream: inside the first signed byte range."""
    start = data.index(b"stream", data.index(b"/Length")) + 20
    first_range_end = int(re.search(rb"/ByteRange \[\s*0 (\d+)", data).group(1))
    assert start < first_range_end
    changed = bytearray(data)
    changed[start] ^= 0x01
    return bytes(changed)


def test_issued_decision_is_signed_and_intact(commune, chairman, signing_certificate):  # noqa: F811
    decision = issued_decision(chairman)
    data = _stored(decision)

    assert decision.signed is True
    assert hashlib.sha256(data).hexdigest() == decision.pdf_sha256
    status = signing.verify_pdf(data)
    assert (status.signed, status.intact, status.signer) == (True, True, COMMON_NAME)
    assert status.signed_at is not None
    assert status.message == "The signature is valid and the document has not changed since it was signed."


def test_a_changed_byte_breaks_the_signature(commune, chairman, signing_certificate):  # noqa: F811
    data = _stored(issued_decision(chairman))

    status = signing.verify_pdf(_flip_inside_signed_range(data))

    assert (status.signed, status.intact) == (True, False)
    assert status.message == "The signature does not match: the document was changed after it was signed."


def test_bytes_appended_after_signing_read_as_modified(commune, chairman, signing_certificate):  # noqa: F811
    data = _stored(issued_decision(chairman))

    status = signing.verify_pdf(data + b"\n% appended\n")

    assert (status.signed, status.intact) == (True, False)


def test_without_certificate_the_decision_is_unsigned(commune, chairman, settings):
    settings.SIGNING_CERTIFICATE = ""
    decision = issued_decision(chairman)

    status = signing.verify_pdf(_stored(decision))

    assert decision.signed is False
    assert (status.signed, status.intact) == (False, False)
    assert status.message == "The document carries no digital signature."


def test_weasyprint_output_signs_with_pades_subfilter(settings, tmp_path):
    settings.SIGNING_CERTIFICATE = str(write_pkcs12(tmp_path / "pades.p12", password=""))
    settings.SIGNING_CERTIFICATE_PASSWORD = ""
    letterhead = {"parent_body": "ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC", "symbol": "TB-UBND"}
    data = render_pdf("documents/base.html", {"letterhead": letterhead, "recipients": ["Lưu: VT"]})

    signed, done = signing.sign_pdf(data, reason="Thử ký", location="Thượng Phúc")

    assert done is True
    assert signed.startswith(data)  # an incremental update: the original bytes are kept
    assert b"/SubFilter /ETSI.CAdES.detached" in signed
    assert signing.verify_pdf(signed).intact is True


def test_garbage_is_not_a_signed_pdf():
    status = signing.verify_pdf(b"not a pdf at all")

    assert (status.signed, status.intact) == (False, False)
    assert status.message == "The document cannot be read as a PDF."


def test_wrong_password_stops_issuing_and_saves_nothing(commune, chairman, settings, tmp_path):
    settings.SIGNING_CERTIFICATE = str(write_pkcs12(tmp_path / "locked.p12"))
    settings.SIGNING_CERTIFICATE_PASSWORD = "not the password"
    decision = drafted_decision(adhoc_shortlist(), chairman)

    with pytest.raises(ImproperlyConfigured, match="wrong SIGNING_CERTIFICATE_PASSWORD"):
        issuing.issue_decision(decision, actor=chairman, issued_on=ISSUED_ON)

    decision.refresh_from_db()
    assert (decision.state, decision.number, decision.signed) == (DecisionState.DRAFT, None, False)
    assert not Award.objects.exists()


def test_unreadable_certificate_fails_clearly(settings, tmp_path):
    missing = tmp_path / "gone.p12"
    settings.SIGNING_CERTIFICATE = str(missing)
    settings.SIGNING_CERTIFICATE_PASSWORD = "x"

    with pytest.raises(ImproperlyConfigured, match="gone.p12"):
        signing.sign_pdf(b"%PDF-1.7\n", reason="x")


def test_printed_certificates_are_signed_too(commune, chairman, emblem, signing_certificate):  # noqa: F811
    decision = issued_decision(chairman)
    job = printing.start_print(
        decision, actor=chairman, award_ids=[a.pk for a in decision.awards.all()], mode="full", printer=None
    )
    printing.run_print(job)
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        status = signing.verify_pdf(handle.read())
    assert (status.signed, status.intact, status.signer) == (True, True, COMMON_NAME)
