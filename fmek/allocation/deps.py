"""Role checks and settings for allocation endpoints."""

from typing import Annotated

from fastapi import Depends, Path, Request

from fmek.auth.deps import require_roles
from fmek.auth.models import Role, User
from fmek.settings import Settings

ForensischArtsDep = Annotated[User, Depends(require_roles(Role.FORENSISCH_ARTS))]
RegionCode = Annotated[str, Path(pattern=r"^GG\d{4}$", description="GGD region (CBS code)")]
AssignmentId = Annotated[int, Path(ge=1)]


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]
