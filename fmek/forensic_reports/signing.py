"""Who signs: the author and the reviewer, each from their own doctor record.

A report carries a doctor's name, BIG number and qualification before a court. Typed into a form
they could be anyone's; so they come only from the doctor record (fmek.doctors) linked to the
signed-in user, and only once a planner or admin has checked that BIG number against the BIG
register (`Doctor.big_verified_at`). A user without such a record cannot submit or review.

The reviewer is a second doctor of the same GGD region, acting in the system with their own
account: the author names them, they approve or return. Nobody can approve for someone else.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fmek.auth.models import Role, User
from fmek.clock import AMSTERDAM, utcnow
from fmek.doctors.models import Doctor
from fmek.errors import PermissionDenied, Problem
from fmek.reference.models import Organisation, OrganisationKind, Region
from routing.vocabulary import Qualification

_QUALIFICATION_NL = {
    Qualification.CHILD_FORENSIC.value: "aandachtsgebied kindermishandeling",
    Qualification.SEXUAL_ABUSE.value: "aandachtsgebied seksueel misbruik",
    Qualification.SENIOR.value: "senior",
}


@dataclass(frozen=True, slots=True)
class Signer:
    """A doctor as printed on a report, from the record (never from a request)."""

    user_id: int
    doctor_id: int
    name: str
    big_number: str
    qualification: str
    region: str


def today_nl() -> date:
    return utcnow().astimezone(AMSTERDAM).date()


def linked_doctor(session: Session, user: User) -> Doctor | None:
    return session.exec(select(Doctor).where(Doctor.user_id == user.id)).first()


def qualification_nl(codes: list[str]) -> str:
    """'forensisch arts KNMG, aandachtsgebied kindermishandeling, senior'."""
    extras = [_QUALIFICATION_NL[code] for code in codes if code in _QUALIFICATION_NL]
    return ", ".join(["forensisch arts KNMG", *extras])


def _signer(user: User, doctor: Doctor) -> Signer:
    assert user.id is not None and doctor.id is not None
    return Signer(
        user.id,
        doctor.id,
        doctor.name,
        doctor.big_number,
        qualification_nl(doctor.qualifications),
        doctor.region,
    )


def draft_signer(session: Session, user: User) -> Signer | None:
    """Who the draft is written by, as printed on a draft (None: no doctor record yet)."""
    doctor = linked_doctor(session, user)
    return _signer(user, doctor) if doctor is not None else None


def signing_problem(session: Session, user: User) -> Problem | None:
    """Why this user cannot sign (author or reviewer), or None when they can."""
    if user.role_enum is not Role.FORENSISCH_ARTS:
        return Problem(
            "only a forensisch arts signs or reviews a forensic report", "not_a_forensic_doctor"
        )
    doctor = linked_doctor(session, user)
    if doctor is None or not doctor.active:
        return Problem(
            "your account is not linked to an active doctor record; ask a planner to link it "
            "(the signature's name, BIG number and qualification come from that record)",
            "no_doctor_record",
        )
    if doctor.big_verified_at is None:
        return Problem(
            "the BIG number in your doctor record has not been verified against the BIG "
            "register yet; ask a planner to verify it",
            "big_not_verified",
        )
    if doctor.big_valid_until is not None and doctor.big_valid_until < today_nl():
        return Problem(
            "the BIG registration in your doctor record has lapsed (re-registration due); "
            "a report is signed only under a valid registration",
            "big_lapsed",
        )
    return None


def verified_signer(session: Session, user: User) -> Signer:
    """The signer for `user`, or 403 saying what is missing."""
    if (problem := signing_problem(session, user)) is not None:
        raise PermissionDenied(problems=[problem])
    doctor = linked_doctor(session, user)
    assert doctor is not None
    return _signer(user, doctor)


def reviewer_problem(session: Session, author: Signer, reviewer_user_id: int) -> Problem | None:
    """Can this user review the author's report? A different, verified doctor of the same GGD."""
    loc = ("body", "reviewer_user_id")
    if reviewer_user_id == author.user_id:
        return Problem("the author cannot review their own report", "reviewer_is_author", loc)
    reviewer = session.get(User, reviewer_user_id)
    if reviewer is None or reviewer.revoked_at is not None:
        return Problem("there is no user with this id", "unknown_reviewer", loc)
    if (problem := signing_problem(session, reviewer)) is not None:
        return Problem(f"this user cannot review: {problem.msg}", problem.type, loc)
    doctor = linked_doctor(session, reviewer)
    assert doctor is not None
    if doctor.region != author.region:
        return Problem(
            "the reviewer is a forensisch arts of the same GGD region as the author",
            "reviewer_other_region",
            loc,
        )
    return None


def reviewer_candidates(session: Session, author: User) -> list[tuple[int, str]]:
    """(user id, name) of the doctors who may review this author's report: verified, active,
    linked to an account, of the author's GGD region, not the author. Empty without a record."""
    own = linked_doctor(session, author)
    if own is None:
        return []
    doctors = session.exec(
        select(Doctor)
        .where(Doctor.region == own.region, Doctor.user_id != author.id, Doctor.active)
        .order_by(Doctor.name)
    ).all()
    candidates = []
    for doctor in doctors:
        user = session.get(User, doctor.user_id) if doctor.user_id is not None else None
        if user is not None and user.id is not None and signing_problem(session, user) is None:
            candidates.append((user.id, doctor.name))
    return candidates


@dataclass(frozen=True, slots=True)
class Issuer:
    code: str
    name: str


def issuer_of(session: Session, region: str) -> Issuer:
    """The issuing GGD of a region, for the letterhead and the signing certificate (the report
    is the GGD's, not the software's)."""
    ggd = session.exec(
        select(Organisation).where(
            Organisation.kind == OrganisationKind.GGD.value, Organisation.ggd_region == region
        )
    ).first()
    if ggd is not None:
        return Issuer(ggd.code, ggd.name)
    found = session.get(Region, region)
    return Issuer(region, f"GGD {found.name if found else region}")
