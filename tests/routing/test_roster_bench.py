"""Benchmark figures that are computed, not solved: consecutive on-call nights."""

from routing.roster import Assignment
from routing.roster.bench import consecutive_night_share
from tests.routing.roster_builders import doctor, find, problem, week


def test_consecutive_night_share_counts_nights_next_to_another_night_of_the_same_doctor():
    positions = week(7)
    prob = problem(positions, [doctor("a"), doctor("b")])
    roster = [
        Assignment(find(positions, day, 17).id, who)
        for day, who in ((3, "a"), (4, "a"), (6, "a"), (5, "b"), (7, "b"))
    ]

    assert consecutive_night_share(prob, roster) == 2 / 5
    assert consecutive_night_share(prob, []) == 0.0
