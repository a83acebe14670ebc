"""The report kind follows the instructing authority, and decides which conclusions it may draw:
tried through the API, both ways, for every kind."""

from typing import Any

import pytest

from tests.forensic_reports.builders import Case, good_draft


def _errors(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    return list(response.json()["detail"])


def _types(response: Any) -> set[str]:
    return {e["type"] for e in _errors(response)}


def _evaluative_only(body: dict[str, Any]) -> dict[str, Any]:
    body["conclusions"][0] = {
        "kind": "evaluative",
        "question": 1,
        "h1": "de letsels door een ander zijn toegebracht",
        "h2": "de letsels bij een ongeval zijn ontstaan",
        "band": "strong",
        "h2_source": "lezing moeder, anamnese 1",
        "onderbouwing": "Plaats en patroon van de letsels; deskundig oordeel.",
    }
    return body


def _ordered_by(body: dict[str, Any], authority: str, **refs: Any) -> dict[str, Any]:
    body["instruction"] = {"authority": authority, "name": "Opdrachtgever", **refs}
    return body


@pytest.mark.parametrize(
    ("kind", "authority", "allowed"),
    [
        ("letselrapportage", "veilig_thuis", False),
        ("letselrapportage", "politie", False),
        ("letselrapportage", "rechter_commissaris", True),
        ("letselverklaring", "veilig_thuis", False),
        ("letselverklaring", "politie", True),
        ("letselverklaring", "openbaar_ministerie", True),
        ("letselduiding", "rechter_commissaris", False),
        ("letselduiding", "veilig_thuis", True),
        ("letselduiding", "politie", True),
    ],
)
def test_kind_and_authority(case: Case, kind: str, authority: str, allowed: bool) -> None:
    body = _ordered_by(_evaluative_only(good_draft()), authority)
    body["kind"] = kind
    if kind == "letselverklaring":
        body["conclusions"], body["interpretation"] = [], None
    response = case.put_draft(body)
    if allowed:
        assert response.status_code == 201, response.text
        return
    (error,) = _errors(response)
    assert error["type"] == "kind_not_for_authority"
    assert error["loc"] == ["body", "instruction", "authority"]
    assert case.html().status_code == 404  # nothing stored


def test_veilig_thuis_cannot_order_a_letselrapportage(case: Case) -> None:
    body = _evaluative_only(good_draft())
    body["kind"] = "letselrapportage"
    (error,) = _errors(case.put_draft(body))
    assert error["msg"] == (
        "a letselrapportage is ordered by rechter-commissaris, not by Veilig Thuis; choose the "
        "kind that authority orders"
    )


def test_a_letselrapportage_names_the_appointment_before_review(case: Case) -> None:
    body = _ordered_by(_evaluative_only(good_draft()), "rechter_commissaris")
    body["kind"] = "letselrapportage"
    assert case.put_draft(body).status_code == 201
    missing = _errors(case.finalise())
    assert [e["loc"] for e in missing] == [["body", "opdracht"]]
    assert "appointment" in missing[0]["msg"]
    _ordered_by(
        body,
        "rechter_commissaris",
        appointment_date="2026-11-26",
        appointment_number="RC-16-704512-26",
        nrgd_number="NRGD 040123",
    )
    assert case.put_draft(body).status_code == 200
    case.sign()
    html = case.html().text
    assert "Benoeming</th><td>26 november 2026, nummer RC-16-704512-26" in html
    assert "NRGD 040123" in html


@pytest.mark.parametrize("kind", ["letselrapportage", "letselverklaring"])
def test_justice_reports_refuse_a_clinical_conclusion(case: Case, kind: str) -> None:
    body = good_draft()  # conclusion 1 is clinical ("waarschijnlijk toegebracht")
    body["kind"] = kind
    body["instruction"]["authority"] = (
        "rechter_commissaris" if kind == "letselrapportage" else "politie"
    )
    if kind == "letselverklaring":
        body["interpretation"] = None
    errors = _errors(case.put_draft(body))
    clinical = [e for e in errors if e["type"] == "clinical_not_in_kind"]
    assert [e["loc"] for e in clinical] == [["body", "conclusions", 0, "kind"]]


def test_a_letselduiding_may_conclude_clinically_on_the_injury_only(case: Case) -> None:
    body = good_draft()
    body["conclusions"][0]["explanation"] = "Er is sprake van kindermishandeling."
    (error,) = _errors(case.put_draft(body))
    assert (error["type"], error["loc"]) == (
        "ultimate_issue",
        ["body", "conclusions", 0, "explanation"],
    )
    body["conclusions"][0]["explanation"] = "Patroon en plaats van de letsels."
    assert case.put_draft(body).status_code == 201
    case.sign()
    html = case.html().text
    assert "Het letsel is waarschijnlijk toegebracht." in html
    assert "sprake van kindermishandeling" not in html


def test_a_letselverklaring_states_fit_and_healing_but_no_cause(case: Case) -> None:
    body = _ordered_by(good_draft(), "politie", pv_number="PL0900-2026-318842")
    body["kind"] = "letselverklaring"
    assert _types(case.put_draft(body)) == {
        "interpretation_not_in_kind",
        "clinical_not_in_kind",
        "conclusions_not_in_kind",
    }
    body["interpretation"] = None
    body["conclusions"] = []
    body["fit_with_toedracht"] = "De schaafwonden op de knieën passen bij de opgegeven val."
    body["expected_healing"] = "Genezing binnen twee weken, zonder blijvende gevolgen."
    assert case.put_draft(body).status_code == 201
    case.sign()
    html = case.html().text
    assert "Passendheid bij de opgegeven toedracht" in html
    assert "Genezing binnen twee weken, zonder blijvende gevolgen." in html
    assert "Proces-verbaalnummer</th><td>PL0900-2026-318842" in html


def test_fit_and_healing_fields_belong_to_a_letselverklaring(case: Case) -> None:
    body = good_draft()
    body["expected_healing"] = "twee weken"
    (error,) = _errors(case.put_draft(body))
    assert (error["type"], error["loc"]) == ("statement_not_in_kind", ["body", "expected_healing"])


@pytest.mark.parametrize("kind", ["dossieronderzoek", "letselvertaling"])
def test_file_based_kinds_take_sources_instead_of_an_examination(case: Case, kind: str) -> None:
    body = _evaluative_only(good_draft())
    body["kind"] = kind
    body["conclusions"] = body["conclusions"][:1]
    body["questions"] = body["questions"][:1]
    (error,) = _errors(case.put_draft(body))
    assert (error["type"], error["loc"]) == ("examination_in_file_report", ["body", "examination"])
    for field in ("examination", "consent"):
        body[field] = None
    body["injuries"], body["photos"], body["findings"] = [], [], []
    assert case.put_draft(body).status_code == 201
    case.sign()
    html = case.html().text
    assert "niet onderzocht" in html


@pytest.mark.parametrize("missing", ["h2_source", "onderbouwing"])
def test_an_evaluative_conclusion_needs_its_onderbouwing_and_the_source_of_h2(
    case: Case, missing: str
) -> None:
    body = good_draft()
    del body["conclusions"][1][missing]
    (error,) = _errors(case.put_draft(body))
    assert error["loc"] == ["body", "conclusions", 1, "evaluative", missing]


def test_the_neutral_band_is_written_as_about_equally_probable(case: Case) -> None:
    body = good_draft()
    body["conclusions"][1]["band"] = "neutral"
    assert case.put_draft(body).status_code == 201
    html = case.html().text
    assert "De bevindingen zijn ongeveer even waarschijnlijk als de letsels bij meerdere" in html
    assert "Likelihoodratio 0,5 – 2: “ongeveer even waarschijnlijk”." in html
