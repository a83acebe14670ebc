"""PAdES signatures on report PDFs (pyHanko), and their validation.

A final report is signed with the issuing organisation's certificate (in production an UZI
server certificate; in development a self-signed one made by `development_identity`). Anyone can
then check with a PDF reader or pyHanko that not one byte changed since signing; the report's own
SHA-256 and the verification route say *which* report it is.

Signing is an incremental update: the PDF/A document bytes stay as rendered and the signature
covers them, so PDF/A conformance of the rendered part is kept.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "SignatureCheck",
    "SigningIdentity",
    "check_signature",
    "development_identity",
    "sign_pdf",
]

FIELD_NAME = "Ondertekening"


@dataclass(frozen=True, slots=True)
class SigningIdentity:
    """A private key and its certificate (chain), both PEM."""

    key_pem: bytes
    cert_pem: bytes

    @property
    def subject(self) -> str:
        from cryptography import x509

        cert = x509.load_pem_x509_certificate(self.cert_pem)
        return cert.subject.rfc4514_string()


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """The result of checking a PDF's signature against a trusted certificate."""

    signed: bool  # the PDF carries a signature at all
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the certificate chains to the trusted one
    covers_whole_file: bool  # nothing was appended after signing
    signer: str
    signed_at: datetime | None

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.covers_whole_file


def development_identity(organisation: str, *, days: int = 3650) -> SigningIdentity:
    """A self-signed RSA certificate for `organisation`, for development and tests only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    suffix = " (ontwikkelcertificaat)"
    name = x509.Name(  # X.509 allows at most 64 characters per name attribute
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, organisation[: 64 - len(suffix)] + suffix),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
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
    return SigningIdentity(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert.public_bytes(serialization.Encoding.PEM),
    )


def sign_pdf(pdf: bytes, identity: SigningIdentity, *, reason: str, location: str = "") -> bytes:
    """The PDF with a PAdES baseline signature (SHA-256) appended as an incremental update."""
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = list(load_certs_from_pemder_data(identity.cert_pem))
    signer = signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=load_private_key_from_pemder_data(identity.key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(certs),  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = _outside_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer))
    signed: bytes = out.getvalue()
    return signed


def _outside_event_loop(call: Callable[[], T]) -> T:
    """pyHanko's synchronous API runs its own event loop (asyncio.run), which is refused in a
    thread that already runs one (an async caller); then it runs in a short-lived thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def check_signature(pdf: bytes, trusted_cert_pem: bytes) -> SignatureCheck:
    """Validate the PDF's signature with pyHanko's validator against one trusted certificate.
    A damaged or unparseable file is reported as not intact, never raised."""
    from pyhanko.keys import load_certs_from_pemder_data
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    unsigned = SignatureCheck(False, False, False, False, "", None)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # a tampered file may not even parse; that is a failed check
        return unsigned
    if not embedded:
        return unsigned
    context = ValidationContext(
        trust_roots=list(load_certs_from_pemder_data(trusted_cert_pem)), allow_fetching=False
    )
    try:
        status = _outside_event_loop(lambda: validate_pdf_signature(embedded[0], context))
    except Exception:  # malformed signature container: not intact
        return SignatureCheck(True, False, False, False, "", None)
    from pyhanko.sign.validation import SignatureCoverageLevel

    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage is SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )
