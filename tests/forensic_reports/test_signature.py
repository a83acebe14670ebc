"""A final report is a PAdES-signed PDF whose code (SHA-256) is printed in its footer; the
verification route says which report, version, signer and time, and a changed byte fails."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from fmek.forensic_reports.certificates import certificate_of
from fmek.settings import get_settings
from reports.pades import check_signature, development_identity
from tests.forensic_reports.builders import API, AUTHOR_BIG, Case, good_draft


def _signed(case: Case) -> tuple[dict[str, object], bytes]:
    assert case.put_draft(good_draft(2)).status_code == 201
    final = case.sign()
    pdf = case.client.get(f"{case.base}.pdf", headers=case.doctor.headers)
    assert pdf.status_code == 200
    return final, pdf.content


def test_the_signed_pdf_validates_and_one_changed_byte_fails(case: Case) -> None:
    _final, pdf = _signed(case)
    cert = certificate_of("GG2514")
    assert cert is not None
    check = check_signature(pdf, cert)
    assert check.valid, check
    assert "GGD Regio Utrecht" in check.signer

    for offset in (len(pdf) // 3, len(pdf) // 2, 200):
        tampered = bytearray(pdf)
        tampered[offset] ^= 0x01
        assert not check_signature(bytes(tampered), cert).valid, offset

    appended = pdf + b"\n% added after signing\n"
    assert not check_signature(appended, cert).valid
    assert not check_signature(pdf, development_identity("Iemand anders").cert_pem).valid


def test_the_footer_prints_the_code_on_every_page(case: Case) -> None:
    final, pdf = _signed(case)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        text = " ".join((page.extract_text() or "").split())
        assert f"SHA-256 {final['sha256']}" in text


def test_verify_answers_which_report_version_signer_and_time(case: Case) -> None:
    final, pdf = _signed(case)
    by_code = case.client.get(f"{API}/verify/{final['sha256']}")  # no sign-in needed
    assert by_code.status_code == 200, by_code.text
    body = by_code.json()
    assert body["report_number"] == final["report_number"]
    assert (body["version"], body["kind"], body["matched"]) == (1, "letselduiding", "report")
    assert (body["signed_by"], body["signed_big_number"]) == ("dr. E. van den Berg", AUTHOR_BIG)
    assert body["reviewed_by"].startswith("dr. H. Smit")
    assert body["issuer"] == "GGD Regio Utrecht"
    assert body["signed_at"] == final["finalised_at"]
    assert body["superseded_by_version"] is None
    assert "Sanne" not in by_code.text  # nothing about the child

    file_hash = hashlib.sha256(pdf).hexdigest()
    by_file = case.client.get(f"{API}/verify/{file_hash.upper()}")
    assert by_file.status_code == 200 and by_file.json()["matched"] == "pdf"

    tampered = bytearray(pdf)
    tampered[len(pdf) // 2] ^= 0x01
    unknown = case.client.get(f"{API}/verify/{hashlib.sha256(tampered).hexdigest()}")
    assert unknown.status_code == 404
    assert unknown.json()["detail"][0]["type"] == "unknown_report"


def test_verify_refuses_what_is_not_a_sha256(case: Case) -> None:
    for bad in ("abc", "g" * 64, "0" * 65):
        response = case.client.get(f"{API}/verify/{bad}")
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"] == ["path", "sha256"]


def test_a_draft_has_no_code_and_cannot_be_verified(case: Case) -> None:
    assert case.put_draft(good_draft(2)).status_code == 201
    assert case.finalise().status_code == 200  # in review: not signed yet
    html = case.html().text
    assert "Concept: nog geen controlecode" in html
    codes = set(re.findall(r"[0-9a-f]{64}", html))
    for code in codes:
        assert case.client.get(f"{API}/verify/{code}").status_code == 404


def test_verify_says_when_a_later_version_supersedes(case: Case) -> None:
    final, _ = _signed(case)
    response = case.client.post(
        f"{case.base}/corrections", json={"reason": "Zijde letsel 1"}, headers=case.doctor.headers
    )
    assert response.status_code == 201
    assert case.put_draft(good_draft(2)).status_code == 200
    case.sign()
    old = case.client.get(f"{API}/verify/{final['sha256']}").json()
    assert old["superseded_by_version"] == 2


def test_without_an_installed_certificate_production_does_not_sign(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FMEK_SIGNING_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("FMEK_SIGNING_DEVELOPMENT", "false")
    get_settings.cache_clear()
    try:
        assert case.put_draft(good_draft(2)).status_code == 201
        assert case.finalise().status_code == 200
        refused = case.review()
        assert refused.status_code == 409
        assert refused.json()["detail"][0]["type"] == "no_signing_certificate"
        assert case.html().text.count("CONCEPT") >= 1  # still a draft in review
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
