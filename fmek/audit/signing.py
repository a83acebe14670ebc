"""The audit key: what makes the hash chain tamper-evident against someone who can write the
database but does not hold this key.

The chain's links are plain SHA-256, so whoever can write the tables can edit an event and
recompute every later link. The sealer therefore signs, with HMAC-SHA256 under an audit key, the
newest link of each run (``fmek.audit.chain``) and each purge checkpoint (``fmek.audit.purge``);
``verify`` checks every signature and compares each signed head with the chain.

The audit keys are a keyring of their own (``FMEK_AUDIT_KEYS``, else the audit key file), not
derived from the data keys, because:

- old heads must stay verifiable for the whole retention term (5 years), while a data key is
  removed once ``fmek keys rotate`` has re-encrypted what it protected;
- only the sealer (``fmek worker``, or ``fmek serve`` on SQLite) and ``fmek audit`` need it: web
  nodes on PostgreSQL, the most exposed processes, never sign and need not hold it;
- whoever verifies the trail (a privacy officer) needs this key, not the key that decrypts the
  children's identities.

Rotation works like the data keys: a new key first, older keys after it; the first signs, every
key in the ring verifies the heads it signed (each head names its key id). Heads are never
re-signed, so an old key stays in the ring as long as the heads it signed (the chain's life).
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from fmek.keys.keyring import (
    DataKey,
    DataKeyError,
    new_key_line,
    parse_keys,
    prepend_new_key,
    write_key_file,
)
from fmek.settings import get_settings

HEAD = "fmek audit head v1"  # what a signature is about: a head cannot pass as a checkpoint
CHECKPOINT = "fmek audit checkpoint v1"
AUDIT_KEY_HEADER = (
    "FMEK audit keys: the first signs the audit chain, all verify. Keep secret; keep old keys "
    "as long as the audit trail they signed."
)
NO_AUDIT_KEY = (
    "no audit key configured (FMEK_AUDIT_KEYS, or the audit key file made by `fmek keys init`)"
)


class AuditKeyError(Exception):
    """The audit keys cannot be read."""


Fields = list[str | int | None]


@dataclass(frozen=True)
class AuditKeyring:
    keys: tuple[DataKey, ...]

    @property
    def current(self) -> DataKey:
        return self.keys[0]

    def sign(self, purpose: str, fields: Fields) -> str:
        """HMAC-SHA256 (hex) under the current key; ``fields`` must name that key's id."""
        return _mac(self.current.secret, purpose, fields)

    def check(self, purpose: str, fields: Fields, key_id: str, signature: str) -> str | None:
        """None when the signature holds; else why not (the key is unknown, or it is forged)."""
        key = next((k for k in self.keys if k.id == key_id), None)
        if key is None:
            return f"is under audit key '{key_id}', which is not in the audit keyring"
        if not hmac.compare_digest(_mac(key.secret, purpose, fields), signature):
            return "does not carry a valid signature: edited, or forged without the audit key"
        return None


def instant(value: datetime) -> str:
    """One text for a stored instant on every database (SQLite hands back naive UTC), for what
    is hashed or signed."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def _mac(secret: bytes, purpose: str, fields: Fields) -> str:
    message = json.dumps([purpose, *fields], ensure_ascii=True, separators=(",", ":"))
    return hmac.new(secret, message.encode("ascii"), hashlib.sha256).hexdigest()


def audit_key_file() -> Path:
    return Path(get_settings().audit_key_file)


@lru_cache(maxsize=1)
def audit_keyring() -> AuditKeyring | None:
    """The process's audit keys, read once on first use; None when none are configured."""
    settings = get_settings()
    try:
        if settings.audit_keys:
            keys = parse_keys(settings.audit_keys)
        else:
            path = audit_key_file()
            keys = parse_keys(path.read_text("utf-8")) if path.exists() else []
    except DataKeyError as exc:
        raise AuditKeyError(f"audit keys: {exc}") from exc
    return AuditKeyring(tuple(keys)) if keys else None


def ensure_audit_key_file() -> bool:
    """Create the audit key file with one new key unless audit keys are configured."""
    settings = get_settings()
    path = audit_key_file()
    if settings.audit_keys or path.exists():
        return False
    write_key_file(path, [new_key_line()], AUDIT_KEY_HEADER)
    audit_keyring.cache_clear()
    return True


def add_audit_key_to_file(path: Path) -> str:
    """Put a new audit key first in the file (older keys stay, to verify old heads)."""
    key_id = prepend_new_key(path, AUDIT_KEY_HEADER)
    audit_keyring.cache_clear()
    return key_id
