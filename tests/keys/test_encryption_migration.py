"""The migration encrypts referrals stored before encryption at rest, and its downgrade
decrypts them again."""

import json
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.db import normalise_url
from fmek.keys.keyring import keyring
from fmek.migrations import alembic_config, downgrade, upgrade
from fmek.reference.service import ensure_reference_data
from fmek.referrals.models import Referral

ROW = {
    "id": "00000000-0000-4000-8000-000000000001",
    "status": "routed",
    "version": 1,
    "organisation_code": "VT-UTRECHT",
    "submitted_by": 1,
    "submitted_at": "2026-11-01 10:00:00",
    "updated_at": "2026-11-01 10:00:00",
    "request_hash": "x",
    "child_name": "Eva Jansen",
    "child_birth_date": "2022-03-04",
    "child_sex": "female",
    "child_bsn": "123456782",
    "age_months": 56,
    "ggd_region": "GG2514",
    "concerns": json.dumps(["neglect"]),
    "injuries": "[]",
    "questions": "[]",
    "vraagstelling": "v",
    "destination": "ggd",
    "urgency": "planned",
    "deadline_at": "2026-11-10 10:00:00",
    "decision_version": 1,
}


def test_existing_referrals_are_encrypted_and_decrypted_back(db_url_factory, tmp_path: Path):
    url = db_url_factory.new(tmp_path)
    before = ScriptDirectory.from_config(alembic_config(url)).get_revision("0010").down_revision
    assert isinstance(before, str)
    upgrade(url, before)
    engine = create_engine(normalise_url(url))
    try:
        with Session(engine) as s:
            ensure_reference_data(s)
            user, _token = add_user(
                s, name="VA", role=Role.VERTROUWENSARTS, organisation="VT-UTRECHT"
            )
        with engine.begin() as conn:
            names = ", ".join(ROW)
            conn.execute(
                text(f"INSERT INTO referral ({names}) VALUES ({', '.join(':' + k for k in ROW)})"),
                {**ROW, "submitted_by": user.id},
            )
        upgrade(url)
        with engine.connect() as conn:
            name, birth, bsn, index = conn.execute(
                text(
                    "SELECT child_name, child_birth_date, child_bsn, child_bsn_index FROM referral"
                )
            ).one()
        assert "Eva" not in name and "2022" not in birth and "123456782" not in bsn
        assert index == keyring().blind_index("123456782")
        with Session(engine) as s:
            referral = s.get(Referral, ROW["id"])
            assert referral is not None
            assert (referral.child_name, str(referral.child_birth_date), referral.child_bsn) == (
                "Eva Jansen",
                "2022-03-04",
                "123456782",
            )
        downgrade(url, before)
        with engine.connect() as conn:
            plain = conn.execute(
                text("SELECT child_name, child_birth_date, child_bsn FROM referral")
            ).one()
        assert (plain[0], str(plain[1]), plain[2]) == ("Eva Jansen", "2022-03-04", "123456782")
    finally:
        engine.dispose()
