"""Greedy rosters: the round-robin benchmark baseline, and a balanced one for the solver's hint.

Positions are taken in time order (primary before back-up); each goes to a doctor who is
qualified, free and legal under every hard rule of `verify`. Pins are placed first and kept.

- ``round_robin`` (the baseline a planner would do by hand): the next doctor in a rotation per
  pool, shift template and role, so every shift kind is passed round in turn, blind to
  contract hours.
- ``balanced`` (hint and fallback): the doctor with the smallest filled share (of a fair
  share by contract x availability) of the position's main category (nights, weekends,
  hours); no-nights preferences before that, preferred weekdays after it. An on-call night
  goes first to the doctor who had the night before (up to `NIGHT_BLOCK` in a row, while
  under their share): consignatie is availability, and blocks leave whole dates free.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Literal

from routing.roster import facts
from routing.roster.fairness import capacity_weight, is_full_time
from routing.roster.model import Assignment, DoctorSpec, Position, RosterProblem
from routing.roster.verify import CheckContext, check_doctor, hard_only

NIGHT_BLOCK = 3


def greedy_roster(
    problem: RosterProblem, *, strategy: Literal["round_robin", "balanced"] = "round_robin"
) -> list[Assignment]:
    """One assignment per position (doctor None where nobody can legally take it)."""
    ctx = CheckContext(problem)
    load: dict[tuple[str, str], float] = defaultdict(float)
    doctors = {d.id: d for d in problem.doctors}
    positions = {p.id: p for p in problem.positions}
    chosen: dict[str, str] = {}
    own: dict[str, list[Position]] = defaultdict(list)
    for pin in problem.pins:
        known = pin.position_id in positions and pin.doctor_id in doctors
        if known and pin.position_id not in chosen:
            chosen[pin.position_id] = pin.doctor_id
            own[pin.doctor_id].append(positions[pin.position_id])
    hard_count = {d.id: len(hard_only(check_doctor(ctx, d, own[d.id]))) for d in problem.doctors}
    rotation: dict[str, list[DoctorSpec]] = {
        pool: sorted((d for d in problem.doctors if d.region in regions), key=lambda d: d.id)
        for pool, regions in ctx.pool_regions.items()
    }
    pointer: dict[tuple[str, str, str], int] = defaultdict(int)

    targets = _targets(problem, ctx, rotation) if strategy == "balanced" else {}
    on_call_nights: dict[str, set[date]] = defaultdict(set)
    for p in sorted(problem.positions, key=lambda p: (p.start, p.role != "primary", p.id)):
        if p.id in chosen or facts.too_long(p, ctx.rules):
            continue
        ring = rotation.get(p.pool, [])
        turn = (p.pool, p.template or p.kind, p.role)
        order = [(pointer[turn] + k) % len(ring) for k in range(len(ring))]
        values = _values(p, ctx)
        if strategy == "balanced":
            day = facts.local_date(p, ctx.tz)
            block = p.kind == "on_call" and facts.covers_night(p, ctx.tz)
            keys = {
                i: _balance_key(
                    ring[i],
                    values,
                    day.weekday(),
                    load,
                    targets,
                    _run(on_call_nights[ring[i].id], day) if block else 0,
                )
                for i in order
            }
            order.sort(key=keys.__getitem__)
        for index in order:
            doctor = ring[index]
            if not facts.fits(doctor, p):
                continue
            if facts.on_leave(doctor, p):
                continue
            trial = [*own[doctor.id], p]
            count = len(hard_only(check_doctor(ctx, doctor, trial)))
            if count > hard_count[doctor.id]:
                continue
            chosen[p.id] = doctor.id
            own[doctor.id] = trial
            hard_count[doctor.id] = count
            pointer[turn] = index + 1
            if p.kind == "on_call" and facts.covers_night(p, ctx.tz):
                on_call_nights[doctor.id].add(facts.local_date(p, ctx.tz))
            for name, value in values.items():
                load[(doctor.id, name)] += value
            break
    return [Assignment(p.id, chosen.get(p.id)) for p in problem.positions]


def _values(p: Position, ctx: CheckContext) -> dict[str, float]:
    """What a position adds to each fairness category (as in the solver's objective)."""
    return {
        "night": float(facts.is_late_night(p, ctx.rules, ctx.tz)),
        "weekend": float(facts.is_weekend_holiday(p, ctx.tz)),
        "on_call": float(p.kind == "on_call"),
        "hours": facts.rostered_hours(p, ctx.rules),
    }


def _targets(
    problem: RosterProblem, ctx: CheckContext, rotation: dict[str, list[DoctorSpec]]
) -> dict[tuple[str, str], float]:
    """Each doctor's fair share per category of its pool's positions (no nights for no_nights)."""
    targets: dict[tuple[str, str], float] = defaultdict(float)
    for pool, ring in rotation.items():
        totals: dict[str, float] = defaultdict(float)
        for p in problem.positions:
            if p.pool == pool:
                for name, value in _values(p, ctx).items():
                    totals[name] += value
        for name, total in totals.items():
            weights = {
                d.id: 0.0
                if name in ("night", "on_call") and d.no_nights
                else capacity_weight(d, ctx.days, ctx.tz)
                for d in ring
            }
            if name == "night":
                _even_out_full_time(weights, ring, ctx)
            whole = sum(weights.values()) or 1.0
            for d in ring:
                targets[(d.id, name)] += total * weights[d.id] / whole
    return targets


def _even_out_full_time(
    weights: dict[str, float], ring: list[DoctorSpec], ctx: CheckContext
) -> None:
    """Full-time doctors share nights equally, 36 h and 40 h alike: the headline night
    spread compares them by count, and the solver holds it to 1."""
    full_time = [
        d.id
        for d in ring
        if not d.no_nights
        and is_full_time(d.contract_hours, facts.availability(d, ctx.days, ctx.tz))
    ]
    if full_time:
        mean = sum(weights[d] for d in full_time) / len(full_time)
        weights.update(dict.fromkeys(full_time, mean))


def _balance_key(
    doctor: DoctorSpec,
    values: dict[str, float],
    weekday: int,
    load: dict[tuple[str, str], float],
    targets: dict[tuple[str, str], float],
    run: int = 0,
) -> tuple[bool, bool, float, bool, float]:
    """No-nights preference first; then continuing a block of on-call nights (`run` nights
    up to the date before); then the share of the position's main category (night, weekend
    or hours) the doctor has filled so far; then preferred weekdays; then hours."""
    against_nights = values["night"] > 0 and doctor.no_nights
    other_day = bool(doctor.preferred_weekdays) and weekday not in doctor.preferred_weekdays
    hours = load[(doctor.id, "hours")] / max(targets[(doctor.id, "hours")], 1e-6)
    main = "night" if values["night"] else "weekend" if values["weekend"] else "hours"
    share = load[(doctor.id, main)] / max(targets[(doctor.id, main)], 1e-6)
    continues = 0 < run < NIGHT_BLOCK and share < 1.0
    return against_nights, not continues, round(share, 1), other_day, hours


def _run(nights: set[date], day: date) -> int:
    """How many on-call nights in a row the doctor has up to the date before `day`."""
    run = 0
    while day - timedelta(days=run + 1) in nights:
        run += 1
    return run
