"""Query parameters and access checks shared by the roster endpoints."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from fmek.auth.deps import CurrentUserDep
from fmek.auth.models import User
from fmek.doctors.deps import RegionCode
from fmek.doctors.scope import require_planner_of, require_roster_reader
from fmek.rosters.service import default_range


def date_range(
    from_: Annotated[
        date | None, Query(alias="from", description="First day (default today, Amsterdam)")
    ] = None,
    to: Annotated[date | None, Query(description="Last day, inclusive (default from + 6)")] = None,
) -> tuple[date, date]:
    """Positions starting on the local dates from..to (inclusive)."""
    return default_range(from_, to)


DateRangeDep = Annotated[tuple[date, date], Depends(date_range)]


def roster_reader(code: RegionCode, user: CurrentUserDep) -> User:
    require_roster_reader(user, code)
    return user


def roster_planner(code: RegionCode, user: CurrentUserDep) -> User:
    require_planner_of(user, code)
    return user


RosterReaderDep = Annotated[User, Depends(roster_reader)]
RosterPlannerDep = Annotated[User, Depends(roster_planner)]
