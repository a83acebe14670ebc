"""The advice request lifecycle and the LECK conclusion categories.

::

    submitted ──claim──► claimed ──answer──► answered ──review: release──► released ──consult──► converted
                           ▲ ▲                  │                              │
                           │ └──review: return──┘ (with a remark)              │
                           └────────────────revise (with a reason)─────────────┘

- claim: a LECK consultant takes the case; exactly one consultant can claim it.
- answer: the consultant who claimed it writes the advice and a conclusion (again while
  ``answered`` to revise the draft before review).
- review: a second LECK consultant, never the author, releases the advice to the requester or
  returns it with a remark (the team review).
- revise: a LECK consultant reopens a released advice with a reason (claimed by them); its next
  release is the next letter version, which states the reason.
- consult: the requester turns a released advice into an identified LECK consult (a referral),
  with the child's identity and recorded consent.
"""

from enum import StrEnum

from reports.conclusions import ClinicalCategory as Conclusion

__all__ = [
    "ALLOWED",
    "OPEN",
    "WITH_ADVICE",
    "AdviceStatus",
    "Conclusion",
    "ReviewDecision",
    "can_move",
]


class AdviceStatus(StrEnum):
    SUBMITTED = "submitted"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    RELEASED = "released"
    CONVERTED = "converted"


S = AdviceStatus

ALLOWED: dict[AdviceStatus, frozenset[AdviceStatus]] = {
    S.SUBMITTED: frozenset({S.CLAIMED}),
    S.CLAIMED: frozenset({S.ANSWERED}),
    S.ANSWERED: frozenset({S.ANSWERED, S.RELEASED, S.CLAIMED}),
    S.RELEASED: frozenset({S.CONVERTED, S.CLAIMED}),
    S.CONVERTED: frozenset(),
}

OPEN = (S.SUBMITTED, S.CLAIMED, S.ANSWERED)
"""The work queue's default: cases LECK still has to handle."""

WITH_ADVICE = (S.RELEASED, S.CONVERTED)
"""Statuses in which the requester may read the advice."""


def can_move(current: AdviceStatus, target: AdviceStatus) -> bool:
    return target in ALLOWED[current]


class ReviewDecision(StrEnum):
    RELEASE = "release"
    RETURN = "return"
