"""Liveness and readiness without a token (load balancers, orchestrators and the installer).

- ``/live``: the process answers (no database): restart it only when this fails.
- ``/ready``: the database answers and its schema is at the newest migration: send traffic only
  when this is 200 (a node started before ``fmek migrate`` ran, or cut off from the database,
  answers 503 and gets no requests).
- ``/health``: the older combined check, kept for existing probes.
"""

from functools import lru_cache

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from fmek.db import SessionDep

router = APIRouter(tags=["health"])


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The newest migration id(s) this code ships (read once from the migration scripts)."""
    from alembic.script import ScriptDirectory

    from fmek.migrations import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


@router.get("/health")
def health(session: SessionDep) -> dict[str, str]:
    session.exec(text("SELECT 1"))  # type: ignore[call-overload]  # exec() is typed for select() only
    return {"status": "ok"}


@router.get("/live")
def live() -> dict[str, str]:
    return {"status": "ok"}


def _not_ready(msg: str, kind: str) -> JSONResponse:
    return JSONResponse(
        {"detail": [{"msg": msg, "type": kind, "loc": []}]},
        status_code=503,
        headers={"Cache-Control": "no-store", "Retry-After": "5"},
    )


@router.get("/ready", responses={503: {"description": "database unreachable or not migrated"}})
def ready(session: SessionDep) -> JSONResponse:
    try:
        current = frozenset(
            session.exec(text("SELECT version_num FROM alembic_version")).scalars().all()  # type: ignore[call-overload]  # exec() is typed for select() only
        )
    except SQLAlchemyError:
        session.rollback()
        return _not_ready("the database does not answer or has no schema", "database_unavailable")
    if current != migration_heads():
        return _not_ready(
            "the database schema is not at the newest migration; run `fmek migrate`",
            "migrations_pending",
        )
    return JSONResponse({"status": "ok", "migration": ",".join(sorted(current))})
