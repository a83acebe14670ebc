"""Wires allocation into referral intake: a GGD referral is planned right after it is stored."""

from sqlmodel import Session

from fmek.allocation.service import on_referral_routed, wants_planning
from fmek.audit.service import Actor
from fmek.referrals.events import on_routed
from fmek.settings import Settings

HOOK = "allocation"


def install(settings: Settings) -> None:
    """Plan on submission (synchronously, within ``allocation_time_limit_s``) unless disabled."""
    if not settings.allocation_plan_on_submit:
        on_routed(HOOK, None)
        return

    def _plan(session: Session, referral_id: str, actor: Actor) -> bool:
        return on_referral_routed(session, referral_id, settings=settings, actor=actor)

    on_routed(HOOK, _plan, interested=wants_planning)
