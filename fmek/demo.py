"""Demo data: users, referrals and whatever each domain adds; every step is idempotent."""

import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from fmek.audit.service import Actor
from fmek.auth.models import Role, User
from fmek.auth.service import add_user, find_user_by_name
from fmek.clock import AMSTERDAM, utcnow
from fmek.referrals.models import ReferralCreate
from fmek.referrals.service import find_by_idempotency_key, submit_referral

DEMO_USERS: list[tuple[str, Role, str | None, str | None]] = [
    ("Dr. A. de Vries (demo)", Role.VERTROUWENSARTS, "VT-UTRECHT", None),
    ("Dr. M. Jansen (demo)", Role.VERTROUWENSARTS, "VT-AMSTERDAM-AMSTELLAND", None),
    ("S. Bakker (demo planner)", Role.GGD_PLANNER, None, "GG2514"),
    ("Dr. P. Visser (demo)", Role.FORENSISCH_ARTS, None, "GG2514"),
    ("Dr. H. Brouwer (demo)", Role.FORENSISCH_ARTS, None, "GG2514"),
    ("Dr. L. Smit (demo)", Role.LECK_CONSULTANT, "LECK-UMCU", None),
    ("Dr. K. Mulder (demo)", Role.LECK_CONSULTANT, "LECK-AUMC", None),
    ("Beheer (demo admin)", Role.ADMIN, None, None),
    ("F. de Wit (demo privacy officer)", Role.PRIVACY, None, None),
]

DemoStep = Callable[[Session], Iterator[str]]


def load_demo(engine: Engine, *, tokens_file: Path, history_months: int = 0) -> Iterator[str]:
    """Run every demo step, then ``history_months`` of past work; yields lines for the
    operator."""
    from fmek.demo_history import load_history

    with Session(engine, expire_on_commit=False) as session:
        yield from _users(session, tokens_file)
        yield from _referrals(session)
        for step in _domain_steps():
            yield from step(session)
    yield from load_history(engine, history_months)


def load_people(engine: Engine, *, tokens_file: Path) -> Iterator[str]:
    """Only the demo users, the on-call pool and the doctors: what the history builds on
    (for a benchmark that needs no roster solved for the weeks ahead)."""
    from fmek.rosters.demo import demo_pool_and_doctors

    with Session(engine, expire_on_commit=False) as session:
        yield from _users(session, tokens_file)
        yield from demo_pool_and_doctors(session)


def _domain_steps() -> list[DemoStep]:
    """Further domains register their demo loaders here, in dependency order."""
    from fmek.advice.demo import demo_advice
    from fmek.allocation.demo import demo_allocation
    from fmek.allocation.demo_doctor import demo_doctor_work
    from fmek.forensic_reports.demo import demo_report
    from fmek.rosters.demo import demo_rosters

    return [demo_rosters, demo_allocation, demo_doctor_work, demo_report, demo_advice]


def _users(session: Session, tokens_file: Path) -> Iterator[str]:
    created: list[str] = []
    for name, role, org, region in DEMO_USERS:
        if find_user_by_name(session, name, role) is not None:
            continue
        _user, token = add_user(session, name=name, role=role, organisation=org, region=region)
        created.append(f"{role.value:16} {name:32} {token}")
    if not created:
        yield f"demo users exist already; their tokens were written to {tokens_file} when created"
        return
    with tokens_file.open("a", encoding="utf-8") as handle:
        os.chmod(tokens_file, 0o600)
        handle.write("\n".join(created) + "\n")
    yield (
        "demo users (bearer tokens, shown once; also saved with mode 600 in "
        + str(tokens_file)
        + "):"
    )
    yield from created


def demo_user(session: Session, role: Role) -> User:
    for name, r, _org, _region in DEMO_USERS:
        if r is role and (user := find_user_by_name(session, name, role)) is not None:
            return user
    raise LookupError(f"no demo user with role {role.value}")


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
