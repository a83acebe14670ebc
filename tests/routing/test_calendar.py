"""Working days under the Algemene termijnenwet: weekends and the general holidays skipped."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing.calendar import add_working_days, easter_sunday, holidays, is_working_day


@pytest.mark.parametrize(
    "easter",
    [
        date(2000, 4, 23),
        date(2008, 3, 23),
        date(2011, 4, 24),
        date(2019, 4, 21),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
        date(2038, 4, 25),
        date(2285, 3, 22),
    ],
)
def test_easter_sunday(easter: date) -> None:
    assert easter_sunday(easter.year) == easter


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_holidays_2027() -> None:
    assert holidays(2027) == {
        date(2027, 1, 1),
        date(2027, 3, 29),  # Tweede Paasdag (Easter 28 March)
        date(2027, 4, 27),  # Koningsdag, a Tuesday
        date(2027, 5, 5),
        date(2027, 5, 6),  # Hemelvaartsdag
        date(2027, 5, 17),  # Tweede Pinksterdag
        date(2027, 12, 25),
        date(2027, 12, 26),
    }


def test_koningsdag_moves_to_26_april_when_27th_is_a_sunday() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert date(2025, 4, 26) in holidays(2025)
    assert date(2025, 4, 27) not in holidays(2025)
    assert date(2026, 4, 27) in holidays(2026)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 27), False),  # Koningsdag on a Monday
        (date(2026, 4, 28), True),
        (date(2026, 5, 5), False),  # Bevrijdingsdag, every year, here a Tuesday
        (date(2027, 5, 5), False),
        (date(2025, 12, 24), True),
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2026, 1, 1), False),
        (date(2027, 3, 26), True),  # Goede Vrijdag is not an Atw holiday
        (date(2027, 3, 29), False),  # Tweede Paasdag
        (date(2025, 5, 29), False),  # Hemelvaartsdag
        (date(2025, 6, 9), False),  # Tweede Pinksterdag
        (date(2025, 3, 15), False),  # Saturday
        (date(2025, 3, 16), False),  # Sunday
        (date(2025, 3, 17), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2025, 3, 12), 0, date(2025, 3, 12)),
        (date(2025, 3, 12), 5, date(2025, 3, 19)),  # over a weekend
        (date(2025, 3, 15), 1, date(2025, 3, 17)),  # from a Saturday
        (date(2025, 12, 24), 5, date(2026, 1, 5)),  # Christmas and New Year
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Koningsdag on Monday
        (date(2026, 4, 29), 5, date(2026, 5, 7)),  # 5 May on Tuesday
        (date(2027, 3, 25), 5, date(2027, 4, 2)),  # Easter Monday 29 March
        (date(2025, 5, 26), 5, date(2025, 6, 3)),  # Ascension Day 29 May
    ],
)
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


def test_add_working_days_rejects_negative_counts() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2025, 3, 12), -1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 30))
def test_add_working_days_lands_on_the_nth_working_day(start: date, count: int) -> None:
    end = add_working_days(start, count)
    assert is_working_day(end)
    days = ((start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert sum(is_working_day(day) for day in days) == count
