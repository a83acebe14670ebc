"""Users with one role each; tokens are stored only as a SHA-256 hash."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from fmek.clock import utcnow
from fmek.column_types import UtcDateTime


class Role(StrEnum):
    VERTROUWENSARTS = "vertrouwensarts"
    GGD_PLANNER = "ggd_planner"
    FORENSISCH_ARTS = "forensisch_arts"
    LECK_CONSULTANT = "leck_consultant"
    ADMIN = "admin"
    PRIVACY = "privacy"  # privacy officer: reads access logs (NEN 7513), never client data
    BELEID = "beleid"  # policy officer: national and regional figures, never client data
    # treating doctors of a care provider (zorgaanbieder): they ask LECK for advice and, as the
    # child's treating doctor, for the identified consult
    KINDERARTS = "kinderarts"
    HUISARTS = "huisarts"
    JEUGDARTS = "jeugdarts"


TREATING_ROLES = frozenset({Role.KINDERARTS, Role.HUISARTS, Role.JEUGDARTS})
DOCTOR_ROLES = frozenset(
    {Role.VERTROUWENSARTS, Role.FORENSISCH_ARTS, Role.LECK_CONSULTANT, *TREATING_ROLES}
)

_ROLE_NL = {
    Role.FORENSISCH_ARTS: "forensisch arts",
    Role.LECK_CONSULTANT: "LECK-consulent",
    Role.GGD_PLANNER: "GGD-planner",
}


def role_nl(role: str) -> str:
    """The role as a letter or report prints it ('kinderarts', 'forensisch arts')."""
    try:
        return _ROLE_NL.get(Role(role), role.replace("_", " "))
    except ValueError:
        return role.replace("_", " ")


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=160)
    role: str = Field(max_length=30, index=True)
    organisation_code: str | None = Field(
        default=None, foreign_key="organisation.code", max_length=40
    )
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=6)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # None only for tokens issued before expiry existed; the migration gave those a date too.
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def on_behalf_of(self) -> str | None:
        """The organisation (or GGD region) the user acts for, as NEN 7513 asks."""
        return self.organisation_code or self.region_code


class UserPublic(SQLModel):
    id: int
    name: str
    role: Role
    organisation_code: str | None
    region_code: str | None


class WebSession(SQLModel, table=True):
    """A signed-in web page session, kept on the server so that it can end for certain.

    The browser's cookie holds a random id whose SHA-256 is the primary key: a copied cookie is
    useless once the row is ended (logout, revocation, rotation) or expired (idle or absolute).
    """

    __tablename__ = "web_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
