"""Deadlines: acute 6 h, urgent 24 h, planned = same Amsterdam clock time on the 5th working day."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from routing.triage import Case, deadline_for, load_ruleset, triage
from routing.vocabulary import Concern, Urgency

AMS = ZoneInfo("Europe/Amsterdam")
RULESET = load_ruleset("1")


def ams(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        # Wednesday -> next Wednesday, same clock time
        (ams(2025, 3, 12, 11, 0), ams(2025, 3, 19, 11, 0)),
        # just after midnight in Amsterdam, still the previous day in UTC: Amsterdam date counts
        (datetime(2025, 3, 11, 23, 30, tzinfo=UTC), datetime(2025, 3, 18, 23, 30, tzinfo=UTC)),
        # submitted on a Saturday
        (ams(2025, 3, 15, 12, 0), ams(2025, 3, 21, 12, 0)),
        # Easter Monday 2027 (Easter 28 March) and the switch to summer time that same Sunday
        (ams(2027, 3, 25, 9, 0), ams(2027, 4, 2, 9, 0)),
        # back to winter time on Sunday 26 October 2025
        (ams(2025, 10, 23, 10, 0), ams(2025, 10, 30, 10, 0)),
        # Koningsdag on Monday 27 April 2026
        (ams(2026, 4, 24, 14, 0), ams(2026, 5, 4, 14, 0)),
        # Bevrijdingsdag on Tuesday 5 May 2026
        (ams(2026, 4, 29, 8, 15), ams(2026, 5, 7, 8, 15)),
        # Christmas and New Year
        (ams(2025, 12, 24, 10, 0), ams(2026, 1, 5, 10, 0)),
        # Ascension Day 29 May 2025
        (ams(2025, 5, 26, 16, 45), ams(2025, 6, 3, 16, 45)),
    ],
)
def test_planned_deadline(submitted: datetime, expected: datetime) -> None:
    deadline = deadline_for(Urgency.PLANNED, submitted, RULESET)
    assert deadline == expected
    assert deadline.tzinfo is UTC


def test_planned_deadline_keeps_wall_clock_across_dst() -> None:
    deadline = deadline_for(Urgency.PLANNED, ams(2027, 3, 25, 9, 0), RULESET)
    assert deadline == datetime(2027, 4, 2, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert deadline - ams(2027, 3, 25, 9, 0) == timedelta(days=8, hours=-1)


@pytest.mark.parametrize(
    ("urgency", "expected"),
    [
        (Urgency.ACUTE, datetime(2025, 3, 30, 6, 30, tzinfo=UTC)),  # 08:30 CEST, not 07:30
        (Urgency.URGENT, datetime(2025, 3, 31, 0, 30, tzinfo=UTC)),
    ],
)
def test_hour_windows_are_elapsed_time_even_over_dst(urgency: Urgency, expected: datetime) -> None:
    submitted = ams(2025, 3, 30, 1, 30)  # 00:30 UTC; at 02:00 CET the clock jumps to 03:00 CEST
    deadline = deadline_for(urgency, submitted, RULESET)
    assert deadline == expected
    assert deadline.tzinfo is UTC


def test_decision_deadline_follows_its_urgency() -> None:
    now = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
    child = Case(age_months=100, concerns=frozenset({Concern.SEXUAL_ABUSE}), last_incident_at=now)
    assert triage(child, RULESET, now=now).deadline == now + timedelta(hours=6)
    plain = Case(age_months=100, concerns=frozenset())
    assert triage(plain, RULESET, now=now).deadline == datetime(2025, 3, 19, 10, tzinfo=UTC)


def test_naive_submission_time_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_for(Urgency.PLANNED, datetime(2025, 3, 12, 10), RULESET)
