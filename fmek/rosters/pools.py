"""Coverage pools: regions that share one on-call line."""

from sqlmodel import Session

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.errors import Conflict, NotFound
from fmek.reference.service import get_region
from fmek.rosters.data import (
    all_pools,
)
from fmek.rosters.models import (
    CoveragePoolRow,
    PoolIn,
    PoolPublic,
)


def list_pools(session: Session) -> list[PoolPublic]:
    return [PoolPublic.model_validate(p, from_attributes=True) for p in all_pools(session)]


def put_pool(session: Session, code: str, data: PoolIn, actor: Actor) -> PoolPublic:
    """Create or replace a pool; a region shares its line with at most one pool."""
    regions = sorted(set(data.regions))
    for region in regions:
        get_region(session, region)
    taken = [
        region
        for pool in all_pools(session)
        if pool.code != code
        for region in pool.regions
        if region in regions
    ]
    if taken:
        raise Conflict(
            f"already in another coverage pool: {', '.join(sorted(taken))}",
            type="region_in_other_pool",
            loc=("body", "regions"),
        )
    pool = session.get(CoveragePoolRow, code) or CoveragePoolRow(
        code=code, name=data.name, regions=regions, shared_templates=[]
    )
    pool.name, pool.regions = data.name, regions
    pool.shared_templates = sorted(set(data.shared_templates))
    session.add(pool)
    record(session, actor, AuditAction.UPDATE, "coverage_pool", code)
    session.commit()
    return PoolPublic.model_validate(pool, from_attributes=True)


def delete_pool(session: Session, code: str, actor: Actor) -> None:
    pool = session.get(CoveragePoolRow, code)
    if pool is None:
        raise NotFound("no coverage pool with this code", type="unknown_pool", loc=("path", "code"))
    session.delete(pool)
    record(session, actor, AuditAction.DELETE, "coverage_pool", code)
    session.commit()
