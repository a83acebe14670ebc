"""The two kinds of conclusion a report may draw, and the only words each may use.

An *evaluative* conclusion (ENFSI 2015 guideline, NFI verbal scale) says how much more probable
the findings are if one proposition (H1) is true than if the other (H2) is. The author picks a
likelihood-ratio band; the sentence is fixed. Nothing here accepts free text for it, so the
transposed conditional ("H1 is more probable given the findings", the prosecutor's fallacy) cannot
be written: the findings are always the subject, the propositions always the condition.

A *clinical categorical* conclusion (LECK) is the physician's judgement on the core question
(abuse, accident, or disease). It is a different statement and may not borrow the evaluative words.

Band mapping (documented choice). ENFSI names six bands of support; the NFI uses five Dutch words.
We follow the NFI "Vakbijlage waarschijnlijkheidstermen" (2017), where one word spans 100-10,000,
so ENFSI's *moderately strong* and *strong* both read "veel waarschijnlijker". The report always
prints the band's likelihood-ratio range and ENFSI support term beside the sentence, so the two
bands remain distinguishable on paper:

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
    "ClinicalCategory",
    "ClinicalConclusion",
    "ConclusionKind",
    "EvaluativeConclusion",
    "InvalidConclusion",
    "LikelihoodRatioBand",
    "clinical_wording",
    "evaluative_gloss",
    "evaluative_wording",
    "validate_hypothesis",
]

MAX_HYPOTHESIS_LENGTH = 200


class InvalidConclusion(ValueError):
    """A conclusion that would say something a forensic report must not say."""


class ConclusionKind(StrEnum):
    EVALUATIVE = "evaluative"
    CLINICAL = "clinical"


@dataclass(frozen=True, slots=True)
class _Band:
    lower: int
    upper: int | None
    enfsi_en: str
    enfsi_nl: str
    nfi_degree: str  # the word(s) before "waarschijnlijker"; empty for the plain form
    gloss_degree: str  # the English words before "more probable"


class LikelihoodRatioBand(StrEnum):
    """The six ENFSI bands of support for H1 relative to H2 (LR > 1 only, by design)."""

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
    def lr_lower(self) -> int:
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
    def enfsi_en(self) -> str:
        return self._spec.enfsi_en

    @property
    def nfi_term(self) -> str:
        """The NFI verbal term, e.g. 'veel waarschijnlijker'."""
        return f"{self._spec.nfi_degree} waarschijnlijker".strip()

    @classmethod
    def for_ratio(cls, ratio: float) -> LikelihoodRatioBand:
        """The band holding a numeric likelihood ratio; below 2 there is no support to report."""
        if ratio < 2:
            raise InvalidConclusion(
                f"likelihood ratio {ratio} < 2 gives no support for H1; swap the propositions "
                "if the findings support H2, or report that they do not discriminate"
            )
        for band in cls:
            if band.lr_upper is None or ratio < band.lr_upper:
                return band
        raise AssertionError("unreachable: the top band is open")  # pragma: no cover


_BANDS: dict[LikelihoodRatioBand, _Band] = {
    LikelihoodRatioBand.WEAK: _Band(2, 10, "weak support", "zwakke steun", "iets", "slightly"),
    LikelihoodRatioBand.MODERATE: _Band(10, 100, "moderate support", "matige steun", "", ""),
    LikelihoodRatioBand.MODERATELY_STRONG: _Band(
        100, 1_000, "moderately strong support", "matig sterke steun", "veel", "much"
    ),
    LikelihoodRatioBand.STRONG: _Band(
        1_000, 10_000, "strong support", "sterke steun", "veel", "much"
    ),
    LikelihoodRatioBand.VERY_STRONG: _Band(
        10_000, 1_000_000, "very strong support", "zeer sterke steun", "zeer veel", "very much"
    ),
    LikelihoodRatioBand.EXTREMELY_STRONG: _Band(
        1_000_000,
        None,
        "extremely strong support",
        "extreem sterke steun",
        "extreem veel",
        "extremely much",
    ),
}


def _nl_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


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
    """Findings weighed under two propositions; the only free text is the propositions."""

    h1: str
    h2: str
    band: LikelihoodRatioBand

    def __post_init__(self) -> None:
        h1 = validate_hypothesis(self.h1)
        h2 = validate_hypothesis(self.h2)
        if h1.casefold() == h2.casefold():
            raise InvalidConclusion("H1 and H2 must be different propositions")
        if not isinstance(self.band, LikelihoodRatioBand):
            raise InvalidConclusion("band must be a LikelihoodRatioBand")
        object.__setattr__(self, "h1", h1)
        object.__setattr__(self, "h2", h2)

    @property
    def kind(self) -> ConclusionKind:
        return ConclusionKind.EVALUATIVE

    @property
    def wording(self) -> str:
        return evaluative_wording(self.band, self.h1, self.h2)

    @property
    def gloss(self) -> str:
        return evaluative_gloss(self.band, self.h1, self.h2)


def evaluative_wording(band: LikelihoodRatioBand, h1: str, h2: str) -> str:
    """The one Dutch sentence: 'De bevindingen zijn <x> waarschijnlijker als <H1> dan als <H2>.'"""
    h1, h2 = validate_hypothesis(h1), validate_hypothesis(h2)
    return f"De bevindingen zijn {band.nfi_term} als {h1} dan als {h2}."


def evaluative_gloss(band: LikelihoodRatioBand, h1: str, h2: str) -> str:
    """English gloss of the same sentence (hypotheses stay in the report's language)."""
    h1, h2 = validate_hypothesis(h1), validate_hypothesis(h2)
    degree = f"{_BANDS[band].gloss_degree} more probable".strip()
    return f"The findings are {degree} if {h1} than if {h2} ({band.enfsi_en} for H1)."


class ClinicalCategory(StrEnum):
    """LECK's categorical answers to 'disease, accident, or inflicted injury?'."""

    VRIJWEL_ZEKER = "vrijwel_zeker"
    WAARSCHIJNLIJK = "waarschijnlijk"
    ONWAARSCHIJNLIJK = "onwaarschijnlijk"
    VRIJWEL_ZEKER_GEEN = "vrijwel_zeker_geen"
    ACCIDENTEEL = "accidenteel"
    ZIEKTE_OF_NORMALE_VARIATIE = "ziekte_of_normale_variatie"

    @property
    def wording(self) -> str:
        return _CLINICAL_WORDING[self][0]

    @property
    def gloss(self) -> str:
        return _CLINICAL_WORDING[self][1]


_CLINICAL_WORDING: dict[ClinicalCategory, tuple[str, str]] = {
    ClinicalCategory.VRIJWEL_ZEKER: (
        "Er is vrijwel zeker sprake van kindermishandeling.",
        "Child abuse is almost certain.",
    ),
    ClinicalCategory.WAARSCHIJNLIJK: (
        "Er is waarschijnlijk sprake van kindermishandeling.",
        "Child abuse is probable.",
    ),
    ClinicalCategory.ONWAARSCHIJNLIJK: (
        "Het is onwaarschijnlijk dat er sprake is van kindermishandeling.",
        "Child abuse is improbable.",
    ),
    ClinicalCategory.VRIJWEL_ZEKER_GEEN: (
        "Er is vrijwel zeker geen sprake van kindermishandeling.",
        "Child abuse is almost certainly absent.",
    ),
    ClinicalCategory.ACCIDENTEEL: (
        "Het letsel is passend bij een accidenteel ontstaan (ongeval).",
        "The injury fits an accidental cause.",
    ),
    ClinicalCategory.ZIEKTE_OF_NORMALE_VARIATIE: (
        "De bevindingen passen bij een ziekte of een normale variatie.",
        "The findings fit a disease or a normal variant.",
    ),
}


def clinical_wording(category: ClinicalCategory) -> str:
    return category.wording


# Evaluative vocabulary may not leak into a clinical conclusion: that is what mixing looks like.
_EVALUATIVE_VOCABULARY = re.compile(
    r"waarschijnlijker | likelihood | \bLR\b | more\s+probable | less\s+probable | \bsteun\b"
    r" | \bsupport",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class ClinicalConclusion:
    """A LECK category with the physician's reasoning; the category sentence is fixed."""

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
