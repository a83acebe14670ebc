"""A request's excluded doctors (e.g. one who declined it) never get it: every planner leaves
them out, verify() flags an assignment to one, and the file format checks the names."""

import pytest

from routing.allocation import parse_instance, solve, verify
from routing.allocation.model import Assignment, Result, parse_time
from tests.routing.allocation_builders import at, doctor, instance, raw_instance, request


def _excluding(rid: str, *doctors: str, **kwargs: object) -> dict[str, object]:
    return {**request(rid, **kwargs), "excluded_doctors": list(doctors)}  # type: ignore[arg-type]


def test_the_solver_gives_the_request_to_a_doctor_who_is_not_excluded() -> None:
    inst = instance(
        [doctor("near", [("06:00", "15:00")]), doctor("other", [("06:00", "15:00")])],
        [_excluding("r1", "near")],
    )
    result = solve(inst, time_limit_s=2, workers=1)
    assert [(a.request, a.doctor) for a in result.assignments] == [("r1", "other")]
    assert verify(inst, result) == []


def test_a_request_whose_only_qualified_doctor_is_excluded_stays_unplanned() -> None:
    inst = instance([doctor("only", [("06:00", "15:00")])], [_excluding("r1", "only")])
    result = solve(inst, time_limit_s=2, workers=1)
    assert result.assignments == ()
    assert [u.request for u in result.unassigned] == ["r1"]


def test_verify_flags_an_assignment_to_an_excluded_doctor() -> None:
    inst = instance([doctor("d1", [("06:00", "15:00")])], [_excluding("r1", "d1")])
    result = Result(
        assignments=(Assignment("r1", "d1", parse_time(at("08:00"), "test")),), unassigned=()
    )
    assert [v.rule for v in verify(inst, result)] == ["excluded_doctor"]


def test_the_file_format_names_an_unknown_excluded_doctor() -> None:
    raw = raw_instance([doctor("d1", [("06:00", "15:00")])], [_excluding("r1", "nobody")])
    with pytest.raises(ValueError, match=r"requests\[0\]\.excluded_doctors: unknown doctor"):
        parse_instance(raw)


def test_without_the_field_nobody_is_excluded() -> None:
    inst = instance([doctor("d1", [("06:00", "15:00")])], [request("r1")])
    assert inst.requests[0].excluded_doctors == frozenset()
