"""Figures without identity: counts per month, concern, age band and conclusion; small cells hidden."""

from datetime import UTC, datetime, timedelta

from fmek.auth.models import Role
from fmek.clock import set_clock
from tests.advice.builders import URL, release, submit


def cells(stats: dict, dimension: str) -> dict[str, int | None]:  # type: ignore[type-arg]
    return {c["key"]: c["count"] for c in stats[dimension]}


def test_counts_with_small_cells_suppressed(client, team) -> None:
    march = datetime(2026, 3, 10, 10, tzinfo=UTC)
    set_clock(lambda: march)
    for _ in range(6):
        submit(client, team.requester.headers, age_months=3, concerns=["physical_abuse"])
    for _ in range(2):
        submit(client, team.requester.headers, age_months=100, concerns=["neglect"])
    set_clock(lambda: march + timedelta(days=31))
    numbers = [submit(client, team.requester.headers, age_months=30) for _ in range(5)]
    for number in numbers:
        release(client, team, number)
    response = client.get(f"{URL}/stats", params={"year": 2026}, headers=team.author.headers)
    assert response.status_code == 200, response.text
    stats = response.json()
    assert stats["threshold"] == 5
    assert stats["total"] == {"key": "total", "count": 13, "suppressed": False}
    months = cells(stats, "by_month")
    assert months["2026-03"] == 8 and months["2026-04"] == 5 and months["2026-01"] == 0
    bands = {c["key"]: c for c in stats["by_age_band"]}
    assert bands["0-5m"]["count"] == 6
    assert bands["4-11y"] == {"key": "4-11y", "count": None, "suppressed": True}
    # secondary suppression: 2-3y is the smallest other cell, else 4-11y = 13 - 6 - 5
    assert bands["2-3y"] == {"key": "2-3y", "count": None, "suppressed": True}
    assert bands["12-17y"] == {"key": "12-17y", "count": 0, "suppressed": False}
    concerns = {c["key"]: c for c in stats["by_concern"]}
    assert concerns["neglect"]["suppressed"] and concerns["neglect"]["count"] is None
    assert concerns["physical_abuse"]["suppressed"]  # the only other non-zero cell
    assert cells(stats, "by_conclusion")["waarschijnlijk"] == 5
    assert "question" not in response.text and "clinical" not in response.text


def test_only_leck_sees_figures(client, team, login) -> None:
    for who in (team.requester, login(Role.ADMIN), login(Role.GGD_PLANNER)):
        response = client.get(f"{URL}/stats", headers=who.headers)
        assert response.status_code == 403
    assert client.get(f"{URL}/stats", headers=team.author.headers).status_code == 200


def test_other_years_are_separate(client, team) -> None:
    set_clock(lambda: datetime(2025, 12, 31, 23, 30, tzinfo=UTC))  # 1 January 2026 in Amsterdam
    submit(client, team.requester.headers)
    stats = client.get(f"{URL}/stats", params={"year": 2026}, headers=team.author.headers).json()
    assert stats["by_month"][0] == {"key": "2026-01", "count": None, "suppressed": True}
    empty = client.get(f"{URL}/stats", params={"year": 2025}, headers=team.author.headers).json()
    assert empty["total"]["count"] == 0
