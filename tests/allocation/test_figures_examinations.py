"""GET /figures counts the examinations that were planned, started and escalated through the API."""

from datetime import datetime, timedelta

from fmek.auth.models import Role
from fmek.clock import set_clock
from tests.allocation.builders import NOW, acute_body, add_doctor, on_shift

API = "/api/v1"
DAY = {"from": "2026-12-01", "to": "2026-12-01"}


def shown_or_hidden(cell: dict, hand: int) -> bool:
    """A cell is the hand count, or hidden (always when the count is 1-4)."""
    if 1 <= hand <= 4:
        return cell["value"] is None and cell["suppressed"]
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
    # the doctor really starts one an hour after the referrals came in, the next ones 7 hours
    # after: past the 6-hour acute deadline, whatever the plan said
    for index, assignment in enumerate(mine):
        moment = NOW + timedelta(hours=1 if index == 0 else 7)
        set_clock(lambda moment=moment: moment)
        started = client.post(f"{API}/assignments/{assignment['id']}/start", headers=doctor.headers)
        assert started.status_code == 200, started.text
        exam = started.json()["examination"]
        assert datetime.fromisoformat(exam["started_at"]) == moment
        deadline = datetime.fromisoformat(exam["deadline_at"])
        on_time += moment <= deadline
        late += moment > deadline
    set_clock(lambda: NOW + timedelta(hours=8))
    never = 5 - len(mine)
    assert late >= 1 and on_time == 1

    policy = login(Role.BELEID)
    answer = client.get(
        f"{API}/figures", params={**DAY, "region": "GG2514"}, headers=policy.headers
    )
    exams = answer.json()["in_time"]["examinations"]
    row = exams["by_urgency"]["acute"]
    assert row["total"]["value"] == 5
    assert shown_or_hidden(row["on_time"], on_time)
    assert shown_or_hidden(row["late"], late)
    assert shown_or_hidden(row["never_started"], never)
    # the one not planned in time was escalated (AVAILABILITY) to LECK
    assert shown_or_hidden(exams["never_started_reasons"]["escalated"], never)
    escalations = answer.json()["in_time"]["escalations"]["availability"]
    assert shown_or_hidden(escalations, never)
    cells = [row[c] for c in ("total", "on_time", "late", "never_started")]
    assert sum(c["suppressed"] for c in cells) != 1
    national = client.get(f"{API}/figures", params=DAY, headers=policy.headers).json()
    assert national["in_time"]["examinations"]["all"]["total"]["value"] == 5
    assert national["in_time"]["referrals"]["total"]["value"] == 5
