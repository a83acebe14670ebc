"""Doctor use cases: CRUD with validation, leave, calendar-feed tokens, and the read functions
other domains (rosters, allocation) build on. Each writing use case commits once.

Long because the doctor record's use cases and the read functions other domains build on
(qualifications valid on a day, leave) change together.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from pydantic_core import PydanticCustomError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.auth.tokens import hash_token, new_token
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.doctors.access import manages_region
from fmek.doctors.adapters import public_of, unavailability_public
from fmek.doctors.models import (
    Doctor,
    DoctorCreate,
    DoctorPublic,
    DoctorQualificationsOut,
    DoctorUpdate,
    Employment,
    ExpiryOut,
    QualificationRecord,
    RegionQualificationsOut,
    Unavailability,
    UnavailabilityCreate,
    UnavailabilityPublic,
    check_employment,
    check_records,
)
from fmek.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from fmek.reference.service import get_region
from routing.vocabulary import Qualification

RECORD = "doctor"
EXPIRY_NOTICE_DAYS = 90


# --- reading ----------------------------------------------------------------------------


def doctors_in(
    session: Session, region_codes: Iterable[str], *, active_only: bool = True
) -> list[Doctor]:
    """The doctors of these regions, ordered by region and name (used by rosters and allocation)."""
    codes = sorted(set(region_codes))
    if not codes:
        return []
    query = select(Doctor).where(col(Doctor.region).in_(codes))
    if active_only:
        query = query.where(col(Doctor.active).is_(True))
    return list(session.exec(query.order_by(col(Doctor.region), col(Doctor.name), col(Doctor.id))))


def unavailability_of(
    session: Session, doctor_ids: Sequence[int]
) -> dict[int, list[Unavailability]]:
    """Leave and unavailability per doctor, oldest first."""
    out: dict[int, list[Unavailability]] = {doctor_id: [] for doctor_id in doctor_ids}
    if not doctor_ids:
        return out
    rows = session.exec(
        select(Unavailability)
        .where(col(Unavailability.doctor_id).in_(list(doctor_ids)))
        .order_by(col(Unavailability.start_at))
    )
    for row in rows:
        out[row.doctor_id].append(row)
    return out


def doctor_public(session: Session, doctor: Doctor) -> DoctorPublic:
    assert doctor.id is not None
    periods = unavailability_of(session, [doctor.id])[doctor.id]
    return public_of(doctor, periods)


def list_doctors(session: Session, region: str, actor: Actor) -> list[DoctorPublic]:
    get_region(session, region)
    doctors = doctors_in(session, [region], active_only=False)
    periods = unavailability_of(session, [d.id for d in doctors if d.id is not None])
    record(session, actor, AuditAction.LIST, RECORD, detail=f"region {region}")
    session.commit()
    return [public_of(d, periods[d.id or 0]) for d in doctors]


def load_doctor(session: Session, doctor_id: int, user: User) -> Doctor:
    """The doctor if the user may read it: planners of its region, admins, the doctor themself."""
    doctor = session.get(Doctor, doctor_id)
    if doctor is None or not (
        manages_region(user, doctor.region)
        or (doctor.user_id is not None and doctor.user_id == user.id)
    ):
        raise NotFound(
            f"no doctor with id {doctor_id}", type="unknown_doctor", loc=("path", "doctor_id")
        )
    return doctor


def own_doctor(session: Session, user: User) -> Doctor:
    doctor = session.exec(select(Doctor).where(Doctor.user_id == user.id)).first()
    if doctor is None:
        raise NotFound(
            "your account is not linked to a doctor record; ask your planner",
            type="no_doctor_record",
        )
    return doctor


def read_doctor(session: Session, doctor: Doctor, actor: Actor) -> DoctorPublic:
    record(session, actor, AuditAction.READ, RECORD, doctor.id)
    session.commit()
    return doctor_public(session, doctor)


# --- writing ----------------------------------------------------------------------------


def _require_manager(actor: Actor, doctor: Doctor) -> None:
    if actor.user is None or not manages_region(actor.user, doctor.region):
        raise PermissionDenied(
            "only the planners of the doctor's region (or an admin) change a doctor record",
            type="not_planner_of_region",
        )


def _check_user_link(session: Session, user_id: int | None, region: str) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or user.role != Role.FORENSISCH_ARTS.value or user.region_code != region:
        raise ValidationFailed(
            f"user {user_id} is not a forensisch arts of {region}",
            type="invalid_user_link",
            loc=("body", "user_id"),
        )


def _qualifications(values: Iterable[Qualification]) -> list[str]:
    return sorted({Qualification(v).value for v in values})


def _records_json(records: Iterable[QualificationRecord]) -> list[dict[str, str | None]]:
    return [
        {
            "qualification": Qualification(r.qualification).value,
            "valid_until": r.valid_until.isoformat() if r.valid_until else None,
            "evidence_kind": r.evidence_kind.value,
            "evidence": r.evidence,
        }
        for r in sorted(records, key=lambda r: r.qualification)
    ]


def qualification_records(doctor: Doctor) -> list[QualificationRecord]:
    return [QualificationRecord.model_validate(r) for r in doctor.qualification_records]


def qualification_until(doctor: Doctor) -> dict[str, date]:
    """Qualification -> its last valid day, for the qualifications that have an end."""
    return {
        r.qualification.value: r.valid_until
        for r in qualification_records(doctor)
        if r.valid_until is not None
    }


def valid_qualifications(doctor: Doctor, through: date) -> list[str]:
    """The qualifications still valid on `through` (none when the BIG registration lapsed):
    what allocation may rely on for work up to that day."""
    if doctor.big_valid_until is not None and doctor.big_valid_until < through:
        return []
    until = qualification_until(doctor)
    return [q for q in doctor.qualifications if until.get(q, through) >= through]


def _check_consistent(doctor: Doctor) -> None:
    """Employment/agency and records/qualifications agree (after a partial update)."""
    try:
        check_employment(Employment(doctor.employment), doctor.agency)
        check_records(
            [Qualification(q) for q in doctor.qualifications], qualification_records(doctor)
        )
    except PydanticCustomError as error:
        raise ValidationFailed(error.message(), type=error.type, loc=("body",)) from None


def _flush_unique(session: Session) -> None:
    """Flush; a clash on a unique column (BIG number, linked user) becomes a 409."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            "another doctor already has this BIG number or linked user account",
            type="duplicate_doctor",
            loc=("body",),
        ) from None


def create_doctor(session: Session, region: str, data: DoctorCreate, actor: Actor) -> DoctorPublic:
    get_region(session, region)
    _check_user_link(session, data.user_id, region)
    doctor = Doctor(
        name=data.name,
        big_number=data.big_number,
        region=region,
        qualifications=_qualifications(data.qualifications),
        contract_hours=data.contract_hours,
        no_nights=data.no_nights,
        preferred_weekdays=list(data.preferred_weekdays),
        user_id=data.user_id,
        base_lat=data.base_lat,
        base_lon=data.base_lon,
        employment=data.employment.value,
        agency=data.agency,
        big_valid_until=data.big_valid_until,
        qualification_records=_records_json(data.qualification_records),
    )
    session.add(doctor)
    _flush_unique(session)
    record(session, actor, AuditAction.CREATE, RECORD, doctor.id, detail=f"region {region}")
    session.commit()
    return doctor_public(session, doctor)


def update_doctor(
    session: Session, doctor: Doctor, data: DoctorUpdate, actor: Actor
) -> DoctorPublic:
    _require_manager(actor, doctor)
    changes = data.model_dump(exclude_unset=True)
    if "user_id" in changes:
        _check_user_link(session, changes["user_id"], doctor.region)
    if "qualifications" in changes:
        changes["qualifications"] = _qualifications(changes["qualifications"] or [])
    if "qualification_records" in changes:
        records = data.qualification_records or []
        changes["qualification_records"] = _records_json(records)
    if "employment" in changes and changes["employment"] is not None:
        changes["employment"] = Employment(changes["employment"]).value
    for field in (
        "name",
        "big_number",
        "contract_hours",
        "no_nights",
        "active",
        "preferred_weekdays",
        "qualifications",
        "employment",
    ):
        if field in changes and changes[field] is None:
            raise ValidationFailed(f"{field} cannot be empty", type="missing", loc=("body", field))
    if changes.get("big_number", doctor.big_number) != doctor.big_number:
        doctor.big_verified_at = None  # a new number is checked again before it signs
    for field, value in changes.items():
        setattr(doctor, field, value)
    _check_consistent(doctor)
    doctor.updated_at = utcnow()
    session.add(doctor)
    _flush_unique(session)
    record(session, actor, AuditAction.UPDATE, RECORD, doctor.id, detail=",".join(sorted(changes)))
    session.commit()
    return doctor_public(session, doctor)


def verify_big(session: Session, doctor: Doctor, actor: Actor) -> DoctorPublic:
    """The planner checked the BIG number against the BIG register (audited)."""
    _require_manager(actor, doctor)
    doctor.big_verified_at = doctor.updated_at = utcnow()
    session.add(doctor)
    record(session, actor, AuditAction.UPDATE, RECORD, doctor.id, detail="BIG verified")
    session.commit()
    return doctor_public(session, doctor)


def deactivate_doctor(session: Session, doctor: Doctor, actor: Actor) -> None:
    """Doctors are deactivated, not deleted: past roster entries keep pointing at them."""
    _require_manager(actor, doctor)
    doctor.active = False
    doctor.updated_at = utcnow()
    session.add(doctor)
    record(session, actor, AuditAction.DELETE, RECORD, doctor.id, detail="deactivated")
    session.commit()


def add_unavailability(
    session: Session, doctor: Doctor, data: UnavailabilityCreate, actor: Actor
) -> UnavailabilityPublic:
    _require_manager(actor, doctor)
    assert doctor.id is not None
    row = Unavailability(
        doctor_id=doctor.id,
        start_at=as_utc(data.start_at),
        end_at=as_utc(data.end_at),
        kind=data.kind.value,
    )
    session.add(row)
    session.flush()
    record(
        session, actor, AuditAction.CREATE, "unavailability", row.id, detail=f"doctor {doctor.id}"
    )
    session.commit()
    return unavailability_public(row)


def remove_unavailability(
    session: Session, doctor: Doctor, unavailability_id: int, actor: Actor
) -> None:
    _require_manager(actor, doctor)
    row = session.get(Unavailability, unavailability_id)
    if row is None or row.doctor_id != doctor.id:
        raise NotFound(
            f"no leave period {unavailability_id} for this doctor",
            type="unknown_unavailability",
            loc=("path", "unavailability_id"),
        )
    session.delete(row)
    record(session, actor, AuditAction.DELETE, "unavailability", unavailability_id)
    session.commit()


def issue_feed_token(session: Session, doctor: Doctor, actor: Actor) -> str:
    """A new calendar-feed token for the doctor (the old one stops working)."""
    user = actor.user
    if user is None or not (manages_region(user, doctor.region) or doctor.user_id == user.id):
        raise PermissionDenied("only the doctor or their planner creates a calendar link")
    token = new_token()
    doctor.feed_token_hash = hash_token(token)
    session.add(doctor)
    record(session, actor, AuditAction.UPDATE, RECORD, doctor.id, detail="calendar feed token")
    session.commit()
    return token


def doctor_by_feed_token(session: Session, doctor_id: int, token: str) -> Doctor | None:
    doctor = session.get(Doctor, doctor_id)
    if doctor is None or doctor.feed_token_hash is None:
        return None
    return doctor if doctor.feed_token_hash == hash_token(token) else None


def unavailable_between(
    periods: Iterable[Unavailability], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Leave intervals (UTC) that touch [start, end)."""
    return [(p.start_at, p.end_at) for p in periods if p.start_at < end and start < p.end_at]


# --- kwaliteitseisen ----------------------------------------------------------------------


def expiries(doctors: Iterable[Doctor], today: date, notice_days: int) -> list[ExpiryOut]:
    """BIG registrations and qualifications that lapse within `notice_days` (or lapsed),
    soonest first."""
    horizon = today + timedelta(days=notice_days)
    found: list[ExpiryOut] = []
    for doctor in doctors:
        assert doctor.id is not None
        items = [("big", doctor.big_valid_until), *qualification_until(doctor).items()]
        for item, until in items:
            if until is not None and until <= horizon:
                found.append(
                    ExpiryOut(
                        doctor=doctor.id,
                        name=doctor.name,
                        item=item,
                        valid_until=until,
                        days_left=(until - today).days,
                    )
                )
    return sorted(found, key=lambda e: (e.valid_until, e.name, e.item))


def expiring_in_region(
    session: Session, region: str, notice_days: int = EXPIRY_NOTICE_DAYS
) -> list[ExpiryOut]:
    """What lapses soon among the region's active doctors (the planner pages' notice)."""
    today = utcnow().astimezone(AMSTERDAM).date()
    return expiries(doctors_in(session, [region]), today, notice_days)


def region_qualifications(
    session: Session, region: str, actor: Actor, notice_days: int = EXPIRY_NOTICE_DAYS
) -> RegionQualificationsOut:
    """The region's active doctors with their kwaliteitseisen, and what lapses soon."""
    get_region(session, region)
    doctors = doctors_in(session, [region])
    today = utcnow().astimezone(AMSTERDAM).date()
    record(session, actor, AuditAction.LIST, RECORD, detail=f"qualifications {region}")
    session.commit()
    return RegionQualificationsOut(
        region=region,
        as_of=today,
        notice_days=notice_days,
        expiring=expiries(doctors, today, notice_days),
        doctors=[
            DoctorQualificationsOut(
                id=d.id or 0,
                name=d.name,
                employment=Employment(d.employment),
                agency=d.agency,
                big_number=d.big_number,
                big_valid_until=d.big_valid_until,
                qualifications=[Qualification(q) for q in d.qualifications],
                qualification_records=qualification_records(d),
            )
            for d in doctors
        ],
    )
