"""Rows of the doctor record as their public views."""

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
            "big_verified_at": verified,
        },
    )


def unavailability_public(row: Unavailability) -> UnavailabilityPublic:
    assert row.id is not None
    return UnavailabilityPublic(
        id=row.id,
        start_at=row.start_at,
        end_at=row.end_at,
        kind=UnavailabilityKind(row.kind),
    )
