"""Column types that encrypt on write and decrypt on read, so services see plain values."""

import json
from datetime import date
from typing import Any

from sqlalchemy import Dialect, LargeBinary, Text
from sqlalchemy.types import TypeDecorator

from fmek.keys.keyring import keyring


class EncryptedText(TypeDecorator[str]):
    """A string stored as an AES-GCM ciphertext bound to ``context`` (table.column)."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: str | None, _dialect: Dialect) -> str | None:
        return None if value is None else keyring().encrypt(value, self.context)

    def process_result_value(self, value: str | None, _dialect: Dialect) -> str | None:
        return None if value is None else keyring().decrypt(value, self.context)


class EncryptedDate(TypeDecorator[date]):
    """A date stored as an AES-GCM ciphertext of its ISO form."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, _dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring().encrypt(value.isoformat(), self.context)

    def process_result_value(self, value: str | None, _dialect: Dialect) -> date | None:
        if value is None:
            return None
        return date.fromisoformat(keyring().decrypt(value, self.context))


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document (e.g. a report's content) stored as one AES-GCM ciphertext."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, _dialect: Dialect) -> str | None:
        if value is None:
            return None
        plain = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return keyring().encrypt(plain, self.context)

    def process_result_value(self, value: str | None, _dialect: Dialect) -> Any:
        return None if value is None else json.loads(keyring().decrypt(value, self.context))


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
