"""A treating doctor (kinderarts, huisarts, jeugdarts) of a care provider asks LECK for advice
and, as the child's treating doctor, for the identified consult; the letter prints her real
role. Care providers are registered as organisations of kind `zorgaanbieder`."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.auth.service import add_user
from fmek.errors import Conflict, ValidationFailed
from fmek.reference.models import Organisation
from fmek.reference.service import add_care_provider
from fmek.referrals.models import Referral
from tests.advice.builders import URL, Team, post, release, submit
from tests.advice.test_advice_consult import consult_body

PROVIDER = "ZA-WKZ-KG"


@pytest.fixture
def provider(engine: Engine) -> str:
    with Session(engine) as s:
        add_care_provider(s, code=PROVIDER, name="Kinderpraktijk De Linde", region="GG2514")
    return PROVIDER


def test_a_care_provider_is_registered_with_checks_and_audited(engine: Engine) -> None:
    with Session(engine) as s:
        made = add_care_provider(s, code=" za-huisarts-1 ", name="Huisartsenpraktijk Oost")
        assert (made.code, made.kind) == ("ZA-HUISARTS-1", "zorgaanbieder")
        for kwargs, kind in (
            ({"code": "ZA HUISARTS", "name": "x"}, "invalid_code"),
            ({"code": "ZA-2", "name": "  "}, "value_error"),
            ({"code": "ZA-2", "name": "Praktijk", "region": "GG9999"}, "unknown_region"),
        ):
            with pytest.raises(ValidationFailed) as refused:
                add_care_provider(s, **kwargs)  # type: ignore[arg-type]
            assert refused.value.problems[0].type == kind
        with pytest.raises(Conflict):
            add_care_provider(s, code="ZA-HUISARTS-1", name="Dubbel")
        with pytest.raises(Conflict):
            add_care_provider(s, code="VT-UTRECHT", name="Geen Veilig Thuis")
        assert s.get(Organisation, "ZA-2") is None
        assert s.get(Organisation, "VT-UTRECHT").kind == "veilig_thuis"  # type: ignore[union-attr]
        events = s.exec(select(AuditEvent).where(AuditEvent.record_type == "organisation")).all()
        assert [(e.action, e.record_id) for e in events] == [("create", "ZA-HUISARTS-1")]


@pytest.mark.parametrize("role", [Role.KINDERARTS, Role.HUISARTS, Role.JEUGDARTS])
def test_a_treating_doctor_belongs_to_a_care_provider(
    engine: Engine, provider: str, role: Role
) -> None:
    with Session(engine) as s:
        with pytest.raises(ValidationFailed, match="zorgaanbieder"):
            add_user(s, name="Dr. Zonder Praktijk", role=role)
        with pytest.raises(ValidationFailed, match="zorgaanbieder"):
            add_user(s, name="Dr. Verkeerd", role=role, organisation="VT-UTRECHT")
        user, _ = add_user(s, name="Dr. Goed", role=role, organisation=provider)
        assert user.role == role.value


def test_kinderarts_asks_advice_and_the_letter_prints_her_role(
    client: TestClient, team: Team, login: Any, provider: str
) -> None:
    kinderarts = login(Role.KINDERARTS, organisation=provider, name="Dr. K. Behandelaar")
    case_number = submit(client, kinderarts.headers)
    release(client, Team(kinderarts, team.author, team.reviewer), case_number)
    letter = client.get(f"{URL}/{case_number}/letter", headers=kinderarts.headers)
    assert letter.status_code == 200
    assert "Kinderpraktijk De Linde" in letter.text
    assert "t.a.v. Dr. K. Behandelaar, kinderarts" in letter.text

    vt_letter = team.requester
    case_vt = submit(client, vt_letter.headers)
    release(client, team, case_vt)
    text = client.get(f"{URL}/{case_vt}/letter", headers=vt_letter.headers).text
    assert re.search(r"t\.a\.v\. [^<]+, vertrouwensarts", text)


def test_the_treating_doctor_asks_the_consult_and_only_she_sees_the_referral(
    client: TestClient, team: Team, login: Any, provider: str, session: Session
) -> None:
    huisarts = login(Role.HUISARTS, organisation=provider, name="Dr. H. Huisarts")
    case_number = submit(client, huisarts.headers)
    release(client, Team(huisarts, team.author, team.reviewer), case_number)
    response = post(client, f"{case_number}/consult", huisarts, consult_body())
    assert response.status_code == 201, response.text
    referral_id = response.json()["referral_id"]
    session.rollback()
    referral = session.get(Referral, referral_id)
    assert referral is not None
    assert referral.organisation_code == provider and referral.destination == "leck"

    own = client.get(f"/api/v1/referrals/{referral_id}", headers=huisarts.headers)
    assert own.status_code == 200 and own.json()["child"]["name"] == "Sanne de Vries"
    assert (
        client.get(f"/api/v1/referrals/{referral_id}", headers=team.author.headers).status_code
        == 200
    )
    colleague = login(Role.HUISARTS, organisation=provider)
    vt = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    for other in (colleague, vt):
        assert (
            client.get(f"/api/v1/referrals/{referral_id}", headers=other.headers).status_code == 404
        )
    assert client.get("/api/v1/referrals", headers=colleague.headers).json()["total"] == 0


def test_a_treating_doctor_may_not_refer_directly(
    client: TestClient, login: Any, provider: str
) -> None:
    jeugdarts = login(Role.JEUGDARTS, organisation=provider)
    body = {"child": {"name": "X", "birth_date": "2020-01-01", "sex": "male"}}
    assert client.post("/api/v1/referrals", json=body, headers=jeugdarts.headers).status_code == 403


def test_the_treating_doctor_signs_in_and_is_offered_the_consult_page(
    client: TestClient, team: Team, login: Any, provider: str
) -> None:
    from tests.web.test_advice_pages import sign_in

    jeugdarts = login(Role.JEUGDARTS, organisation=provider, name="Dr. J. Jeugdarts")
    case_number = submit(client, jeugdarts.headers)
    release(client, Team(jeugdarts, team.author, team.reviewer), case_number)
    sign_in(client, jeugdarts.token)
    case_page = client.get(f"/advies/{case_number}")
    assert case_page.status_code == 200
    assert f'href="/advies/{case_number}/consult"' in case_page.text
    form = client.get(f"/advies/{case_number}/consult")
    assert form.status_code == 200
    assert 'name="vraagstelling"' in form.text
    assert "vraag de vertrouwensarts" not in form.text

    forensisch_arts = login(Role.FORENSISCH_ARTS)
    case_fa = submit(client, forensisch_arts.headers)
    release(client, Team(forensisch_arts, team.author, team.reviewer), case_fa)
    sign_in(client, forensisch_arts.token)
    refused = client.get(f"/advies/{case_fa}/consult")
    assert "vraag de vertrouwensarts" in refused.text and 'name="vraagstelling"' not in refused.text


@pytest.mark.parametrize(
    ("age_months", "given_by", "fits"),
    [
        (14, "parent", True),
        (14, "child", False),
        (13 * 12, "parent", False),  # from 12 the young person consents too
        (13 * 12, "child_and_parents", True),
        (13 * 12, "child", False),
        (17 * 12, "child", True),
        (17 * 12, "guardian", False),  # from 16 the young person decides alone
    ],
)
def test_consult_consent_fits_the_childs_age_band(
    client: TestClient, team: Team, session: Session, age_months: int, given_by: str, fits: bool
) -> None:
    from tests.referrals.builders import birth_date_for_age

    number = submit(client, team.requester.headers, age_months=min(age_months, 215))
    release(client, team, number)
    body = consult_body()
    body["child"]["birth_date"] = birth_date_for_age(age_months)
    body["consent"]["given_by"] = given_by
    response = post(client, f"{number}/consult", team.requester, body)
    if fits:
        assert response.status_code == 201, response.text
        return
    assert response.status_code == 422, response.text
    (problem,) = response.json()["detail"]
    assert (problem["loc"], problem["type"]) == (
        ["body", "consent", "given_by"],
        "consent_age_band",
    )
    assert "Sanne" not in response.text
    session.rollback()
    assert session.exec(select(Referral)).all() == []


def test_the_consult_page_explains_a_consent_that_does_not_fit_the_age(
    client: TestClient, team: Team
) -> None:
    from tests.web.test_advice_pages import csrf_of, sign_in

    number = submit(client, team.requester.headers)
    release(client, team, number)
    sign_in(client, team.requester.token)
    form = client.get(f"/advies/{number}/consult")
    assert "de jongere (12 tot en met 15 jaar) samen met ouder of voogd" in form.text
    consult = {
        "csrf": csrf_of(form.text),
        "naam": "Sanne de Boer",
        "geboortedatum": "2025-09-01",
        "geslacht": "male",
        "vraagstelling": "Graag een consult.",
        "toestemming_door": "child",
        "toestemming_naam": "Sanne de Boer",
        "toestemming_op": "2026-01-05T10:30",
        "toestemming_voor": "Onderzoek door LECK",
    }
    refused = client.post(f"/advies/{number}/consult", data=consult)
    assert refused.status_code == 422
    assert "past niet bij de leeftijd van het kind" in refused.text
    consult["toestemming_door"] = "parent"
    created = client.post(f"/advies/{number}/consult", data=consult, follow_redirects=False)
    assert created.status_code == 303
