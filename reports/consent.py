"""Consent for a forensic-medical examination of a minor: who may give it at which age (WGBO).

Under the WGBO (Burgerlijk Wetboek 7:450) the child's age decides whose consent counts:
- under 12: the parents with authority (gezag) or the guardian (voogd);
- 12 to 15: the young person *and* the parents with authority or the guardian, together;
- 16 and 17: the young person alone.
A court order (e.g. a rechter-commissaris ordering a physical examination) stands in for consent
at any age. Whether a child cannot reasonably judge their interests (wilsonbekwaam) is a clinical
judgement the report states in words; it is not a shortcut around these bands [design].

Pure: the age is computed from dates the caller supplies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "AgeBand",
    "ConsentAuthority",
    "ConsentScope",
    "age_band",
    "age_in_years",
    "authority_problem",
]


class ConsentAuthority(StrEnum):
    """On what authority consent was given."""

    PARENT_WITH_AUTHORITY = "parent_with_authority"
    GUARDIAN = "guardian"
    YOUNG_PERSON_WITH_PARENTS = "young_person_with_parents"
    YOUNG_PERSON = "young_person"
    COURT_ORDER = "court_order"

    @property
    def nl(self) -> str:
        return _AUTHORITY_NL[self]


_AUTHORITY_NL = {
    ConsentAuthority.PARENT_WITH_AUTHORITY: "ouder(s) met gezag",
    ConsentAuthority.GUARDIAN: "voogd",
    ConsentAuthority.YOUNG_PERSON_WITH_PARENTS: (
        "de jongere (12 tot en met 15 jaar) samen met ouder(s) met gezag of voogd"
    ),
    ConsentAuthority.YOUNG_PERSON: "de jongere zelf (16 jaar of ouder)",
    ConsentAuthority.COURT_ORDER: "rechterlijke beslissing",
}


class AgeBand(StrEnum):
    """The WGBO age bands for consent."""

    UNDER_12 = "under_12"
    FROM_12_TO_15 = "12_to_15"
    FROM_16 = "16_plus"

    @property
    def nl(self) -> str:
        return {
            "under_12": "jonger dan 12 jaar",
            "12_to_15": "12 tot en met 15 jaar",
            "16_plus": "16 jaar of ouder",
        }[self.value]


_ALLOWED: dict[ConsentAuthority, frozenset[AgeBand]] = {
    ConsentAuthority.PARENT_WITH_AUTHORITY: frozenset({AgeBand.UNDER_12}),
    ConsentAuthority.GUARDIAN: frozenset({AgeBand.UNDER_12}),
    ConsentAuthority.YOUNG_PERSON_WITH_PARENTS: frozenset({AgeBand.FROM_12_TO_15}),
    ConsentAuthority.YOUNG_PERSON: frozenset({AgeBand.FROM_16}),
    ConsentAuthority.COURT_ORDER: frozenset(AgeBand),
}

_WHO_FOR_BAND = {
    AgeBand.UNDER_12: "parent_with_authority or guardian",
    AgeBand.FROM_12_TO_15: "young_person_with_parents (the young person and the parents together)",
    AgeBand.FROM_16: "young_person (from 16 the young person decides alone)",
}


def age_in_years(birth_date: date, on: date) -> int:
    """Completed years on `on` (a child born on 29 February turns a year older on 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: date, on: date) -> AgeBand:
    years = age_in_years(birth_date, on)
    if years < 12:
        return AgeBand.UNDER_12
    if years < 16:
        return AgeBand.FROM_12_TO_15
    return AgeBand.FROM_16


def authority_problem(authority: ConsentAuthority, band: AgeBand) -> str | None:
    """Why this authority cannot consent for a child of this age band, or None when it can.
    The message names the band and the authority that fits, never the child."""
    if band in _ALLOWED[authority]:
        return None
    return (
        f"consent on the authority '{authority.value}' does not fit a child aged "
        f"{band.nl} at the time of consent; the WGBO asks for {_WHO_FOR_BAND[band]}"
    )


@dataclass(frozen=True, slots=True)
class ConsentScope:
    """What the consent covers: the examination, photographs, and with whom results are shared."""

    examination: bool
    photographs: bool
    share_with: tuple[str, ...] = ()
