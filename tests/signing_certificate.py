"""A throwaway signing certificate for tests: a self-signed RSA key and certificate in a
PKCS#12 file under the test's tmp_path, configured as SIGNING_CERTIFICATE.

Use the fixture by importing it into a test module:
`from tests.signing_certificate import signing_certificate  # noqa: F401`.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

COMMON_NAME = "UBND xã Thượng Phúc (thử nghiệm)"
PASSWORD = "mat-khau-thu"


def write_pkcs12(path: Path, *, common_name: str = COMMON_NAME, password: str = PASSWORD) -> Path:
    """A self-signed RSA-2048 key and certificate valid for a year, as a PKCS#12 file."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Thượng Phúc"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"thiduaportal-test", key, certificate, None, encryption)
    )
    return path


@pytest.fixture
def signing_certificate(settings, tmp_path) -> Path:
    """SIGNING_CERTIFICATE set to a fresh PKCS#12 (its own path, so the cached signer of
    `thiduaportal.signing` is never another test's)."""
    path = write_pkcs12(tmp_path / "signing.p12")
    settings.SIGNING_CERTIFICATE = str(path)
    settings.SIGNING_CERTIFICATE_PASSWORD = PASSWORD
    return path
