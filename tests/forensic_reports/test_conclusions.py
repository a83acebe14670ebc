"""Two kinds of conclusion, never mixed; the evaluative sentence is generated and can only say
that the findings are more probable if H1 than if H2 (no prosecutor's fallacy through the API)."""

from typing import Any

import pytest

from tests.forensic_reports.builders import Case, good_draft


def _with_conclusion(conclusion: dict[str, Any]) -> dict[str, Any]:
    body = good_draft()
    body["conclusions"][1] = conclusion
    return body


def _evaluative(**changes: Any) -> dict[str, Any]:
    conclusion = {
        "kind": "evaluative",
        "question": 2,
        "h1": "het kind door slaan is verwond",
        "h2": "het kind van de trap is gevallen",
        "band": "strong",
        "h2_source": "lezing vader",
        "onderbouwing": "Plaats en patroon; deskundig oordeel, geen berekening.",
    }
    conclusion.update(changes)
    return conclusion


@pytest.mark.parametrize(
    "h1",
    [
        "het kind waarschijnlijk is mishandeld",
        "de kans dat het kind is geslagen groot is",
        "het kind gezien de bevindingen is geslagen",
        "het kind vrijwel zeker is geslagen",
        "the child was probably beaten",
        "abuse is more likely than an accident",
        "the child was beaten given the findings",
        "the findings prove that the child was beaten",
        "H2 is false",
        "het kind vermoedelijk is geslagen",
        "het kind gezien de letsels is geslagen",
        "de letsels erop wijzen dat het kind is geslagen",
        "het kind ongetwijfeld is geslagen",
        "the child was presumably beaten",
        "the child was beaten, as the injuries show",
    ],
)
def test_posterior_phrasing_in_a_proposition_is_refused(case: Case, h1: str) -> None:
    response = case.put_draft(_with_conclusion(_evaluative(h1=h1)))
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["type"] == "invalid_proposition"
    assert error["loc"] == ["body", "conclusions", 1, "evaluative", "h1"]


@pytest.mark.parametrize(
    "field",
    [
        {"wording": "Het is waarschijnlijker dat het kind is geslagen dan dat het viel."},
        {"text": "De mishandeling is veel waarschijnlijker."},
        {"likelihood_ratio": 5000},
    ],
)
def test_evaluative_conclusion_has_no_free_wording(case: Case, field: dict[str, Any]) -> None:
    response = case.put_draft(_with_conclusion(_evaluative(**field)))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == "extra_forbidden"


@pytest.mark.parametrize("band", ["weak_against", "inverse", "0.01"])
def test_only_bands_in_favour_of_h1_exist(case: Case, band: str) -> None:
    response = case.put_draft(_with_conclusion(_evaluative(band=band)))
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "enum"


def test_same_propositions_are_refused(case: Case) -> None:
    conclusion = _evaluative(h2="het kind door slaan is verwond")
    response = case.put_draft(_with_conclusion(conclusion))
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "same_propositions"


@pytest.mark.parametrize(
    "conclusion",
    [
        _evaluative(category="waarschijnlijk"),
        {"kind": "clinical", "question": 2, "category": "waarschijnlijk", "band": "strong"},
        {"kind": "clinical", "question": 2, "category": "waarschijnlijk", "h1": "x", "h2": "y"},
        {
            "kind": "clinical",
            "question": 2,
            "category": "waarschijnlijk",
            "explanation": "De bevindingen zijn veel waarschijnlijker bij slaan (LR 1000).",
        },
    ],
)
def test_mixed_conclusion_is_refused(case: Case, conclusion: dict[str, Any]) -> None:
    response = case.put_draft(_with_conclusion(conclusion))
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["type"] == "mixed_conclusion"
    assert error["loc"][:3] == ["body", "conclusions", 1]


def test_conclusion_without_kind_is_refused(case: Case) -> None:
    conclusion = _evaluative()
    del conclusion["kind"]
    response = case.put_draft(_with_conclusion(conclusion))
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "union_tag_not_found"


def test_report_prints_the_fixed_sentence_and_each_kind(case: Case) -> None:
    assert case.put_draft(_with_conclusion(_evaluative())).status_code == 201
    html = case.html().text
    assert (
        "De bevindingen zijn veel waarschijnlijker als het kind door slaan is verwond "
        "dan als het kind van de trap is gevallen."
    ) in html
    assert html.count('data-kind="evaluative"') == 2
    assert html.count('data-kind="clinical"') == 1
    assert "Evaluatieve conclusie" in html and "Klinische conclusie" in html
