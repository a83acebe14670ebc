"""Who may see which referrals. Outside one's scope a referral does not exist (404).

Scope follows the tasks of the current decision, not the lead organisation: the GGD of the
region sees the referrals with a `ggd_examination`, LECK those with a `leck_advice` or
`leck_consult` (its queue; `GET /referrals?task=leck_advice` lists the advices). An
`acute_zeden` hand-off is work for the police, so it widens nobody's scope.

A forensisch arts also sees the referrals she is planned for. That is planning's knowledge:
planning registers it here (`on_assigned_referrals`) when the app starts, so intake never
imports planning; without it a doctor sees her region's examinations only.
"""

from collections.abc import Callable

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from fmek.auth.models import TREATING_ROLES, Role, User
from fmek.errors import PermissionDenied
from fmek.referrals.models import Referral
from routing.vocabulary import TaskKind

AssignedReferrals = Callable[[User], Select[str]]
"""SQL selecting the ids of the referrals a user holds an assignment for."""
_assigned: list[AssignedReferrals] = []


def on_assigned_referrals(provider: AssignedReferrals | None) -> None:
    """Register (or with None remove) where assignments come from (planning does, at start)."""
    _assigned[:] = [provider] if provider else []


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
        if not _assigned:
            return regional
        return or_(regional, col(Referral.id).in_(_assigned[0](user)))
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
    if role is not Role.FORENSISCH_ARTS or not referral_ids or not _assigned:
        return set()
    assigned = select(col(Referral.id)).where(
        col(Referral.id).in_(referral_ids), col(Referral.id).in_(_assigned[0](user))
    )
    return set(session.execute(assigned).scalars())
