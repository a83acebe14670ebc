"""`fmek demo --history-months N`: plausible past work at the domain brief's volumes, written
once, and the figures read back exactly what it wrote."""

from datetime import timedelta

from sqlmodel import Session, col, func, select

from fmek.advice.models import AdviceRequest
from fmek.allocation.models import Examination
from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.demo import load_people
from fmek.demo_history import KEY_PREFIX, load_history
from fmek.referrals.models import Referral, RoutingDecision
from fmek.rosters.models import RosterEntry, RosterWeek
from reports.figures import Period

MONTHS = 4


def test_history_is_written_once_at_the_briefs_volumes_and_the_figures_read_it(
    engine, client, login, tmp_path
) -> None:
    list(load_people(engine, tokens_file=tmp_path / "tokens.txt"))
    lines = list(load_history(engine, MONTHS))
    assert any("history referrals" in line for line in lines)
    assert list(load_history(engine, MONTHS)) == ["demo history exists already"]

    with Session(engine) as s:
        referrals = s.exec(
            select(func.count())
            .select_from(Referral)
            .where(col(Referral.idempotency_key).startswith(KEY_PREFIX))
        ).one()
        exams = s.exec(
            select(Examination.status, Examination.started_at, Examination.deadline_at)
        ).all()
        advices = s.exec(select(func.count()).select_from(AdviceRequest)).one()
        escalations = s.exec(
            select(RoutingDecision.referral_id).where(col(RoutingDecision.version) == 2)
        ).all()
        gaps = s.exec(
            select(func.count())
            .select_from(RosterEntry)
            .where(col(RosterEntry.doctor_id).is_(None))
        ).one()
        weeks = s.exec(select(func.count()).select_from(RosterWeek)).one()
        with_exam = set(s.exec(select(Examination.referral_id)).all())
    years = MONTHS / 12
    per_region_year = len(exams) / 25 / years
    assert 15 <= per_region_year <= 70  # the brief: 20-60 per region per year (Poisson noise)
    assert 180 <= advices / years <= 420  # LECK: ~250-350 a year
    late = [e for e in exams if e.started_at and e.started_at > e.deadline_at]
    assert late and len(late) < len(exams) / 3
    assert escalations and any(r not in with_exam for r in escalations)  # some never had one
    assert gaps > 0 and weeks >= 25 * 4
    assert referrals > len(exams) / 2

    # the whole history, as the API counts it, is the hand count of the rows written
    today = utcnow().astimezone(AMSTERDAM).date()
    last = today - timedelta(days=1)
    first = (today.replace(day=1) - timedelta(days=MONTHS * 31)).replace(day=1)
    policy = login(Role.BELEID)
    answer = client.get(
        "/api/v1/figures",
        params={"from": first.isoformat(), "to": last.isoformat()},
        headers=policy.headers,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    period = Period(first, last)
    with Session(engine) as s:
        hand = s.exec(
            select(func.count())
            .select_from(Referral)
            .where(
                col(Referral.submitted_at) >= period.start_at,
                col(Referral.submitted_at) < period.end_at,
            )
        ).one()
    assert body["in_time"]["referrals"]["total"]["value"] == hand
    assert body["available"]["rostered_hours"]["value"] > 0
    assert body["secured"]["weeks_rostered_ahead"]["value"] is not None
