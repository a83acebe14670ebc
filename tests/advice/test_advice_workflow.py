"""The LECK work queue, claim, answer, team review and release, and who may read what."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from fmek.advice.models import AdviceRequest, AdviceReview
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.clock import set_clock
from tests.advice.builders import URL, answer_body, count, post, release, submit


def test_queue_lists_open_cases_oldest_first_without_free_text(client, team) -> None:
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    numbers = []
    for minutes in (0, 10, 20):
        set_clock(lambda m=minutes: start + timedelta(minutes=m))
        numbers.append(submit(client, team.requester.headers))
    set_clock(lambda: start + timedelta(hours=1))
    queue = client.get(URL, headers=team.author.headers)
    assert queue.status_code == 200
    page = queue.json()
    assert [i["case_number"] for i in page["items"]] == numbers
    assert page["total"] == 3
    assert "question" not in page["items"][0] and "clinical_summary" not in page["items"][0]
    release(client, team, numbers[1])
    open_cases = client.get(URL, headers=team.author.headers).json()
    assert [i["case_number"] for i in open_cases["items"]] == [numbers[0], numbers[2]]
    released = client.get(URL, params={"status": "released"}, headers=team.author.headers).json()
    assert [i["case_number"] for i in released["items"]] == [numbers[1]]
    bad = client.get(URL, params={"status": "lost"}, headers=team.author.headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "status"]


def test_full_flow_claim_answer_review_release(client, team, session) -> None:
    number = submit(client, team.requester.headers)
    claimed = post(client, f"{number}/claim", team.author)
    assert claimed.status_code == 200
    assert claimed.json()["status"] == "claimed"
    assert claimed.json()["claimed_by"]["id"] == team.author.user.id
    # the requester sees the status but no draft
    answered = post(client, f"{number}/answer", team.author, answer_body())
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    mine = client.get(f"{URL}/{number}", headers=team.requester.headers).json()
    assert mine["status"] == "answered" and mine["advice"] is None
    own = post(client, f"{number}/review", team.author, {"decision": "release"})
    assert own.status_code == 403
    assert own.json()["detail"][0]["type"] == "own_advice"
    released = post(client, f"{number}/review", team.reviewer, {"decision": "release"})
    assert released.status_code == 200
    data = released.json()
    assert data["status"] == "released"
    assert data["reviews"][0]["reviewer"]["id"] == team.reviewer.user.id
    assert data["answered_by"]["id"] == team.author.user.id
    mine = client.get(f"{URL}/{number}", headers=team.requester.headers)
    assert mine.status_code == 200
    advice = mine.json()["advice"]
    assert advice["conclusion"] == "waarschijnlijk"
    assert advice["text"].startswith("Verricht een skeletstatus")
    assert advice["conclusion_wording"] == "Toegebracht letsel is waarschijnlijk."
    assert (advice["inflicted"], advice["alternative"]) == ("waarschijnlijk", "onbekend")
    assert advice["assessment"].startswith("Een femurfractuur")
    assert advice["material_received"] == ["klinische samenvatting", "röntgenfoto's femur (2)"]
    assert advice["letter_version"] == 1 and advice["team_discussed_on"] is None
    assert advice["released_at"]
    assert mine.json()["reviews"] is None and mine.json()["requester"] is None
    session.rollback()
    actions = session.exec(
        select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.record_id == number)
    ).all()
    assert ("update", "claimed") in actions and ("update", "review: release") in actions


def test_review_can_return_with_remark_and_author_revises(client, team, session) -> None:
    number = submit(client, team.requester.headers)
    post(client, f"{number}/claim", team.author)
    post(client, f"{number}/answer", team.author, answer_body())
    no_remark = post(client, f"{number}/review", team.reviewer, {"decision": "return"})
    assert no_remark.status_code == 422
    assert no_remark.json()["detail"][0] == {
        "msg": "say what should change: a returned advice needs a remark",
        "type": "remark_required",
        "loc": ["body", "remark"],
    }
    returned = post(
        client,
        f"{number}/review",
        team.reviewer,
        {"decision": "return", "remark": "Vermeld ook de differentiaaldiagnose OI."},
    )
    assert returned.status_code == 200 and returned.json()["status"] == "claimed"
    revised = post(
        client, f"{number}/answer", team.author, answer_body(inflicted="onwaarschijnlijk")
    )
    assert revised.status_code == 200 and revised.json()["status"] == "answered"
    assert (
        post(client, f"{number}/review", team.reviewer, {"decision": "release"}).status_code == 200
    )
    assert count(session, AdviceReview) == 2


@pytest.mark.parametrize(
    ("field", "path", "body"),
    [
        ("advice", "answer", answer_body(advice="Bel moeder op 06-12345678 voor de uitslag.")),
        ("remark", "review", {"decision": "return", "remark": "BSN 123456782 hoort er niet in."}),
    ],
)
def test_identifiers_refused_in_advice_and_remarks(client, team, session, field, path, body):
    number = submit(client, team.requester.headers)
    post(client, f"{number}/claim", team.author)
    if path == "review":
        post(client, f"{number}/answer", team.author, answer_body())
    who = team.author if path == "answer" else team.reviewer
    response = post(client, f"{number}/{path}", who, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert response.json()["detail"][0]["type"].startswith("identifier_")
    assert "12345678" not in response.text
    session.rollback()
    stored = session.exec(select(AdviceRequest)).one()
    assert stored.status == ("claimed" if path == "answer" else "answered")
    assert count(session, AdviceReview) == 0


def test_invalid_moves_are_409(client, team) -> None:
    number = submit(client, team.requester.headers)
    not_claimed = post(client, f"{number}/answer", team.author, answer_body())
    assert not_claimed.status_code == 409
    assert not_claimed.json()["detail"][0]["type"] == "invalid_state"
    not_answered = post(client, f"{number}/review", team.reviewer, {"decision": "release"})
    assert not_answered.status_code == 409
    post(client, f"{number}/claim", team.author)
    twice = post(client, f"{number}/claim", team.reviewer)
    assert twice.status_code == 409 and twice.json()["detail"][0]["type"] == "already_claimed"
    not_mine = post(client, f"{number}/answer", team.reviewer, answer_body())
    assert not_mine.status_code == 403
    assert not_mine.json()["detail"][0]["type"] == "not_claimed_by_you"
    bad_conclusion = post(client, f"{number}/answer", team.author, answer_body(inflicted="maybe"))
    assert bad_conclusion.status_code == 422
    assert bad_conclusion.json()["detail"][0]["loc"] == ["body", "inflicted"]


def test_two_consultants_claiming_at_once_exactly_one_wins(client, team, login) -> None:
    number = submit(client, team.requester.headers)
    consultants = [team.author, team.reviewer, login(Role.LECK_CONSULTANT, organisation="LECK-EMC")]
    barrier = threading.Barrier(len(consultants))
    results: list[int] = []

    def claim(who) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        results.append(post(client, f"{number}/claim", who).status_code)

    threads = [threading.Thread(target=claim, args=(c,)) for c in consultants]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409, 409]


def test_requester_reads_own_case_others_do_not(client, team, login) -> None:
    number = submit(client, team.requester.headers)
    release(client, team, number)
    colleague = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    other_vt = login(Role.VERTROUWENSARTS, organisation="VT-ZEELAND")
    fa = login(Role.FORENSISCH_ARTS)
    missing = client.get(f"{URL}/2222-2222-2222-2222", headers=other_vt.headers)
    for who in (colleague, other_vt, fa):
        response = client.get(f"{URL}/{number}", headers=who.headers)
        assert response.status_code == 404
        assert response.json() == missing.json()
    for role in (Role.GGD_PLANNER, Role.ADMIN):
        response = client.get(f"{URL}/{number}", headers=login(role).headers)
        assert response.status_code == 403
        assert response.json()["detail"][0]["type"] == "permission_denied"
    assert client.get(f"{URL}/{number}", headers=team.requester.headers).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.VERTROUWENSARTS, Role.FORENSISCH_ARTS, Role.GGD_PLANNER, Role.ADMIN]
)
def test_only_leck_claims_answers_reviews(client, team, login, session, role) -> None:
    number = submit(client, team.requester.headers)
    who = team.requester if role is Role.VERTROUWENSARTS else login(role)
    for path, body in (
        ("claim", None),
        ("answer", answer_body()),
        ("review", {"decision": "release"}),
    ):
        response = post(client, f"{number}/{path}", who, body)
        assert response.status_code == 403, (path, response.text)
        assert "leck_consultant" in response.json()["detail"][0]["msg"]
    session.rollback()
    assert session.exec(select(AdviceRequest.status)).one() == "submitted"


def test_lists_by_role(client, team, login) -> None:
    number = submit(client, team.requester.headers)
    other = login(Role.VERTROUWENSARTS, organisation="VT-ZEELAND")
    submit(client, other.headers)
    mine = client.get(URL, headers=team.requester.headers).json()
    assert [i["case_number"] for i in mine["items"]] == [number]
    assert mine["items"][0]["requester"] is None
    assert client.get(URL, headers=team.author.headers).json()["total"] == 2
    assert client.get(URL, headers=login(Role.ADMIN).headers).status_code == 403
    assert client.get(URL, headers=login(Role.GGD_PLANNER).headers).status_code == 403


def test_withheld_contact_leck_sees_only_organisation(client, team) -> None:
    open_ = submit(client, team.requester.headers)
    hidden = submit(client, team.requester.headers, requester_contact_withheld=True)
    shown = client.get(f"{URL}/{open_}", headers=team.author.headers).json()["requester"]
    assert shown == {
        "organisation": "VT-UTRECHT",
        "name": "Dr. Vera Aanvrager",
        "contact_withheld": False,
    }
    view = client.get(f"{URL}/{hidden}", headers=team.author.headers)
    assert view.json()["requester"] == {
        "organisation": "VT-UTRECHT",
        "name": None,
        "contact_withheld": True,
    }
    assert "Aanvrager" not in view.text
    queue = client.get(URL, headers=team.author.headers)
    line = next(i for i in queue.json()["items"] if i["case_number"] == hidden)
    assert line["requester"]["name"] is None
    assert str(team.requester.user.id) not in str(line["requester"])


@pytest.mark.parametrize(
    "typed",
    ["{n}", "{n_lower}", "{n_compact}", "{n_spaced}"],
    ids=["as-is", "lower", "compact", "spaced"],
)
def test_case_number_lookup_is_tolerant(client, team, typed: str) -> None:
    number = submit(client, team.requester.headers)
    text = typed.format(
        n=number,
        n_lower=number.lower(),
        n_compact=number.replace("-", ""),
        n_spaced=number.replace("-", " "),
    )
    response = client.get(f"{URL}/{text}", headers=team.requester.headers)
    assert response.status_code == 200
    assert response.json()["case_number"] == number


def test_mistyped_case_number_is_404_and_not_audited_as_typed(client, team, session) -> None:
    number = submit(client, team.requester.headers)
    wrong = number[:-1] + ("2" if number[-1] != "2" else "3")
    response = client.get(f"{URL}/{wrong}", headers=team.requester.headers)
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["path", "case_number"]
    probe = client.get(f"{URL}/123456782", headers=team.requester.headers)
    assert probe.status_code == 404 and "123456782" not in probe.text
    session.rollback()
    ids = session.exec(select(AuditEvent.record_id)).all()
    assert "123456782" not in ids and wrong not in ids
