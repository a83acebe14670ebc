"""PAdES signing in the pure library: a signed PDF validates against its certificate only, and
any change after signing is detected by pyHanko's validator."""

import pytest

from reports.pades import check_signature, development_identity, sign_pdf
from reports.render import html_to_pdf, render_minimal

IDENTITY = development_identity("GGD Regio Utrecht")


@pytest.fixture(scope="module")
def signed() -> bytes:
    return sign_pdf(html_to_pdf(render_minimal()), IDENTITY, reason="test", location="Utrecht")


def test_a_signed_pdf_validates_against_its_certificate(signed: bytes) -> None:
    check = check_signature(signed, IDENTITY.cert_pem)
    assert check.valid and check.signed_at is not None
    assert "GGD Regio Utrecht" in check.signer


def test_another_certificate_does_not_vouch_for_it(signed: bytes) -> None:
    check = check_signature(signed, development_identity("Andere GGD").cert_pem)
    assert check.intact and not check.trusted and not check.valid


def test_an_unsigned_pdf_is_not_valid() -> None:
    assert not check_signature(html_to_pdf(render_minimal()), IDENTITY.cert_pem).signed


@pytest.mark.parametrize("where", [0.25, 0.5, 0.75])
def test_one_changed_byte_fails(signed: bytes, where: float) -> None:
    tampered = bytearray(signed)
    tampered[int(len(signed) * where)] ^= 0x20
    assert not check_signature(bytes(tampered), IDENTITY.cert_pem).valid


def test_long_organisation_names_fit_a_certificate() -> None:
    long_name = "GGD " + "Hollands-Midden en Omstreken " * 3
    identity = development_identity(long_name)
    assert identity.subject.startswith("CN=GGD Hollands-Midden")


def test_signing_works_inside_a_running_event_loop() -> None:
    """pyHanko's sync API starts its own loop; an async caller must still get a signature."""
    import asyncio

    async def sign_in_loop() -> bytes:
        return sign_pdf(html_to_pdf(render_minimal()), IDENTITY, reason="test")

    signed = asyncio.run(sign_in_loop())
    assert check_signature(signed, IDENTITY.cert_pem).valid
