"""Demo users, one per role (the demo's first step), and finding them again in later steps."""

import os
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session

from fmek.auth.models import Role, User
from fmek.auth.service import add_user, find_user_by_name
from fmek.reference.models import Organisation
from fmek.reference.service import add_care_provider

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
    ("J. Kok (demo beleidsmedewerker)", Role.BELEID, None, None),
    ("Dr. R. Peters (demo kinderarts)", Role.KINDERARTS, "ZA-DEMO-KINDERGENEESKUNDE", None),
]

# The treating doctor's care provider: care providers are registered, not shipped reference data.
DEMO_CARE_PROVIDER = ("ZA-DEMO-KINDERGENEESKUNDE", "Afdeling kindergeneeskunde (demo)", "GG2514")


def demo_users(session: Session, tokens_file: Path) -> Iterator[str]:
    created: list[str] = []
    code, provider, provider_region = DEMO_CARE_PROVIDER
    if session.get(Organisation, code) is None:
        add_care_provider(session, code=code, name=provider, region=provider_region)
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
