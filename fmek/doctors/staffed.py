"""Which GGD regions keep active doctors in FMEK, read once per interval instead of per referral.

Intake asks this for every GGD referral (is the region planned by FMEK?), and the answer changes
only when a GGD starts or stops keeping its doctors here. So each process keeps the set for
``TTL_S``; a commit in this process that adds, changes or removes a doctor forgets it at once.
Another process sees such a change within ``TTL_S``: a referral submitted there in between is
not asked for planning at intake, and the minutely sweep (which reads ``fresh``) plans it.
"""

from time import monotonic
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from fmek.doctors.models import Doctor

TTL_S = 30.0

_cache: dict[str, tuple[float, frozenset[str]]] = {}  # database URL -> (valid until, regions)
_CHANGED = "fmek.doctors_changed"


def _key(session: OrmSession) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=True)


def staffed_regions(session: Session, *, fresh: bool = False) -> frozenset[str]:
    """Codes of the regions with at least one active doctor; ``fresh`` reads the database now."""
    key = _key(session)
    now = monotonic()
    cached = _cache.get(key)
    if cached is not None and cached[0] > now and not fresh:
        return cached[1]
    regions = frozenset(
        session.exec(select(Doctor.region).where(col(Doctor.active).is_(True)).distinct())
    )
    _cache[key] = (now + TTL_S, regions)
    return regions


def forget_staffed_regions() -> None:
    """Drop what every database's set held (e.g. after its tables were emptied)."""
    _cache.clear()


@event.listens_for(OrmSession, "after_flush")
def _note_doctor_changes(session: OrmSession, _flush_context: Any) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, Doctor) for row in touched):
        session.info[_CHANGED] = True


@event.listens_for(OrmSession, "after_commit")
def _forget_after_doctor_changes(session: OrmSession) -> None:
    if session.info.pop(_CHANGED, False):
        _cache.pop(_key(session), None)


@event.listens_for(OrmSession, "after_soft_rollback")
def _nothing_changed(session: OrmSession, _previous_transaction: Any) -> None:
    session.info.pop(_CHANGED, None)
