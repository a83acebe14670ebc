"""Age in completed months, the unit the handelingskader thresholds are written in."""

import calendar
from datetime import date


def completed_months(birth_date: date, on: date) -> int:
    """Completed months of life on `on`.

    A month is completed on its anniversary day; when that day does not exist in a month
    (born on the 31st, or on 29 February) the anniversary is that month's last day.
    """
    if on < birth_date:
        raise ValueError(f"{on} is before the birth date {birth_date}")
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    anniversary = min(birth_date.day, calendar.monthrange(on.year, on.month)[1])
    return months - 1 if on.day < anniversary else months
