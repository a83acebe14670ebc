"""The two kinds of conclusion a report may draw, and the only words each may use.

An *evaluative* conclusion (ENFSI 2015 guideline, NFI verbal scale) says how much more probable
the findings are if one proposition (H1) is true than if the other (H2) is. The author picks a
likelihood-ratio band; the sentence is fixed. Nothing here accepts free text for it, so the
transposed conditional ("H1 is more probable given the findings", the prosecutor's fallacy) cannot
be written: the findings are always the subject, the propositions always the condition.

Every evaluative conclusion carries an *onderbouwing* (the class rests on expert judgement, not
on a calculation, and a reader must be able to follow it) and the source of H2 (whose account the
alternative proposition is, e.g. "lezing moeder, anamnese 1").

A *clinical categorical* conclusion is the physician's judgement on the core question (inflicted,
accidental, or disease). It is worded on the injury ("het letsel is waarschijnlijk toegebracht"),
never on "kindermishandeling": that is the ultimate issue, for the court or Veilig Thuis. It may not
borrow the evaluative words, and justice reports carry none at all (see `reports.kinds`).

Band mapping (documented choice). ENFSI names six bands of support; the NFI uses five Dutch words.
We follow the NFI "Vakbijlage waarschijnlijkheidstermen" (2017 edition [verify]), where one word
spans 100-10,000, so ENFSI's *moderately strong* and *strong* both read "veel waarschijnlijker".
The body prints only the Dutch NFI term with the LR range; the ENFSI wording appears in the
appendix only. Below LR 2 the findings hardly discriminate: the neutral band (LR 0.5-2) reads
"ongeveer even waarschijnlijk", the commonest finding after alleged sexual abuse.

    LR 0.5-2             (neutral)          ongeveer even waarschijnlijk
    LR 2-10              weak               iets waarschijnlijker
    LR 10-100            moderate           waarschijnlijker
    LR 100-1,000         moderately strong  veel waarschijnlijker
    LR 1,000-10,000      strong             veel waarschijnlijker
    LR 10,000-1,000,000  very strong        zeer veel waarschijnlijker
    LR > 1,000,000       extremely strong   extreem veel waarschijnlijker
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "NFI_EDITION",
    "ClinicalCategory",
    "ClinicalConclusion",
    "ConclusionKind",
    "EvaluativeConclusion",
    "InvalidConclusion",
    "LikelihoodRatioBand",
    "clinical_wording",
    "evaluative_wording",
    "validate_hypothesis",
]

MAX_HYPOTHESIS_LENGTH = 200
NFI_EDITION = "NFI, Vakbijlage waarschijnlijkheidstermen (2017)"
"""The edition of the Dutch verbal scale cited in every report's appendix [verify edition]."""


class InvalidConclusion(ValueError):
    """A conclusion that would say something a forensic report must not say."""


class ConclusionKind(StrEnum):
    EVALUATIVE = "evaluative"
    CLINICAL = "clinical"


@dataclass(frozen=True, slots=True)
class _Band:
    lower: float
    upper: int | None
    enfsi_nl: str  # ENFSI's verbal equivalent in Dutch (appendix only)
    nfi_term: str


class LikelihoodRatioBand(StrEnum):
    """The neutral band and the six ENFSI bands of support for H1 relative to H2."""

    NEUTRAL = "neutral"
    WEAK = "weak"
    MODERATE = "moderate"
    MODERATELY_STRONG = "moderately_strong"
    STRONG = "strong"
    VERY_STRONG = "very_strong"
    EXTREMELY_STRONG = "extremely_strong"

    @property
    def _spec(self) -> _Band:
        return _BANDS[self]

    @property
    def lr_lower(self) -> float:
        return self._spec.lower

    @property
    def lr_upper(self) -> int | None:
        """Exclusive upper bound of the likelihood ratio; None for the open top band."""
        return self._spec.upper

    @property
    def range_label(self) -> str:
        """The LR range in Dutch number notation, e.g. '100 – 1.000' or '> 1.000.000'."""
        if self.lr_upper is None:
            return f"> {_nl_int(self.lr_lower)}"
        return f"{_nl_int(self.lr_lower)} – {_nl_int(self.lr_upper)}"

    @property
    def enfsi_nl(self) -> str:
        return self._spec.enfsi_nl

    @property
    def nfi_term(self) -> str:
        """The NFI verbal term, e.g. 'veel waarschijnlijker' or 'ongeveer even waarschijnlijk'."""
        return self._spec.nfi_term

    @property
    def neutral(self) -> bool:
        return self is LikelihoodRatioBand.NEUTRAL

    @classmethod
    def for_ratio(cls, ratio: float) -> LikelihoodRatioBand:
        """The band holding a numeric likelihood ratio (0.5 and up)."""
        if ratio < 0.5:
            raise InvalidConclusion(
                f"likelihood ratio {ratio} < 0.5 supports H2; swap the propositions so that the "
                "findings are weighed for the proposition they support"
            )
        for band in cls:
            if band.lr_upper is None or ratio < band.lr_upper:
                return band
        raise AssertionError("unreachable: the top band is open")  # pragma: no cover


_BANDS: dict[LikelihoodRatioBand, _Band] = {
    LikelihoodRatioBand.NEUTRAL: _Band(
        0.5, 2, "geen steun voor H1 of H2", "ongeveer even waarschijnlijk"
    ),
    LikelihoodRatioBand.WEAK: _Band(2, 10, "zwakke steun", "iets waarschijnlijker"),
    LikelihoodRatioBand.MODERATE: _Band(10, 100, "matige steun", "waarschijnlijker"),
    LikelihoodRatioBand.MODERATELY_STRONG: _Band(
        100, 1_000, "matig sterke steun", "veel waarschijnlijker"
    ),
    LikelihoodRatioBand.STRONG: _Band(1_000, 10_000, "sterke steun", "veel waarschijnlijker"),
    LikelihoodRatioBand.VERY_STRONG: _Band(
        10_000, 1_000_000, "zeer sterke steun", "zeer veel waarschijnlijker"
    ),
    LikelihoodRatioBand.EXTREMELY_STRONG: _Band(
        1_000_000, None, "extreem sterke steun", "extreem veel waarschijnlijker"
    ),
}


def _nl_int(value: float) -> str:
    if value != int(value):
        return f"{value}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


# Words that make a proposition carry a probability or a verdict on the evidence itself. A
# proposition is a plain state of affairs ("het kind is met een riem geslagen"); the weighing
# belongs to the fixed sentence around it.
_FORBIDDEN_IN_HYPOTHESIS = re.compile(
    r"""
    waarschijnlijk | aannemelijk | kans | zeker | bewijs | bewezen | mogelijk
    | bevinding | vondst
    | probab | likel | chance | odds | certain | proof | prove | possib | evidence
    | finding
    | procent | percent | %
    | \bdan\s+als\b | \bthan\s+if\b | \bgegeven\b | \bgiven\b
    | \bH[12]\b
    | vermoedelijk | wellicht | allicht | stellig | twijfel | plausib
    | \bgezien\s+(?:de|het|deze|dit|die)\b | \bwijz?(?:en|t)\s+(?:erop|op)\b | \berop\s+wijz?(?:en|t)\b
    | presum | \bdoubt | \bshows?\b | \bsuggest | \bindicat
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _normalise(text: str) -> str:
    return " ".join(text.split()).rstrip(".").strip()


def validate_hypothesis(text: str) -> str:
    """Return the proposition normalised (single spaces, no final full stop) or raise.

    A proposition follows "als" in the fixed sentence, so it is written as a Dutch subordinate
    clause with the verb last: "het kind met een riem is geslagen".

    Rejects text that is empty, too long, spans lines, or itself states a probability, a
    certainty or something about the findings: such text would smuggle a posterior claim
    ("waarschijnlijk mishandeld", "gezien de bevindingen") into the fixed evaluative sentence.
    """
    if "\n" in text or "\r" in text:
        raise InvalidConclusion("a proposition is one line")
    normalised = _normalise(text)
    if not normalised:
        raise InvalidConclusion("a proposition may not be empty")
    if len(normalised) > MAX_HYPOTHESIS_LENGTH:
        raise InvalidConclusion(f"a proposition is at most {MAX_HYPOTHESIS_LENGTH} characters")
    if match := _FORBIDDEN_IN_HYPOTHESIS.search(normalised):
        raise InvalidConclusion(
            f"a proposition states what happened, not how probable it is or what the findings "
            f"show; remove {match.group(0)!r}"
        )
    return normalised


@dataclass(frozen=True, slots=True)
class EvaluativeConclusion:
    """Findings weighed under two propositions. Free text: the propositions, where H2 comes
    from, and the onderbouwing; the sentence itself is fixed. A draft may lack the last two
    (empty strings); `missing_parts` names them and completeness refuses to finalise."""

    h1: str
    h2: str
    band: LikelihoodRatioBand
    h2_source: str = ""
    onderbouwing: str = ""

    def __post_init__(self) -> None:
        h1 = validate_hypothesis(self.h1)
        h2 = validate_hypothesis(self.h2)
        if h1.casefold() == h2.casefold():
            raise InvalidConclusion("H1 and H2 must be different propositions")
        if not isinstance(self.band, LikelihoodRatioBand):
            raise InvalidConclusion("band must be a LikelihoodRatioBand")
        object.__setattr__(self, "h1", h1)
        object.__setattr__(self, "h2", h2)
        object.__setattr__(self, "h2_source", self.h2_source.strip())
        object.__setattr__(self, "onderbouwing", self.onderbouwing.strip())

    @property
    def missing_parts(self) -> tuple[str, ...]:
        """Dutch names of the required parts still empty."""
        return tuple(
            name
            for name, value in (
                ("bron van H2", self.h2_source),
                ("onderbouwing", self.onderbouwing),
            )
            if not value
        )

    @property
    def kind(self) -> ConclusionKind:
        return ConclusionKind.EVALUATIVE

    @property
    def wording(self) -> str:
        return evaluative_wording(self.band, self.h1, self.h2)


def evaluative_wording(band: LikelihoodRatioBand, h1: str, h2: str) -> str:
    """The one Dutch sentence: 'De bevindingen zijn <x> waarschijnlijker als <H1> dan als <H2>.'
    In the neutral band: 'De bevindingen zijn ongeveer even waarschijnlijk als <H1> als wanneer
    <H2>.'"""
    h1, h2 = validate_hypothesis(h1), validate_hypothesis(h2)
    if band.neutral:
        return f"De bevindingen zijn ongeveer even waarschijnlijk als {h1} als wanneer {h2}."
    return f"De bevindingen zijn {band.nfi_term} als {h1} dan als {h2}."


class ClinicalCategory(StrEnum):
    """Categorical answers to 'disease, accident, or inflicted injury?', worded on the injury."""

    VRIJWEL_ZEKER = "vrijwel_zeker"
    WAARSCHIJNLIJK = "waarschijnlijk"
    ONBESLIST = "onbeslist"
    ONWAARSCHIJNLIJK = "onwaarschijnlijk"
    VRIJWEL_ZEKER_GEEN = "vrijwel_zeker_geen"
    ACCIDENTEEL = "accidenteel"
    ZIEKTE_OF_NORMALE_VARIATIE = "ziekte_of_normale_variatie"

    @property
    def wording(self) -> str:
        return _CLINICAL_WORDING[self]

    @property
    def label(self) -> str:
        """The category as printed, e.g. 'vrijwel zeker geen'."""
        return self.value.replace("_", " ")


_CLINICAL_WORDING: dict[ClinicalCategory, str] = {
    ClinicalCategory.VRIJWEL_ZEKER: "Het letsel is vrijwel zeker toegebracht.",
    ClinicalCategory.WAARSCHIJNLIJK: "Het letsel is waarschijnlijk toegebracht.",
    ClinicalCategory.ONBESLIST: (
        "Of het letsel is toegebracht, is op grond van de bevindingen niet te beslissen."
    ),
    ClinicalCategory.ONWAARSCHIJNLIJK: "Het is onwaarschijnlijk dat het letsel is toegebracht.",
    ClinicalCategory.VRIJWEL_ZEKER_GEEN: "Het letsel is vrijwel zeker niet toegebracht.",
    ClinicalCategory.ACCIDENTEEL: "Het letsel past bij een accidenteel ontstaan (ongeval).",
    ClinicalCategory.ZIEKTE_OF_NORMALE_VARIATIE: (
        "De bevindingen passen bij een ziekte of een normale variatie."
    ),
}


def clinical_wording(category: ClinicalCategory) -> str:
    return category.wording


# Evaluative vocabulary may not leak into a clinical conclusion: that is what mixing looks like.
_EVALUATIVE_VOCABULARY = re.compile(
    r"waarschijnlijker | likelihood | \bLR\b | more\s+probable | less\s+probable | \bsteun\b"
    r" | \bsupport | even\s+waarschijnlijk",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class ClinicalConclusion:
    """A category with the physician's reasoning; the category sentence is fixed."""

    category: ClinicalCategory
    text: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.category, ClinicalCategory):
            raise InvalidConclusion("category must be a ClinicalCategory")
        if match := _EVALUATIVE_VOCABULARY.search(self.text):
            raise InvalidConclusion(
                f"a clinical conclusion may not use evaluative (likelihood-ratio) wording: "
                f"{match.group(0)!r}; write an evaluative conclusion for that"
            )
        object.__setattr__(self, "text", self.text.strip())

    @property
    def kind(self) -> ConclusionKind:
        return ConclusionKind.CLINICAL

    @property
    def wording(self) -> str:
        return self.category.wording
