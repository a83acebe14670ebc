"""Findings capture: a valid draft is stored; every kind of invalid input gets a 422 that says
where and what, without echoing the input."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.forensic_reports.builders import Case, good_draft


def _errors(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"detail"}
    return body["detail"]


def test_draft_is_created_then_replaced(case: Case) -> None:
    first = case.put_draft(good_draft())
    assert first.status_code == 201, first.text
    saved = first.json()
    assert saved["report"]["version"] == 1
    assert saved["report"]["status"] == "draft"
    assert saved["report"]["report_number"].startswith("FMEK-R-")
    assert saved["missing_sections"] == []

    smaller = good_draft()
    smaller["limitations"] = []
    second = case.put_draft(smaller)
    assert second.status_code == 200
    assert second.json()["report"]["version"] == 1
    assert second.json()["missing_sections"] == ["beperkingen"]


def test_unknown_field_is_refused(case: Case) -> None:
    body = good_draft()
    body["injuries"][0]["weight"] = 3
    (error,) = _errors(case.put_draft(body))
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == ["body", "injuries", 0, "weight"]
    assert "input" not in error


@pytest.mark.parametrize(
    ("change", "loc", "kind"),
    [
        (
            lambda b: b["injuries"][0].update(size_mm={"length": 0, "width": 4}),
            ["body", "injuries", 0, "size_mm", "length"],
            "greater_than",
        ),
        (lambda b: b["injuries"][0].update(kind="punch"), ["body", "injuries", 0, "kind"], "enum"),
        (
            lambda b: b["photos"][0].update(light="ultraviolet"),
            ["body", "photos", 0, "light"],
            "enum",
        ),
        (
            lambda b: b["photos"][0].update(taken_at="2026-11-27T14:00:00"),
            ["body", "photos", 0, "taken_at"],
            "timezone_aware",
        ),
        (
            lambda b: b["examination"].update(
                examined_at=(datetime.now(UTC) + timedelta(days=1)).isoformat()
            ),
            ["body", "examination", "examined_at"],
            "future_timestamp",
        ),
        (
            lambda b: b["anamnesis"][0].update(informant="   "),
            ["body", "anamnesis", 0, "informant"],
            "blank_text",
        ),
    ],
)
def test_field_validation(case: Case, change: Any, loc: list[Any], kind: str) -> None:
    body = good_draft()
    change(body)
    errors = _errors(case.put_draft(body))
    assert [e["loc"] for e in errors] == [loc]
    assert errors[0]["type"] == kind


def test_cross_field_problems_are_all_listed_with_their_place(case: Case) -> None:
    body = good_draft()
    body["injuries"][1]["number"] = 5  # numbering 1, 5, 3
    body["injuries"][2]["photo_refs"].append("F999")  # not in the photo log
    body["photos"].append(dict(body["photos"][0]))  # duplicate photo id
    body["conclusions"][0]["question"] = 4  # only three questions were asked
    errors = _errors(case.put_draft(body))
    assert {(e["type"], tuple(e["loc"])) for e in errors} == {
        ("injury_numbering", ("body", "injuries")),
        ("unknown_photo", ("body", "injuries", 2, "photo_refs", 2)),
        ("duplicate_photo", ("body", "photos")),
        ("unknown_question", ("body", "conclusions", 0, "question")),
    }
    assert all("F999" not in e["msg"] for e in errors)


def test_nothing_is_stored_when_invalid(case: Case) -> None:
    body = good_draft()
    body["injuries"][0]["number"] = 2
    assert case.put_draft(body).status_code == 422
    assert case.html().status_code == 404
