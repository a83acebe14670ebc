"""Creating, authenticating and revoking users."""

from sqlmodel import Session, select

from fmek.auth.models import Role, User
from fmek.auth.tokens import hash_token, new_token
from fmek.clock import utcnow
from fmek.errors import NotFound, ValidationFailed
from fmek.reference.models import Organisation, OrganisationKind
from fmek.reference.service import region_exists

_ORG_KIND_FOR_ROLE = {
    Role.VERTROUWENSARTS: OrganisationKind.VEILIG_THUIS,
    Role.LECK_CONSULTANT: OrganisationKind.LECK,
}
_REGION_ROLES = frozenset({Role.GGD_PLANNER, Role.FORENSISCH_ARTS})


def add_user(
    session: Session,
    *,
    name: str,
    role: Role,
    organisation: str | None = None,
    region: str | None = None,
) -> tuple[User, str]:
    """Create a user and return it with its token (the only time the token exists in clear)."""
    name = name.strip()
    if not name:
        raise ValidationFailed("a user needs a name", loc=("name",))
    org = session.get(Organisation, organisation) if organisation else None
    if organisation and org is None:
        raise ValidationFailed(f"unknown organisation '{organisation}'", loc=("organisation",))
    wanted_kind = _ORG_KIND_FOR_ROLE.get(role)
    if role is Role.VERTROUWENSARTS and org is None:
        raise ValidationFailed(
            "a vertrouwensarts belongs to a Veilig Thuis organisation (--organisation)"
        )
    if wanted_kind and org is not None and org.kind != wanted_kind.value:
        raise ValidationFailed(f"a {role.value} must belong to a {wanted_kind.value} organisation")
    if role is Role.LECK_CONSULTANT and org is None:
        organisation = "LECK"
    if role in _REGION_ROLES:
        if region is None and org is not None and org.kind == OrganisationKind.GGD.value:
            region = org.ggd_region
        if region is None:
            raise ValidationFailed(f"a {role.value} belongs to a GGD region (--region GGxxxx)")
    if region is not None and not region_exists(session, region):
        raise ValidationFailed(f"unknown GGD region '{region}'", loc=("region",))
    token = new_token()
    user = User(
        name=name,
        role=role.value,
        organisation_code=organisation,
        region_code=region,
        token_hash=hash_token(token),
    )
    session.add(user)
    session.commit()
    session.refresh(user)
    return user, token


def authenticate(session: Session, token: str) -> User | None:
    """The active user holding this token, or None."""
    user = session.exec(select(User).where(User.token_hash == hash_token(token))).first()
    if user is None or user.revoked_at is not None:
        return None
    return user


def revoke_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if user.revoked_at is None:
        user.revoked_at = utcnow()
        session.commit()
    return user


def find_user_by_name(session: Session, name: str, role: Role) -> User | None:
    return session.exec(
        select(User).where(User.name == name, User.role == role.value, User.revoked_at.is_(None))  # type: ignore[union-attr]
    ).first()
