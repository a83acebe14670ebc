"""Who may see and change which doctors: planners of the region and admins manage them; a
forensisch arts reads only their own record. Outside one's scope a doctor does not exist (404)."""

from fmek.auth.models import Role, User
from fmek.errors import PermissionDenied


def manages_region(user: User, region: str) -> bool:
    role = user.role_enum
    return role is Role.ADMIN or (role is Role.GGD_PLANNER and user.region_code == region)


def require_planner_of(user: User, region: str) -> None:
    """Planner of this region or admin; 403 otherwise (regions themselves are public)."""
    if not manages_region(user, region):
        raise PermissionDenied(
            f"only the planners of {region} (or an admin) may do this",
            type="not_planner_of_region",
        )


def reads_region_roster(user: User, region: str) -> bool:
    """Planners and forensic doctors of the region, and admins, read its roster."""
    role = user.role_enum
    if role is Role.ADMIN:
        return True
    return role in (Role.GGD_PLANNER, Role.FORENSISCH_ARTS) and user.region_code == region


def require_roster_reader(user: User, region: str) -> None:
    if not reads_region_roster(user, region):
        raise PermissionDenied(
            f"the roster of {region} is for its planners and forensic doctors",
            type="not_in_region",
        )
