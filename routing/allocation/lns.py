"""Large-neighbourhood search with exact repair: re-optimise 2-4 related shifts at a time.

After the routing library's local search has converged, the remaining gains are moves that
rearrange several shifts at once (a request hops from shift A to B so that B's request can go to
C ...). Each step picks a seed shift and the shifts that compete with it for the same requests
(shared candidate requests that are not yet on time, or shared route requests), solves that
sub-problem exactly with CP-SAT (`exact.optimise`, everything else fixed) and keeps the answer if
the plan's lexicographic value does not drop. Seeds favour shifts that could take a request that
is still late or unassigned; a seeded `random.Random` makes the sequence reproducible.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from routing.allocation.exact import optimise
from routing.allocation.problem import Plan, Problem


class Neighbourhoods:
    """Which shifts compete for the same requests (computed once per problem)."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.reqs_of: list[set[int]] = [set() for _ in problem.slots]
        for r in problem.reqs:
            if r.fixed_start is not None:
                continue
            for k in problem.candidates[r.idx]:
                if problem.on_time_possible(r, problem.slots[k]):
                    self.reqs_of[k].add(r.idx)
        self.slots_of: dict[int, list[int]] = {}
        for k, rs in enumerate(self.reqs_of):
            for i in rs:
                self.slots_of.setdefault(i, []).append(k)

    def pick(self, plan: Plan, open_reqs: set[int], rng: random.Random, size: int) -> list[int]:
        """A seed shift (usually one that could take an open request) and its rivals."""
        p = self.p
        seeds = [k for k in range(len(p.slots)) if self.reqs_of[k] & open_reqs]
        if not seeds or rng.random() < 0.2:
            seeds = [k for k in range(len(p.slots)) if self.reqs_of[k]]
        if not seeds:
            return []
        seed = rng.choice(seeds)
        chosen = [seed]
        while len(chosen) < size:
            score: dict[int, float] = {}
            for k in chosen:
                interesting = (self.reqs_of[k] & open_reqs) | set(plan[k])
                for i in interesting:
                    for other in self.slots_of.get(i, []):
                        if other not in chosen:
                            score[other] = score.get(other, 0.0) + (2.0 if i in open_reqs else 1.0)
            if not score:
                break
            ranked = sorted(score, key=lambda k: (-score[k] * (0.5 + rng.random()), k))
            chosen.append(ranked[0])
        return chosen


def open_requests(problem: Problem, plan: Plan) -> set[int]:
    """Requests that are not on time: unassigned or late."""
    starts = problem.plan_starts(plan)
    return {
        r.idx
        for r in problem.reqs
        if r.fixed_start is None and (r.idx not in starts or starts[r.idx][1] > r.deadline)
    }


def improve(
    problem: Problem,
    plan: Plan,
    until: float,
    *,
    seed: int = 0,
    step_s: float = 0.5,
    progress: Callable[[str], None] | None = None,
    hoods: Neighbourhoods | None = None,
) -> Plan:
    """LNS until the monotonic deadline `until`; never returns a worse plan than `plan`."""
    rng = random.Random(seed)
    hoods = hoods or Neighbourhoods(problem)
    best = plan
    best_value = problem.plan_value(best)
    open_reqs = open_requests(problem, best)
    steps = gains = 0
    while time.monotonic() + 0.05 < until:
        size = rng.choice((2, 3, 3, 4))
        slots = hoods.pick(best, open_reqs, rng, size)
        if not slots:
            break
        limit = min(step_s, until - time.monotonic())
        sub = optimise(
            problem, best, slots, time_limit_s=limit, seed=rng.randrange(1 << 30), max_entering=12
        )
        steps += 1
        if not sub.feasible:
            continue
        try:
            value = problem.plan_value(sub.plan)
        except ValueError:
            continue
        if value >= best_value:
            if value > best_value:
                gains += 1
            best, best_value = sub.plan, value
            open_reqs = open_requests(problem, best)
    if progress:
        progress(f"lns: {steps} steps, {gains} improvements, {best_value}")
    return best
