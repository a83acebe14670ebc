"""Fairness of a region's roster: per doctor against a fair share of nights, weekends and hours."""

from collections import Counter, defaultdict
from datetime import date

from sqlmodel import Session

from fmek.reference.service import get_region
from fmek.rosters.data import (
    load_roster,
)
from fmek.rosters.models import (
    DoctorFairness,
    FairnessOut,
)
from routing.roster import (
    RosterProblem,
    doctor_stats,
    summarise,
)


def fairness(session: Session, region: str, start: date, end: date) -> FairnessOut:
    """Per doctor of the region: nights, weekends, on-call days and hours against a fair share
    (proportional to contract hours and days not on leave, among doctors who could swap)."""
    get_region(session, region)
    data = load_roster(session, [region], start, end, with_history=False)
    problem = RosterProblem(
        positions=tuple(data.positions),
        doctors=tuple(s for i, s in data.specs.items() if data.doctors[i].active),
        pools=data.pools,
    )
    assignments = [a for a in data.assignments() if a.position_id in data.range_ids()]
    stats = doctor_stats(problem, assignments)
    counts = Counter(a.doctor_id for a in assignments if a.doctor_id)
    total_fte: dict[int, float] = defaultdict(float)
    total_hours: dict[int, float] = defaultdict(float)
    for s in stats:
        total_fte[s.group] += s.fte
        total_hours[s.group] += s.hours
    rows = []
    for s in stats:
        doctor = data.doctors[int(s.doctor_id)]
        if doctor.region != region:
            continue
        share = s.fte / total_fte[s.group] if total_fte[s.group] else 0.0
        rows.append(
            DoctorFairness(
                id=int(s.doctor_id),
                name=doctor.name,
                employment="hired" if doctor.employment == "hired" else "employed",
                contract_hours=s.contract_hours,
                availability=round(s.availability, 3),
                positions=counts[s.doctor_id],
                nights=s.nights,
                weekends=s.weekends,
                on_call_days=s.on_call_days,
                hours=round(s.hours, 1),
                fair_hours=round(total_hours[s.group] * share, 1),
            )
        )
    rows.sort(key=lambda r: (r.employment, r.name, r.id))  # employed first, then hired
    overall = summarise(problem, assignments)
    return FairnessOut.model_validate(
        {
            "region": region,
            "from": start,
            "to": end,
            "doctors": rows,
            "night_spread": overall.night_spread,
            "weekend_spread": overall.weekend_spread,
            "on_call_spread": overall.on_call_spread,
            "night_deviation": round(overall.night_deviation, 2),
            "hours_deviation": round(overall.hours_deviation, 1),
        }
    )
