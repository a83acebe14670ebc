"""Who signs: name, BIG number and qualification of the author, and the reviewer.

The author's doctor record (fmek.doctors, linked by user id) is the source of truth: a BIG number
typed into a form is easy to get wrong, one in the register of doctors is checked once. Without
a linked record the finalise request supplies the three fields; missing ones become gaps in the
signature section, reported with every other gap.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from fmek.auth.models import User
from fmek.doctors.models import Doctor
from fmek.errors import Problem
from fmek.forensic_reports.models import FinaliseRequest
from routing.vocabulary import Qualification

_QUALIFICATION_NL = {
    Qualification.CHILD_FORENSIC.value: "aandachtsgebied kindermishandeling",
    Qualification.SEXUAL_ABUSE.value: "aandachtsgebied seksueel misbruik",
    Qualification.SENIOR.value: "senior",
}


@dataclass(frozen=True, slots=True)
class Signer:
    name: str
    big_number: str
    qualification: str
    from_doctor_record: bool


def linked_doctor(session: Session, user: User) -> Doctor | None:
    return session.exec(select(Doctor).where(Doctor.user_id == user.id)).first()


def qualification_nl(codes: list[str]) -> str:
    """'forensisch arts, aandachtsgebied kindermishandeling, senior'."""
    extras = [_QUALIFICATION_NL[code] for code in codes if code in _QUALIFICATION_NL]
    return ", ".join(["forensisch arts", *extras])


def draft_signer(session: Session, user: User) -> Signer:
    """Who the draft is written by, as printed on a draft (not yet signed)."""
    doctor = linked_doctor(session, user)
    if doctor is None:
        return Signer(user.name, "", "", from_doctor_record=False)
    return Signer(doctor.name, doctor.big_number, qualification_nl(doctor.qualifications), True)


def final_signer(
    session: Session, user: User, request: FinaliseRequest
) -> tuple[Signer, list[Problem]]:
    """The signer, plus problems when the request contradicts the doctor record."""
    doctor = linked_doctor(session, user)
    if doctor is None:
        return (
            Signer(
                request.author_name or user.name,
                request.big_number or "",
                request.qualification or "",
                from_doctor_record=False,
            ),
            [],
        )
    problems = []
    if request.big_number is not None and request.big_number != doctor.big_number:
        problems.append(
            Problem(
                "this BIG number differs from the one in your doctor record; the report is "
                "signed with the registered number, so leave the field out or correct the record",
                "big_number_mismatch",
                ("body", "big_number"),
            )
        )
    signer = Signer(doctor.name, doctor.big_number, qualification_nl(doctor.qualifications), True)
    return signer, problems
