"""Load-or-404 for doctors."""

from typing import Annotated

from fastapi import Depends, Path

from fmek.auth.deps import CurrentUserDep
from fmek.db import SessionDep
from fmek.doctors.models import Doctor
from fmek.doctors.service import load_doctor


def doctor_in_scope(
    session: SessionDep, user: CurrentUserDep, doctor_id: Annotated[int, Path(ge=1)]
) -> Doctor:
    return load_doctor(session, doctor_id, user)


DoctorDep = Annotated[Doctor, Depends(doctor_in_scope)]
