"""Split a roster problem into independent subproblems, one per set of connected regions.

Doctors belong to one region and may only take positions of their region or of a coverage
pool their region is in, so regions linked by pools form components that share nothing with
each other: each is solved on its own, which is what makes 25 regions x 8 weeks tractable.
"""

from __future__ import annotations

from dataclasses import replace

from routing.roster.model import RosterProblem


def components(problem: RosterProblem) -> list[RosterProblem]:
    """Independent subproblems, ordered by their smallest region code."""
    pool_regions = problem.pool_regions()
    parent: dict[str, str] = {}

    def find(region: str) -> str:
        parent.setdefault(region, region)
        while parent[region] != region:
            parent[region] = parent[parent[region]]
            region = parent[region]
        return region

    for regions in pool_regions.values():
        first, *rest = sorted(regions)
        for other in rest:
            parent[find(other)] = find(first)
    for doctor in problem.doctors:
        find(doctor.region)

    def root_of_pool(pool: str) -> str:
        return find(min(pool_regions.get(pool, frozenset({pool}))))

    groups: dict[str, list[str]] = {}
    for region in list(parent):
        groups.setdefault(find(region), []).append(region)
    position_pool = {p.id: p.pool for p in problem.positions}
    subproblems = []
    for root, members in sorted(groups.items(), key=lambda item: min(item[1])):
        positions = tuple(p for p in problem.positions if root_of_pool(p.pool) == root)
        doctors = tuple(d for d in problem.doctors if find(d.region) == root)
        if not positions and not doctors:
            continue
        pins = tuple(
            pin
            for pin in problem.pins
            if pin.position_id in position_pool
            and root_of_pool(position_pool[pin.position_id]) == root
        )
        pools = tuple(pool for pool in problem.pools if pool.regions & set(members))
        subproblems.append(
            replace(problem, positions=positions, doctors=doctors, pins=pins, pools=pools)
        )
    return subproblems


def group_of(problem: RosterProblem) -> dict[str, int]:
    """Doctor id -> index of its component (for fairness statistics per component)."""
    return {
        doctor.id: index for index, sub in enumerate(components(problem)) for doctor in sub.doctors
    }
