"""The one place where roster and doctor rows become `routing.roster` inputs and back."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from fmek.clock import AMSTERDAM, as_utc
from fmek.doctors.models import Doctor, Unavailability
from fmek.doctors.service import (
    qualification_until,
    valid_qualifications,
)
from fmek.numbers import small_int
from fmek.rosters.models import (
    CoveragePoolRow,
    JobPublic,
    PositionOut,
    RosterEntry,
    RosterJob,
    ShiftTemplateRow,
    TemplatePublic,
    ViolationOut,
)
from routing.roster import CoveragePool, DoctorSpec, Position, ShiftTemplate, Violation


def template_of(row: ShiftTemplateRow) -> ShiftTemplate:
    return ShiftTemplate(
        name=row.name,
        kind=row.kind,  # type: ignore[arg-type]  # the column holds an enum value
        start=row.start_time,
        end=row.end_time,
        applies_on=row.applies_on,  # type: ignore[arg-type]  # the column holds an enum value
        primary_qualifications=frozenset(row.primary_qualifications),
        backup_qualifications=frozenset(row.backup_qualifications),
    )


def template_row(region: str, template: ShiftTemplate) -> ShiftTemplateRow:
    return ShiftTemplateRow(
        region=region,
        name=template.name,
        kind=template.kind,
        start_time=template.start,
        end_time=template.end,
        applies_on=template.applies_on,
        primary_qualifications=sorted(template.primary_qualifications),
        backup_qualifications=sorted(template.backup_qualifications),
    )


def template_public(template: ShiftTemplate) -> TemplatePublic:
    return TemplatePublic.model_validate(
        {
            "name": template.name,
            "kind": template.kind,
            "start": template.start,
            "end": template.end,
            "applies_on": template.applies_on,
            "primary_qualifications": sorted(template.primary_qualifications),
            "backup_qualifications": sorted(template.backup_qualifications),
        }
    )


def pool_of(row: CoveragePoolRow) -> CoveragePool:
    return CoveragePool(code=row.code, regions=frozenset(row.regions))


def doctor_spec(doctor: Doctor, leave: Iterable[Unavailability]) -> DoctorSpec:
    return DoctorSpec(
        id=str(doctor.id),
        name=doctor.name,
        region=doctor.region,
        qualifications=frozenset(doctor.qualifications),
        contract_hours=doctor.contract_hours,
        unavailable=tuple((p.start_at, p.end_at) for p in leave),
        no_nights=doctor.no_nights,
        preferred_weekdays=frozenset(doctor.preferred_weekdays),
        big_number=doctor.big_number,
        employment="hired" if doctor.employment == "hired" else "employed",
        agency=doctor.agency,
        big_valid_until=doctor.big_valid_until,
        qualification_until=tuple(sorted(qualification_until(doctor).items())),
    )


def position_of_entry(entry: RosterEntry) -> Position:
    return Position(
        id=entry.position_id,
        pool=entry.pool,
        start=entry.start_at.astimezone(AMSTERDAM),
        end=entry.end_at.astimezone(AMSTERDAM),
        kind=entry.kind,  # type: ignore[arg-type]  # the column holds an enum value
        role=entry.role,  # type: ignore[arg-type]  # the column holds an enum value
        required_qualifications=frozenset(entry.required_qualifications),
        template=entry.template,
    )


def entry_of(
    position: Position, doctor_id: int | None, *, pinned: bool, source: str
) -> RosterEntry:
    return RosterEntry(
        position_id=position.id,
        pool=position.pool,
        start_at=as_utc(position.start),
        end_at=as_utc(position.end),
        kind=position.kind,
        role=position.role,
        template=position.template,
        required_qualifications=sorted(position.required_qualifications),
        doctor_id=doctor_id,
        pinned=pinned,
        source=source,
    )


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(AMSTERDAM)


def position_out(
    position: Position, entry: RosterEntry | None, doctors: dict[int, Doctor]
) -> PositionOut:
    doctor_id = entry.doctor_id if entry else None
    doctor = doctors.get(doctor_id) if doctor_id is not None else None
    qualified = doctor is not None and position.required_qualifications <= set(
        valid_qualifications(doctor, local(position.end).date())
    )
    return PositionOut(
        id=position.id,
        start=local(position.start),
        end=local(position.end),
        kind=position.kind,
        role=position.role,
        doctor=doctor_id,
        pinned=bool(entry and entry.pinned),
        qualified=qualified,
        pool=position.pool,
        template=position.template,
        required_qualifications=sorted(position.required_qualifications),
    )


def violation_out(violation: Violation) -> ViolationOut:
    return ViolationOut(
        rule=violation.rule,
        severity=violation.severity,
        message=violation.message,
        position_id=violation.position_id,
        doctor=small_int(violation.doctor_id),
    )


def violations_out(violations: Sequence[Violation]) -> list[ViolationOut]:
    return [violation_out(v) for v in violations]


def job_public(job: RosterJob) -> JobPublic:
    return JobPublic.model_validate({**job.model_dump(), "from": job.from_date, "to": job.to_date})
