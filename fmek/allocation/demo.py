"""Demo step: plan the demo GGD referrals once doctors and rosters exist. Idempotent: a region
is planned only while one of its GGD referrals has no examination or an unplanned one."""

from collections.abc import Iterator

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fmek.allocation.models import Examination, ExaminationStatus
from fmek.allocation.planning import ensure_examinations, plan_region
from fmek.audit.service import Actor
from fmek.auth.demo import demo_user
from fmek.auth.models import Role
from fmek.referrals.access import has_task
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from fmek.settings import get_settings
from routing.vocabulary import TaskKind


def demo_allocation(session: Session) -> Iterator[str]:

    engine = session.get_bind()
    assert isinstance(engine, Engine)
    settings = get_settings()
    actor = Actor(user=demo_user(session, Role.GGD_PLANNER), client_address="demo")
    regions = session.exec(
        select(Referral.ggd_region)
        .where(
            has_task(TaskKind.GGD_EXAMINATION),
            Referral.status == ReferralStatus.ROUTED.value,
        )
        .distinct()
    ).all()
    session.commit()
    planned = 0
    for region in sorted(regions):
        ensure_examinations(engine, region, settings=settings)
        with Session(engine) as s:
            waiting = s.exec(
                select(Examination.id).where(
                    Examination.region == region,
                    Examination.status == ExaminationStatus.PENDING.value,
                    col(Examination.last_plan_run).is_(None),
                )
            ).first()
        if waiting is None:
            continue
        outcome = plan_region(engine, region, settings=settings, actor=actor, trigger="demo")
        planned += 1
        yield (
            f"examinations of {region} planned: {outcome.assigned} assigned, "
            f"{len(outcome.escalated)} escalated to LECK (AVAILABILITY)"
        )
    if not planned:
        yield "demo examinations are planned already"
