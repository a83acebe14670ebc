"""Demo history: N months of plausible past work, so the half-yearly figures have something to
report on. Seeded (the same seed on the same day gives the same history) and idempotent (a
second run adds nothing; a run that fails stores nothing).

Volumes follow the domain brief: 20-60 GGD examinations per region per year (each region its
own rate, scaled by its number of children), ~200 acute sexual-abuse hand-offs and ~270-330
anonymous LECK advices a year, with seasonality (quieter in the summer holidays and around
Christmas). Referrals are decided by the handelingskader in force at their historical moment,
exactly as intake would; examinations get realistic outcomes (mostly on time, some planned or
started late, some escalated to LECK for want of a doctor, a few cancelled). The roster is
filled greedily with rest between shifts and a few gaps, two regions leaning on two doctors for
their nights; it ends five weeks before the live demo roster (see ``ROSTER_BUFFER``).

Rows are written in bulk without audit events of their own (no person read or changed them; an
escalation records its transfer as it always does). Child names are "Demo Historie <n>";
nothing here is real.

Long because the history is one seeded generator: its steps draw from the same random stream in a
fixed order.
"""

import math
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, func, select

from fmek.advice.case_numbers import new_case_number
from fmek.advice.models import AdviceRequest
from fmek.allocation.adapters import examination_for
from fmek.allocation.escalation import availability_reason, escalate_referral
from fmek.allocation.models import (
    Assignment,
    AssignmentStatus,
    Examination,
    ExaminationStatus,
)
from fmek.audit.service import Actor
from fmek.auth.models import Role, User
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.doctors.models import Doctor
from fmek.idempotency import request_hash
from fmek.reference.models import Region
from fmek.reference.service import children_0_17
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral, ReferralCreate
from fmek.referrals.service import routed_referral
from fmek.rosters.data import all_pools, day_start, expected_positions
from fmek.rosters.models import RosterEntry, RosterWeek
from fmek.settings import get_settings
from routing.allocation import Point
from routing.vocabulary import TaskKind

SEED = 2026
KEY_PREFIX = "demo-history-"
# Per month: referrals relative to the year's average (summer holidays and Christmas quieter).
SEASON = (1.0, 1.05, 1.1, 1.05, 1.1, 1.05, 0.8, 0.75, 1.1, 1.1, 1.05, 0.85)
ZEDEN_PER_YEAR = 200  # acute sexual-abuse examinations of minors, ~200 (2021)
ADVICES_PER_YEAR = (270, 330)  # LECK anonymous advices, rising over the history
NIGHT_DEPENDENT = ("GG5006", "GG7306")  # two small regions leaning on two doctors at night
REST = timedelta(hours=11)
# The history roster stops this long before the live demo roster: the working-time rules of the
# weeks being planned look back up to 28 days, and should judge the planned roster, not a
# synthetic past filled without them.
ROSTER_BUFFER = timedelta(weeks=5)


@dataclass(frozen=True)
class Outcome:
    """What happened to one GGD examination (fractions of its window from receipt to deadline)."""

    status: str  # completed | escalated | cancelled
    planned: float | None = None
    started: float | None = None


def load_history(engine: Engine, months: int, *, seed: int = SEED) -> Iterator[str]:
    """Write ``months`` of history ending yesterday; yields lines for the operator."""
    if months <= 0:
        return
    with Session(engine, expire_on_commit=False) as session:
        if _present(session):
            yield "demo history exists already"
            return
        rng = random.Random(seed)
        today = utcnow().astimezone(AMSTERDAM).date()
        first = _months_back(today, months)
        last = today - timedelta(days=2)  # the demo roster starts yesterday
        roster_last = last - ROSTER_BUFFER
        doctors = _doctors(session)
        filled, gaps = _roster(session, rng, first, roster_last, doctors)
        yield f"history roster {first}..{roster_last}: {filled} positions filled, {gaps} gaps"
        counts = _referrals(session, rng, first, last, doctors)
        yield (
            f"history referrals: {counts['referrals']}, GGD examinations {counts['examinations']} "
            f"({counts['late']} started late, {counts['escalated']} escalated to LECK), "
            f"acute zeden hand-offs {counts['zeden']}"
        )
        advices = _advices(session, rng, first, last)
        session.commit()  # all of it or nothing: a second run sees it complete or not at all
        yield f"history LECK advices: {advices}"


def _users(session: Session, role: Role) -> list[User]:
    return list(
        session.exec(select(User).where(User.role == role.value).order_by(col(User.id))).all()
    )


def _present(session: Session) -> bool:
    return (
        session.exec(
            select(func.count())
            .select_from(Referral)
            .where(col(Referral.idempotency_key).startswith(KEY_PREFIX))
        ).one()
        > 0
    )


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, 1)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; the means here are small (a region's month)."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _moment(rng: random.Random, day: date) -> datetime:
    """A time on ``day``: mostly office hours, sometimes evening or night."""
    hour = rng.choice([*range(8, 18)] * 3 + [*range(18, 24)] + [*range(0, 8)])
    return as_utc(datetime.combine(day, time(hour, rng.randrange(60)), AMSTERDAM))


# --- roster -----------------------------------------------------------------------------


@dataclass
class _Doctor:
    id: int
    region: str
    qualifications: frozenset[str]
    contract_hours: float
    no_nights: bool


def _doctors(session: Session) -> dict[str, list[_Doctor]]:
    out: dict[str, list[_Doctor]] = defaultdict(list)
    for d in session.exec(select(Doctor).where(col(Doctor.active)).order_by(col(Doctor.id))).all():
        assert d.id is not None
        out[d.region].append(
            _Doctor(d.id, d.region, frozenset(d.qualifications), d.contract_hours, d.no_nights)
        )
    return out


def _roster(
    session: Session,
    rng: random.Random,
    first: date,
    last: date,
    doctors: dict[str, list[_Doctor]],
) -> tuple[int, int]:
    """Positions from the regions' templates, filled greedily: the least loaded qualified
    doctor who had 11 hours' rest; 1-4 % gaps (more in the summer)."""
    regions = sorted(doctors)
    pools = {p.code: sorted(p.regions) for p in sorted(all_pools(session), key=lambda p: p.code)}
    positions = sorted(expected_positions(session, regions, first, last), key=lambda p: p.start)
    existing = set(
        session.exec(
            select(RosterEntry.position_id).where(
                col(RosterEntry.start_at) >= day_start(first),
                col(RosterEntry.start_at) < day_start(last + timedelta(days=1)),
            )
        ).all()
    )
    free_from: dict[int, datetime] = {}
    load: dict[int, float] = defaultdict(float)
    night_pair = {r: sorted(doctors[r], key=lambda d: d.id)[:2] for r in NIGHT_DEPENDENT}
    rows: list[dict[str, Any]] = []
    week_gaps: Counter[tuple[str, date]] = Counter()
    filled = gaps = 0
    for p in positions:
        if p.id in existing:
            continue
        start, end = as_utc(p.start), as_utc(p.end)
        members = pools.get(p.pool, [p.pool])
        local_day = p.start.astimezone(AMSTERDAM).date()
        nightly = p.kind in ("night", "on_call")
        candidates = [
            d
            for region in members
            for d in doctors.get(region, [])
            if p.required_qualifications <= d.qualifications
            and free_from.get(d.id, start) <= start
            and not (nightly and d.no_nights)
        ]
        summer = local_day.month in (7, 8)
        chosen: _Doctor | None = None
        if candidates and rng.random() > (0.04 if summer else 0.012):
            pair = [d for d in night_pair.get(p.pool, []) if d in candidates]
            if nightly and pair and rng.random() < 0.85:
                chosen = rng.choice(pair)
            else:
                chosen = min(
                    candidates, key=lambda d: (load[d.id] / d.contract_hours, rng.random())
                )
        if chosen is None:
            gaps += 1
            monday = local_day - timedelta(days=local_day.weekday())
            for region in members:
                week_gaps[region, monday] += 1
        else:
            filled += 1
            load[chosen.id] += (end - start).total_seconds() / 3600
            free_from[chosen.id] = end + REST
        rows.append(
            {
                "position_id": p.id,
                "pool": p.pool,
                "start_at": start,
                "end_at": end,
                "kind": p.kind,
                "role": p.role,
                "template": p.template,
                "required_qualifications": sorted(p.required_qualifications),
                "doctor_id": chosen.id if chosen else None,
                "pinned": False,
                "source": "generated",
                "updated_at": start - timedelta(weeks=4),
            }
        )
    for index in range(0, len(rows), 5000):
        session.execute(insert(RosterEntry), rows[index : index + 5000])
    _weeks(session, rng, regions, first, last, week_gaps)
    return filled, gaps


def _weeks(
    session: Session,
    rng: random.Random,
    regions: list[str],
    first: date,
    last: date,
    gaps: Counter[tuple[str, date]],
) -> None:
    """Each week planned 2-8 weeks ahead (a region keeps its habit, give or take a week)."""
    habit = {region: rng.randint(2, 8) for region in regions}
    known = set(session.exec(select(col(RosterWeek.region), col(RosterWeek.monday))).all())
    monday = first - timedelta(days=first.weekday())
    rows: list[dict[str, Any]] = []
    while monday <= last:
        for region in regions:
            if (region, monday) in known:
                continue
            ahead = max(1, habit[region] + rng.choice((-1, 0, 0, 1)))
            planned = as_utc(datetime.combine(monday, time(9), AMSTERDAM)) - timedelta(weeks=ahead)
            rows.append(
                {
                    "region": region,
                    "monday": monday,
                    "status": "published",
                    "gaps": gaps[region, monday],
                    "planned_at": planned,
                    "published_at": planned + timedelta(days=3),
                }
            )
        monday += timedelta(days=7)
    if rows:
        session.execute(insert(RosterWeek), rows)


# --- referrals and examinations ---------------------------------------------------------


def _birth(rng: random.Random, day: date, months_min: int, months_max: int) -> date:
    return day - timedelta(days=rng.randint(months_min * 31, months_max * 30 + 29))


def _ggd_case(rng: random.Random, at: datetime) -> dict[str, Any]:
    """A case that asks a GGD forensic doctor to examine (some also a LECK advice)."""
    day = at.astimezone(AMSTERDAM).date()
    kind = rng.choices(
        ["fresh", "older", "neglect", "ten", "burn", "teen_sa"], [40, 25, 15, 8, 6, 6]
    )
    child: dict[str, Any] = {"sex": rng.choice(["female", "male"])}
    body: dict[str, Any] = {"concerns": ["physical_abuse"], "questions": ["documentation"]}
    if kind[0] == "fresh":
        child["birth_date"] = _birth(rng, day, 36, 16 * 12)
        body["injuries"] = [
            {
                "kind": rng.choice(["bruise", "abrasion", "laceration"]),
                "body_region": rng.choice(["arm", "leg", "back", "face"]),
                "observed_at": (at - timedelta(hours=rng.randint(1, 48))).isoformat(),
            }
        ]
    elif kind[0] == "older":
        child["birth_date"] = _birth(rng, day, 60, 17 * 12)
        body["injuries"] = [
            {
                "kind": "bruise",
                "body_region": rng.choice(["arm", "leg", "buttocks"]),
                "observed_at": (at - timedelta(days=rng.randint(4, 10))).isoformat(),
            }
        ]
    elif kind[0] == "neglect":
        child["birth_date"] = _birth(rng, day, 24, 14 * 12)
        body["concerns"] = ["neglect"]
    elif kind[0] == "ten":
        child["birth_date"] = _birth(rng, day, 13, 22)
        child["mobility"] = "mobile"
        body["injuries"] = [
            {
                "kind": "bruise",
                "body_region": rng.choice(["neck", "ear", "chest"]),
                "observed_at": (at - timedelta(hours=rng.randint(2, 20))).isoformat(),
            }
        ]
    elif kind[0] == "burn":
        child["birth_date"] = _birth(rng, day, 14, 48)
        child["mobility"] = "mobile"
        body["injuries"] = [
            {
                "kind": "burn",
                "body_region": rng.choice(["hand", "leg"]),
                "observed_at": (at - timedelta(hours=rng.randint(2, 30))).isoformat(),
            }
        ]
    else:
        child["birth_date"] = _birth(rng, day, 16 * 12 + 1, 17 * 12 + 10)
        body["concerns"] = ["sexual_abuse"]
        body["last_incident_at"] = (at - timedelta(hours=rng.randint(6, 100))).isoformat()
    return {"child": child, **body}


def _zeden_case(rng: random.Random, at: datetime) -> dict[str, Any]:
    day = at.astimezone(AMSTERDAM).date()
    return {
        "child": {
            "sex": rng.choice(["female", "female", "male"]),
            "birth_date": _birth(rng, day, 36, 15 * 12),
        },
        "concerns": ["sexual_abuse"],
        "last_incident_at": (at - timedelta(hours=rng.randint(3, 120))).isoformat(),
    }


def _leck_case(rng: random.Random, at: datetime) -> dict[str, Any]:
    day = at.astimezone(AMSTERDAM).date()
    return {
        "child": {
            "sex": rng.choice(["female", "male"]),
            "birth_date": _birth(rng, day, 1, 5),
            "mobility": "not_mobile",
        },
        "concerns": ["physical_abuse"],
        "injuries": [{"kind": "fracture", "body_region": rng.choice(["arm", "leg", "chest"])}],
        "questions": ["disease_vs_injury"],
    }


def _outcome(rng: random.Random) -> Outcome:
    """~83 % on time, ~11 % late (about half already planned late), ~4 % escalated, ~2 %
    cancelled."""
    roll = rng.random()
    if roll < 0.04:
        return Outcome(ExaminationStatus.ESCALATED.value)
    if roll < 0.06:
        return Outcome(ExaminationStatus.CANCELLED.value)
    if roll < 0.12:
        planned = rng.uniform(1.02, 1.6)
        return Outcome(ExaminationStatus.COMPLETED.value, planned, planned + rng.uniform(0, 0.1))
    if roll < 0.17:
        planned = rng.uniform(0.6, 0.98)
        return Outcome(ExaminationStatus.COMPLETED.value, planned, rng.uniform(1.01, 1.4))
    planned = rng.uniform(0.05, 0.9)
    return Outcome(
        ExaminationStatus.COMPLETED.value, planned, min(1.0, planned + rng.uniform(0, 0.08))
    )


def _referrals(
    session: Session,
    rng: random.Random,
    first: date,
    last: date,
    doctors: dict[str, list[_Doctor]],
) -> Counter[str]:
    requesters = _users(session, Role.VERTROUWENSARTS)
    if not requesters:
        raise LookupError("demo history needs the demo users (run the demo first)")
    centroids = {r.code: Point(r.lat, r.lon) for r in session.exec(select(Region)).all()}
    children = children_0_17()
    mean_children = sum(children.values()) / len(children)
    # each region its own yearly rate of GGD examinations, within 20-60
    rates = {
        region: min(
            60.0, max(20.0, rng.uniform(25, 45) * (children[region] / mean_children) ** 0.5)
        )
        for region in sorted(children)
    }
    settings = get_settings()
    actor = Actor(user=requesters[0], client_address="demo")
    counts: Counter[str] = Counter()
    number = 0
    month = first
    while month <= last:
        following = _months_back(month, -1)
        days = [
            month + timedelta(days=i)
            for i in range((following - month).days)
            if month + timedelta(days=i) <= last
        ]
        share = len(days) / (following - month).days
        season = SEASON[month.month - 1]
        planned_cases: list[tuple[str, str]] = []
        for region, rate in rates.items():
            planned_cases += [(region, "ggd")] * _poisson(rng, rate / 12 * season * share)
            zeden = ZEDEN_PER_YEAR * children[region] / sum(children.values())
            planned_cases += [(region, "zeden")] * _poisson(rng, zeden / 12 * season * share)
            planned_cases += [(region, "leck")] * _poisson(rng, 3.5 / 12 * season * share)
        batch: list[tuple[Referral, Any, str]] = []
        for region, kind in planned_cases:
            number += 1
            at = _moment(rng, rng.choice(days))
            case = {"ggd": _ggd_case, "zeden": _zeden_case, "leck": _leck_case}[kind](rng, at)
            case["child"]["name"] = f"Demo Historie {number}"
            case["child"]["birth_date"] = case["child"]["birth_date"].isoformat()
            case["ggd_region"] = region
            case["vraagstelling"] = "Demo: forensisch-medische vraag uit de historie."
            data = ReferralCreate.model_validate(case)
            requester = requesters[number % len(requesters)]
            referral, row, _decision = routed_referral(
                session,
                data,
                user=requester,
                now=at,
                idempotency_key=f"{KEY_PREFIX}{number:05d}",
                body_hash=request_hash(data),
            )
            session.add(referral)
            session.add(row)
            counts["referrals"] += 1
            counts["zeden"] += TaskKind.ACUTE_ZEDEN.value in referral.task_kinds
            if TaskKind.GGD_EXAMINATION.value in referral.task_kinds:
                batch.append((referral, row, region))
            else:
                referral.status = ReferralStatus.CLOSED
        session.flush()
        _examinations(session, rng, batch, doctors, centroids, settings, actor, counts)
        session.flush()
        month = following
    return counts


def _examinations(
    session: Session,
    rng: random.Random,
    batch: list[tuple[Referral, Any, str]],
    doctors: dict[str, list[_Doctor]],
    centroids: dict[str, Point],
    settings: Any,
    actor: Actor,
    counts: Counter[str],
) -> None:
    """One examination per GGD referral with its outcome; an escalation sometimes happens at
    intake already (no examination row then), as when nobody nearby is on the roster."""
    started: list[tuple[Examination, Outcome, str]] = []
    for referral, decision, region in batch:
        outcome = _outcome(rng)
        submitted = as_utc(referral.submitted_at)
        if outcome.status == ExaminationStatus.ESCALATED.value:
            counts["escalated"] += 1
            exam = None
            if rng.random() < 0.7:
                exam = examination_for(referral, decision, centroids[region], settings)
                exam.status = ExaminationStatus(outcome.status)
                exam.created_at = exam.updated_at = submitted
                session.add(exam)
            deadline = as_utc(referral.deadline_at).astimezone(AMSTERDAM)
            reason = availability_reason(region, deadline.strftime("%Y-%m-%d %H:%M"), None)
            escalate_referral(session, referral.id, reason=reason, now=submitted, actor=actor)
            continue
        exam = examination_for(referral, decision, centroids[region], settings)
        exam.status = ExaminationStatus(outcome.status)
        exam.created_at = exam.updated_at = submitted
        counts["examinations"] += 1
        session.add(exam)
        if outcome.status == ExaminationStatus.COMPLETED.value:
            started.append((exam, outcome, region))
            referral.status = ReferralStatus.EXAMINED
        else:
            referral.status = ReferralStatus.WITHDRAWN
        session.add(referral)
    session.flush()
    for exam, outcome, region in started:
        assert exam.id is not None and outcome.planned is not None and outcome.started is not None
        release, deadline = as_utc(exam.release_at), as_utc(exam.deadline_at)
        window = deadline - release
        planned = release + window * outcome.planned
        exam.started_at = release + window * outcome.started
        counts["late"] += exam.started_at > deadline
        pool = doctors.get(region) or [d for ds in doctors.values() for d in ds]
        session.add(
            Assignment(
                examination_id=exam.id,
                doctor_id=rng.choice(pool).id,
                start_at=planned,
                end_at=planned + timedelta(minutes=exam.duration_min),
                status=AssignmentStatus.COMPLETED,
                plan_version=0,
                changed_at=planned,
                created_at=release,
                updated_at=exam.started_at,
            )
        )
        session.add(exam)


# --- LECK advices -----------------------------------------------------------------------


def _advices(session: Session, rng: random.Random, first: date, last: date) -> int:
    """Anonymous advice requests: answered within hours to days, released after review."""
    requesters = _users(session, Role.VERTROUWENSARTS)
    consultants = _users(session, Role.LECK_CONSULTANT) or requesters
    children = children_0_17()
    regions, weights = list(children), list(children.values())
    rows: list[dict[str, Any]] = []
    day = first
    total_days = (last - first).days + 1
    while day <= last:
        per_year = ADVICES_PER_YEAR[0] + (ADVICES_PER_YEAR[1] - ADVICES_PER_YEAR[0]) * (
            (day - first).days / total_days
        )
        for _ in range(_poisson(rng, per_year / 365 * SEASON[day.month - 1])):
            at = _moment(rng, day)
            requester = rng.choice(requesters)
            answered = at + timedelta(hours=rng.lognormvariate(math.log(20), 0.8))
            released = answered + timedelta(hours=rng.uniform(24, 24 * 8))
            age = rng.choice([rng.randint(0, 35)] * 7 + [rng.randint(36, 215)] * 3)  # ~71 % 0-2
            answering, reviewing = rng.sample(consultants * 2, 2)
            rows.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "case_number": new_case_number(),
                    "status": "released",
                    "version": 3,
                    "submitted_at": at,
                    "updated_at": released,
                    "requester_id": requester.id,
                    "requester_organisation": requester.organisation_code or "",
                    "requester_contact_withheld": False,
                    "idempotency_key": f"{KEY_PREFIX}{len(rows):05d}",
                    "request_hash": "0" * 64,
                    "age_months": age,
                    "sex": rng.choice(["female", "male"]),
                    "ggd_region": rng.choices(regions, weights)[0],
                    "concerns": ["physical_abuse"],
                    "injuries": [],
                    "question": "Demo: ziekte, ongeval of toegebracht letsel?",
                    "clinical_summary": "Demo: samenvatting uit de historie.",
                    "claimed_by": answering.id,
                    "claimed_at": at + (answered - at) / 4,
                    "advice": "Demo: advies uit de historie.",
                    "answered_by": answering.id,
                    "answered_at": answered,
                    "reviewed_by": reviewing.id,
                    "released_at": released,
                    "letter_version": 1,
                }
            )
        day += timedelta(days=1)
    if rows:
        session.execute(insert(AdviceRequest), rows)
    return len(rows)
