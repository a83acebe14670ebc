"""The OR-Tools routing model of an allocation problem, and one local-search run on it.

Vehicles are doctor-shifts ("slots") that can take at least one request on time; nodes are the
requests that some slot can start on time (late assignments are added afterwards by
`insertion.fill_late`, they are lexicographically less important than any on-time start).

- Time dimension in whole seconds from `origin`; transit(a, b) = duration(a) + travel(a, b).
  Lower bounds round up and upper bounds round down, so a routing solution is valid at
  microsecond precision; the final plan is re-timed exactly by `Problem.schedule` anyway.
- Vehicle v starts at its doctor's base at exactly the shift start, and must be back to
  "nowhere" (a dummy end node, zero travel) by the shift end: every visit ends within the shift.
- Node window [max(release, now), deadline]; allowed vehicles: the slots where the request is
  qualified and could start on time on its own. Arcs that can never be driven in time get a
  transit beyond the horizon (the dimension rejects them at once).
- Cost: dropping a request costs `W_PRIORITY * priority + N_NOT_ON_TIME` (on-time weight first,
  then on-time count) plus travel minutes x `travel_weight` on every driven arc.
- Fixed requests: their node is allowed only on their slot, window the exact fixed start, and a
  drop penalty above everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util.optional_boolean_pb2 import BOOL_TRUE

from routing.allocation.problem import Plan, Problem

US_PER_S = 1_000_000
W_PRIORITY = 100_000
N_NOT_ON_TIME = 10_000
FIXED_PENALTY = 10**12


def _ceil_s(us: int) -> int:
    return -((-us) // US_PER_S)


@dataclass
class RoutingData:
    """Everything the C++ model needs, computed once in Python and reused by every run."""

    vehicle_slot: list[int]
    starts: list[int]  # start node per vehicle (its doctor's depot)
    end_node: int
    first: int  # node index of the first request node
    node_req: list[int]
    node_allowed: list[list[int]]
    node_window: list[tuple[int, int]]
    node_penalty: list[int]
    travel: list[list[int]]  # minutes
    time: list[list[int]]  # seconds
    vehicle_window: list[tuple[int, int]]
    horizon: int

    @property
    def n_nodes(self) -> int:
        return self.first + len(self.node_req)


def routing_data(problem: Problem) -> RoutingData:
    p = problem
    origin = min([p.now] + [s.start for s in p.slots])
    horizon = max(0, (max([s.end for s in p.slots], default=p.now) - origin) // US_PER_S)
    node_req: list[int] = []
    node_allowed: list[list[int]] = []
    on_time_slots: set[int] = set()
    for r in p.reqs:
        ks = [k for k in p.candidates[r.idx] if p.on_time_possible(r, p.slots[k])]
        if r.fixed_start is not None:
            ks = p.candidates[r.idx]
        if ks:
            node_req.append(r.idx)
            node_allowed.append(ks)
            on_time_slots.update(ks)
    vehicle_slot = sorted(on_time_slots)
    vehicle_of = {k: v for v, k in enumerate(vehicle_slot)}
    node_allowed = [[vehicle_of[k] for k in ks] for ks in node_allowed]
    doctors = sorted({p.slots[k].doctor_idx for k in vehicle_slot})
    depot = {d: i for i, d in enumerate(doctors)}
    end_node = len(doctors)
    first = end_node + 1
    n = first + len(node_req)

    windows: list[tuple[int, int]] = []
    penalties: list[int] = []
    for i in node_req:
        r = p.reqs[i]
        if r.fixed_start is not None:
            lo = _ceil_s(r.fixed_start - origin)
            windows.append((lo, lo))
            penalties.append(FIXED_PENALTY)
        else:
            lo = _ceil_s(r.earliest - origin)
            windows.append((lo, max(lo, (r.deadline - origin) // US_PER_S)))
            penalties.append(W_PRIORITY * r.priority + N_NOT_ON_TIME)
    service = [0] * first + [p.reqs[i].dur // US_PER_S for i in node_req]
    points = [p.instance.doctors[d].base for d in doctors]
    req_points = [p.reqs[i].point for i in node_req]
    never = horizon + 1
    travel = [[0] * n for _ in range(n)]
    time = [[0] * n for _ in range(n)]
    for a in range(n):
        if a == end_node:
            continue
        trow, mrow = travel[a], time[a]
        if a < end_node:
            pa, ready = points[a], 0
        else:
            pa = req_points[a - first]
            ready = windows[a - first][0] + service[a]
            mrow[end_node] = service[a]
        for b in range(first, n):
            if a == b or ready > windows[b - first][1]:
                mrow[b] = never
                continue
            t = p.travel_min(pa, req_points[b - first])
            trow[b] = t
            mrow[b] = service[a] + 60 * t
    vehicle_window = []
    for k in vehicle_slot:
        s = p.slots[k]
        lo = max(0, _ceil_s(s.start - origin))
        vehicle_window.append((lo, max(lo, (s.end - origin) // US_PER_S)))
    return RoutingData(
        vehicle_slot=vehicle_slot,
        starts=[depot[p.slots[k].doctor_idx] for k in vehicle_slot],
        end_node=end_node,
        first=first,
        node_req=node_req,
        node_allowed=node_allowed,
        node_window=windows,
        node_penalty=penalties,
        travel=travel,
        time=time,
        vehicle_window=vehicle_window,
        horizon=horizon,
    )


def _build(
    data: RoutingData, travel_weight: int
) -> tuple[pywrapcp.RoutingIndexManager, pywrapcp.RoutingModel]:
    n_veh = len(data.vehicle_slot)
    manager = pywrapcp.RoutingIndexManager(
        data.n_nodes, n_veh, data.starts, [data.end_node] * n_veh
    )
    model = pywrapcp.RoutingModel(manager)
    cost = model.RegisterTransitMatrix([[travel_weight * t for t in row] for row in data.travel])
    model.SetArcCostEvaluatorOfAllVehicles(cost)
    transit = model.RegisterTransitMatrix(data.time)
    model.AddDimension(transit, data.horizon + 1, data.horizon + 1, False, "time")
    dim = model.GetDimensionOrDie("time")
    for v, (lo, hi) in enumerate(data.vehicle_window):
        dim.CumulVar(model.Start(v)).SetRange(lo, lo)
        dim.CumulVar(model.End(v)).SetRange(lo, hi)
    for j, (lo, hi) in enumerate(data.node_window):
        index = manager.NodeToIndex(data.first + j)
        dim.CumulVar(index).SetRange(lo, hi)
        # SetAllowedVehiclesForIndex's Python binding rejects lists in this OR-Tools version
        model.VehicleVar(index).SetValues([-1, *data.node_allowed[j]])
        model.AddDisjunction([index], data.node_penalty[j])
    return manager, model


def _routes(
    data: RoutingData, plan: Plan, manager: pywrapcp.RoutingIndexManager
) -> list[list[int]]:
    node_of = {i: data.first + j for j, i in enumerate(data.node_req)}
    vehicle_of = {k: v for v, k in enumerate(data.vehicle_slot)}
    routes: list[list[int]] = [[] for _ in data.vehicle_slot]
    for k, route in enumerate(plan):
        v = vehicle_of.get(k)
        if v is None:
            continue
        routes[v] = [manager.NodeToIndex(node_of[i]) for i in route if i in node_of]
    return routes


def on_time_part(problem: Problem, plan: Plan) -> Plan:
    """The plan without its late requests (the warm start of a run)."""
    starts = problem.plan_starts(plan)
    return [
        [
            i
            for i in route
            if starts[i][1] <= problem.reqs[i].deadline or problem.reqs[i].fixed_start is not None
        ]
        for route in plan
    ]


def run(
    problem: Problem,
    data: RoutingData,
    warm: Plan,
    seconds: float,
    *,
    travel_weight: int,
    metaheuristic: str = "SIMULATED_ANNEALING",
    solution_limit: int | None = None,
    operators: tuple[str, ...] = (),
) -> Plan | None:
    """One local search from `warm` (its on-time part); None if it could not start or failed.

    `operators`: extra local-search operators to switch on (names of the `use_...` fields of
    `RoutingSearchParameters.local_search_operators`, without the `use_` prefix)."""
    if not data.vehicle_slot or seconds <= 0:
        return None
    manager, model = _build(data, travel_weight)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, metaheuristic
    )
    params.time_limit.FromMilliseconds(max(10, int(seconds * 1000)))
    for name in operators:
        setattr(params.local_search_operators, f"use_{name}", BOOL_TRUE)
    if solution_limit is not None:
        params.solution_limit = solution_limit
    model.CloseModelWithParameters(params)
    initial = model.ReadAssignmentFromRoutes(
        _routes(data, on_time_part(problem, warm), manager), True
    )
    if initial is None:
        return None
    sol = model.SolveFromAssignmentWithParameters(initial, params)
    if sol is None:
        return None
    plan: Plan = [[] for _ in problem.slots]
    for v, k in enumerate(data.vehicle_slot):
        index = sol.Value(model.NextVar(model.Start(v)))
        while not model.IsEnd(index):
            plan[k].append(data.node_req[manager.IndexToNode(index) - data.first])
            index = sol.Value(model.NextVar(index))
    return plan
