"""Query parameters and access checks shared by the roster endpoints."""

from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Query

from fmek.api.deps import RegionCode
from fmek.auth.deps import CurrentUserDep
from fmek.auth.models import User
from fmek.clock import AMSTERDAM
from fmek.doctors.access import require_planner_of, require_roster_reader
from fmek.errors import ValidationFailed
from fmek.rosters.service import default_range


def _day(value: str | None, name: str) -> date | None:
    """A date `YYYY-MM-DD`; a timestamp is accepted too and read as its Amsterdam date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(
            "expected a date like 2025-07-01", type="date_parsing", loc=("query", name)
        ) from None
    return moment.astimezone(AMSTERDAM).date() if moment.tzinfo else moment.date()


def date_range(
    from_: Annotated[
        str | None,
        Query(alias="from", max_length=40, description="First day (default today, Amsterdam)"),
    ] = None,
    to: Annotated[
        str | None, Query(max_length=40, description="Last day, inclusive (default from + 6)")
    ] = None,
) -> tuple[date, date]:
    """Positions starting on the local dates from..to (inclusive)."""
    return default_range(_day(from_, "from"), _day(to, "to"))


DateRangeDep = Annotated[tuple[date, date], Depends(date_range)]


def roster_reader(code: RegionCode, user: CurrentUserDep) -> User:
    require_roster_reader(user, code)
    return user


def roster_planner(code: RegionCode, user: CurrentUserDep) -> User:
    require_planner_of(user, code)
    return user


RosterReaderDep = Annotated[User, Depends(roster_reader)]
RosterPlannerDep = Annotated[User, Depends(roster_planner)]
