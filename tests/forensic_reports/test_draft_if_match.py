"""Two writers of one draft through the API: the ETag of what one read goes along as If-Match,
and a save over a draft saved elsewhere since is refused (412) and changes nothing."""

from typing import Any

from fmek.auth.models import Role
from tests.forensic_reports.builders import Case, good_draft


def _put(case: Case, body: dict[str, Any], if_match: str | None) -> Any:
    headers = dict(case.doctor.headers)
    if if_match is not None:
        headers["If-Match"] = if_match
    return case.client.put(f"{case.base}/draft", json=body, headers=headers)


def test_a_stale_if_match_is_refused_and_the_newer_draft_stays(case: Case) -> None:
    first = _put(case, good_draft(), None)
    assert first.status_code == 201, first.text
    read_by_both = first.headers["ETag"]

    newer = good_draft()
    newer["limitations"] = []
    second = _put(case, newer, read_by_both)
    assert second.status_code == 200, second.text
    assert second.headers["ETag"] != read_by_both

    stale = _put(case, good_draft(), read_by_both)
    assert stale.status_code == 412
    (error,) = stale.json()["detail"]
    assert error["type"] == "stale_draft"
    assert error["loc"] == ["header", "if-match"]
    assert "elders opgeslagen" in error["msg"]

    current = case.client.get(f"{case.base}/draft", headers=case.doctor.headers)
    assert current.status_code == 200, current.text
    assert current.json()["content"]["limitations"] == []
    assert current.json()["missing_sections"] == ["beperkingen"]
    assert current.headers["ETag"] == second.headers["ETag"]
    assert current.headers["Cache-Control"] == "no-store"

    again = _put(case, good_draft(), current.headers["ETag"])
    assert again.status_code == 200, again.text


def test_the_first_save_may_say_there_is_no_draft_yet(case: Case) -> None:
    assert case.client.get(f"{case.base}/draft", headers=case.doctor.headers).status_code == 404
    assert _put(case, good_draft(), '""').status_code == 201
    assert _put(case, good_draft(), '""').status_code == 412


def test_only_the_writer_reads_the_draft(case: Case, login) -> None:  # type: ignore[no-untyped-def]
    assert _put(case, good_draft(), None).status_code == 201
    for role, extra in [
        (Role.BELEID, {}),
        (Role.VERTROUWENSARTS, {"organisation": "VT-UTRECHT"}),
    ]:
        other = login(role, **extra)
        response = case.client.get(f"{case.base}/draft", headers=other.headers)
        assert response.status_code in (403, 404), (role, response.status_code)
        assert "content" not in response.text
