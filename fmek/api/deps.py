"""Dependency aliases every router shares: path parameters with one shape, the app's settings.

A package's own dependencies (load-or-404, role checks) live in its `deps.py`."""

from typing import Annotated

from fastapi import Depends, Path, Request

from fmek.settings import Settings

RegionCode = Annotated[str, Path(pattern=r"^GG\d{4}$", description="GGD region (CBS code)")]
ReferralId = Annotated[str, Path(max_length=64)]


def app_settings(request: Request) -> Settings:
    """The settings the app was built with (tests build apps with their own)."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]
