"""The rolling roster: every region stays planned a number of weeks ahead (setting
`roster_weeks_ahead`, default 6), so a roster never runs out.

`extend_rolling` is the plain service function a scheduler calls (and `fmek roster extend`):
it solves only the ISO weeks not yet planned, never one that is, so pins, planners' edits and
published weeks stay as they are; the new weeks are solved with the stored roster before them
as carry-over (see `data`). A week counts as planned once it has a `RosterWeek` row, or (for
rosters made before rolling existed) stored entries of the region up to its Sunday; a week
such a roster covers only in part is solved from the day after its last entry. Regions
sharing a coverage pool are extended together, and all regions missing the same weeks in one
solve. New gaps are stored per region and week: the planner
pages show them in a banner and `GET /coverage` reports them as `open_gaps`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import AMSTERDAM, utcnow
from fmek.errors import Conflict, ValidationFailed
from fmek.reference.service import get_region, list_regions
from fmek.rosters.data import (
    all_pools,
    connected_regions,
    day_start,
    region_pools,
    region_pools_of,
)
from fmek.rosters.generation import generate
from fmek.rosters.models import (
    ExtensionOut,
    RosterEntry,
    RosterWeek,
    RosterWeekOut,
    WeekStatus,
)
from fmek.settings import get_settings

WEEK = timedelta(days=7)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_today() -> date:
    return utcnow().astimezone(AMSTERDAM).date()


def _groups(session: Session, regions: Iterable[str]) -> list[frozenset[str]]:
    """Regions linked by coverage pools, each group once, in a stable order."""
    groups: list[frozenset[str]] = []
    for code in sorted(set(regions)):
        if not any(code in group for group in groups):
            groups.append(connected_regions(session, [code]))
    return groups


def planned_weeks(session: Session, region: str, first: date, last: date) -> set[date]:
    """Mondays from `first` to `last` that the region has planned (a row, or stored entries)."""
    rows = session.exec(
        select(col(RosterWeek.monday)).where(
            RosterWeek.region == region,
            col(RosterWeek.monday) >= first,
            col(RosterWeek.monday) <= last,
        )
    )
    found: set[date] = set(rows)
    starts = session.exec(
        select(RosterEntry.start_at).where(
            RosterEntry.pool == region,
            col(RosterEntry.start_at) >= day_start(first),
            col(RosterEntry.start_at) < day_start(last + WEEK),
        )
    )
    days = {start.astimezone(AMSTERDAM).date() for start in starts}
    found |= {monday_of(day) for day in days if day.weekday() == 6}  # reached its Sunday
    return found


def _first_open_day(session: Session, regions: Iterable[str], monday: date, today: date) -> date:
    """Where solving a week starts: after the days it already has entries for (a roster made
    before rolling existed may end mid-week), and not before today."""
    starts = session.exec(
        select(RosterEntry.start_at).where(
            col(RosterEntry.pool).in_(sorted(regions)),
            col(RosterEntry.start_at) >= day_start(monday),
            col(RosterEntry.start_at) < day_start(monday + WEEK),
        )
    )
    days = [start.astimezone(AMSTERDAM).date() for start in starts]
    return max([monday, today, *(day + timedelta(days=1) for day in days)])


def _runs(mondays: list[date]) -> list[list[date]]:
    """Consecutive Mondays grouped, so each run is solved as one range."""
    runs: list[list[date]] = []
    for monday in sorted(mondays):
        if runs and runs[-1][-1] + WEEK == monday:
            runs[-1].append(monday)
        else:
            runs.append([monday])
    return runs


def _unfilled(session: Session, region: str, monday: date) -> int:
    """Empty positions of the region's own and pool lines in the week."""
    return session.exec(
        select(func.count())
        .select_from(RosterEntry)
        .where(
            col(RosterEntry.pool).in_(sorted(region_pools(session, region))),
            col(RosterEntry.doctor_id).is_(None),
            col(RosterEntry.start_at) >= day_start(monday),
            col(RosterEntry.start_at) < day_start(monday + WEEK),
        )
    ).one()


def _record_weeks(
    session: Session, regions: Iterable[str], mondays: Iterable[date]
) -> dict[str, int]:
    """Draft rows for newly planned weeks; the gaps per region over those weeks."""
    gaps: dict[str, int] = {}
    for region in sorted(regions):
        gaps[region] = 0
        for monday in mondays:
            row = session.exec(
                select(RosterWeek).where(RosterWeek.region == region, RosterWeek.monday == monday)
            ).first()
            count = _unfilled(session, region, monday)
            if row is None:
                row = RosterWeek(region=region, monday=monday)
            row.gaps = count
            row.planned_at = utcnow()
            session.add(row)
            gaps[region] += count
    return gaps


def extend_rolling(
    engine: Engine,
    *,
    regions: Iterable[str] | None = None,
    weeks_ahead: int | None = None,
    today: date | None = None,
    time_limit_s: float = 30.0,
    seed: int = 0,
    workers: int | None = None,
    actor: Actor | None = None,
) -> list[ExtensionOut]:
    """Plan every week from this week to `weeks_ahead` weeks ahead that is not planned yet."""
    weeks_ahead = weeks_ahead if weeks_ahead is not None else get_settings().roster_weeks_ahead
    first = monday_of(today or local_today())
    mondays = [first + i * WEEK for i in range(weeks_ahead)]
    with Session(engine) as session:
        codes = list(regions) if regions is not None else [r.code for r in list_regions(session)]
        for code in codes:
            get_region(session, code)
        groups = _groups(session, codes)
        planned = {
            region: planned_weeks(session, region, first, mondays[-1] if mondays else first)
            for group in groups
            for region in group
        }
    # Groups that miss the same weeks are solved in one call (components share the time).
    runs: dict[tuple[date, tuple[date, ...]], set[str]] = defaultdict(set)
    with Session(engine) as session:
        for group in groups:
            missing = [m for m in mondays if not any(m in planned[r] for r in group)]
            for run in _runs(missing):
                start = _first_open_day(session, group, run[0], today or local_today())
                runs[(start, tuple(run))] |= group
    results: list[ExtensionOut] = []
    for (start, weeks), members in sorted(runs.items()):
        end = weeks[-1] + timedelta(days=6)
        summary = generate(
            engine,
            members,
            start,
            end,
            time_limit_s=time_limit_s,
            seed=seed,
            workers=workers,
            actor=actor,
        )
        with Session(engine) as session:
            gaps = _record_weeks(session, members, weeks)
            record(
                session,
                actor or Actor.system(),
                AuditAction.UPDATE,
                "roster_week",
                ",".join(sorted(members))[:64],
                detail=f"rolling extension {start}..{end}",
            )
            session.commit()
        results.append(
            ExtensionOut(
                regions=sorted(members),
                weeks=list(weeks),
                positions=summary["positions"],
                filled=summary["filled"],
                gaps_by_region=gaps,
                hard_violations=summary["hard_violations"],
                status=summary["status"],
            )
        )
    return results


# --- weeks: draft or published --------------------------------------------------------------


def _week_out(row: RosterWeek) -> RosterWeekOut:
    return RosterWeekOut(
        region=row.region,
        monday=row.monday,
        status=WeekStatus(row.status),
        gaps=row.gaps,
        planned_at=row.planned_at,
        published_at=row.published_at,
    )


def list_weeks(session: Session, region: str, first: date, last: date) -> list[RosterWeekOut]:
    get_region(session, region)
    rows = session.exec(
        select(RosterWeek)
        .where(
            RosterWeek.region == region,
            col(RosterWeek.monday) >= monday_of(first),
            col(RosterWeek.monday) <= last,
        )
        .order_by(col(RosterWeek.monday))
    )
    return [_week_out(row) for row in rows]


def publish_week(session: Session, region: str, monday: date, actor: Actor) -> RosterWeekOut:
    """A planner publishes a planned week; publishing twice changes nothing."""
    get_region(session, region)
    if monday.weekday() != 0:
        raise ValidationFailed("a roster week starts on a Monday", loc=("path", "monday"))
    row = session.exec(
        select(RosterWeek).where(RosterWeek.region == region, RosterWeek.monday == monday)
    ).first()
    if row is None:
        if monday not in planned_weeks(session, region, monday, monday):
            raise Conflict(
                "this week has no roster yet; generate or extend it first", type="week_not_planned"
            )
        row = RosterWeek(region=region, monday=monday, gaps=_unfilled(session, region, monday))
    if row.status != WeekStatus.PUBLISHED.value:
        row.status = WeekStatus.PUBLISHED.value
        row.published_at = utcnow()
        row.published_by = actor.user.id if actor.user else None
        session.add(row)
        record(
            session, actor, AuditAction.UPDATE, "roster_week", region, detail=f"publish {monday}"
        )
    session.commit()
    session.refresh(row)
    return _week_out(row)


def rolling_status(
    session: Session, region: str, today: date | None = None
) -> tuple[date | None, int]:
    """(last planned day, open gaps in the planned weeks from this week on) for a region."""
    return rolling_statuses(session, [region], today)[region]


def rolling_statuses(
    session: Session, regions: Iterable[str], today: date | None = None
) -> dict[str, tuple[date | None, int]]:
    """`rolling_status` of many regions from three queries, whatever their number: the
    national overview shows it for every region."""
    codes = sorted(set(regions))
    first = monday_of(today or local_today())
    weeks: dict[str, list[date]] = defaultdict(list)
    for region, monday in session.exec(
        select(col(RosterWeek.region), col(RosterWeek.monday)).where(
            col(RosterWeek.region).in_(codes), col(RosterWeek.monday) >= first
        )
    ):
        weeks[region].append(monday)
    out: dict[str, tuple[date | None, int]] = dict.fromkeys(codes, (None, 0))
    if not weeks:
        return out
    pools = all_pools(session)
    lines = {region: region_pools_of(pools, region) for region in weeks}
    empty: dict[tuple[str, date], int] = defaultdict(int)
    for pool, start in session.exec(
        select(col(RosterEntry.pool), col(RosterEntry.start_at)).where(
            col(RosterEntry.pool).in_(sorted(set().union(*lines.values()))),
            col(RosterEntry.doctor_id).is_(None),
            col(RosterEntry.start_at) >= day_start(first),
            col(RosterEntry.start_at) < day_start(max(max(w) for w in weeks.values()) + WEEK),
        )
    ):
        empty[(pool, monday_of(start.astimezone(AMSTERDAM).date()))] += 1
    for region, mondays in weeks.items():
        gaps = sum(empty[(line, monday)] for monday in mondays for line in lines[region])
        out[region] = (max(mondays) + timedelta(days=6), gaps)
    return out


@dataclass(frozen=True)
class WeekBanner:
    """What the planner page says about the rolling roster and the week shown."""

    status: WeekStatus | None  # None: the week is not planned
    planned_until: date | None
    open_gaps: int


def week_banner(session: Session, region: str, monday: date) -> WeekBanner:
    row = session.exec(
        select(RosterWeek).where(RosterWeek.region == region, RosterWeek.monday == monday)
    ).first()
    status = WeekStatus(row.status) if row else None
    if status is None and monday in planned_weeks(session, region, monday, monday):
        status = WeekStatus.DRAFT
    planned_until, open_gaps = rolling_status(session, region)
    return WeekBanner(status, planned_until, open_gaps)
