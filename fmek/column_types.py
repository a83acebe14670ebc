"""The service's own column types: what a column holds in Python is what the code means (an aware
UTC moment, a member of an enum), while the database keeps plain standard columns."""

from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator

from fmek.clock import as_utc

E = TypeVar("E", bound=StrEnum)


class UtcDateTime(TypeDecorator[datetime]):
    """``TIMESTAMP WITH TIME ZONE`` whose values are aware UTC datetimes in and out, on SQLite
    (which keeps only the wall time it is given) and on PostgreSQL (which answers in the
    connection's time zone) alike; a naive value is taken as UTC, as the service always wrote.
    Code that reads a timestamp column never converts it."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def enum_text(enum: type[E], length: int) -> type[TypeDecorator[E]]:
    """A ``VARCHAR(length)`` column holding the enum's values, read back as its members: the
    stored strings and the schema stay as they were, no database enum type is made."""

    class EnumText(TypeDecorator[E]):
        impl = String
        cache_ok = True

        def __init__(self) -> None:
            super().__init__(length)

        def process_bind_param(self, value: Any, _dialect: Dialect) -> str | None:
            # a plain string in a query or a test row is passed as it is: it matches or not
            return value.value if isinstance(value, enum) else value

        def process_result_value(self, value: Any, _dialect: Dialect) -> E | None:
            return None if value is None else enum(value)

    EnumText.__name__ = f"{enum.__name__}Text"
    return EnumText
