"""What else names the child is ciphertext in the database too: the vraagstelling, the report's
content, signed HTML and signed PDF, status-change and second-opinion reasons. The API reads
them back unchanged, and key rotation re-encrypts them."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from fmek.keys.keyring import keyring, new_key_line
from fmek.keys.service import rotate
from fmek.settings import get_settings
from tests.forensic_reports.builders import API, Case, good_draft, new_case

CHILD = "Test Kind"  # the child's name in the case's referral
REASON = "Moeder van Test Kind belde: verhuisd"
OPINION = "Tweede mening gevraagd over Test Kind"


@pytest.fixture
def case(client: TestClient, login, engine: Engine) -> Case:  # type: ignore[no-untyped-def]
    return new_case(client, login, engine)


def _raw(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).one()


def _final_with_reasons(case: Case) -> tuple[str, bytes]:
    assert case.put_draft(good_draft(2)).status_code == 201
    case.sign()
    html = case.client.get(case.base, headers=case.doctor.headers)
    pdf = case.client.get(f"{case.base}.pdf", headers=case.doctor.headers)
    assert html.status_code == 200 and pdf.status_code == 200
    assert CHILD in html.text
    granted = case.client.post(
        f"{case.base}/second-opinion", json={"reason": OPINION}, headers=case.vt.headers
    )
    assert granted.status_code in (200, 201), granted.text
    closed = case.client.post(
        f"{API}/referrals/{case.referral_id}/transitions",
        json={"to": "withdrawn", "reason": REASON},
        headers=case.vt.headers,
    )
    assert closed.status_code == 200, closed.text
    return html.text, pdf.content


def _stored(engine: Engine, referral_id: str) -> dict[str, Any]:
    report = _raw(
        engine,
        "SELECT content, final_html, signed_pdf FROM forensic_report "
        "WHERE referral_id = :id AND final_html IS NOT NULL",
        id=referral_id,
    )
    return {
        "vraagstelling": _raw(
            engine, "SELECT vraagstelling FROM referral WHERE id = :id", id=referral_id
        )[0],
        "content": report[0],
        "final_html": report[1],
        "signed_pdf": bytes(report[2]),
        "status_reason": _raw(
            engine,
            "SELECT reason FROM referral_status_change WHERE referral_id = :id",
            id=referral_id,
        )[0],
        "opinion_reason": _raw(
            engine,
            "SELECT reason FROM report_second_opinion WHERE referral_id = :id",
            id=referral_id,
        )[0],
    }


def _under_key(stored: dict[str, Any], key_id: str) -> bool:
    return all(
        (
            value.startswith(key_id.encode() + b":")
            if isinstance(value, bytes)
            else value.startswith(key_id + ":")
        )
        for value in stored.values()
    )


def test_report_and_free_text_are_ciphertext_and_read_back_unchanged(
    case: Case, engine: Engine
) -> None:
    html, pdf = _final_with_reasons(case)
    stored = _stored(engine, case.referral_id)
    assert _under_key(stored, keyring().current.id)
    for column, value in stored.items():
        if isinstance(value, bytes):
            assert b"%PDF" not in value and CHILD.encode() not in value, column
        else:
            assert CHILD not in value and "Graag onderzoek" not in value, column
    # read back through the API exactly as written
    referral = case.client.get(
        f"{API}/referrals/{case.referral_id}", headers=case.vt.headers
    ).json()
    assert referral["vraagstelling"] == "Graag onderzoek naar de verzorging."
    history = case.client.get(
        f"{API}/referrals/{case.referral_id}/status-history", headers=case.vt.headers
    ).json()
    assert [h["reason"] for h in history] == [REASON]
    assert case.client.get(case.base, headers=case.doctor.headers).text == html
    assert case.client.get(f"{case.base}.pdf", headers=case.doctor.headers).content == pdf


def test_rotation_reencrypts_report_and_reasons(case: Case, engine: Engine, monkeypatch) -> None:
    html, pdf = _final_with_reasons(case)
    new_line = new_key_line("next")
    monkeypatch.setenv("FMEK_DATA_KEYS", f"{new_line},{get_settings().data_keys}")
    get_settings.cache_clear()
    keyring.cache_clear()
    try:
        result = rotate(engine)
        assert result.key_id == "next" and result.reencrypted >= 4
        assert _under_key(_stored(engine, case.referral_id), "next")
        monkeypatch.setenv("FMEK_DATA_KEYS", new_line)  # the old key is no longer needed
        get_settings.cache_clear()
        keyring.cache_clear()
        assert case.client.get(case.base, headers=case.doctor.headers).text == html
        assert case.client.get(f"{case.base}.pdf", headers=case.doctor.headers).content == pdf
    finally:
        get_settings.cache_clear()
        keyring.cache_clear()
