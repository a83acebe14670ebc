"""Rows of the doctor record as their public views."""

from fmek.clock import as_utc
from fmek.doctors.models import (
    Doctor,
    DoctorPublic,
    Unavailability,
    UnavailabilityKind,
    UnavailabilityPublic,
)


def public_of(doctor: Doctor, periods: list[Unavailability]) -> DoctorPublic:
    verified = doctor.big_verified_at
    return DoctorPublic.model_validate(
        doctor,
        update={
            "unavailability": [unavailability_public(p) for p in periods],
            "big_verified_at": as_utc(verified) if verified else None,
        },
    )


def unavailability_public(row: Unavailability) -> UnavailabilityPublic:
    assert row.id is not None
    return UnavailabilityPublic(
        id=row.id,
        start_at=as_utc(row.start_at),
        end_at=as_utc(row.end_at),
        kind=UnavailabilityKind(row.kind),
    )
