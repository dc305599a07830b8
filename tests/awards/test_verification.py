"""Public verification: anyone may look a certificate's code up and learn only the award, the
recipient, the decision and whether it stands; unknown and malformed codes are refused
clearly; lookups are rate-limited per address; the decision's signature state is shown."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from awards.models import Award, DecisionKind
from awards.services import verification
from awards.services.decisions import codes, drafting, issuing
from tests.factories.decisions import ISSUED_ON, issued_decision
from tests.signing_certificate import COMMON_NAME, signing_certificate  # noqa: F401

pytestmark = pytest.mark.django_db
FORMAT = "A verification code has 16 characters"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public():
    """An anonymous visitor who chose English."""
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def decision(commune, chairman, settings):
    settings.SIGNING_CERTIFICATE = ""
    return issued_decision(chairman)


@pytest.fixture
def award(decision):
    return decision.awards.get(recipient_name="Nguyễn Thị Hường 1")


def _page(client, code, **extra):
    return client.get(reverse("awards:verify", kwargs={"code": code}), **extra)


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_valid_certificate_shows_only_the_public_facts(public, award):
    response = _page(public, codes.grouped(award.code))

    assert response.status_code == 200
    result = response.context["result"]
    assert result == verification.Verification(
        code=codes.grouped(award.code),
        award_name="Giấy khen của Chủ tịch UBND xã",
        recipient_name="Nguyễn Thị Hường 1",
        decision_number=award.decision_number,
        decision_date=ISSUED_ON,
        valid=True,
        signature=verification.DocumentSignature("unsigned"),
        issuer=award.commune.authority_name,
    )
    text = _text(response)
    assert "VALID" in text
    assert "REVOKED" not in text
    assert f"No. {award.decision_number} of 15/09/2026" in text
    assert "This decision was issued without a digital signature." in text
    # Nothing more: no unit, position, amount, golden-book number, nor links into the portal.
    for private in ("Phòng Kinh tế", "Chuyên viên", "/rounds/", "/awards/"):
        assert private not in response.content.decode()
    assert reverse("awards:award_detail", args=[award.pk]) not in response.content.decode()


def test_public_pages_are_never_cached_nor_indexed(public, award):
    for response in (public.get(reverse("awards:verify_lookup")), _page(public, award.code)):
        assert "no-store" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]


def test_code_is_forgiving_about_case_spaces_and_dashes(public, award):
    typed = " ".join(award.code.lower()[i : i + 4] for i in range(0, 16, 4))

    response = public.get(reverse("awards:verify_lookup"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == codes.verification_path(award.code)
    assert _page(public, award.code.lower()).context["result"].recipient_name == "Nguyễn Thị Hường 1"


def test_lookup_form_is_public(public):
    response = public.get(reverse("awards:verify_lookup"))

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert "Log out" not in response.content.decode()


@pytest.mark.parametrize("typed", ["ABCD", "7KQ3-MX9P-4TWR-HN2O", "7KQ3MX9P4TWRHN2CX", "1111-1111-1111-1111"])
def test_malformed_code_is_refused_with_the_format(public, typed):
    response = public.get(reverse("awards:verify_lookup"), {"code": typed})

    assert response.status_code == 400
    assert FORMAT in _text(response)
    assert response.context["form"]["code"].value() == typed


def test_malformed_code_in_the_address_is_refused_with_the_format(public):
    response = _page(public, "ILOU-0000")

    assert response.status_code == 400
    assert FORMAT in _text(response)


def test_unknown_code_says_no_certificate_carries_it(public, award):
    unknown = "2222-3333-4444-5555"
    assert not Award.objects.filter(code=codes.normalise(unknown)).exists()

    response = _page(public, unknown)

    assert response.status_code == 404
    text = _text(response)
    assert "No certificate with this code" in text
    assert f"No certificate carries the code {unknown}." in text


def test_revoked_certificate_names_the_revoking_decision(public, award, decision, chairman):
    correction = drafting.draft_correction(
        decision,
        actor=chairman,
        kind=DecisionKind.REVOCATION,
        awards=[award],
        reason="Hồ sơ không trung thực",
    )
    drafting.update_draft(correction, actor=chairman, letter_reference="Tờ trình số 30/TTr-VHXH")
    revoking = issuing.issue_decision(correction, actor=chairman, issued_on=datetime.date(2026, 10, 2))

    response = _page(public, award.code)

    result = response.context["result"]
    assert (result.valid, result.revoked_by_number, result.revoked_on) == (
        False,
        revoking.number_text,
        datetime.date(2026, 10, 2),
    )
    text = _text(response)
    assert "REVOKED" in text
    assert "VALID" not in text.replace("REVOKED", "")
    assert f"it was revoked by decision {revoking.number_text} of 02/10/2026" in text


# Five seconds into a minute: the four lookups fall in one window of the per-minute count
# however slowly a loaded machine answers them.
@time_machine.travel(datetime.datetime(2026, 12, 7, 10, 0, 5, tzinfo=datetime.UTC))
def test_lookups_are_rate_limited_per_address(public, award, settings):
    settings.VERIFY_RATE_PER_MINUTE = 3
    answers = [_page(public, code).status_code for code in (award.code, "2222-3333-4444-5555", award.code)]
    answers.append(public.get(reverse("awards:verify_lookup"), {"code": "bad"}).status_code)

    assert answers == [200, 404, 200, 429]
    limited = _page(public, award.code)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "You have checked many codes in a short time." in _text(limited)
    assert "no-store" in limited["Cache-Control"]
    # Another address still gets its answers.
    assert _page(public, award.code, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_rate_limit_counts_per_minute():
    for _ in range(30):
        verification.take_lookup("198.51.100.1", now=1_000_040.0)

    assert verification.take_lookup("198.51.100.1", now=1_000_040.0) == 40
    assert verification.take_lookup("198.51.100.1", now=1_000_080.0) == 0


def test_signed_decision_shows_its_signer(public, commune, chairman, signing_certificate):  # noqa: F811
    decision = issued_decision(chairman)

    response = _page(public, decision.awards.first().code)

    signature = response.context["result"].signature
    assert (signature.state, signature.signer) == ("intact", COMMON_NAME)
    assert f"Signed digitally by {COMMON_NAME}; the document is intact." in _text(response)


def test_changed_stored_pdf_shows_the_signature_does_not_match(
    public,
    commune,
    chairman,
    signing_certificate,  # noqa: F811
):
    decision = issued_decision(chairman)
    with decision.pdf.open("rb") as handle:
        data = bytearray(handle.read())
    data[data.index(b"stream", data.index(b"/Length")) + 20] ^= 0x01
    with open(decision.pdf.path, "wb") as handle:
        handle.write(data)

    response = _page(public, decision.awards.first().code)

    assert response.context["result"].signature.state == "modified"
    assert "The document's signature does not match: it was changed after signing." in _text(response)


def test_unsigned_file_swapped_in_reads_as_modified(public, award, decision):
    with open(decision.pdf.path, "ab") as handle:
        handle.write(b"\n% edited\n")

    assert _page(public, award.code).context["result"].signature.state == "modified"
