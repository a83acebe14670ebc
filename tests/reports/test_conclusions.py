"""Evaluative wording is fixed per band and can never be turned into a posterior claim."""

import pytest

from reports.conclusions import (
    ClinicalCategory,
    ClinicalConclusion,
    EvaluativeConclusion,
    InvalidConclusion,
    LikelihoodRatioBand,
    evaluative_gloss,
    evaluative_wording,
    validate_hypothesis,
)

H1 = "het kind met een riem is geslagen"
H2 = "het kind van de trap is gevallen"

EXPECTED = {
    LikelihoodRatioBand.WEAK: ("iets waarschijnlijker", "2 – 10", "slightly more probable"),
    LikelihoodRatioBand.MODERATE: ("waarschijnlijker", "10 – 100", "are more probable"),
    LikelihoodRatioBand.MODERATELY_STRONG: ("veel waarschijnlijker", "100 – 1.000", "much more"),
    LikelihoodRatioBand.STRONG: ("veel waarschijnlijker", "1.000 – 10.000", "much more"),
    LikelihoodRatioBand.VERY_STRONG: (
        "zeer veel waarschijnlijker",
        "10.000 – 1.000.000",
        "very much more",
    ),
    LikelihoodRatioBand.EXTREMELY_STRONG: (
        "extreem veel waarschijnlijker",
        "> 1.000.000",
        "extremely much more",
    ),
}


def test_every_band_has_an_expected_wording() -> None:
    assert set(EXPECTED) == set(LikelihoodRatioBand)


@pytest.mark.parametrize("band", list(LikelihoodRatioBand))
def test_wording_per_band_is_findings_given_hypotheses(band: LikelihoodRatioBand) -> None:
    term, range_label, gloss_degree = EXPECTED[band]
    assert evaluative_wording(band, H1, H2) == (
        f"De bevindingen zijn {term} als {H1} dan als {H2}."
    )
    assert band.range_label == range_label
    gloss = evaluative_gloss(band, H1, H2)
    assert gloss.startswith("The findings are ")
    assert gloss_degree in gloss
    assert f"if {H1} than if {H2}" in gloss


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (2, LikelihoodRatioBand.WEAK),
        (9.9, LikelihoodRatioBand.WEAK),
        (10, LikelihoodRatioBand.MODERATE),
        (500, LikelihoodRatioBand.MODERATELY_STRONG),
        (1_000, LikelihoodRatioBand.STRONG),
        (10_000, LikelihoodRatioBand.VERY_STRONG),
        (1_000_000, LikelihoodRatioBand.EXTREMELY_STRONG),
        (1e9, LikelihoodRatioBand.EXTREMELY_STRONG),
    ],
)
def test_ratio_falls_in_its_band(ratio: float, band: LikelihoodRatioBand) -> None:
    assert LikelihoodRatioBand.for_ratio(ratio) is band


def test_a_ratio_below_two_supports_nothing() -> None:
    with pytest.raises(InvalidConclusion):
        LikelihoodRatioBand.for_ratio(1.5)


@pytest.mark.parametrize(
    "hypothesis",
    [
        "het kind waarschijnlijk is mishandeld",
        "H1 is waarschijnlijker gegeven de bevindingen",
        "de kans groot is dat het kind is geslagen",
        "het kind vrijwel zeker is mishandeld",
        "het letsel past bij de bevindingen",
        "the child was probably abused",
        "abuse is more likely given the findings",
        "the findings prove abuse",
        "het kind is geslagen dan als gevallen",
        "het kind mogelijk is geslagen",
        "95% zeker mishandeld",
        "",
        "   ",
        "regel een\nregel twee",
        "x" * 201,
    ],
)
def test_posterior_or_malformed_hypotheses_are_rejected(hypothesis: str) -> None:
    with pytest.raises(InvalidConclusion):
        validate_hypothesis(hypothesis)
    with pytest.raises(InvalidConclusion):
        EvaluativeConclusion(h1=hypothesis, h2=H2, band=LikelihoodRatioBand.STRONG)


def test_the_inverted_form_cannot_be_produced_through_the_wording_function() -> None:
    with pytest.raises(InvalidConclusion):
        evaluative_wording(
            LikelihoodRatioBand.STRONG, "H1 waarschijnlijker is gegeven de bevindingen", H2
        )


def test_identical_propositions_are_rejected() -> None:
    with pytest.raises(InvalidConclusion):
        EvaluativeConclusion(
            h1=H1, h2="  Het kind met een riem  is geslagen. ", band=LikelihoodRatioBand.WEAK
        )


def test_hypotheses_are_normalised() -> None:
    c = EvaluativeConclusion(h1=f"  {H1}. ", h2=H2, band=LikelihoodRatioBand.MODERATE)
    assert c.h1 == H1
    assert c.wording == f"De bevindingen zijn waarschijnlijker als {H1} dan als {H2}."


def test_band_must_be_a_band_not_free_text() -> None:
    with pytest.raises(InvalidConclusion):
        EvaluativeConclusion(h1=H1, h2=H2, band="waarschijnlijk")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("category", "sentence"),
    [
        (ClinicalCategory.VRIJWEL_ZEKER, "Er is vrijwel zeker sprake van kindermishandeling."),
        (ClinicalCategory.WAARSCHIJNLIJK, "Er is waarschijnlijk sprake van kindermishandeling."),
        (
            ClinicalCategory.ONWAARSCHIJNLIJK,
            "Het is onwaarschijnlijk dat er sprake is van kindermishandeling.",
        ),
        (
            ClinicalCategory.VRIJWEL_ZEKER_GEEN,
            "Er is vrijwel zeker geen sprake van kindermishandeling.",
        ),
        (
            ClinicalCategory.ACCIDENTEEL,
            "Het letsel is passend bij een accidenteel ontstaan (ongeval).",
        ),
        (
            ClinicalCategory.ZIEKTE_OF_NORMALE_VARIATIE,
            "De bevindingen passen bij een ziekte of een normale variatie.",
        ),
    ],
)
def test_clinical_category_wording(category: ClinicalCategory, sentence: str) -> None:
    assert ClinicalConclusion(category).wording == sentence
    assert category.gloss


@pytest.mark.parametrize(
    "text",
    [
        "De bevindingen zijn veel waarschijnlijker als mishandeld.",
        "Sterke steun voor mishandeling.",
        "LR van 1000.",
        "The likelihood ratio is high.",
    ],
)
def test_clinical_text_may_not_borrow_evaluative_wording(text: str) -> None:
    with pytest.raises(InvalidConclusion):
        ClinicalConclusion(ClinicalCategory.WAARSCHIJNLIJK, text)
