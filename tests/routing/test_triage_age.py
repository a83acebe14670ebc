"""Completed months, with the anniversary on the month's last day when the day does not exist."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing.triage import completed_months


@pytest.mark.parametrize(
    ("birth", "on", "months"),
    [
        (date(2025, 3, 12), date(2025, 3, 12), 0),
        (date(2025, 3, 12), date(2025, 4, 11), 0),
        (date(2025, 3, 12), date(2025, 4, 12), 1),
        (date(2024, 12, 15), date(2025, 1, 14), 0),  # over the turn of the year
        (date(2024, 12, 15), date(2025, 1, 15), 1),
        (date(2021, 1, 31), date(2021, 2, 27), 0),  # 31st: anniversary on 28 Feb
        (date(2021, 1, 31), date(2021, 2, 28), 1),
        (date(2020, 1, 31), date(2020, 2, 28), 0),  # leap year: anniversary on 29 Feb
        (date(2020, 1, 31), date(2020, 2, 29), 1),
        (date(2021, 1, 31), date(2021, 3, 30), 1),
        (date(2021, 1, 31), date(2021, 3, 31), 2),
        (date(2021, 3, 31), date(2021, 4, 29), 0),
        (date(2021, 3, 31), date(2021, 4, 30), 1),
        (date(2020, 2, 29), date(2021, 2, 27), 11),  # leap day: anniversary on 28 Feb
        (date(2020, 2, 29), date(2021, 2, 28), 12),
        (date(2020, 2, 29), date(2024, 2, 28), 47),
        (date(2020, 2, 29), date(2024, 2, 29), 48),
        (date(2012, 5, 10), date(2025, 5, 9), 155),  # the day before the 13th birthday
        (date(2012, 5, 10), date(2025, 5, 10), 156),
    ],
)
def test_completed_months(birth: date, on: date, months: int) -> None:
    assert completed_months(birth, on) == months


def test_a_date_before_birth_is_rejected() -> None:
    with pytest.raises(ValueError):
        completed_months(date(2025, 3, 12), date(2025, 3, 11))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 7000))
def test_months_never_drop_and_grow_by_at_most_one_a_day(birth: date, days: int) -> None:
    on = birth + timedelta(days=days)
    today, tomorrow = completed_months(birth, on), completed_months(birth, on + timedelta(days=1))
    assert tomorrow - today in (0, 1)
    assert today * 28 <= days <= (today + 1) * 31
