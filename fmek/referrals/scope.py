"""Who may see which referrals. Outside one's scope a referral does not exist (404)."""

from sqlalchemy import ColumnElement, and_

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
        return and_(
            Referral.destination == Destination.GGD.value,  # type: ignore[arg-type]
            Referral.ggd_region == user.region_code,  # type: ignore[arg-type]
        )
    if role is Role.LECK_CONSULTANT:
        return Referral.destination == Destination.LECK.value  # type: ignore[return-value]
    raise PermissionDenied(
        "the admin role manages users and reference data; it has no access to client data"
    )
