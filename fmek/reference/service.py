"""Loading and reading the reference data; loading is idempotent (insert or update by code)."""

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlmodel import Session, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.errors import Conflict, NotFound, ValidationFailed
from fmek.reference.models import Organisation, OrganisationKind, Region
from fmek.text import clean_name


@lru_cache(maxsize=1)
def _load(name: str) -> dict[str, Any]:
    text = resources.files("fmek.reference.data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def shipped_regions() -> list[dict[str, Any]]:
    return list(_load("regions.json")["regions"])


@lru_cache(maxsize=32)
def neighbours_of(code: str) -> tuple[str, ...]:
    """A region's neighbours as shipped (the database is kept equal to the shipped data)."""
    for row in shipped_regions():
        if row["code"] == code:
            return tuple(sorted(set(row["neighbours"]) - {code}))
    return ()


def police_units() -> list[dict[str, Any]]:
    """The 10 regional police units with their GGD regions (source in the data file)."""
    return list(_load("police_units.json")["units"])


@lru_cache(maxsize=32)
def police_cluster_of(code: str) -> tuple[str, ...]:
    """The other GGD regions in the police-unit cluster of `code` (empty if alone in it)."""
    for unit in police_units():
        if code in unit["regions"]:
            return tuple(sorted(set(unit["regions"]) - {code}))
    return ()


def children_0_17() -> dict[str, int]:
    """Inhabitants aged 0-17 per GGD region: reference data for the figures (source and how
    approximate it is are stated in the data file)."""
    return {code: int(n) for code, n in _load("population.json")["children_0_17"].items()}


def shipped_organisations() -> list[dict[str, Any]]:
    return list(_load("organisations.json")["organisations"])


def ensure_reference_data(session: Session) -> None:
    """Insert or update regions and organisations to the shipped version, then commit."""
    for row in shipped_regions():
        _upsert(session, Region, row["code"], row)
    session.flush()
    for row in shipped_organisations():
        _upsert(session, Organisation, row["code"], row)
    session.commit()


def _upsert(
    session: Session, model: type[Region] | type[Organisation], key: str, row: dict[str, Any]
) -> None:
    existing = session.get(model, key)
    if existing is None:
        session.add(model(**row))
        return
    for field, value in row.items():
        if getattr(existing, field) != value:
            setattr(existing, field, value)


def list_regions(session: Session) -> list[Region]:
    return list(session.exec(select(Region).order_by(Region.code)))


def get_region(session: Session, code: str) -> Region:
    region = session.get(Region, code)
    if region is None:
        raise NotFound("unknown GGD region", type="unknown_region", loc=("path", "code"))
    return region


_known_regions: dict[str, frozenset[str]] = {}
"""Region codes per database URL: every referral checks its region, and regions are never
removed, so a cached "yes" stays true; a "no" re-reads the table before it is believed."""


def region_exists(session: Session, code: str) -> bool:
    key = str(session.get_bind().engine.url)
    if code in _known_regions.get(key, frozenset()):
        return True
    _known_regions[key] = frozenset(session.exec(select(Region.code)))
    return code in _known_regions[key]


def list_organisations(
    session: Session, kind: OrganisationKind | None = None
) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.kind, Organisation.code)
    if kind is not None:
        query = query.where(Organisation.kind == kind.value)
    return list(session.exec(query))


_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,39}")


def add_care_provider(
    session: Session, *, code: str, name: str, region: str | None = None
) -> Organisation:
    """Register a care provider (zorgaanbieder): the hospital, GP practice or youth-health
    organisation a kinderarts, huisarts or jeugdarts belongs to. The shipped kinds (Veilig
    Thuis, GGD, LECK) come only from the reference data."""
    code = code.strip().upper()
    if not _CODE.fullmatch(code):
        raise ValidationFailed(
            "an organisation code is 2 to 40 letters, digits or hyphens, e.g. ZA-UMCU-KG",
            type="invalid_code",
            loc=("code",),
        )
    name = clean_name(name)
    if not name or len(name) > 160:
        raise ValidationFailed(
            "a care provider needs a name (at most 160 characters)", loc=("name",)
        )
    if region is not None and not region_exists(session, region):
        raise ValidationFailed("unknown GGD region", type="unknown_region", loc=("region",))
    if session.get(Organisation, code) is not None:
        raise Conflict(
            "an organisation with this code exists already", type="code_taken", loc=("code",)
        )
    organisation = Organisation(
        code=code, name=name, kind=OrganisationKind.ZORGAANBIEDER.value, ggd_region=region
    )
    session.add(organisation)
    session.flush()
    record(
        session, Actor.system(), AuditAction.CREATE, "organisation", code, detail="zorgaanbieder"
    )
    session.commit()
    return organisation
