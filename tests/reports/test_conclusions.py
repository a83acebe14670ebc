"""Evaluative wording is fixed per band and can never be turned into a posterior claim."""

import pytest

from reports.conclusions import (
    ClinicalCategory,
    ClinicalConclusion,
    EvaluativeConclusion,
    InvalidConclusion,
    LikelihoodRatioBand,
    evaluative_wording,
    validate_hypothesis,
)

H1 = "het kind met een riem is geslagen"
H2 = "het kind van de trap is gevallen"

EXPECTED = {
    LikelihoodRatioBand.WEAK: ("iets waarschijnlijker", "2 – 10", "zwakke steun"),
    LikelihoodRatioBand.MODERATE: ("waarschijnlijker", "10 – 100", "matige steun"),
    LikelihoodRatioBand.MODERATELY_STRONG: (
        "veel waarschijnlijker",
        "100 – 1.000",
        "matig sterke steun",
    ),
    LikelihoodRatioBand.STRONG: ("veel waarschijnlijker", "1.000 – 10.000", "sterke steun"),
    LikelihoodRatioBand.VERY_STRONG: (
        "zeer veel waarschijnlijker",
        "10.000 – 1.000.000",
        "zeer sterke steun",
    ),
    LikelihoodRatioBand.EXTREMELY_STRONG: (
        "extreem veel waarschijnlijker",
        "> 1.000.000",
        "extreem sterke steun",
    ),
}


def test_every_supporting_band_has_an_expected_wording() -> None:
    assert set(EXPECTED) == set(LikelihoodRatioBand) - {LikelihoodRatioBand.NEUTRAL}


@pytest.mark.parametrize("band", list(EXPECTED))
def test_wording_per_band_is_findings_given_hypotheses(band: LikelihoodRatioBand) -> None:
    term, range_label, enfsi = EXPECTED[band]
    assert evaluative_wording(band, H1, H2) == (
        f"De bevindingen zijn {term} als {H1} dan als {H2}."
    )
    assert band.range_label == range_label
    assert band.enfsi_nl == enfsi


def test_the_neutral_band_says_about_equally_probable() -> None:
    band = LikelihoodRatioBand.NEUTRAL
    assert evaluative_wording(band, H1, H2) == (
        f"De bevindingen zijn ongeveer even waarschijnlijk als {H1} als wanneer {H2}."
    )
    assert band.range_label == "0,5 – 2"
    assert band.nfi_term == "ongeveer even waarschijnlijk"


def test_no_english_in_any_wording() -> None:
    english = ("support", "probable", "findings", "likely", "evidence")
    for band in LikelihoodRatioBand:
        text = " ".join((evaluative_wording(band, H1, H2), band.nfi_term, band.enfsi_nl))
        assert not any(word in text.lower() for word in english), band
    for category in ClinicalCategory:
        assert not any(word in category.wording.lower() for word in english)


def test_evaluative_conclusion_names_its_missing_parts() -> None:
    bare = EvaluativeConclusion(h1=H1, h2=H2, band=LikelihoodRatioBand.WEAK)
    assert bare.missing_parts == ("bron van H2", "onderbouwing")
    full = EvaluativeConclusion(
        h1=H1,
        h2=H2,
        band=LikelihoodRatioBand.WEAK,
        h2_source=" lezing moeder ",
        onderbouwing="deskundig oordeel",
    )
    assert full.missing_parts == ()
    assert full.h2_source == "lezing moeder"


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (0.5, LikelihoodRatioBand.NEUTRAL),
        (1, LikelihoodRatioBand.NEUTRAL),
        (1.99, LikelihoodRatioBand.NEUTRAL),
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


def test_a_ratio_below_one_half_supports_h2_and_needs_swapped_propositions() -> None:
    with pytest.raises(InvalidConclusion, match="swap the propositions"):
        LikelihoodRatioBand.for_ratio(0.4)


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
        (ClinicalCategory.VRIJWEL_ZEKER, "Het letsel is vrijwel zeker toegebracht."),
        (ClinicalCategory.WAARSCHIJNLIJK, "Het letsel is waarschijnlijk toegebracht."),
        (
            ClinicalCategory.ONBESLIST,
            "Of het letsel is toegebracht, is op grond van de bevindingen niet te beslissen.",
        ),
        (
            ClinicalCategory.ONWAARSCHIJNLIJK,
            "Het is onwaarschijnlijk dat het letsel is toegebracht.",
        ),
        (ClinicalCategory.VRIJWEL_ZEKER_GEEN, "Het letsel is vrijwel zeker niet toegebracht."),
        (ClinicalCategory.ACCIDENTEEL, "Het letsel past bij een accidenteel ontstaan (ongeval)."),
        (
            ClinicalCategory.ZIEKTE_OF_NORMALE_VARIATIE,
            "De bevindingen passen bij een ziekte of een normale variatie.",
        ),
    ],
)
def test_clinical_category_wording(category: ClinicalCategory, sentence: str) -> None:
    assert ClinicalConclusion(category).wording == sentence
    assert "kindermishandeling" not in sentence


@pytest.mark.parametrize(
    "text",
    [
        "De bevindingen zijn veel waarschijnlijker als mishandeld.",
        "Sterke steun voor mishandeling.",
        "LR van 1000.",
        "The likelihood ratio is high.",
        "De bevindingen zijn ongeveer even waarschijnlijk.",
    ],
)
def test_clinical_text_may_not_borrow_evaluative_wording(text: str) -> None:
    with pytest.raises(InvalidConclusion):
        ClinicalConclusion(ClinicalCategory.WAARSCHIJNLIJK, text)
