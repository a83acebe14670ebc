"""The figures of a half-year with the half-years before it: for /cijfers and the PDF report.

The facts of the whole span are read once and every half-year (and every region) is computed
from them by ``reports.figures``, so a trend or a national report with 25 regions costs one
read. Like the figures service, nothing here touches client data.
"""

from datetime import date

from sqlmodel import Session, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import User
from fmek.errors import NotFound
from fmek.figures import service
from fmek.reference.models import Region
from reports import figures as indicators
from reports.figures import Facts, Period
from reports.figures_report import AreaFigures, FiguresReport
from reports.figures_view import HalfYear, Series

TREND = 4  # the chosen half-year and the three before it


def _series(facts: Facts, halves: list[HalfYear], region: str | None) -> Series:
    return [(str(half), indicators.figures(half.period, facts, region)) for half in halves]


def _facts(session: Session, halves: list[HalfYear], region: str | None) -> Facts:
    return service.load_facts(session, Period(halves[0].start, halves[-1].end), region)


def _check_region(session: Session, region: str | None) -> None:
    if region is not None and session.get(Region, region) is None:
        raise NotFound("unknown GGD region", type="unknown_region", loc=("query", "region"))


def series(
    session: Session, user: User, half: HalfYear, region: str | None, actor: Actor
) -> tuple[str | None, Series]:
    """The user's scope (None: national) and its figures over the last four half-years up to
    ``half``, oldest first; recorded as an export like GET /figures."""
    scoped = service.scope_region(user, region)
    _check_region(session, scoped)
    halves = half.last(TREND)
    result = _series(_facts(session, halves, scoped), halves, scoped)
    record(session, actor, AuditAction.EXPORT, "figures", scoped, detail=f"{halves[0]}..{half}")
    session.commit()
    return scoped, result


def report(
    session: Session, half: HalfYear, region: str | None, issued_on: date, actor: Actor
) -> FiguresReport:
    """The Voortgangsrapportage: national summary and one part per region (or only
    ``region``), each over the last four half-years; recorded as an export."""
    _check_region(session, region)
    halves = half.last(TREND)
    facts = _facts(session, halves, None)
    regions = session.exec(select(Region).order_by(Region.code)).all()
    parts = tuple(
        AreaFigures(r.code, r.name, _series(facts, halves, r.code))
        for r in regions
        if region is None or r.code == region
    )
    record(session, actor, AuditAction.EXPORT, "figures", region, detail=f"report {half}")
    session.commit()
    return FiguresReport(
        half=str(half),
        issued_on=issued_on,
        national=AreaFigures(None, "Landelijk", _series(facts, halves, None)),
        regions=parts,
    )
