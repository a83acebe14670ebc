"""Travel minutes exactly as the contract defines them.

travel = ceil(haversine_km x road_factor / speed_kmh x 60), earth radius 6371.0 km.

The planner uses the plain ceiling (`eps=0`), so a plan is valid for any verifier that computes
the same formula, strict or lenient. A verifier may pass a tiny `eps` (ceil(x - eps)) so that a
planner whose floating point differs in the last bits is not rejected for it; the planner's
value is then never below the verifier's.
"""

from __future__ import annotations

import math

from routing.allocation.model import Point, Travel

EARTH_RADIUS_KM = 6371.0
VERIFY_EPS = 1e-9


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km (same operation order as the reference formula)."""
    p1 = math.radians(a.lat)
    p2 = math.radians(b.lat)
    dp = p2 - p1
    dl = math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def travel_minutes(a: Point, b: Point, travel: Travel, *, eps: float = 0.0) -> int:
    """Whole minutes to drive from `a` to `b`; 0 for the same point."""
    if a.lat == b.lat and a.lon == b.lon:
        return 0
    x = haversine_km(a, b) * travel.road_factor / travel.speed_kmh * 60.0
    return max(0, math.ceil(x - eps))
