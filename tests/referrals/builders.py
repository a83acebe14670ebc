"""Small typed builders for API request bodies."""

from datetime import UTC, date, datetime, timedelta
from typing import Any


def birth_date_for_age(months: int, *, today: date | None = None) -> str:
    today = today or datetime.now(UTC).date()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return date(year, month + 1, day).isoformat()


def referral_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child": {"name": "Test Kind", "birth_date": birth_date_for_age(60), "sex": "female"},
        "ggd_region": "GG2514",
        "concerns": ["neglect"],
        "vraagstelling": "Graag onderzoek naar de verzorging.",
    }
    body.update(overrides)
    return body


def hours_ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()
