"""Working days as the Algemene termijnenwet counts them.

The VT triage clock ("within 5 working days") skips weekends and the general holidays of
art. 3 Atw, so a planned case submitted before Easter or Christmas gets the days the law gives.
Koningsdag follows the rule in force since 2014 (27 April, or 26 April when the 27th is a Sunday).
"""

from datetime import date, timedelta
from functools import cache

SATURDAY = 5


def easter_sunday(year: int) -> date:
    """Western Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def holidays(year: int) -> frozenset[date]:
    """The general holidays of art. 3 Atw in `year` (some may fall on a weekend)."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),  # Nieuwjaarsdag
            easter + timedelta(days=1),  # Tweede Paasdag
            kings_day,  # Koningsdag
            date(year, 5, 5),  # Bevrijdingsdag: every year under the Atw
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=50),  # Tweede Pinksterdag
            date(year, 12, 25),  # Eerste Kerstdag
            date(year, 12, 26),  # Tweede Kerstdag
        }
    )


def is_working_day(day: date, extra_holidays: frozenset[date] = frozenset()) -> bool:
    """True unless `day` is a Saturday, Sunday, general holiday or one of `extra_holidays`.

    `extra_holidays`: days art. 3(2) Atw lets be declared equal to general holidays; the
    handelingskader lists them (from v2), so adding one needs no code change.
    """
    return day.weekday() < SATURDAY and day not in holidays(day.year) and day not in extra_holidays


def add_working_days(
    start: date, count: int, extra_holidays: frozenset[date] = frozenset()
) -> date:
    """The `count`-th working day after `start` (`start` itself never counts; 0 gives `start`)."""
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day, extra_holidays):
            count -= 1
    return day
