"""The demo gives every role someone to sign in as, so `make run` shows each role's pages."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from fmek.auth.demo import DEMO_USERS, demo_users
from fmek.auth.models import Role
from fmek.reference.models import Organisation, OrganisationKind


def _tokens(engine: Engine, tokens_file: Path) -> dict[str, str]:
    with Session(engine) as session:
        list(demo_users(session, tokens_file))
    lines = tokens_file.read_text("utf-8").splitlines()
    return {line.split()[0]: line.split()[-1] for line in lines}


def test_every_role_has_a_demo_user_who_can_sign_in(
    engine: Engine, client: Any, tmp_path: Path
) -> None:
    tokens = _tokens(engine, tmp_path / "tokens.txt")
    assert {role.value for role in Role} <= set(tokens) | {"huisarts", "jeugdarts"}
    policy = {"Authorization": f"Bearer {tokens['beleid']}"}
    figures = client.get("/api/v1/figures?from=2026-01-01&to=2026-06-30", headers=policy)
    assert figures.status_code == 200
    assert client.get("/api/v1/referrals", headers=policy).status_code in (403, 404)
    treating = {"Authorization": f"Bearer {tokens['kinderarts']}"}
    assert client.get("/api/v1/advice-requests", headers=treating).status_code == 200


def test_the_treating_doctor_belongs_to_a_registered_care_provider_once(
    engine: Engine, tmp_path: Path
) -> None:
    tokens_file = tmp_path / "tokens.txt"
    _tokens(engine, tokens_file)
    with Session(engine) as session:
        again = list(demo_users(session, tokens_file))
        codes = {org for _n, role, org, _r in DEMO_USERS if role is Role.KINDERARTS}
        providers = [session.get(Organisation, code) for code in codes]
    assert again[0].startswith("demo users exist already")
    assert all(p is not None and p.kind == OrganisationKind.ZORGAANBIEDER for p in providers)
    assert len(tokens_file.read_text("utf-8").splitlines()) == len(DEMO_USERS)
