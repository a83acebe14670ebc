"""Who may do what with advice requests.

- Requesters are the doctor roles outside LECK (today vertrouwensarts and forensisch arts; a doctor
  role added to ``DOCTOR_ROLES`` later is a requester too). A requester sees only the cases they
  submitted themselves — not those of colleagues in the same organisation: the advice is personal
  contact between one doctor and LECK. Someone else's case number answers 404, as a wrong one does.
- LECK consultants see every case (the work queue), claim, answer, review, see photos and figures.
- Every other role (GGD planner, admin) never sees advice requests: 403.
"""

from sqlalchemy import ColumnElement, true
from sqlmodel import col

from fmek.advice.models import AdviceRequest
from fmek.auth.models import DOCTOR_ROLES, Role, User
from fmek.errors import PermissionDenied

LECK_ROLES = frozenset({Role.LECK_CONSULTANT})
REQUESTER_ROLES = DOCTOR_ROLES - LECK_ROLES


def is_leck(user: User) -> bool:
    return user.role_enum in LECK_ROLES


def is_requester_role(user: User) -> bool:
    return user.role_enum in REQUESTER_ROLES


def visible_to(user: User) -> ColumnElement[bool]:
    """SQL condition selecting the advice requests this user may read (403 for other roles)."""
    if is_leck(user):
        return true()
    if is_requester_role(user):
        return col(AdviceRequest.requester_id) == user.id
    raise PermissionDenied(
        f"advice requests are for requesting doctors and LECK consultants; you are {user.role}"
    )


def require_leck(user: User, action: str) -> None:
    if not is_leck(user):
        raise PermissionDenied(f"only a LECK consultant can {action}")


def require_owner(user: User, advice: AdviceRequest, action: str) -> None:
    if advice.requester_id != user.id:
        raise PermissionDenied(f"only the doctor who asked for this advice can {action}")
