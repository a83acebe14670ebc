"""Column types that encrypt on write and decrypt on read, so services see plain values."""

import json
from datetime import date
from typing import Any

from sqlalchemy import Dialect, LargeBinary, Text
from sqlalchemy.types import TypeDecorator

from fmek.keys.keyring import keyring


class _EncryptedAsText(TypeDecorator[Any]):
    """A value stored as an AES-GCM ciphertext of its text form, bound to ``context``
    (table.column); subclasses say only how the value becomes text and back."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def process_bind_param(self, value: Any, _dialect: Dialect) -> str | None:
        return None if value is None else keyring().encrypt(self.to_text(value), self.context)

    def process_result_value(self, value: str | None, _dialect: Dialect) -> Any:
        return None if value is None else self.from_text(keyring().decrypt(value, self.context))


class EncryptedText(_EncryptedAsText):
    """A string stored as an AES-GCM ciphertext bound to ``context`` (table.column)."""

    cache_ok = True  # SQLAlchemy asks each TypeDecorator class itself, not its base


class EncryptedDate(_EncryptedAsText):
    """A date stored as an AES-GCM ciphertext of its ISO form."""

    cache_ok = True

    def to_text(self, value: date) -> str:
        return value.isoformat()

    def from_text(self, text: str) -> date:
        return date.fromisoformat(text)


class EncryptedJSON(_EncryptedAsText):
    """A JSON document (e.g. a report's content) stored as one AES-GCM ciphertext."""

    cache_ok = True

    def to_text(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def from_text(self, text: str) -> Any:
        return json.loads(text)


class EncryptedBytes(TypeDecorator[bytes]):
    """Binary data (a signed PDF) stored as an AES-GCM ciphertext, in a binary column."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: bytes | None, _dialect: Dialect) -> bytes | None:
        return None if value is None else keyring().encrypt_bytes(bytes(value), self.context)

    def process_result_value(self, value: bytes | None, _dialect: Dialect) -> bytes | None:
        return None if value is None else keyring().decrypt_bytes(bytes(value), self.context)
