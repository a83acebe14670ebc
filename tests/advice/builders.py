"""Builders shared by the advice API tests."""

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

URL = "/api/v1/advice-requests"

QUESTION = "Past een spiraalfractuur van de tibia bij een val van de bank?"
SUMMARY = (
    "Jongen van 14 maanden, loopt sinds kort. Gewicht 10,2 kg (P50). Spiraalfractuur tibia "
    "rechts, AO 42-A1. Hb 7,2 mmol/l, ALP 450 U/l. Gezien op SEH op 02-11-2026 om 14:30 uur."
)


def advice_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "age_months": 14,
        "sex": "male",
        "ggd_region": "GG2514",
        "concerns": ["physical_abuse"],
        "injuries": [{"kind": "fracture", "body_region": "leg", "side": "right"}],
        "question": QUESTION,
        "clinical_summary": SUMMARY,
    }
    body.update(overrides)
    return body


def count(session: Session, model: type) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(model)).one()


def submit(client: TestClient, headers: dict[str, str], **overrides: Any) -> str:
    response = client.post(URL, json=advice_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    case_number: str = response.json()["case_number"]
    return case_number


@dataclass(frozen=True)
class Team:
    """A requester and two LECK consultants."""

    requester: Any
    author: Any
    reviewer: Any


def post(client: TestClient, path: str, who: Any, body: Any = None) -> Any:
    return client.post(f"{URL}/{path}", json=body, headers=who.headers)


def answer_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "advice": "Verricht een skeletstatus en fundoscopie; bespreek met de vertrouwensarts.",
        "assessment": "Een femurfractuur bij een niet-mobiele zuigeling zonder passend ongeval.",
        "differential_diagnosis": "Osteogenesis imperfecta; rachitis.",
        "disciplines": ["kindergeneeskunde", "kinderradiologie"],
        "material_received": ["klinische samenvatting", "röntgenfoto's femur (2)"],
        "inflicted": "waarschijnlijk",
        "alternative": "onbekend",
    }
    body.update(overrides)
    return body


def release(client: TestClient, team: Team, case_number: str) -> None:
    """Claim, answer and release a case through the API."""
    assert post(client, f"{case_number}/claim", team.author).status_code == 200
    assert post(client, f"{case_number}/answer", team.author, answer_body()).status_code == 200
    reviewed = post(client, f"{case_number}/review", team.reviewer, {"decision": "release"})
    assert reviewed.status_code == 200, reviewed.text
