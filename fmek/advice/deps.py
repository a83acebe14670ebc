"""Role checks and load-or-404 for advice endpoints."""

from typing import Annotated

from fastapi import Depends, Path

from fmek.advice.access import LECK_ROLES, REQUESTER_ROLES
from fmek.advice.models import AdviceRequest
from fmek.advice.service import load_advice
from fmek.audit.deps import ActorDep
from fmek.auth.deps import require_roles
from fmek.auth.models import User
from fmek.db import SessionDep


def advice_in_scope(
    session: SessionDep, actor: ActorDep, case_number: Annotated[str, Path(max_length=40)]
) -> AdviceRequest:
    return load_advice(session, case_number, actor)


AdviceDep = Annotated[AdviceRequest, Depends(advice_in_scope)]
LeckDep = Annotated[User, Depends(require_roles(*LECK_ROLES))]
RequesterDep = Annotated[User, Depends(require_roles(*REQUESTER_ROLES))]
