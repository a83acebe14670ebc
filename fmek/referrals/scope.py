"""Who may see which referrals. Outside one's scope a referral does not exist (404)."""

from sqlalchemy import ColumnElement, and_, or_, select

from fmek.auth.models import Role, User
from fmek.errors import PermissionDenied
from fmek.referrals.models import Referral
from routing.vocabulary import Destination


def visible_to(user: User) -> ColumnElement[bool]:
    """SQL condition selecting the referrals this user may read."""
    role = user.role_enum
    if role is Role.VERTROUWENSARTS:
        return Referral.organisation_code == user.organisation_code  # type: ignore[return-value]
    if role in (Role.GGD_PLANNER, Role.FORENSISCH_ARTS):
        regional = and_(
            Referral.destination == Destination.GGD.value,  # type: ignore[arg-type]
            Referral.ggd_region == user.region_code,  # type: ignore[arg-type]
        )
        if role is Role.GGD_PLANNER:
            return regional
        return or_(regional, Referral.id.in_(_assigned_to(user)))  # type: ignore[attr-defined]
    if role is Role.LECK_CONSULTANT:
        return Referral.destination == Destination.LECK.value  # type: ignore[return-value]
    raise PermissionDenied(
        "the admin role manages users and reference data; it has no access to client data"
    )


def _assigned_to(user: User):  # type: ignore[no-untyped-def]
    """Referrals a forensisch arts holds a live assignment for (also from a neighbouring region)."""
    from fmek.allocation.models import LIVE_VALUES, Assignment, Examination  # noqa: PLC0415
    from fmek.doctors.models import Doctor  # noqa: PLC0415

    return (
        select(Examination.referral_id)
        .join(Assignment, Assignment.examination_id == Examination.id)  # type: ignore[arg-type]
        .join(Doctor, Doctor.id == Assignment.doctor_id)  # type: ignore[arg-type]
        .where(Doctor.user_id == user.id, Assignment.status.in_(LIVE_VALUES + ["completed"]))  # type: ignore[attr-defined]
    )
