"""LECK consultant profiles: the function and BIG number printed on every letter they sign.

An administrator registers a consultant's profile on their user account (role
`leck_consultant`) and states whether the BIG number was checked in the BIG register. A letter
prints the BIG number only once it is verified. Every change is audited; a refused request
changes nothing.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, ConfigDict
from pydantic_core import PydanticCustomError
from sqlmodel import Field, Session, SQLModel, col, select

from fmek.advice.models import LeckConsultant
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import Role, User
from fmek.clock import utcnow
from fmek.doctors.models import BigNumber
from fmek.errors import Conflict, NotFound, ValidationFailed
from fmek.text import clean_name

RECORD = "leck_consultant"


class ConsultantFunction(StrEnum):
    """The consultant's function as the letter prints it."""

    LECK_KINDERARTS = "leck_kinderarts"
    FORENSISCH_ARTS = "forensisch_arts"
    KINDERRADIOLOOG = "kinderradioloog"

    @property
    def nl(self) -> str:
        return _FUNCTION_NL[self]


_FUNCTION_NL = {
    ConsultantFunction.LECK_KINDERARTS: "LECK-kinderarts",
    ConsultantFunction.FORENSISCH_ARTS: "forensisch arts",
    ConsultantFunction.KINDERRADIOLOOG: "kinderradioloog",
}
_FUNCTION_OF_NL = {nl: code for code, nl in _FUNCTION_NL.items()}


def _hospital(value: str) -> str:
    value = clean_name(value)
    if not value:
        raise PydanticCustomError("blank_text", "name the LECK member hospital")
    return value


class ConsultantProfileIn(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict

    function: ConsultantFunction
    big_number: BigNumber
    big_verified: bool = Field(
        description="the BIG number was checked in the BIG register (printed only then)"
    )
    member_hospital: Annotated[str, Field(max_length=160), AfterValidator(_hospital)]


class ConsultantProfilePublic(SQLModel):
    user_id: int
    name: str
    function: ConsultantFunction
    function_nl: str
    big_number: str
    big_verified_at: datetime | None
    member_hospital: str


class ConsultantProfileList(SQLModel):
    items: list[ConsultantProfilePublic]


def _public(profile: LeckConsultant, user: User) -> ConsultantProfilePublic:
    function = _FUNCTION_OF_NL.get(profile.function, ConsultantFunction.LECK_KINDERARTS)
    return ConsultantProfilePublic(
        user_id=profile.user_id,
        name=user.name,
        function=function,
        function_nl=profile.function,
        big_number=profile.big_number,
        big_verified_at=profile.big_verified_at,
        member_hospital=profile.member_hospital,
    )


def register(
    session: Session, user_id: int, data: ConsultantProfileIn, *, actor: Actor
) -> tuple[ConsultantProfilePublic, bool]:
    """Create or replace the profile of a LECK consultant; True when it was created."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("there is no user with this id", type="user_not_found")
    if user.role_enum is not Role.LECK_CONSULTANT or user.revoked_at is not None:
        raise ValidationFailed(
            "a consultant profile belongs to an active user with the role leck_consultant",
            type="not_a_leck_consultant",
            loc=("path", "user_id"),
        )
    taken = session.exec(
        select(LeckConsultant).where(
            LeckConsultant.big_number == data.big_number,
            col(LeckConsultant.user_id) != user_id,
        )
    ).first()
    if taken is not None:
        raise Conflict(
            "this BIG number is already registered for another consultant",
            type="big_number_taken",
            loc=("body", "big_number"),
        )
    profile = session.get(LeckConsultant, user_id)
    created = profile is None
    if profile is None:
        profile = LeckConsultant(
            user_id=user_id, function="", big_number=data.big_number, member_hospital=""
        )
    elif profile.big_number != data.big_number:
        profile.big_verified_at = None  # a new number is unverified until stated otherwise
    profile.function = data.function.nl
    profile.big_number = data.big_number
    profile.member_hospital = data.member_hospital
    if not data.big_verified:
        profile.big_verified_at = None
    elif profile.big_verified_at is None:
        profile.big_verified_at = utcnow()
    session.add(profile)
    record(
        session,
        actor,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        RECORD,
        user_id,
        detail=f"function {data.function.value}, BIG "
        + ("verified" if profile.big_verified_at else "not verified"),
    )
    session.commit()
    return _public(profile, user), created


def profiles(session: Session, *, actor: Actor) -> ConsultantProfileList:
    rows = session.exec(
        select(LeckConsultant, User)
        .join(User, col(User.id) == col(LeckConsultant.user_id))
        .order_by(col(User.name))
    ).all()
    record(session, actor, AuditAction.LIST, RECORD, detail=f"{len(rows)} profiles")
    session.commit()
    return ConsultantProfileList(items=[_public(profile, user) for profile, user in rows])
