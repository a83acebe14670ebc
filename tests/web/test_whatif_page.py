"""/cijfers/wat-als: a rule change's cost in counts, a dry run that stores nothing and shows no
child; for beleid, planners (own region) and admin."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, func, select

from fmek.allocation.models import Examination
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.referrals.models import Referral, RoutingDecision
from tests.referrals.builders import birth_date_for_age, referral_body
from tests.web.test_planner_web import sign_in

ZEDEN_CHILD = "Zedenkind Voorbeeld"


def stored(engine) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return tuple(
            s.exec(select(func.count()).select_from(model)).one()
            for model in (Referral, RoutingDecision, Examination, AuditEvent)
        )


def referrals(client, login, zeden: int, other: int, region: str = "GG2514") -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    recent = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    child = {"name": ZEDEN_CHILD, "birth_date": birth_date_for_age(120), "sex": "female"}
    bodies = [
        referral_body(
            child=child, concerns=["sexual_abuse"], last_incident_at=recent, ggd_region=region
        )
        for _ in range(zeden)
    ] + [referral_body(ggd_region=region) for _ in range(other)]
    for body in bodies:
        response = client.post("/api/v1/referrals", json=body, headers=va.headers)
        assert response.status_code == 201, response.text


def period() -> dict[str, str]:
    today = datetime.now(UTC).date()
    return {"van": str(today - timedelta(days=3)), "tot": str(today + timedelta(days=1))}


def test_policy_sees_what_v2_would_change_and_nothing_is_stored(client, login, engine) -> None:  # type: ignore[no-untyped-def]
    referrals(client, login, zeden=6, other=2)
    assert sign_in(client, login(Role.BELEID).token, next="/cijfers").status_code == 303
    assert '<a href="/cijfers/wat-als">Wat als: handelingskader</a>' in client.get("/cijfers").text
    before = stored(engine)
    page = client.get("/cijfers/wat-als", params={**period(), "voor": "v1", "na": "v2"})
    assert page.status_code == 200, page.text
    assert stored(engine) == before  # a dry run: no referral, decision, examination or event
    text = page.text
    assert "<strong>8</strong> verwijzingen" in text
    # v1 knows no police hand-off: six more under v2, this month and over the period
    month = datetime.now(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m")
    assert f'<th scope="row">{month}</th>' in text
    row = text.split("Hele periode</th>")[1].split("</tr>")[0]
    assert '<td class="num">+6</td>' in row
    assert "acute zedenzaak (politie/LOEF)" in text and "Andere taken" in text
    assert ZEDEN_CHILD not in text and "Test Kind" not in text
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    # the other way round the hand-offs disappear
    back = client.get("/cijfers/wat-als", params={**period(), "voor": "v2", "na": "v1"})
    row = back.text.split("Hele periode</th>")[1].split("</tr>")[0]
    assert '<td class="num">−6</td>' in row
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    this_month = {"van": str(today.replace(day=1)), "tot": str(today), "voor": "v2", "na": "v1"}
    one_month = client.get("/cijfers/wat-als", params=this_month)
    average = one_month.text.split("Gemiddeld per kalendermaand</th>")[1].split("</tr>")[0]
    assert "−6,0" in average and "-" not in average  # minus signs, not hyphens


def test_small_counts_are_hidden(client, login) -> None:  # type: ignore[no-untyped-def]
    referrals(client, login, zeden=2, other=1)
    assert sign_in(client, login(Role.ADMIN).token, next="/cijfers/wat-als").status_code == 303
    page = client.get("/cijfers/wat-als", params={**period(), "voor": "v1", "na": "v2"})
    assert page.status_code == 200
    assert "<strong>&lt; 5</strong> verwijzingen" in page.text
    row = page.text.split("Hele periode</th>")[1].split("</tr>")[0]
    assert "+ &lt; 5" in row and "+2" not in row


def test_a_planner_compares_their_own_region_only(client, login) -> None:  # type: ignore[no-untyped-def]
    referrals(client, login, zeden=5, other=0, region="GG2514")
    referrals(client, login, zeden=5, other=0, region="GG3406")
    planner = login(Role.GGD_PLANNER, region="GG3406")
    assert sign_in(client, planner.token, next="/cijfers/wat-als").status_code == 303
    own = client.get("/cijfers/wat-als", params=period())
    assert own.status_code == 200 and "regio GG3406" in own.text
    assert "<strong>5</strong> verwijzingen" in own.text
    assert '<select id="regio"' not in own.text
    other = client.get("/cijfers/wat-als", params={**period(), "regio": "GG2514"})
    assert other.status_code == 403


def test_bad_input_is_refused_and_other_roles_are_kept_out(client, login) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, login(Role.BELEID).token, next="/cijfers").status_code == 303
    today = datetime.now(UTC).date()
    wrong_version = client.get("/cijfers/wat-als", params={**period(), "na": "v9"})
    assert wrong_version.status_code == 422 and "v1, v2" in wrong_version.text
    backwards = {"van": str(today), "tot": str(today - timedelta(days=2))}
    assert client.get("/cijfers/wat-als", params=backwards).status_code == 422
    assert client.get("/cijfers/wat-als", params={"regio": "GG9999"}).status_code == 404
    client.post("/logout", data={})
    assert sign_in(client, login(Role.VERTROUWENSARTS).token).status_code == 303
    assert client.get("/cijfers/wat-als").status_code == 403
