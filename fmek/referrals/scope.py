"""Who may see which referrals. Outside one's scope a referral does not exist (404).

Scope follows the tasks of the current decision, not the lead organisation: the GGD of the
region sees the referrals with a `ggd_examination`, LECK those with a `leck_advice` or
`leck_consult` (its queue; `GET /referrals?task=leck_advice` lists the advices). An
`acute_zeden` hand-off is work for the police, so it widens nobody's scope.
"""

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from fmek.auth.models import TREATING_ROLES, Role, User
from fmek.errors import PermissionDenied
from fmek.referrals.models import Referral
from routing.vocabulary import TaskKind


def has_task(kind: TaskKind) -> ColumnElement[bool]:
    """The current decision holds a task of `kind` (kind names never contain one another)."""
    return col(Referral.task_kinds).contains(kind.value)


def needs_examination(referral: Referral) -> bool:
    """The current decision asks a GGD forensic doctor to examine: allocation plans it."""
    return TaskKind.GGD_EXAMINATION.value in referral.task_kinds.split(",")


def visible_to(user: User) -> ColumnElement[bool]:
    """SQL condition selecting the referrals this user may read."""
    role = user.role_enum
    if role is Role.VERTROUWENSARTS:
        return col(Referral.organisation_code) == user.organisation_code
    if role in TREATING_ROLES:  # the treating doctor: the consults she asked for herself
        return col(Referral.submitted_by) == user.id
    if role in (Role.GGD_PLANNER, Role.FORENSISCH_ARTS):
        regional = and_(
            has_task(TaskKind.GGD_EXAMINATION),
            col(Referral.ggd_region) == user.region_code,
        )
        if role is Role.GGD_PLANNER:
            return regional
        return or_(regional, col(Referral.id).in_(_assigned_to(user)))
    if role is Role.LECK_CONSULTANT:
        return or_(has_task(TaskKind.LECK_ADVICE), has_task(TaskKind.LECK_CONSULT))
    if role is Role.BELEID:
        raise PermissionDenied("the policy officer sees figures, never a referral")
    if role is Role.PRIVACY:
        raise PermissionDenied(
            "the privacy officer reads who accessed a child's data, not the data itself"
        )
    raise PermissionDenied(
        "the admin role manages users and reference data; it has no access to client data"
    )


def identity_readable(session: Session, user: User, referral_ids: list[str]) -> set[str]:
    """Of these referrals, those whose child's name and BSN this user may read: the referring
    organisation's vertrouwensartsen and LECK (who handle the case) always; the treating doctor
    for the consults she asked; a forensisch arts
    only for her own assignment; planners never (planning needs age, place and urgency only)."""
    role = user.role_enum
    if role in (Role.VERTROUWENSARTS, Role.LECK_CONSULTANT):
        return set(referral_ids)
    if role in TREATING_ROLES and referral_ids:
        own = select(col(Referral.id)).where(
            col(Referral.id).in_(referral_ids), col(Referral.submitted_by) == user.id
        )
        return set(session.execute(own).scalars())
    if role is not Role.FORENSISCH_ARTS or not referral_ids:
        return set()
    from fmek.allocation.models import Examination  # here: allocation imports this module

    assigned = _assigned_to(user).where(col(Examination.referral_id).in_(referral_ids))
    return set(session.execute(assigned).scalars())


def _assigned_to(user: User) -> Select[str]:
    """Referrals a forensisch arts holds a live assignment for (also from a neighbouring region)."""
    from fmek.allocation.models import LIVE_VALUES, Assignment, Examination
    from fmek.doctors.models import Doctor

    return (
        select(col(Examination.referral_id))
        .join(Assignment, col(Assignment.examination_id) == col(Examination.id))
        .join(Doctor, col(Doctor.id) == col(Assignment.doctor_id))
        .where(
            col(Doctor.user_id) == user.id,
            col(Assignment.status).in_([*LIVE_VALUES, "completed"]),
        )
    )
