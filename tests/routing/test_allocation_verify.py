"""verify() catches every kind of hard-rule violation; score() counts like the contract."""

from dataclasses import replace

import pytest

from routing.allocation.model import Assignment, Result, Unassigned, parse_time
from routing.allocation.verify import score, verify
from tests.routing.allocation_builders import at, doctor, instance, request

AMSTERDAM = {"lat": 52.37, "lon": 4.90}  # 56 min from Utrecht

INST = instance(
    [
        doctor("d1", [("06:00", "15:00")]),
        doctor("d2", [("06:00", "15:00")], quals=[]),
    ],
    [
        request("r1", deadline="08:00", priority=5),
        request("r2", location=AMSTERDAM, deadline="08:00", priority=3),
        request("r3", fixed=("d1", "13:00")),
        request("r4", release="07:30"),
    ],
)


def a(rid, did, hhmm):
    return Assignment(rid, did, parse_time(at(hhmm), "test"))


VALID = Result(
    assignments=(a("r1", "d1", "07:00"), a("r2", "d1", "08:56"), a("r3", "d1", "13:00")),
    unassigned=(Unassigned("r4", "all_qualified_busy_until"),),
)


def with_assignment(rid, did, hhmm):
    kept = tuple(x for x in VALID.assignments if x.request != rid)
    rest = tuple(u for u in VALID.unassigned if u.request != rid)
    return replace(VALID, assignments=(*kept, a(rid, did, hhmm)), unassigned=rest)


def rules(result):
    return {v.rule for v in verify(INST, result)}


def test_the_hand_made_result_is_valid_and_scored():
    assert verify(INST, VALID) == []
    s = score(INST, VALID)
    # r1 on time (5), r2 late, r3 on time (1), r4 unassigned (1): 6 of 10
    assert (s.on_time_weighted, s.on_time, s.late, s.unassigned) == (0.6, 2, 1, 1)
    assert s.travel_minutes == 0 + 56 + 56


@pytest.mark.parametrize(
    ("result", "rule"),
    [
        (with_assignment("r4", "d2", "10:00"), "missing_qualification"),
        (with_assignment("r4", "d1", "07:15"), "before_release"),
        (with_assignment("r1", "d1", "06:30"), "before_now"),
        (with_assignment("r3", "d1", "13:15"), "fixed_not_respected"),
        (with_assignment("r4", "d1", "14:30"), "outside_shift"),
        (with_assignment("r2", "d1", "07:30"), "overlap"),
        (with_assignment("r2", "d1", "08:30"), "travel_too_short"),
        (with_assignment("r4", "d9", "10:00"), "unknown_doctor"),
        (replace(VALID, unassigned=()), "missing_request"),
        (
            replace(VALID, unassigned=(*VALID.unassigned, Unassigned("r1", "x"))),
            "duplicate_request",
        ),
        (replace(VALID, unassigned=(*VALID.unassigned, Unassigned("r9", "x"))), "unknown_request"),
    ],
)
def test_each_violation_is_reported(result, rule):
    assert rule in rules(result)


def test_a_fixed_request_may_not_be_left_unassigned():
    result = replace(
        VALID,
        assignments=VALID.assignments[:2],
        unassigned=(*VALID.unassigned, Unassigned("r3", "x")),
    )
    assert rules(result) == {"fixed_not_respected"}


def test_travel_from_base_counts_for_the_first_request_of_a_shift():
    far = instance([doctor("d1", [("07:00", "15:00")])], [request("r1", location=AMSTERDAM)])
    early = Result((a("r1", "d1", "07:30"),), ())
    ok = Result((a("r1", "d1", "07:56"),), ())
    assert {v.rule for v in verify(far, early)} == {"travel_too_short"}
    assert verify(far, ok) == []
