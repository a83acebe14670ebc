"""The data keyring: AES-256-GCM for identifying fields, an HMAC blind index for BSN search.

Keys come from ``FMEK_DATA_KEYS`` (``id:base64key,...``) or else from the key file
(``FMEK_DATA_KEY_FILE``, default ``fmek-keys.txt`` in the working directory, one ``id:key`` a
line); the first key is current and encrypts, every key in the ring decrypts. A ciphertext is
``<key id>:<base64url(nonce + ciphertext + tag)>`` and is bound to its column by the associated
data, so it cannot be moved to another column unnoticed.
"""

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fmek.settings import get_settings

_KEY_ID = re.compile(r"[a-z0-9]{1,16}")


class DataKeyError(Exception):
    """No usable key, or a ciphertext under an unknown key or not authentic."""


@dataclass(frozen=True)
class DataKey:
    id: str
    secret: bytes

    def index_key(self) -> bytes:
        """A separate key for the blind index, derived so the index never reuses the cipher key."""
        return hmac.new(self.secret, b"fmek bsn index v1", hashlib.sha256).digest()


class Keyring:
    def __init__(self, keys: list[DataKey]) -> None:
        if not keys:
            raise DataKeyError(
                "no data key: run `fmek keys init` (writes fmek-keys.txt) or set FMEK_DATA_KEYS"
            )
        self.keys = keys
        self.by_id = {k.id: k for k in keys}

    @property
    def current(self) -> DataKey:
        return self.keys[0]

    def encrypt(self, plaintext: str, context: str) -> str:
        key = self.current
        nonce = os.urandom(12)
        sealed = AESGCM(key.secret).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return f"{key.id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, token: str, context: str) -> str:
        key_id, _, body = token.partition(":")
        key = self.by_id.get(key_id)
        if key is None:
            raise DataKeyError(f"data encrypted under key '{key_id}', which is not in the keyring")
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        try:
            plain = AESGCM(key.secret).decrypt(raw[:12], raw[12:], context.encode())
        except Exception as exc:  # InvalidTag: altered, or moved from another column
            raise DataKeyError("an encrypted field failed authentication") from exc
        return plain.decode("utf-8")

    def encrypt_bytes(self, plaintext: bytes, context: str) -> bytes:
        """Binary data (a signed PDF) as ``<key id>:`` + nonce + ciphertext + tag, raw bytes."""
        key = self.current
        nonce = os.urandom(12)
        sealed = AESGCM(key.secret).encrypt(nonce, plaintext, context.encode())
        return key.id.encode("ascii") + b":" + nonce + sealed

    def decrypt_bytes(self, token: bytes, context: str) -> bytes:
        key_id, _, raw = token.partition(b":")
        key = self.by_id.get(key_id.decode("ascii", "replace"))
        if key is None:
            raise DataKeyError("binary data encrypted under a key that is not in the keyring")
        try:
            return AESGCM(key.secret).decrypt(raw[:12], raw[12:], context.encode())
        except Exception as exc:  # InvalidTag: altered, or moved from another column
            raise DataKeyError("an encrypted field failed authentication") from exc

    @staticmethod
    def key_id_of(token: str | bytes) -> str:
        if isinstance(token, bytes):
            return token.partition(b":")[0].decode("ascii", "replace")
        return token.partition(":")[0]

    def blind_index(self, value: str, key: DataKey | None = None) -> str:
        key = key or self.current
        return hmac.new(key.index_key(), value.encode("utf-8"), hashlib.sha256).hexdigest()

    def blind_indexes(self, value: str) -> list[str]:
        """The value's index under every key: finds rows indexed before a rotation finished."""
        return [self.blind_index(value, k) for k in self.keys]


def new_key_line(key_id: str | None = None) -> str:
    key_id = key_id or f"k{secrets.token_hex(4)}"
    if not _KEY_ID.fullmatch(key_id):
        raise ValueError("a key id is 1-16 lower-case letters and digits")
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode('ascii')}"


def parse_keys(text: str) -> list[DataKey]:
    keys: list[DataKey] = []
    lines = [line for line in text.splitlines() if not line.strip().startswith("#")]
    for part in ",".join(lines).split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, secret = part.partition(":")
        try:
            raw = base64.urlsafe_b64decode(secret.encode("ascii")) if sep else b""
        except ValueError:  # not base64 (binascii.Error) or not ASCII
            raw = b""
        if not _KEY_ID.fullmatch(key_id) or len(raw) != 32:
            raise DataKeyError("a key is written 'id:<32 bytes, base64url>'")
        keys.append(DataKey(key_id, raw))
    return keys


def key_file() -> Path:
    return Path(get_settings().data_key_file)


DATA_KEY_HEADER = "FMEK data keys: the first encrypts, all decrypt. Keep secret."


def write_key_file(path: Path, lines: list[str], header: str = DATA_KEY_HEADER) -> None:
    """Write the key file readable by its owner only (created with mode 600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"# {header}\n")
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def prepend_new_key(path: Path, header: str = DATA_KEY_HEADER) -> str:
    """Put a new key first in a key file (older keys stay after it); returns its id."""
    old = parse_keys(path.read_text("utf-8")) if path.exists() else []
    line = new_key_line()
    encoded = [f"{k.id}:{base64.urlsafe_b64encode(k.secret).decode('ascii')}" for k in old]
    write_key_file(path, [line, *encoded], header)
    return line.partition(":")[0]


def ensure_key_file() -> bool:
    """Create a key file with one new key unless keys are configured; True when created."""
    settings = get_settings()
    path = Path(settings.data_key_file)
    if settings.data_keys or path.exists():
        return False
    write_key_file(path, [new_key_line()])
    keyring.cache_clear()
    return True


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    """The process keyring, read once on first use (never at import)."""
    settings = get_settings()
    if settings.data_keys:
        return Keyring(parse_keys(settings.data_keys))
    path = Path(settings.data_key_file)
    return Keyring(parse_keys(path.read_text("utf-8")) if path.exists() else [])
