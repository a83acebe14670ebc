"""Who examines which child when: requests, doctors with shifts and travel in; a plan out.

The public interface is what this module exports (`__all__`); the application imports only
from here, never from the submodules, so their layout can change freely.
"""

from routing.allocation.bench import run_benchmark
from routing.allocation.model import (
    Doctor,
    Fixed,
    Instance,
    Point,
    Request,
    Result,
    Shift,
    Travel,
    parse_instance,
    result_to_dict,
)
from routing.allocation.solver import default_time_limit, solve
from routing.allocation.travel import travel_minutes
from routing.allocation.verify import Violation, verify

__all__ = [
    "Doctor",
    "Fixed",
    "Instance",
    "Point",
    "Request",
    "Result",
    "Shift",
    "Travel",
    "Violation",
    "default_time_limit",
    "parse_instance",
    "result_to_dict",
    "run_benchmark",
    "solve",
    "travel_minutes",
    "verify",
]
