"""Migration 0015 gives a database upgraded with the first 0009 the tables 0009 gained later;
migration 0016 encrypts the free text and reports stored before, and its downgrade decrypts."""

import json
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlmodel import Session, select

from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.db import normalise_url
from fmek.forensic_reports.models import ForensicReport, SecondOpinionGrant
from fmek.keys.keyring import keyring
from fmek.migrations import alembic_config, downgrade, include_object, upgrade
from fmek.reference.service import ensure_reference_data
from fmek.referrals.models import Referral, ReferralStatusChange
from fmek.tables import metadata
from tests.keys.test_encryption_migration import ROW

LATE_TABLES = {"report_second_opinion", "referral_status_change"}
CONTENT = {"anamnese": "Eva Jansen viel van de trap", "questions": ["Past het letsel?"]}
HTML = "<p>Onderzocht: Eva Jansen, geboren 4 maart 2022</p>"
PDF = b"%PDF-1.7 Eva Jansen \x00\x01\x02"


def _before(url: str, revision: str) -> str:
    down = ScriptDirectory.from_config(alembic_config(url)).get_revision(revision).down_revision
    assert isinstance(down, str)
    return down


def test_0015_adds_what_the_first_0009_lacked(db_url_factory, tmp_path: Path) -> None:
    url = db_url_factory.new(tmp_path)
    before = _before(url, "0015_hardening_tables")
    upgrade(url, before)
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:  # a database upgraded with 0009 as it first landed
            for table in LATE_TABLES:
                conn.execute(text(f"DROP TABLE {table}"))
        upgrade(url)
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= LATE_TABLES
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": include_object}
            )
            assert compare_metadata(context, metadata()) == []
        downgrade(url, before)  # idempotent both ways: nothing to undo, nothing to redo
        upgrade(url)
    finally:
        engine.dispose()


def test_0016_encrypts_existing_rows_and_downgrade_decrypts(db_url_factory, tmp_path) -> None:
    url = db_url_factory.new(tmp_path)
    before = _before(url, "0016_hardening_encrypt")
    upgrade(url, before)
    engine = create_engine(normalise_url(url))
    try:
        with Session(engine) as s:
            ensure_reference_data(s)
            user, _token = add_user(
                s, name="VA", role=Role.VERTROUWENSARTS, organisation="VT-UTRECHT"
            )
        rid = ROW["id"]
        with engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO referral ({', '.join(ROW)}) VALUES ({', '.join(':' + k for k in ROW)})"
                ),
                {
                    **ROW,
                    **{  # identity was encrypted since 0010
                        column: keyring().encrypt(str(ROW[column]), f"referral.{column}")
                        for column in ("child_name", "child_birth_date", "child_bsn")
                    },
                    "submitted_by": user.id,
                    "vraagstelling": "Heeft Eva Jansen letsel?",
                },
            )
            conn.execute(
                text(
                    "INSERT INTO forensic_report (referral_id, version, report_number, kind, "
                    "status, content, author_id, created_at, updated_at, template_version, "
                    "final_html, signed_pdf) VALUES (:rid, 1, 'R-1', 'letselduiding', 'final', "
                    ":content, :uid, :at, :at, 't1', :html, :pdf)"
                ),
                {
                    "rid": rid,
                    "content": json.dumps(CONTENT),
                    "uid": user.id,
                    "at": "2026-11-02 10:00:00",
                    "html": HTML,
                    "pdf": PDF,
                },
            )
            conn.execute(
                text(
                    "INSERT INTO referral_status_change (referral_id, from_status, to_status, "
                    "reason, user_id, changed_at) VALUES (:rid, 'routed', 'withdrawn', "
                    "'Eva Jansen verhuisd', :uid, :at)"
                ),
                {"rid": rid, "uid": user.id, "at": "2026-11-03 10:00:00"},
            )
            conn.execute(
                text(
                    "INSERT INTO report_second_opinion (referral_id, reason, granted_by, "
                    "granted_at) VALUES (:rid, 'Tweede mening over Eva Jansen', :uid, :at)"
                ),
                {"rid": rid, "uid": user.id, "at": "2026-11-03 10:00:00"},
            )
        upgrade(url)
        with engine.connect() as conn:
            raw = conn.execute(
                text(
                    "SELECT r.vraagstelling, f.content, f.final_html, f.signed_pdf, s.reason, "
                    "o.reason FROM referral r JOIN forensic_report f ON f.referral_id = r.id "
                    "JOIN referral_status_change s ON s.referral_id = r.id "
                    "JOIN report_second_opinion o ON o.referral_id = r.id"
                )
            ).one()
        key = keyring().current.id
        for value in raw:
            stored = bytes(value) if not isinstance(value, str) else value.encode()
            assert b"Eva" not in stored, stored
            assert stored.startswith(key.encode() + b":"), stored
        with Session(engine) as s:
            referral = s.get(Referral, rid)
            report = s.exec(select(ForensicReport)).one()
            change = s.exec(select(ReferralStatusChange)).one()
            grant = s.exec(select(SecondOpinionGrant)).one()
            assert referral is not None and referral.vraagstelling == "Heeft Eva Jansen letsel?"
            assert (report.content, report.final_html, report.signed_pdf) == (CONTENT, HTML, PDF)
            assert change.reason == "Eva Jansen verhuisd"
            assert grant.reason == "Tweede mening over Eva Jansen"
        downgrade(url, before)
        with engine.connect() as conn:
            plain = conn.execute(
                text(
                    "SELECT r.vraagstelling, f.content, f.final_html, f.signed_pdf "
                    "FROM referral r JOIN forensic_report f ON f.referral_id = r.id"
                )
            ).one()
        content = plain[1] if isinstance(plain[1], dict) else json.loads(plain[1])
        assert (plain[0], content, plain[2], bytes(plain[3])) == (
            "Heeft Eva Jansen letsel?",
            CONTENT,
            HTML,
            PDF,
        )
    finally:
        engine.dispose()
