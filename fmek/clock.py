"""The service's one clock, so that tests can pin time and nothing else reads it directly."""

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _system_now() -> datetime:
    return datetime.now(UTC)


_now: Callable[[], datetime] = _system_now


def utcnow() -> datetime:
    """Timezone-aware UTC now."""
    return _now()


def set_clock(now: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests only); None restores the real one."""
    global _now
    _now = now if now is not None else _system_now


def as_utc(value: datetime) -> datetime:
    """Normalise an aware datetime to UTC; naive values are assumed UTC (as read back from SQLite)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
