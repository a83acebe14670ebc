"""Forensisch arts pages without a browser: her examinations with accept, the findings editor
(rows, body-map click, completeness), and a stale draft save refused visibly."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from fmek.auth.models import Role
from fmek.clock import set_clock
from fmek.main import create_app
from fmek.referrals.models import Referral
from tests.allocation.builders import NOW, acute_body, add_doctor, allocation_settings, on_shift


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    set_clock(lambda: NOW)
    yield
    set_clock(None)


@pytest.fixture
def client(engine) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(create_app(allocation_settings(engine), engine=engine)) as c:
        yield c


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


@pytest.fixture
def assigned(client, login, engine):  # type: ignore[no-untyped-def]
    """A forensisch arts signed in, with an acute GGD referral planned for her."""
    me = login(Role.FORENSISCH_ARTS, region="GG2514", name="Dr. Eva Onderzoek")
    doctor_id = add_doctor(engine, user_id=me.user.id, name="Dr. Eva Onderzoek")
    on_shift(engine, doctor_id)
    vt = login(Role.VERTROUWENSARTS)
    referral = client.post("/api/v1/referrals", json=acute_body(), headers=vt.headers).json()
    client.post("/login", data={"token": me.token, "csrf": csrf_of(client.get("/login").text)})
    return referral["id"]


def test_she_sees_and_accepts_her_examination(client, assigned, session):  # type: ignore[no-untyped-def]
    page = client.get("/onderzoeken")
    assert page.status_code == 200
    assert "voorgesteld" in page.text and "K." in page.text
    action = re.search(r'action="(/onderzoeken/\d+/accepteren)"', page.text).group(1)
    after = client.post(action, data={"csrf": csrf_of(page.text)})
    assert "Onderzoek geaccepteerd." in after.text
    session.rollback()
    assert session.get(Referral, assigned).status == "scheduled"


def test_findings_editor_rows_body_map_and_completeness(client, assigned):  # type: ignore[no-untyped-def]
    url = f"/verwijzingen/{assigned}/rapport"
    page = client.get(url)
    assert page.status_code == 200
    assert "Letselinventaris" in page.text and "Nog nodig voor ondertekenen" in page.text
    form = {
        "csrf": csrf_of(page.text),
        "etag": hidden(page.text, "etag"),
        "kind": "letselrapportage",
    }
    added = client.post(url, data={**form, "actie": "toevoegen:injuries", "injuries.__rijen": "0"})
    assert 'name="injuries.0.shape"' in added.text
    row = {
        "injuries.__rijen": "1",
        "injuries.0.body_region": "arm",
        "injuries.0.side": "left",
        "injuries.0.kind": "bruise",
        "injuries.0.shape": "rond",
        "injuries.0.border": "scherp",
        "injuries.0.pattern": "geen",
        "injuries.0.size_mm.length": "20",
        "injuries.0.size_mm.width": "15",
    }
    placed = client.post(
        url, data={**form, **row, "kaart_letsel": "0", "kaart.x": "40", "kaart.y": "130"}
    )
    assert re.search(r'name="injuries.0.map_x"[^>]*value="40(\.0)?"', placed.text)
    assert re.search(r'name="injuries.0.map_y"[^>]*value="130(\.0)?"', placed.text)
    missing = client.post(url, data={**form, **row, "actie": "opslaan"})
    assert missing.status_code == 200  # a draft may lack the examination; finalising may not
    assert "Onderzoek" in missing.text.split('id="ontbreekt"')[1].split("</ul>")[0]
    latest = {**form, "etag": hidden(missing.text, "etag")}
    exam = {
        "examination.examined_at": "2026-12-01T09:00",  # local time: the moment of the request
        "examination.place": "GGD Utrecht",
        "examination.persons_present": "moeder\nkind",
    }
    saved = client.post(url, data={**latest, **row, **exam, "actie": "opslaan"})
    assert saved.status_code == 200, saved.text[:2000]
    assert "Concept opgeslagen." in saved.text
    assert "Letselinventaris" not in saved.text.split('id="ontbreekt"')[1].split("</ul>")[0]
    assert "Toestemming" in saved.text.split('id="ontbreekt"')[1].split("</ul>")[0]
    assert "Onderzoek" not in saved.text.split('id="ontbreekt"')[1].split("</ul>")[0]

    stale = client.post(url, data={**form, **row, **exam, "actie": "opslaan"})  # the old etag
    assert stale.status_code == 409
    assert "intussen elders opgeslagen" in stale.text
    assert 'value="GGD Utrecht"' in stale.text  # what she typed is still there
