"""Roster use cases: read a region's roster with its violations, change or pin one assignment,
fairness, exports (iCalendar, CSV), national coverage, and what allocation needs."""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.doctors.models import Doctor
from fmek.doctors.service import doctors_in, qualification_until, valid_qualifications
from fmek.errors import Conflict, NotFound, Problem, ValidationFailed
from fmek.reference.service import get_region, list_regions
from fmek.rosters.adapters import (
    entry_of,
    position_out,
    template_public,
    template_row,
    violations_out,
)
from fmek.rosters.data import (
    RosterData,
    all_pools,
    day_start,
    expected_positions,
    load_roster,
    lock_roster,
    region_pools,
    stored_templates,
    templates_for,
)
from fmek.rosters.models import (
    AssignmentChange,
    AssignmentResult,
    CoverageOut,
    CoveragePoolRow,
    DoctorFairness,
    EntrySource,
    FairnessOut,
    PoolIn,
    PoolPublic,
    RegionCoverage,
    RosterDoctorOut,
    RosterEntry,
    RosterOut,
    TemplateIn,
    TemplatePublic,
)
from fmek.rosters.rolling import rolling_statuses
from fmek.text import clean_name
from routing.roster import (
    Assignment,
    Position,
    RosterProblem,
    ShiftTemplate,
    Violation,
    build_positions,
    doctor_stats,
    summarise,
    verify,
)

WEEK = timedelta(days=7)
RULE_CONTEXT_DAYS = 27  # the widest rule (on-call days per 4 weeks) looks 28 days around a change


def default_range(start: date | None, end: date | None) -> tuple[date, date]:
    start = start or utcnow().astimezone(AMSTERDAM).date()
    end = end or start + timedelta(days=6)
    if end < start:
        raise ValidationFailed(
            "'to' must not be before 'from'", type="end_before_start", loc=("query", "to")
        )
    if (end - start).days > 92:
        raise ValidationFailed(
            "ask for at most 93 days at once", type="range_too_long", loc=("query", "to")
        )
    return start, end


# --- reading ----------------------------------------------------------------------------


def _shown(data: RosterData, region: str, pools: set[str]) -> list[Position]:
    return [p for p in data.positions if p.pool in pools]


def _region_violations(
    violations: Iterable[Violation], shown: set[str], region_doctors: set[str]
) -> list[Violation]:
    return [
        v
        for v in violations
        if (v.position_id in shown) or (v.position_id is None and v.doctor_id in region_doctors)
    ]


def roster_view(session: Session, region: str, start: date, end: date) -> RosterOut:
    """The region's positions (its own and its pool's shared line), doctors and violations."""
    get_region(session, region)
    data = load_roster(session, [region], start, end)
    pools = region_pools(session, region)
    shown = _shown(data, region, pools)
    shown_ids = {p.id for p in shown}
    region_doctor_ids = {str(i) for i, d in data.doctors.items() if d.region == region}
    violations = _region_violations(
        verify(data.problem(), data.assignments()), shown_ids, region_doctor_ids
    )
    used = {e.doctor_id for p in shown if (e := data.entries.get(p.id)) and e.doctor_id}
    doctors = [
        d
        for i, d in sorted(data.doctors.items(), key=lambda item: (item[1].name, item[0]))
        if (d.region == region and d.active) or i in used
    ]
    return RosterOut.model_validate(
        {
            "region": region,
            "from": start,
            "to": end,
            "positions": [position_out(p, data.entries.get(p.id), data.doctors) for p in shown],
            "doctors": [
                RosterDoctorOut(
                    id=d.id or 0,
                    name=d.name,
                    qualifications=list(d.qualifications),
                    contract_hours=d.contract_hours,
                    region=d.region,
                    employment="hired" if d.employment == "hired" else "employed",
                    big_valid_until=d.big_valid_until,
                    qualifications_valid_until=qualification_until(d),
                )
                for d in doctors
            ],
            "violations": violations_out(violations),
        }
    )


def parse_position_id(position_id: str) -> tuple[str, datetime, str, str]:
    """(pool, local start, kind, role) from a position id `pool:start-iso:kind:role`."""
    try:
        pool, rest = position_id.split(":", 1)
        moment, kind, role = rest.rsplit(":", 2)
        return pool, datetime.fromisoformat(moment), kind, role
    except ValueError:
        raise NotFound(
            "no such position in this roster",
            type="unknown_position",
            loc=("body", "position_id"),
        ) from None


def _position_in_region(
    session: Session, region: str, position_id: str
) -> tuple[RosterData, Position]:
    pool, start, _kind, _role = parse_position_id(position_id)
    if pool not in region_pools(session, region):
        raise NotFound(
            f"position is not part of the roster of {region}",
            type="unknown_position",
            loc=("body", "position_id"),
        )
    day = start.astimezone(AMSTERDAM).date()
    context = timedelta(days=RULE_CONTEXT_DAYS)
    data = load_roster(session, [region], day - context, day + context)
    position = next((p for p in data.positions if p.id == position_id), None)
    if position is None:
        raise NotFound(
            "no such position in this roster (check the shift templates)",
            type="unknown_position",
            loc=("body", "position_id"),
        )
    return data, position


def _key(v: Violation) -> tuple[str, str | None, str | None]:
    return (v.rule, v.position_id, v.doctor_id)


def change_assignment(
    session: Session, region: str, change: AssignmentChange, actor: Actor
) -> AssignmentResult:
    """Put a doctor (or nobody) in a position; a new hard violation refuses (409), soft ones
    come back as warnings. Pinned entries survive regeneration."""
    lock_roster(session, [region])
    data, position = _position_in_region(session, region, change.position_id)
    if change.doctor is not None:
        # A doctor outside the pools covering this region answers exactly like a missing one:
        # a planner learns nothing about other regions' doctors by trying ids.
        doctor = data.doctors.get(change.doctor)
        if doctor is None or not doctor.active:
            raise ValidationFailed(
                f"no active doctor with id {change.doctor} among the doctors of this region's pools",
                type="unknown_doctor",
                loc=("body", "doctor"),
            )
    problem = replace(data.problem(), pins=())
    before = verify(problem, data.assignments())
    new_doctor = str(change.doctor) if change.doctor is not None else None
    after_assignments = [
        Assignment(a.position_id, new_doctor) if a.position_id == position.id else a
        for a in data.assignments()
    ]
    after = verify(problem, after_assignments)
    added = Counter(_key(v) for v in after) - Counter(_key(v) for v in before)
    new = [v for v in after if added[_key(v)] > 0]
    hard = [v for v in new if v.severity == "hard"]
    if hard:
        raise Conflict(
            problems=[_problem(v) for v in hard],
        )
    entry = data.entries.get(position.id)
    if entry is None:
        entry = entry_of(position, None, pinned=False, source=EntrySource.MANUAL.value)
    entry.doctor_id = change.doctor
    entry.pinned = change.pinned
    entry.source = EntrySource.MANUAL.value
    entry.updated_at = utcnow()
    session.add(entry)
    session.flush()
    record(
        session,
        actor,
        AuditAction.UPDATE,
        "roster_entry",
        entry.id,
        detail=f"doctor {change.doctor} pinned {change.pinned}",
    )
    session.commit()
    warnings = [v for v in new if v.severity != "hard"]
    return AssignmentResult(
        position=position_out(position, entry, data.doctors), warnings=violations_out(warnings)
    )


def _problem(v: Violation) -> Problem:
    return Problem(f"{v.rule}: {v.message}", v.rule, ("body", "doctor"))


def unpin(session: Session, region: str, position_id: str, actor: Actor) -> AssignmentResult:
    """Release a pin: the doctor stays until the next generation may change them."""
    lock_roster(session, [region])
    data, position = _position_in_region(session, region, position_id)
    entry = data.entries.get(position.id)
    if entry is None or not entry.pinned:
        raise NotFound(
            "this position is not pinned", type="not_pinned", loc=("body", "position_id")
        )
    entry.pinned = False
    entry.updated_at = utcnow()
    session.add(entry)
    record(session, actor, AuditAction.UPDATE, "roster_entry", entry.id, detail="unpinned")
    session.commit()
    return AssignmentResult(position=position_out(position, entry, data.doctors), warnings=[])


# --- fairness ---------------------------------------------------------------------------


def fairness(session: Session, region: str, start: date, end: date) -> FairnessOut:
    """Per doctor of the region: nights, weekends, on-call days and hours against a fair share
    (proportional to contract hours and days not on leave, among doctors who could swap)."""
    get_region(session, region)
    data = load_roster(session, [region], start, end)
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


# --- exports ----------------------------------------------------------------------------

_KIND_NL = {"day": "Dagdienst", "night": "Nachtdienst", "on_call": "Consignatie"}
_ROLE_NL = {"primary": "primair", "backup": "achterwacht"}


def _ics_time(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y%m%dT%H%M%SZ")


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT: escaped, on one line (a ``\\r`` could otherwise start a new property)."""
    value = clean_name(value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def doctor_ics(session: Session, doctor: Doctor, start: date, end: date) -> str:
    """An iCalendar (RFC 5545) feed of the doctor's positions starting on start..end."""
    entries = session.exec(
        select(RosterEntry)
        .where(
            RosterEntry.doctor_id == doctor.id,
            col(RosterEntry.start_at) >= day_start(start),
            col(RosterEntry.start_at) < day_start(end + timedelta(days=1)),
        )
        .order_by(col(RosterEntry.start_at))
    ).all()
    stamp = _ics_time(utcnow())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//FMEK//Rooster//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text('FMEK rooster ' + doctor.name)}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for e in entries:
        summary = f"{_KIND_NL.get(e.kind, e.kind)} {_ROLE_NL.get(e.role, e.role)} ({e.pool})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_ics_text(e.position_id)}@fmek",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(e.start_at)}",
            f"DTEND:{_ics_time(e.end_at)}",
            f"SUMMARY:{_ics_text(summary)}",
            f"CATEGORIES:{e.kind},{e.role}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


CSV_COLUMNS = (
    "position_id", "start", "end", "kind", "role", "pool", "doctor_id", "doctor_name",
    "big_number", "qualified", "pinned",
)  # fmt: skip


def roster_csv(session: Session, region: str, start: date, end: date, actor: Actor) -> str:
    view = roster_view(session, region, start, end)
    names = {d.id: d for d in doctors_in(session, [region], active_only=False)}
    used = {p.doctor for p in view.positions if p.doctor is not None} - set(names)
    for doctor_id in used:
        if (extra := session.get(Doctor, doctor_id)) is not None:
            names[doctor_id] = extra
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in view.positions:
        doctor = names.get(p.doctor) if p.doctor is not None else None
        writer.writerow(
            [
                p.id,
                p.start.isoformat(),
                p.end.isoformat(),
                p.kind,
                p.role,
                p.pool,
                p.doctor or "",
                _csv_safe(doctor.name) if doctor else "",
                doctor.big_number if doctor else "",
                "yes" if p.qualified else "no",
                "yes" if p.pinned else "no",
            ]
        )
    record(session, actor, AuditAction.EXPORT, "roster", region, detail=f"csv {start}..{end}")
    session.commit()
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; quote them as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


# --- national coverage ------------------------------------------------------------------


def coverage(session: Session, start: date, end: date) -> CoverageOut:
    """Per region: share of rostered hours whose shift has a qualified primary AND back-up."""
    regions = list_regions(session)
    codes = [r.code for r in regions]
    positions = expected_positions(session, codes, start, end)
    pool_codes = {p.pool for p in positions}
    entries = {
        e.position_id: e
        for e in session.exec(
            select(RosterEntry).where(
                col(RosterEntry.pool).in_(sorted(pool_codes)),
                col(RosterEntry.start_at) >= day_start(start),
                col(RosterEntry.start_at) < day_start(end + timedelta(days=1)),
            )
        )
    }
    doctors = {d.id: d for d in doctors_in(session, codes)}
    slots: dict[tuple[str, datetime, str], list[Position]] = defaultdict(list)
    for p in positions:
        slots[(p.pool, p.start, p.kind)].append(p)

    valid: dict[tuple[int, date], set[str]] = {}

    def qualified(p: Position) -> bool:
        entry = entries.get(p.id)
        doctor = doctors.get(entry.doctor_id) if entry and entry.doctor_id is not None else None
        if doctor is None or doctor.id is None:
            return False
        key = (doctor.id, as_utc(p.end).astimezone(AMSTERDAM).date())
        if key not in valid:
            valid[key] = set(valid_qualifications(doctor, key[1]))
        return p.required_qualifications <= valid[key]

    per_pool: dict[str, list[tuple[float, bool, int]]] = defaultdict(list)
    for (pool, _start, _kind), members in slots.items():
        slot_covered = all(qualified(p) for p in members) and len(members) >= 2
        slot_gaps = sum(1 for p in members if not qualified(p))
        per_pool[pool].append((members[0].hours, slot_covered, slot_gaps))
    pool_members = {p.code: set(p.regions) for p in all_pools(session)}
    rolling = rolling_statuses(session, codes)
    rows = []
    for region in regions:
        mine = [region.code] + [c for c, members in pool_members.items() if region.code in members]
        hours = sum(h for c in mine for h, _cov, _g in per_pool.get(c, []))
        covered = sum(h for c in mine for h, cov, _g in per_pool.get(c, []) if cov)
        gaps = sum(g for c in mine for _h, _cov, g in per_pool.get(c, []))
        planned_until, open_gaps = rolling[region.code]
        rows.append(
            RegionCoverage(
                code=region.code,
                name=region.name,
                hours=round(hours, 1),
                covered_hours=round(covered, 1),
                share=round(covered / hours, 4) if hours else 0.0,
                gaps=gaps,
                planned_until=planned_until,
                open_gaps=open_gaps,
            )
        )
    return CoverageOut.model_validate({"from": start, "to": end, "regions": rows})


# --- for allocation ---------------------------------------------------------------------


def shifts_for(
    session: Session, region_codes: Iterable[str], start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """On-shift intervals (UTC, merged where they touch) per active doctor of the regions,
    clipped to nothing: whole shifts that overlap [start, end) are returned."""
    doctors = [d.id for d in doctors_in(session, region_codes) if d.id is not None]
    out: dict[int, list[tuple[datetime, datetime]]] = {d: [] for d in doctors}
    if not doctors:
        return out
    rows = session.exec(
        select(RosterEntry)
        .where(
            col(RosterEntry.doctor_id).in_(doctors),
            col(RosterEntry.start_at) < as_utc(end),
            col(RosterEntry.end_at) > as_utc(start),
        )
        .order_by(col(RosterEntry.start_at))
    ).all()
    for row in rows:
        assert row.doctor_id is not None
        interval = (as_utc(row.start_at), as_utc(row.end_at))
        mine = out[row.doctor_id]
        if mine and interval[0] <= mine[-1][1]:
            mine[-1] = (mine[-1][0], max(mine[-1][1], interval[1]))
        else:
            mine.append(interval)
    return out


# --- shift templates --------------------------------------------------------------------


def list_templates(session: Session, region: str) -> list[TemplatePublic]:
    get_region(session, region)
    return [template_public(t) for t in templates_for(session, region)]


def replace_templates(
    session: Session, region: str, templates: list[TemplateIn], actor: Actor
) -> list[TemplatePublic]:
    """Replace the region's shift templates; existing roster entries stay as they are."""
    get_region(session, region)
    if not templates:
        raise ValidationFailed("a region needs at least one shift template", type="too_short")
    names = [t.name for t in templates]
    if len(set(names)) != len(names):
        raise ValidationFailed("template names must be unique", type="duplicate_template")
    shaped = [
        ShiftTemplate(
            name=t.name,
            kind=t.kind,
            start=t.start,
            end=t.end,
            applies_on=t.applies_on,
            primary_qualifications=frozenset(q.value for q in t.primary_qualifications),
            backup_qualifications=frozenset(q.value for q in t.backup_qualifications),
        )
        for t in templates
    ]
    try:
        probe = build_positions(region, shaped, date(2025, 1, 1), date(2025, 1, 14))
    except ValueError:
        raise ValidationFailed(
            "two templates of the same kind start at the same time",
            type="template_clash",
        ) from None
    if any(p.hours > 24 for p in probe):
        raise ValidationFailed("a shift lasts at most 24 hours", type="shift_too_long")
    for row in stored_templates(session, region):
        session.delete(row)
    session.flush()
    for template in shaped:
        session.add(template_row(region, template))
    record(session, actor, AuditAction.UPDATE, "shift_template", region)
    session.commit()
    return [template_public(t) for t in shaped]


def local_week(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# --- coverage pools ---------------------------------------------------------------------


def list_pools(session: Session) -> list[PoolPublic]:
    return [PoolPublic.model_validate(p, from_attributes=True) for p in all_pools(session)]


def put_pool(session: Session, code: str, data: PoolIn, actor: Actor) -> PoolPublic:
    """Create or replace a pool; a region shares its line with at most one pool."""
    regions = sorted(set(data.regions))
    for region in regions:
        get_region(session, region)
    taken = [
        region
        for pool in all_pools(session)
        if pool.code != code
        for region in pool.regions
        if region in regions
    ]
    if taken:
        raise Conflict(
            f"already in another coverage pool: {', '.join(sorted(taken))}",
            type="region_in_other_pool",
            loc=("body", "regions"),
        )
    pool = session.get(CoveragePoolRow, code) or CoveragePoolRow(
        code=code, name=data.name, regions=regions, shared_templates=[]
    )
    pool.name, pool.regions = data.name, regions
    pool.shared_templates = sorted(set(data.shared_templates))
    session.add(pool)
    record(session, actor, AuditAction.UPDATE, "coverage_pool", code)
    session.commit()
    return PoolPublic.model_validate(pool, from_attributes=True)


def delete_pool(session: Session, code: str, actor: Actor) -> None:
    pool = session.get(CoveragePoolRow, code)
    if pool is None:
        raise NotFound("no coverage pool with this code", type="unknown_pool", loc=("path", "code"))
    session.delete(pool)
    record(session, actor, AuditAction.DELETE, "coverage_pool", code)
    session.commit()
