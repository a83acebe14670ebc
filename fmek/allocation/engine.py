"""The allocation library as the service uses it: solve, then check the result independently.

The solver runs with one worker in the request's thread (the machine's cores are shared with
the web workers) and a bounded time; it never returns worse than its own greedy plan.
"""

from collections.abc import Sequence

from routing.allocation import Instance, Result, verify
from routing.allocation import solve as library_solve

SEED = 7


def solve(instance: Instance, *, time_limit_s: float) -> Result:
    return library_solve(instance, time_limit_s=time_limit_s, workers=1, seed=SEED)


def violations(instance: Instance, result: Result) -> Sequence[str]:
    """Every hard rule the result breaks (empty when valid), from the library's verifier."""
    return [f"{v.rule}: {v.message}" for v in verify(instance, result)]
