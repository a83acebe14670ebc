"""Creating, authenticating, rotating and revoking users and their bearer tokens."""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import TREATING_ROLES, Role, User, WebSession
from fmek.auth.tokens import hash_token, new_token
from fmek.clock import utcnow
from fmek.errors import NotFound, ValidationFailed
from fmek.reference.models import Organisation, OrganisationKind
from fmek.reference.service import region_exists
from fmek.text import clean_name

_ORG_KIND_FOR_ROLE = {
    Role.VERTROUWENSARTS: OrganisationKind.VEILIG_THUIS,
    Role.LECK_CONSULTANT: OrganisationKind.LECK,
    **dict.fromkeys(TREATING_ROLES, OrganisationKind.ZORGAANBIEDER),
}
_REGION_ROLES = frozenset({Role.GGD_PLANNER, Role.FORENSISCH_ARTS})
DEFAULT_TOKEN_DAYS = 90
# last_used_at is coarse on purpose: one write per user per interval, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def add_user(
    session: Session,
    *,
    name: str,
    role: Role,
    organisation: str | None = None,
    region: str | None = None,
    token_days: int = DEFAULT_TOKEN_DAYS,
) -> tuple[User, str]:
    """Create a user and return it with its token (the only time the token exists in clear)."""
    name = clean_name(name)
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
    if role in TREATING_ROLES and org is None:
        raise ValidationFailed(
            f"a {role.value} belongs to a care provider: an organisation of kind zorgaanbieder "
            "(--organisation; add one with `fmek organisation add`)"
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
        expires_at=utcnow() + timedelta(days=token_days),
    )
    session.add(user)
    session.flush()
    record(
        session, Actor.system(), AuditAction.CREATE, "user", user.id, detail=f"role {role.value}"
    )
    session.commit()
    session.refresh(user)
    return user, token


def token_valid(user: User, now: datetime) -> bool:
    """Not revoked and not expired."""
    return user.revoked_at is None and (user.expires_at is None or user.expires_at > now)


def authenticate(session: Session, token: str) -> User | None:
    """The active user holding this unexpired token, or None; notes when it was last used."""
    user = session.exec(select(User).where(User.token_hash == hash_token(token))).first()
    now = utcnow()
    if user is None or not token_valid(user, now):
        return None
    if user.last_used_at is None or now - user.last_used_at >= LAST_USED_RESOLUTION:
        session.execute(update(User).where(col(User.id) == user.id).values(last_used_at=now))
        session.commit()
    return user


def end_web_sessions(session: Session, user_id: int) -> None:
    """End every open web session of a user (revocation, rotation); the caller commits."""
    session.execute(
        update(WebSession)
        .where(col(WebSession.user_id) == user_id, col(WebSession.ended_at).is_(None))
        .values(ended_at=utcnow())
    )


def revoke_user(session: Session, user_id: int) -> User:
    """Revoke the token at once; the user's web sessions end with it."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if user.revoked_at is None:
        user.revoked_at = utcnow()
        record(session, Actor.system(), AuditAction.UPDATE, "user", user.id, detail="revoked")
    end_web_sessions(session, user_id)
    session.commit()
    return user


def rotate_token(
    session: Session, user_id: int, token_days: int = DEFAULT_TOKEN_DAYS
) -> tuple[User, str]:
    """A new token for an active user; the old one stops working and web sessions end."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if user.revoked_at is not None:
        raise ValidationFailed("a revoked user gets no new token; add a new user instead")
    token = new_token()
    user.token_hash = hash_token(token)
    user.expires_at = utcnow() + timedelta(days=token_days)
    user.last_used_at = None
    end_web_sessions(session, user_id)
    record(session, Actor.system(), AuditAction.UPDATE, "user", user.id, detail="token rotated")
    session.commit()
    session.refresh(user)
    return user, token


def find_user_by_name(session: Session, name: str, role: Role) -> User | None:
    return session.exec(
        select(User).where(
            col(User.name) == name, col(User.role) == role.value, col(User.revoked_at).is_(None)
        )
    ).first()
