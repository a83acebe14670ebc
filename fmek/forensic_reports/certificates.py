"""Signing identities of issuing organisations (a GGD, or a LECK member), as PEM files.

`<signing_dir>/<code>.key.pem` and `<code>.cert.pem`. Production puts the organisation's UZI
server certificate there and turns development certificates off; development and tests get a
self-signed certificate per organisation, made once (by `fmek migrate`, `fmek demo`, or the
first signing) and kept, so earlier signatures stay checkable.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session, col, select

from fmek.errors import InvalidState
from fmek.reference.models import Organisation, OrganisationKind
from fmek.settings import get_settings
from reports.pades import SigningIdentity, development_identity

_SAFE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _paths(code: str) -> tuple[Path, Path]:
    if not _SAFE_CODE.match(code):
        raise ValueError(f"not an organisation code: {code!r}")
    directory = Path(get_settings().signing_dir)
    return directory / f"{code}.key.pem", directory / f"{code}.cert.pem"


def _create(code: str, name: str) -> SigningIdentity:
    key_path, cert_path = _paths(code)
    key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    identity = development_identity(name)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(identity.key_pem)
    cert_path.write_bytes(identity.cert_pem)
    return identity


def identity_for(code: str, name: str) -> SigningIdentity:
    """The organisation's signing identity; a development one is made when allowed and absent."""
    key_path, cert_path = _paths(code)
    if key_path.exists() and cert_path.exists():
        return SigningIdentity(key_path.read_bytes(), cert_path.read_bytes())
    if not get_settings().signing_development_on:
        raise InvalidState(
            "no signing certificate is installed for the issuing organisation; the operator "
            "installs it before reports can be finalised",
            type="no_signing_certificate",
        )
    try:
        return _create(code, name)
    except FileExistsError:  # another process made it just now
        return SigningIdentity(key_path.read_bytes(), cert_path.read_bytes())


def certificate_of(code: str) -> bytes | None:
    """The organisation's certificate (PEM), to check signatures; None when there is none."""
    _, cert_path = _paths(code)
    return cert_path.read_bytes() if cert_path.exists() else None


def ensure_development_certificates(session: Session) -> Iterator[str]:
    """Self-signed certificates for every GGD and LECK organisation still without one."""
    if not get_settings().signing_development_on:
        return
    made = 0
    for org in session.exec(
        select(Organisation).where(
            col(Organisation.kind).in_([OrganisationKind.GGD.value, OrganisationKind.LECK.value])
        )
    ).all():
        if certificate_of(org.code) is None:
            identity_for(org.code, org.name)
            made += 1
    if made:
        yield f"{made} self-signed development signing certificates in {get_settings().signing_dir}/"
