"""Typed builders for doctors, roster shifts and GGD referrals of the allocation tests."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from fmek.doctors.models import Doctor
from fmek.rosters.models import RosterEntry
from fmek.settings import Settings

# Tuesday 1 December 2026, 09:00 in Amsterdam: a working day, far from holidays.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def allocation_settings(engine: Engine) -> Settings:
    return Settings(
        database_url=str(engine.url),
        cookie_secure=False,
        secret_key="test-secret",
        allocation_time_limit_s=0.2,
        jobs_runner="inline",  # planning jobs run right after the intake commit: deterministic
    )


UTRECHT = "GG2514"
GOOI = "GG3606"  # a neighbour of Utrecht
ZEELAND = "GG5006"  # not a neighbour of Utrecht


def add_doctor(
    engine: Engine,
    *,
    region: str = UTRECHT,
    qualifications: tuple[str, ...] = ("child_forensic",),
    user_id: int | None = None,
    base: tuple[float, float] | None = (52.09, 5.12),
    name: str | None = None,
) -> int:
    with Session(engine) as s:
        doctor = Doctor(
            name=name or f"Dr. {uuid.uuid4().hex[:6]}",
            big_number=str(uuid.uuid4().int)[:11],
            region=region,
            qualifications=list(qualifications),
            contract_hours=36,
            user_id=user_id,
            base_lat=base[0] if base else None,
            base_lon=base[1] if base else None,
        )
        s.add(doctor)
        s.commit()
        assert doctor.id is not None
        return doctor.id


def add_shift(
    engine: Engine, doctor_id: int, start: datetime, end: datetime, *, role: str = "primary"
) -> None:
    with Session(engine) as s:
        s.add(
            RosterEntry(
                position_id=f"{uuid.uuid4().hex}",
                pool=UTRECHT,
                start_at=start,
                end_at=end,
                kind="day",
                role=role,
                required_qualifications=["child_forensic"],
                doctor_id=doctor_id,
            )
        )
        s.commit()


def on_shift(engine: Engine, doctor_id: int, *, from_h: float = -1, to_h: float = 11) -> None:
    add_shift(engine, doctor_id, NOW + timedelta(hours=from_h), NOW + timedelta(hours=to_h))


def _birth(years: int = 0, months: int = 0) -> str:
    today = NOW.date()
    total = today.year * 12 + today.month - 1 - (years * 12 + months)
    return date(total // 12, total % 12 + 1, 1).isoformat()


def acute_body(region: str = UTRECHT, **extra: Any) -> dict[str, Any]:
    """TEN: a 2-year-old with a bruise on the neck goes to the GGD, acute (6 hours)."""
    body: dict[str, Any] = {
        "child": {"name": "Kind", "birth_date": _birth(years=2), "sex": "female"},
        "ggd_region": region,
        "location": {"lat": 52.10, "lon": 5.10},
        "concerns": ["physical_abuse"],
        "injuries": [{"kind": "bruise", "body_region": "neck", "side": "left"}],
        "vraagstelling": "Passen de blauwe plekken bij een val?",
    }
    body.update(extra)
    return body


def teen_sexual_abuse_body(region: str = UTRECHT) -> dict[str, Any]:
    """SA-ACUTE-TEEN: a 16-year-old (v2: 0 t/m 15 go to the police / LOEF) goes to the GGD,
    acute; needs the sexual_abuse qualification."""
    return {
        "child": {"name": "Kind", "birth_date": _birth(years=16), "sex": "female"},
        "ggd_region": region,
        "concerns": ["sexual_abuse"],
        "last_incident_at": (NOW - timedelta(days=2)).isoformat(),
        "vraagstelling": "Acuut onderzoek.",
    }


def planned_body(region: str = UTRECHT) -> dict[str, Any]:
    return {
        "child": {"name": "Kind", "birth_date": _birth(years=7), "sex": "male"},
        "ggd_region": region,
        "concerns": ["neglect"],
        "vraagstelling": "Documentatie van de verzorging.",
    }
