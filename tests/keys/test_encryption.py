"""The child's name, birth date and BSN are ciphertext in the database; BSN search and key
rotation work on them."""

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select
from typer.testing import CliRunner

from fmek.audit.models import AuditDisclosure, AuditEvent
from fmek.auth.models import Role
from fmek.cli import app as cli
from fmek.keys.keyring import keyring, new_key_line
from fmek.keys.service import rotate
from fmek.settings import get_settings
from tests.referrals.builders import referral_body

URL = "/api/v1/referrals"
BSN = "123456782"


def _child(name: str, bsn: str | None = BSN) -> dict[str, object]:
    body = referral_body()
    body["child"] = {**body["child"], "name": name, "bsn": bsn}
    return body


def _raw(engine: Engine, rid: str) -> tuple[str, str, str | None, str | None]:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT child_name, child_birth_date, child_bsn, child_bsn_index "
                "FROM referral WHERE id = :id"
            ),
            {"id": rid},
        ).one()
    return row[0], row[1], row[2], row[3]


def test_identifying_columns_hold_no_plaintext(client, login, engine) -> None:
    va = login(Role.VERTROUWENSARTS)
    body = _child("Sanne de Vries")
    created = client.post(URL, json=body, headers=va.headers).json()
    name, birth, bsn, index = _raw(engine, created["id"])
    for stored, plain in ((name, "Sanne"), (birth, body["child"]["birth_date"]), (bsn, BSN)):
        assert plain not in (stored or "")
        assert stored and stored.startswith(keyring().current.id + ":")
    assert index and BSN not in index and len(index) == 64
    again = client.get(f"{URL}/{created['id']}", headers=va.headers).json()["child"]
    assert (again["name"], again["birth_date"], again["bsn"]) == (
        "Sanne de Vries",
        body["child"]["birth_date"],
        BSN,
    )


def test_same_name_encrypts_differently_and_a_moved_ciphertext_is_refused(
    client, login, engine
) -> None:
    va = login(Role.VERTROUWENSARTS)
    first = client.post(URL, json=_child("Kim"), headers=va.headers).json()["id"]
    second = client.post(URL, json=_child("Kim"), headers=va.headers).json()["id"]
    assert _raw(engine, first)[0] != _raw(engine, second)[0]
    with pytest.raises(Exception, match="authentication"):
        keyring().decrypt(_raw(engine, first)[0], "referral.child_bsn")


def test_search_by_bsn_finds_only_the_childs_referrals_in_scope(client, login, engine) -> None:
    va = login(Role.VERTROUWENSARTS)
    mine = client.post(URL, json=_child("A"), headers=va.headers).json()["id"]
    client.post(URL, json=_child("B", bsn=None), headers=va.headers)
    other_org = login(Role.VERTROUWENSARTS, organisation="VT-AMSTERDAM-AMSTELLAND")
    client.post(URL, json=_child("C"), headers=other_org.headers)
    found = client.post(f"{URL}/search", json={"bsn": BSN}, headers=va.headers)
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["items"]] == [mine]
    bad = client.post(f"{URL}/search", json={"bsn": "123456789"}, headers=va.headers)
    assert bad.status_code == 422 and "123456789" not in bad.text
    with Session(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "search")).one()
        disclosed = s.exec(
            select(AuditDisclosure.record_id).where(AuditDisclosure.event_id == event.id)
        ).all()
    assert disclosed == [mine] and BSN not in (event.detail or "")


def test_rotation_reencrypts_under_the_new_key_and_search_still_works(
    client, login, engine, monkeypatch
) -> None:
    va = login(Role.VERTROUWENSARTS)
    rid = client.post(URL, json=_child("Noor Bakker"), headers=va.headers).json()["id"]
    old = keyring()
    new_line = new_key_line("new")
    old_lines = get_settings().data_keys
    monkeypatch.setenv("FMEK_DATA_KEYS", f"{new_line},{old_lines}")
    get_settings.cache_clear()
    keyring.cache_clear()
    try:
        assert _raw(engine, rid)[0].startswith(old.current.id + ":")
        result = rotate(engine)
        assert (result.key_id, result.rows, result.reencrypted) == ("new", 1, 1)
        name, birth, bsn, _index = _raw(engine, rid)
        assert all(v and v.startswith("new:") for v in (name, birth, bsn))
        assert rotate(engine).reencrypted == 0  # idempotent
        assert client.get(f"{URL}/{rid}", headers=va.headers).json()["child"]["name"] == (
            "Noor Bakker"
        )
        found = client.post(f"{URL}/search", json={"bsn": BSN}, headers=va.headers).json()
        assert [r["id"] for r in found["items"]] == [rid]
        # the old key is no longer needed
        monkeypatch.setenv("FMEK_DATA_KEYS", new_line)
        get_settings.cache_clear()
        keyring.cache_clear()
        assert client.get(f"{URL}/{rid}", headers=va.headers).json()["child"]["bsn"] == BSN
    finally:
        get_settings.cache_clear()
        keyring.cache_clear()


def test_keys_init_writes_a_private_key_file(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("FMEK_DATA_KEYS")
    monkeypatch.setenv("FMEK_DATA_KEY_FILE", str(tmp_path / "keys.txt"))
    get_settings.cache_clear()
    keyring.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["keys", "init"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "keys.txt").stat().st_mode & 0o777 == 0o600
        assert len(keyring().keys) == 1
        again = CliRunner().invoke(cli, ["keys", "init"])
        assert "configured already" in again.output
    finally:
        get_settings.cache_clear()
        keyring.cache_clear()
