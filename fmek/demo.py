"""Demo data: users, referrals and whatever each domain adds; every step is idempotent."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from fmek.advice.demo import demo_advice
from fmek.allocation.demo import demo_allocation
from fmek.allocation.demo_doctor import demo_doctor_work
from fmek.audit.service import Actor
from fmek.auth.demo import demo_user, demo_users
from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.demo_history import load_history
from fmek.forensic_reports.demo import demo_report
from fmek.referrals.models import ReferralCreate
from fmek.referrals.service import find_by_idempotency_key, submit_referral
from fmek.rosters.demo import demo_pool_and_doctors, demo_rosters

DemoStep = Callable[[Session], Iterator[str]]


def load_demo(engine: Engine, *, tokens_file: Path, history_months: int = 0) -> Iterator[str]:
    """Run every demo step, then ``history_months`` of past work; yields lines for the
    operator."""
    with Session(engine, expire_on_commit=False) as session:
        yield from demo_users(session, tokens_file)
        yield from _referrals(session)
        for step in _domain_steps():
            yield from step(session)
    yield from load_history(engine, history_months)


def load_people(engine: Engine, *, tokens_file: Path) -> Iterator[str]:
    """Only the demo users, the on-call pool and the doctors: what the history builds on
    (for a benchmark that needs no roster solved for the weeks ahead)."""
    with Session(engine, expire_on_commit=False) as session:
        yield from demo_users(session, tokens_file)
        yield from demo_pool_and_doctors(session)


def _domain_steps() -> list[DemoStep]:
    """Each domain's demo step, in dependency order (a new domain adds its step here)."""
    return [demo_rosters, demo_allocation, demo_doctor_work, demo_report, demo_advice]


def _referrals(session: Session) -> Iterator[str]:
    requester = demo_user(session, Role.VERTROUWENSARTS)
    actor = Actor(user=requester, client_address="demo")
    now = utcnow()
    today = now.astimezone(AMSTERDAM).date()
    cases = [
        {
            "child": {
                "name": "Demo Kind Een",
                "birth_date": str(today - timedelta(days=400)),
                "sex": "female",
                "mobility": "mobile",
            },
            "ggd_region": "GG2514",
            "location": {"lat": 52.09, "lon": 5.12},
            "concerns": ["physical_abuse"],
            "injuries": [
                {
                    "kind": "bruise",
                    "body_region": "neck",
                    "side": "left",
                    "observed_at": (now - timedelta(hours=5)).isoformat(),
                }
            ],
            "questions": ["documentation", "interpretation"],
            "vraagstelling": "Passen de blauwe plekken in de hals bij het verhaal van een val?",
        },
        {
            "child": {
                "name": "Demo Kind Twee",
                "birth_date": str(today - timedelta(days=120)),
                "sex": "male",
                "bsn": "123456782",
                "mobility": "not_mobile",
            },
            "ggd_region": "GG2514",
            "concerns": ["physical_abuse"],
            "injuries": [{"kind": "fracture", "body_region": "arm", "side": "right"}],
            "questions": ["disease_vs_injury"],
            "vraagstelling": "Is de fractuur van de arm door ziekte, ongeval of toegebracht letsel ontstaan?",
        },
        {
            "child": {
                "name": "Demo Kind Drie",
                "birth_date": str(today - timedelta(days=9 * 365)),
                "sex": "female",
            },
            "ggd_region": "GG2514",
            "concerns": ["neglect"],
            "vraagstelling": "Graag documentatie van de algemene verzorging.",
        },
        {
            "child": {
                "name": "Demo Kind Vier",
                "birth_date": str(today - timedelta(days=15 * 365)),
                "sex": "female",
            },
            "ggd_region": "GG2514",
            "concerns": ["sexual_abuse"],
            "last_incident_at": (now - timedelta(days=2)).isoformat(),
            "vraagstelling": "Acuut forensisch-medisch onderzoek na seksueel misbruik.",
        },
    ]
    for number, case in enumerate(cases, start=1):
        key = f"demo-referral-{number}"
        if find_by_idempotency_key(session, requester, key) is not None:
            continue
        submit_referral(
            session, ReferralCreate.model_validate(case), actor=actor, idempotency_key=key
        )
    yield f"{len(cases)} demo referrals present (VT Utrecht)"
