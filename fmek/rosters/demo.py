"""Demo data for rosters: ~12 doctors per region with leave, the Midden-Nederland on-call pool,
and a generated roster for all 25 regions covering 4 weeks from today. Idempotent."""

from collections.abc import Iterator
from datetime import timedelta

from sqlmodel import Session, col, func, select

from fmek.auth.models import Role
from fmek.auth.service import find_user_by_name
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.doctors.models import Doctor, Unavailability, UnavailabilityKind
from fmek.reference.service import list_regions
from fmek.rosters.data import day_start
from fmek.rosters.generation import generate
from fmek.rosters.models import CoveragePoolRow, RosterEntry
from fmek.rosters.rolling import extend_rolling
from routing.roster.synthetic import SHARED_ON_CALL, demo_doctors

DEMO_SEED = 7
DEMO_DAYS = 28
DEMO_TIME_LIMIT_S = 45.0
DEMO_EXTEND_TIME_LIMIT_S = 30.0
DEMO_DOCTOR_USER = "Dr. P. Visser (demo)"
DEMO_DOCTOR_BIG = "19054321001"  # the demo report (forensic_reports) signs with this number


def demo_rosters(session: Session) -> Iterator[str]:
    yield from demo_pool_and_doctors(session)
    yield from _roster(session)
    yield from _rolling(session)


def demo_pool_and_doctors(session: Session) -> Iterator[str]:
    """The shared on-call pool and the demo doctors, without solving a roster."""
    yield from _pool(session)
    yield from _doctors(session)


def _rolling(session: Session) -> Iterator[str]:
    """Keep the demo planned as far ahead as the rolling roster would (only new weeks)."""
    session.commit()
    engine = session.get_bind()
    done = extend_rolling(engine, time_limit_s=DEMO_EXTEND_TIME_LIMIT_S)  # type: ignore[arg-type]  # bound to an Engine
    for run in done:
        yield (
            f"rolling roster: weeks {run.weeks[0]}..{run.weeks[-1]} planned for "
            f"{len(run.regions)} regions, {run.filled} of {run.positions} positions filled"
        )


def _pool(session: Session) -> Iterator[str]:
    if session.get(CoveragePoolRow, SHARED_ON_CALL.code) is None:
        session.add(
            CoveragePoolRow(
                code=SHARED_ON_CALL.code,
                name="Midden-Nederland: één consignatielijn",
                regions=sorted(SHARED_ON_CALL.regions),
                shared_templates=["consignatie"],
            )
        )
        session.commit()
    yield f"coverage pool {SHARED_ON_CALL.code}: {', '.join(sorted(SHARED_ON_CALL.regions))} share the on-call line"


def _doctors(session: Session) -> Iterator[str]:
    if session.exec(select(func.count()).select_from(Doctor)).one() > 0:
        yield "demo doctors exist already"
        return
    today = utcnow().astimezone(AMSTERDAM).date()
    codes = [r.code for r in list_regions(session)]
    visser = find_user_by_name(session, DEMO_DOCTOR_USER, Role.FORENSISCH_ARTS)
    bigs: set[str] = set()
    linked = False
    for spec in demo_doctors(codes, DEMO_SEED, start=today, days=DEMO_DAYS):
        if spec.big_number is None or spec.big_number in bigs | {DEMO_DOCTOR_BIG}:
            continue
        bigs.add(spec.big_number)
        doctor = Doctor(
            name=f"Dr. {spec.name}",
            big_number=spec.big_number,
            region=spec.region,
            qualifications=sorted(spec.qualifications),
            contract_hours=spec.contract_hours,
            no_nights=spec.no_nights,
            preferred_weekdays=sorted(spec.preferred_weekdays),
            employment=spec.employment,
            agency=spec.agency,
            big_valid_until=spec.big_valid_until,
            qualification_records=[
                {
                    "qualification": qualification,
                    "valid_until": until.isoformat(),
                    "evidence_kind": "course",
                    "evidence": "Cursus Forensische geneeskunde bij kinderen (demo)",
                }
                for qualification, until in spec.qualification_until
            ],
            big_verified_at=utcnow(),  # demo numbers count as checked against the register
        )
        if (
            not linked
            and visser is not None
            and spec.region == visser.region_code
            and "child_forensic" in spec.qualifications
        ):
            doctor.name, doctor.user_id, linked = "Dr. P. Visser", visser.id, True
            doctor.big_number = DEMO_DOCTOR_BIG
        session.add(doctor)
        session.flush()
        assert doctor.id is not None
        for start, end in spec.unavailable:
            session.add(
                Unavailability(
                    doctor_id=doctor.id,
                    start_at=as_utc(start),
                    end_at=as_utc(end),
                    kind=UnavailabilityKind.LEAVE.value,
                )
            )
    session.commit()
    yield f"{len(bigs)} demo doctors in {len(codes)} regions (with leave); Dr. P. Visser is linked"


def _roster(session: Session) -> Iterator[str]:
    # From yesterday: last night's consignatie runs into this morning, so a case that arrives
    # tonight has a doctor on call; the 4 weeks from today follow.
    today = utcnow().astimezone(AMSTERDAM).date() - timedelta(days=1)
    end = today + timedelta(days=DEMO_DAYS)
    exists = session.exec(
        select(func.count())
        .select_from(RosterEntry)
        .where(
            col(RosterEntry.start_at) >= day_start(today),
            col(RosterEntry.start_at) < day_start(end + timedelta(days=1)),
        )
    ).one()
    if exists:
        yield "a demo roster exists already"
        return
    codes = [r.code for r in list_regions(session)]
    session.commit()  # never hold a transaction while the solver runs
    engine = session.get_bind()
    result = generate(engine, codes, today, end, time_limit_s=DEMO_TIME_LIMIT_S)  # type: ignore[arg-type]  # bound to an Engine
    yield (
        f"roster {today}..{end} for {len(codes)} regions: {result['filled']} of "
        f"{result['positions']} positions filled ({result['status']}, {result['solve_seconds']} s, "
        f"{result['hard_violations']} hard violations)"
    )
