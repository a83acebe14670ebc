"""The acting user plus client address, for audit events."""

from typing import Annotated

from fastapi import Depends, Request

from fmek.audit.service import Actor
from fmek.auth.deps import CurrentUserDep


async def current_actor(request: Request, user: CurrentUserDep) -> Actor:  # no I/O
    return Actor(user=user, client_address=request.client.host if request.client else None)


ActorDep = Annotated[Actor, Depends(current_actor)]
