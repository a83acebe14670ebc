"""Liveness and readiness without a token (load balancers and the installer use it)."""

from fastapi import APIRouter
from sqlalchemy import text

from fmek.db import SessionDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(session: SessionDep) -> dict[str, str]:
    session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return {"status": "ok"}
