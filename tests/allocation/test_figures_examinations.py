"""GET /figures counts the examinations that were planned, started and escalated through the API."""

from datetime import datetime

from fmek.auth.models import Role

from .builders import acute_body, add_doctor, on_shift

API = "/api/v1"
DAY = {"from": "2026-12-01", "to": "2026-12-01"}


def shown_or_hidden(cell: dict, hand: int) -> bool:
    """A cell is the hand count, or hidden (always when the count is 1-4)."""
    if 1 <= hand <= 4:
        return cell == {"value": None, "suppressed": True}
    return cell["suppressed"] or cell["value"] == hand


def test_started_and_escalated_examinations_match_the_hand_count(client, login, engine) -> None:
    doctor = login(Role.FORENSISCH_ARTS, region="GG2514")
    on_shift(engine, add_doctor(engine, user_id=doctor.user.id))
    vt = login(Role.VERTROUWENSARTS)
    for body in [acute_body() for _ in range(5)]:
        assert client.post(f"{API}/referrals", json=body, headers=vt.headers).status_code == 201

    mine = client.get(f"{API}/doctors/me/assignments", headers=doctor.headers).json()
    assert mine  # the one doctor on shift got work, and cannot do all five in time
    on_time = late = 0
    for assignment in mine:
        started = client.post(f"{API}/assignments/{assignment['id']}/start", headers=doctor.headers)
        assert started.status_code == 200, started.text
        start = datetime.fromisoformat(assignment["start_at"])
        deadline = datetime.fromisoformat(assignment["examination"]["deadline_at"])
        on_time += start <= deadline
        late += start > deadline
    never = 5 - len(mine)

    policy = login(Role.BELEID)
    answer = client.get(
        f"{API}/figures", params={**DAY, "region": "GG2514"}, headers=policy.headers
    )
    exams = answer.json()["in_time"]["examinations"]
    row = exams["by_urgency"]["acute"]
    assert row["total"] == {"value": 5, "suppressed": False}
    assert shown_or_hidden(row["on_time"], on_time)
    assert shown_or_hidden(row["late"], late)
    assert shown_or_hidden(row["never_started"], never)
    # the one not planned in time was escalated (AVAILABILITY) to LECK
    assert shown_or_hidden(exams["never_started_reasons"]["escalated"], never)
    cells = [row[c] for c in ("total", "on_time", "late", "never_started")]
    assert sum(c["suppressed"] for c in cells) != 1
    national = client.get(f"{API}/figures", params=DAY, headers=policy.headers).json()
    assert national["in_time"]["examinations"]["all"]["total"] == {"value": 5, "suppressed": False}
    assert national["in_time"]["referrals"]["total"] == {"value": 5, "suppressed": False}
