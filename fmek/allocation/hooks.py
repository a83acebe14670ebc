"""Wires allocation into referral intake: a GGD referral asks for its region's planning run, and
a doctor sees the referrals she is planned for.

The request is a job deferred inside the intake transaction (it exists if and only if the
referral does); the intake answers at once with ``planning: "pending"`` and a worker plans the
region within seconds. The minutely sweep plans whatever a lost job left behind.
"""

from sqlmodel import Session

from fmek.allocation.access import assigned_referrals
from fmek.allocation.jobs import request_planning
from fmek.allocation.service import planning_states, wants_planning
from fmek.referrals.access import on_assigned_referrals
from fmek.referrals.events import on_planning_state, on_routed, on_stored
from fmek.referrals.models import Referral
from fmek.settings import Settings

HOOK = "allocation"


def install(settings: Settings) -> None:
    """Ask for planning on submission unless disabled."""
    on_routed(HOOK, None)  # planning no longer runs in the request, after the commit
    on_planning_state(planning_states)
    on_assigned_referrals(assigned_referrals)
    if not settings.allocation_plan_on_submit:
        on_stored(HOOK, None)
        return

    def _request(session: Session, referral: Referral) -> bool:
        if not wants_planning(session, referral):
            return False
        request_planning(session, referral.ggd_region, trigger="referral")
        return True

    on_stored(HOOK, _request)
