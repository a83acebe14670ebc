"""GGD regions and organisations, loaded from data shipped in the package."""

from enum import StrEnum

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class OrganisationKind(StrEnum):
    VEILIG_THUIS = "veilig_thuis"
    GGD = "ggd"
    LECK = "leck"
    ZORGAANBIEDER = "zorgaanbieder"  # a hospital, GP practice or youth-health organisation


class Region(SQLModel, table=True):
    """A GGD region (CBS code) with an approximate centroid and its neighbours."""

    code: str = Field(primary_key=True, max_length=6)
    name: str = Field(max_length=120)
    lat: float
    lon: float
    neighbours: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Organisation(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=160)
    kind: str = Field(max_length=20, index=True)
    ggd_region: str | None = Field(default=None, foreign_key="region.code", max_length=6)
    parent: str | None = Field(default=None, max_length=40)


class RegionPublic(SQLModel):
    code: str
    name: str
    lat: float
    lon: float
    neighbours: list[str]


class OrganisationPublic(SQLModel):
    code: str
    name: str
    kind: OrganisationKind
    ggd_region: str | None = None
    parent: str | None = None
