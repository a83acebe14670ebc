"""The referral status lifecycle; statuses move only by explicit actions along these edges."""

from enum import StrEnum


class ReferralStatus(StrEnum):
    SUBMITTED = "submitted"
    ROUTED = "routed"
    SCHEDULED = "scheduled"
    EXAMINED = "examined"
    REPORTED = "reported"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


S = ReferralStatus

ALLOWED: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    S.SUBMITTED: frozenset({S.ROUTED, S.WITHDRAWN}),
    S.ROUTED: frozenset({S.SCHEDULED, S.EXAMINED, S.WITHDRAWN}),
    S.SCHEDULED: frozenset({S.ROUTED, S.EXAMINED, S.WITHDRAWN}),
    S.EXAMINED: frozenset({S.REPORTED}),
    S.REPORTED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
"""``scheduled → routed`` is the way back when a planned examination is cancelled;
``routed → examined`` covers LECK consults that are not scheduled by a GGD."""


def can_move(current: ReferralStatus, target: ReferralStatus) -> bool:
    return target in ALLOWED[current]


def next_statuses(current: ReferralStatus) -> list[str]:
    return sorted(s.value for s in ALLOWED[current])
