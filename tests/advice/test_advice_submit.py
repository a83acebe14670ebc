"""Submitting an anonymous advice request through the HTTP contract: accepted, or refused with
nothing stored and the offending value never echoed."""

import json
import re
from typing import Any

import pytest
from sqlmodel import select

from fmek.advice.case_numbers import ALPHABET
from fmek.advice.models import AdviceRequest
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from tests.advice.builders import URL, advice_body, count

CASE_NUMBER = re.compile(rf"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")


def test_submit_answers_only_case_number_and_status(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(URL, json=advice_body(), headers=va.headers)
    assert response.status_code == 201, response.text
    data = response.json()
    assert set(data) == {"case_number", "status"}
    assert data["status"] == "submitted"
    assert CASE_NUMBER.match(data["case_number"])
    assert response.headers["Location"] == f"{URL}/{data['case_number']}"
    assert count(session, AdviceRequest) == 1
    events = session.exec(
        select(AuditEvent).where(AuditEvent.record_type == "advice_request")
    ).all()
    assert [(e.action, e.record_id) for e in events] == [("create", data["case_number"])]
    assert all(e.detail is None or "fractuur" not in e.detail for e in events)


def test_forensisch_arts_may_ask_too(client, login) -> None:
    fa = login(Role.FORENSISCH_ARTS)
    assert client.post(URL, json=advice_body(), headers=fa.headers).status_code == 201


def test_case_numbers_differ_for_identical_requests(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    numbers = {
        client.post(URL, json=advice_body(), headers=va.headers).json()["case_number"]
        for _ in range(5)
    }
    assert len(numbers) == 5


@pytest.mark.parametrize("role", [Role.GGD_PLANNER, Role.LECK_CONSULTANT, Role.ADMIN])
def test_other_roles_cannot_submit(client, login, session, role: Role) -> None:
    other = login(role)
    response = client.post(URL, json=advice_body(), headers=other.headers)
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "permission_denied"
    assert count(session, AdviceRequest) == 0


def test_no_token_is_401(client) -> None:
    assert client.post(URL, json=advice_body()).status_code == 401


INVALID: list[tuple[str, dict[str, Any], list[str | int], str]] = [
    ("child's name field", {"name": "Sanne de Vries"}, ["body", "name"], "extra_forbidden"),
    ("birth date field", {"birth_date": "2024-03-03"}, ["body", "birth_date"], "extra_forbidden"),
    ("bsn field", {"bsn": "123456782"}, ["body", "bsn"], "extra_forbidden"),
    ("address field", {"address": "Kerkstraat 12"}, ["body", "address"], "extra_forbidden"),
    ("child object", {"child": {"name": "Sanne"}}, ["body", "child"], "extra_forbidden"),
    ("age too high", {"age_months": 216}, ["body", "age_months"], "less_than_equal"),
    ("age negative", {"age_months": -1}, ["body", "age_months"], "greater_than_equal"),
    ("sex unknown value", {"sex": "x"}, ["body", "sex"], "enum"),
    ("no concerns", {"concerns": []}, ["body", "concerns"], "too_short"),
    ("bad concern", {"concerns": ["burglary"]}, ["body", "concerns", 0], "enum"),
    ("unknown region", {"ggd_region": "GG9999"}, ["body", "ggd_region"], "unknown_region"),
    ("blank question", {"question": "   "}, ["body", "question"], "blank_question"),
    (
        "blank summary",
        {"clinical_summary": ""},
        ["body", "clinical_summary"],
        "string_too_short",
    ),
    (
        "extra injury field",
        {"injuries": [{"kind": "bruise", "body_region": "arm", "photo_name": "x"}]},
        ["body", "injuries", 0, "photo_name"],
        "extra_forbidden",
    ),
    (
        "future observation",
        {
            "injuries": [
                {"kind": "bruise", "body_region": "arm", "observed_at": "2999-01-01T00:00:00+00:00"}
            ]
        },
        ["body", "injuries", 0, "observed_at"],
        "future_timestamp",
    ),
    (
        "naive observation time",
        {
            "injuries": [
                {"kind": "bruise", "body_region": "arm", "observed_at": "2025-01-01T10:00:00"}
            ]
        },
        ["body", "injuries", 0, "observed_at"],
        "timezone_aware",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "loc", "kind"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_requests_are_refused_and_nothing_stored(
    client, login, session, overrides: dict[str, Any], loc: list[Any], kind: str
) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(URL, json=advice_body(**overrides), headers=va.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert {"loc": loc, "type": kind} in [{"loc": d["loc"], "type": d["type"]} for d in detail]
    assert all(d["msg"] for d in detail)
    assert count(session, AdviceRequest) == 0
    for value in overrides.values():
        for leaf in _leaves(value):
            if len(leaf) >= 4:
                assert leaf not in response.text


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [str(value)] if isinstance(value, str) else []


# (identifier as written, kind the screen names)
IDENTIFIERS: list[tuple[str, str]] = [
    ("123456782", "bsn"),
    ("123 456 782", "bsn"),
    ("1234.56.782", "bsn"),
    ("BSN: 12345672", "bsn"),
    ("bsn １２３４５６７８２", "bsn"),  # noqa: RUF001 - look-alike characters are the input under test
    ("geboren op 3 maart 2021", "birth_date"),
    ("geb. 03-03-2021", "birth_date"),
    ("DOB 03/03/2021", "birth_date"),
    ("geboortedatum: 2021-03-03", "birth_date"),
    ("woont in 1234 AB Amsterdam", "postcode"),
    ("06-12345678", "phone_number"),
    ("+31 6 12345678", "phone_number"),
    ("(020) 123 4567", "phone_number"),
    ("s.devries@gmail.com", "email_address"),
    ("oma.jansen(at)hotmail.com", "email_address"),
    ("NL91ABNA0417164300", "iban"),
    ("NL91 ABNA 0417 1643 00", "iban"),
    ("Patiëntnummer 1234567", "patient_number"),
    ("Naam: Sanne de Vries", "person_name"),
    ("Roepnaam Timo", "person_name"),
    ("aan de Kerkstraat 12", "street_address"),
    # less obvious forms: spaced, bracketed, listed, obfuscated, far-away cue, look-alikes
    ("BSN-nummer 12-34-56-782", "bsn"),
    ("bsn 1 2 3 4 5 6 7 8 2", "bsn"),
    ("geboren in het Wilhelmina Kinderziekenhuis te Utrecht op 12 november 2019", "birth_date"),
    ("geb. 12 - 11 - 2019", "birth_date"),
    ("born 2/14/2022", "birth_date"),
    ("Kerkstraat 12, 3511\u00a0LX Utrecht", "postcode"),
    ("((020) 123 4567)", "phone_number"),
    ("0612345678/0687654321", "phone_number"),
    ("jan [at] example [dot] nl", "email_address"),
    ("jan at example dot nl", "email_address"),
    ("NL91.ABNA.0417.1643.00", "iban"),
    ("NL 91 ABNA 0417 1643 00", "iban"),
    ("12 Baker Street", "street_address"),
]
FREE_TEXT = ["question", "clinical_summary"]


@pytest.mark.parametrize("field", FREE_TEXT)
@pytest.mark.parametrize(("identifier", "kind"), IDENTIFIERS, ids=[i[0] for i in IDENTIFIERS])
def test_identifiers_in_free_text_are_refused_without_echo(
    client, login, session, field: str, identifier: str, kind: str
) -> None:
    va = login(Role.VERTROUWENSARTS)
    audited_before = count(session, AuditEvent)  # creating the user is audited
    body = advice_body(**{field: f"Vraag over het kind; {identifier}, 14 maanden oud."})
    response = client.post(URL, json=body, headers=va.headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert {"loc": ["body", field], "type": f"identifier_{kind}"} in [
        {"loc": d["loc"], "type": d["type"]} for d in detail
    ]
    assert identifier not in response.text
    assert identifier not in json.dumps(response.json(), ensure_ascii=False)
    assert count(session, AdviceRequest) == 0
    assert count(session, AuditEvent) == audited_before


def test_every_field_with_an_identifier_is_named(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    body = advice_body(question="Bel moeder op 06-12345678.", clinical_summary="BSN 123456782.")
    detail = client.post(URL, json=body, headers=va.headers).json()["detail"]
    assert [(d["loc"], d["type"]) for d in detail] == [
        (["body", "question"], "identifier_phone_number"),
        (["body", "clinical_summary"], "identifier_bsn"),
    ]
    assert all("anoniem" in d["msg"] and "anonymous" in d["msg"] for d in detail)


def test_unknown_field_whose_name_is_an_identifier_is_not_echoed(client, login) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(URL, json={**advice_body(), "123456782": "x"}, headers=va.headers)
    assert response.status_code == 422
    assert "123456782" not in response.text
    assert response.json()["detail"][0]["type"] == "extra_forbidden"


CLINICAL = [
    "Gewicht 12,4 kg (P50), lengte 86 cm (P25); hoofdomtrek 46 cm.",
    "Op 12-03-2025 gezien op SEH, skeletstatus 14-02-2025, CT-cerebrum om 03:15 uur.",
    "Metafysaire hoekfractuur distale femur links; Salter-Harris II distale radius rechts.",
    "Hb 7,2 mmol/l, INR 1.1, APTT 32 s, PO4 1.8 mmol/l, 25-OH vit D 62 nmol/l.",
    "Geboren na ongecompliceerde zwangerschap, 3500 gram, vitamine K 1 mg i.m.",
    "Hematoom 25 x 15 mm op de linker wang; ribfracturen 5-8 links posterior met callus.",
    "In 2023 VT-melding, in 2024 is er een tweede melding gedaan; ICD-10 T74.1.",
    # near the red-team rules: birth cue in another clause, batch number, service number, bullets
    "Hematoom 25 x 15 mm, 3,5 x 2 cm; diameter 10-15 mm; gewicht 9.870 gram; 1234 HU op CT.",
    "Geboren à terme, op 02-11-2026 gezien op de SEH; röntgen 3 november 2026: AO 23-M/3.1.",
    "Batchnummer vaccin 123456782; trombocyten 245 x 10^9/l; EMV 4-5-6; Apgar 9/10; P50.",
    "Kindertelefoon 0800-0432 geïnformeerd; kamer 12, bed 3; protocol 2019-03; ICD-10 T74.1.",
    "* 12-03-2025 SEH-bezoek\n* 14-03-2025 skeletstatus, versie 1234-AB van het protocol.",
]


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_text_is_accepted(client, login, session, text: str) -> None:
    va = login(Role.VERTROUWENSARTS)
    response = client.post(
        URL, json=advice_body(clinical_summary=text, question=text), headers=va.headers
    )
    assert response.status_code == 201, response.text
    session.rollback()
    stored = session.exec(select(AdviceRequest)).one()
    assert stored.clinical_summary == text


def test_idempotent_retry_returns_first_case_number(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS)
    headers = {**va.headers, "Idempotency-Key": "retry-1"}
    first = client.post(URL, json=advice_body(), headers=headers)
    again = client.post(URL, json=advice_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    other = client.post(URL, json=advice_body(age_months=3), headers=headers)
    assert other.status_code == 422
    assert other.json()["detail"][0]["type"] == "idempotency_key_reused"
    assert count(session, AdviceRequest) == 1


def test_withheld_contact_stores_no_name(client, login, session) -> None:
    va = login(Role.VERTROUWENSARTS, name="Dr. Anoniem Gewenst")
    client.post(URL, json=advice_body(requester_contact_withheld=True), headers=va.headers)
    session.rollback()
    stored = session.exec(select(AdviceRequest)).one()
    assert stored.requester_name is None
    assert stored.requester_organisation == "VT-UTRECHT"
