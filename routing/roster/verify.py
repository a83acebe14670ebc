"""Independent check of any roster, generated or edited by hand.

Recomputed from scratch in plain Python from the positions, the doctors and the rules; it
shares only the domain definitions in `facts` with the solver, none of its model. Every
violation names its rule:

hard: unknown_reference, duplicate_assignment, pin, pool_membership, qualification, leave,
max_shift_length, one_position_at_a_time, daily_rest, rest_after_night, max_work_per_24h,
max_on_call_days, max_week_hours;
soft: contract_hours, pref_no_nights, pref_weekdays;
gap: coverage (a position nobody fills).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from routing.roster import facts
from routing.roster.model import Assignment, DoctorSpec, Position, RosterProblem, Violation

HARD_RULES = frozenset(
    {
        "unknown_reference",
        "duplicate_assignment",
        "pin",
        "pool_membership",
        "qualification",
        "leave",
        "max_shift_length",
        "one_position_at_a_time",
        "daily_rest",
        "rest_after_night",
        "max_work_per_24h",
        "max_on_call_days",
        "max_week_hours",
    }
)


def verify(problem: RosterProblem, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every rule the roster breaks; an empty list of hard ones means the roster is legal."""
    positions = {p.id: p for p in problem.positions}
    doctors = {d.id: d for d in problem.doctors}
    violations: list[Violation] = []
    chosen: dict[str, str] = {}
    for a in assignments:
        if a.position_id not in positions:
            violations.append(
                Violation("unknown_reference", f"unknown position {a.position_id}", a.position_id)
            )
            continue
        if a.doctor_id is None:
            continue
        if a.doctor_id not in doctors:
            violations.append(
                Violation(
                    "unknown_reference",
                    f"unknown doctor {a.doctor_id}",
                    a.position_id,
                    a.doctor_id,
                )
            )
            continue
        earlier = chosen.setdefault(a.position_id, a.doctor_id)
        if earlier != a.doctor_id:
            violations.append(
                Violation(
                    "duplicate_assignment",
                    f"position also assigned to {earlier}",
                    a.position_id,
                    a.doctor_id,
                )
            )
    for pin in problem.pins:
        if chosen.get(pin.position_id) != pin.doctor_id:
            violations.append(
                Violation(
                    "pin",
                    f"pinned to {pin.doctor_id} but assigned to {chosen.get(pin.position_id)}",
                    pin.position_id,
                    pin.doctor_id,
                )
            )
    for position in problem.positions:
        if position.id not in chosen:
            violations.append(
                Violation("coverage", "position is not filled", position.id, severity="gap")
            )
    by_doctor: dict[str, list[Position]] = defaultdict(list)
    for position_id, doctor_id in chosen.items():
        by_doctor[doctor_id].append(positions[position_id])
    context = CheckContext(problem)
    for doctor_id, own in sorted(by_doctor.items()):
        violations.extend(check_doctor(context, doctors[doctor_id], own))
    return violations


class CheckContext:
    """What the per-doctor checks need beyond the doctor's own positions."""

    def __init__(self, problem: RosterProblem) -> None:
        self.rules = problem.rules
        self.tz = ZoneInfo(problem.timezone)
        self.pool_regions: Mapping[str, frozenset[str]] = problem.pool_regions()
        self.days: list[date] = facts.horizon_days(problem.positions, self.tz)


def hard_only(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == "hard"]


def check_doctor(
    ctx: CheckContext, doctor: DoctorSpec, positions: Sequence[Position]
) -> list[Violation]:
    """All violations of one doctor's set of positions."""
    own = sorted(positions, key=lambda p: (p.start, p.end, p.id))
    out: list[Violation] = []
    for p in own:
        out.extend(_position_fit(ctx, doctor, p))
    out.extend(_overlap_and_rest(ctx, doctor, own))
    out.extend(_work_per_24h(ctx, doctor, own))
    out.extend(_on_call_days(ctx, doctor, own))
    out.extend(_week_hours(ctx, doctor, own))
    out.extend(_contract(ctx, doctor, own))
    out.extend(_preferences(ctx, doctor, own))
    return out


def _position_fit(ctx: CheckContext, doctor: DoctorSpec, p: Position) -> list[Violation]:
    out: list[Violation] = []
    regions = ctx.pool_regions.get(p.pool, frozenset({p.pool}))
    if doctor.region not in regions:
        out.append(
            Violation(
                "pool_membership", f"{doctor.region} is not in pool {p.pool}", p.id, doctor.id
            )
        )
    missing = p.required_qualifications - doctor.qualifications
    if missing:
        out.append(
            Violation("qualification", f"lacks {', '.join(sorted(missing))}", p.id, doctor.id)
        )
    if facts.on_leave(doctor, p):
        out.append(Violation("leave", "doctor is on leave during the position", p.id, doctor.id))
    if facts.too_long(p, ctx.rules):
        out.append(
            Violation(
                "max_shift_length", f"{p.hours:g} h exceeds the {p.kind} limit", p.id, doctor.id
            )
        )
    return out


def _overlap_and_rest(
    ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]
) -> list[Violation]:
    out: list[Violation] = []
    for i, p in enumerate(own):
        rest = facts.rest_after(p, ctx.rules, ctx.tz)
        late = facts.is_late_night(p, ctx.rules, ctx.tz)
        for q in own[i + 1 :]:
            if q.start >= p.end + rest:
                break  # sorted by start: every later position starts later still
            if q.start < p.end:
                rule, text = "one_position_at_a_time", f"overlaps {p.id}"
            else:
                gap = (q.start - p.end) / timedelta(hours=1)
                rule = "rest_after_night" if late else "daily_rest"
                text = f"only {gap:g} h rest after {p.id} (needs {rest / timedelta(hours=1):g} h)"
            out.append(Violation(rule, text, q.id, doctor.id))
    return out


def _work_per_24h(
    ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]
) -> list[Violation]:
    out: list[Violation] = []
    limit = ctx.rules.max_work_per_24h_on_call
    for i, p in enumerate(own):
        window_end = p.start + timedelta(hours=24)
        work = sum(facts.planned_work_hours(q, ctx.rules) for q in own[i:] if q.start < window_end)
        if work > limit + 1e-9:
            out.append(
                Violation(
                    "max_work_per_24h",
                    f"{work:g} h planned work in the 24 h from {p.start.isoformat()}",
                    p.id,
                    doctor.id,
                )
            )
    return out


def _on_call_days(
    ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]
) -> list[Violation]:
    days = sorted({facts.local_date(p, ctx.tz) for p in own if p.kind == "on_call"})
    limit = ctx.rules.max_on_call_days_per_4_weeks
    for i, first in enumerate(days):
        count = sum(1 for d in days[i:] if d < first + timedelta(days=28))
        if count > limit:
            return [
                Violation(
                    "max_on_call_days",
                    f"{count} on-call days in the 4 weeks from {first} (max {limit})",
                    None,
                    doctor.id,
                )
            ]
    return []


def _week_hours(ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]) -> list[Violation]:
    weeks: dict[tuple[int, int], float] = defaultdict(float)
    for p in own:
        weeks[facts.iso_week(p, ctx.tz)] += facts.rostered_hours(p, ctx.rules)
    return [
        Violation(
            "max_week_hours",
            f"{hours:g} h in ISO week {year}-W{week:02d} (max {ctx.rules.max_week_hours:g})",
            None,
            doctor.id,
        )
        for (year, week), hours in sorted(weeks.items())
        if hours > ctx.rules.max_week_hours + 1e-9
    ]


def _contract(ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]) -> list[Violation]:
    available_weeks = len(ctx.days) * facts.availability(doctor, ctx.days, ctx.tz) / 7.0
    if not own or available_weeks <= 0:
        return []
    weekly = sum(facts.rostered_hours(p, ctx.rules) for p in own) / max(available_weeks, 1.0)
    limit = doctor.contract_hours * ctx.rules.max_contract_factor
    if weekly <= limit + 1e-9:
        return []
    return [
        Violation(
            "contract_hours",
            f"{weekly:.1f} h/week on average against a contract of {doctor.contract_hours:g} h",
            None,
            doctor.id,
            "soft",
        )
    ]


def _preferences(ctx: CheckContext, doctor: DoctorSpec, own: Sequence[Position]) -> list[Violation]:
    out: list[Violation] = []
    for p in own:
        if doctor.no_nights and facts.is_late_night(p, ctx.rules, ctx.tz):
            out.append(Violation("pref_no_nights", "prefers no nights", p.id, doctor.id, "soft"))
        weekday = facts.local_date(p, ctx.tz).weekday()
        if doctor.preferred_weekdays and weekday not in doctor.preferred_weekdays:
            out.append(
                Violation("pref_weekdays", "not on a preferred weekday", p.id, doctor.id, "soft")
            )
    return out
