"""The doctor's side: see the plan, accept, decline (re-planned at once), start, complete."""

from sqlmodel import select

from fmek.allocation.models import Assignment, AssignmentNotice, Examination
from fmek.auth.models import Role
from fmek.referrals.models import Referral
from tests.allocation.builders import acute_body, add_doctor, on_shift

API = "/api/v1"


def _doctor_login(login, engine, *, name: str = "Dr. Een"):  # type: ignore[no-untyped-def]
    user = login(Role.FORENSISCH_ARTS, region="GG2514")
    doctor_id = add_doctor(engine, user_id=user.user.id, name=name)
    on_shift(engine, doctor_id)
    return user, doctor_id


def _submit(client, login) -> dict:  # type: ignore[no-untyped-def,type-arg]
    vt = login(Role.VERTROUWENSARTS)
    response = client.post(f"{API}/referrals", json=acute_body(), headers=vt.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _mine(client, who) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    response = client.get(f"{API}/doctors/me/assignments", headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


def _post(client, who, assignment_id: int, action: str, **body):  # type: ignore[no-untyped-def]
    return client.post(
        f"{API}/assignments/{assignment_id}/{action}", json=body or None, headers=who.headers
    )


def test_accept_start_complete_moves_the_referral_to_examined(
    client, login, engine, session
) -> None:
    me, _ = _doctor_login(login, engine)
    referral = _submit(client, login)
    [mine] = _mine(client, me)
    assert mine["status"] == "proposed"
    assert mine["examination"]["referral_id"] == referral["id"]

    accepted = _post(client, me, mine["id"], "accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    session.rollback()
    assert session.get(Referral, referral["id"]).status == "scheduled"  # type: ignore[union-attr]

    again = _post(client, me, mine["id"], "accept")
    assert again.status_code == 409
    assert again.json()["detail"][0]["type"] == "invalid_assignment_state"
    early = _post(client, me, mine["id"], "complete")
    assert early.status_code == 409

    assert _post(client, me, mine["id"], "start").json()["status"] == "started"
    done = _post(client, me, mine["id"], "complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert done.json()["examination"]["status"] == "completed"
    session.rollback()
    assert session.get(Referral, referral["id"]).status == "examined"  # type: ignore[union-attr]
    assert _post(client, me, mine["id"], "decline", reason="te laat").status_code == 409


def test_other_doctors_and_other_roles_cannot_act(client, login, engine) -> None:
    me, _ = _doctor_login(login, engine)
    other, _ = _doctor_login(login, engine, name="Dr. Twee")
    _submit(client, login)
    assignments = _mine(client, me) + _mine(client, other)
    assert len(assignments) == 1
    assignment = assignments[0]
    owner, stranger = (me, other) if _mine(client, me) else (other, me)

    response = _post(client, stranger, assignment["id"], "accept")
    assert response.status_code == 404
    assert response.json()["detail"][0]["type"] == "unknown_assignment"
    planner = login(Role.GGD_PLANNER)
    assert _post(client, planner, assignment["id"], "accept").status_code == 403
    assert client.get(f"{API}/doctors/me/assignments", headers=planner.headers).status_code == 403
    unlinked = login(Role.FORENSISCH_ARTS)
    response = client.get(f"{API}/doctors/me/assignments", headers=unlinked.headers)
    assert response.status_code == 404
    assert _post(client, owner, 999_999, "accept").status_code == 404


def test_decline_needs_a_reason_and_replans_without_the_doctor(
    client, login, engine, session
) -> None:
    me, my_id = _doctor_login(login, engine)
    other, other_id = _doctor_login(login, engine, name="Dr. Twee")
    _submit(client, login)
    owner, owner_id, colleague, colleague_id = (
        (me, my_id, other, other_id) if _mine(client, me) else (other, other_id, me, my_id)
    )
    [mine] = _mine(client, owner)

    assert _post(client, owner, mine["id"], "decline").status_code == 422
    declined = _post(client, owner, mine["id"], "decline", reason="ziek")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"

    [theirs] = _mine(client, colleague)
    assert theirs["status"] == "proposed"
    assert theirs["examination"]["id"] == mine["examination"]["id"]
    notices = client.get(f"{API}/doctors/me/notifications", headers=colleague.headers).json()
    assert [n["kind"] for n in notices] == ["assigned"]
    assert notices[0]["assignment_id"] == theirs["id"]
    session.rollback()
    exam = session.get(Examination, mine["examination"]["id"])
    assert exam is not None and exam.declined_by == [owner_id]
    assert colleague_id != owner_id


def test_decline_by_the_only_doctor_escalates(client, login, engine) -> None:
    me, _ = _doctor_login(login, engine)
    referral = _submit(client, login)
    [mine] = _mine(client, me)
    assert _post(client, me, mine["id"], "accept").status_code == 200

    assert _post(client, me, mine["id"], "decline", reason="spoed elders").status_code == 200

    vt_view = client.get(
        f"{API}/referrals/{referral['id']}", headers=login(Role.VERTROUWENSARTS).headers
    ).json()
    assert vt_view["routing"]["destination"] == "leck"
    assert vt_view["routing"]["version"] == 2
    assert vt_view["status"] == "routed"  # back from scheduled


def test_accepted_assignment_survives_replanning(client, login, engine, session) -> None:
    me, my_id = _doctor_login(login, engine)
    _submit(client, login)
    [first] = _mine(client, me)
    assert _post(client, me, first["id"], "accept").status_code == 200
    _doctor_login(login, engine, name="Dr. Twee")  # more capacity: the planner could move it
    _submit(client, login)

    planner = login(Role.GGD_PLANNER)
    run = client.post(f"{API}/regions/GG2514/replan", headers=planner.headers)
    assert run.status_code == 200, run.text
    assert run.json()["status"] == "done"

    session.rollback()
    kept = session.get(Assignment, first["id"])
    assert kept is not None
    assert (kept.status, kept.doctor_id) == ("accepted", my_id)
    assert kept.start_at.isoformat()[:16] == first["start_at"][:16]
    plan = client.get(f"{API}/regions/GG2514/assignments", headers=planner.headers).json()
    assert len(plan["assignments"]) == 2
    assert plan["unplanned"] == []


def test_a_moved_proposal_shows_the_previous_start(client, login, engine, session) -> None:
    me, my_id = _doctor_login(login, engine)
    _submit(client, login)
    [first] = _mine(client, me)
    with session.begin():
        row = session.get(Assignment, first["id"])
        assert row is not None
        row.start_at = row.start_at.replace(hour=(row.start_at.hour + 2) % 24)
        row.end_at = row.end_at.replace(hour=(row.end_at.hour + 2) % 24)
        exam = session.get(Examination, row.examination_id)
        assert exam is not None
        exam.version += 1
    session.close()

    planner = login(Role.GGD_PLANNER)
    assert client.post(f"{API}/regions/GG2514/replan", headers=planner.headers).status_code == 200

    [moved] = _mine(client, me)
    assert moved["start_at"] == first["start_at"]
    assert moved["previous_start_at"] is not None
    notices = client.get(f"{API}/doctors/me/notifications", headers=me.headers).json()
    assert notices[0]["kind"] == "moved"
    assert notices[0]["previous_start_at"] == moved["previous_start_at"]
    assert session.exec(select(AssignmentNotice)).all()
    assert my_id


def test_neighbouring_doctor_reads_the_referral_assigned_to_her(client, login, engine) -> None:
    """A Gooi doctor planned for a Utrecht case must open it; another Gooi doctor must not."""
    neighbour = login(Role.FORENSISCH_ARTS, region="GG3606")
    doctor_id = add_doctor(engine, region="GG3606", user_id=neighbour.user.id)
    on_shift(engine, doctor_id)
    bystander = login(Role.FORENSISCH_ARTS, region="GG3606")
    referral = _submit(client, login)
    [mine] = _mine(client, neighbour)
    assert mine["examination"]["referral_id"] == referral["id"]
    assert (
        client.get(f"{API}/referrals/{referral['id']}", headers=neighbour.headers).status_code
        == 200
    )
    assert (
        client.get(f"{API}/referrals/{referral['id']}", headers=bystander.headers).status_code
        == 404
    )
