"""Role checks and path parameters of the allocation endpoints."""

from typing import Annotated

from fastapi import Depends, Path

from fmek.auth.deps import require_roles
from fmek.auth.models import Role, User

ForensischArtsDep = Annotated[User, Depends(require_roles(Role.FORENSISCH_ARTS))]
AssignmentId = Annotated[int, Path(ge=1)]
