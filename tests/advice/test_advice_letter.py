"""The LECK advice letter: only once released, case number only, for the requester and LECK."""

import io
import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from tests.advice.builders import URL, Team, answer_body, release, submit


def _team(login: Any) -> Team:
    return Team(
        requester=login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT", name="dr. V. Aanvrager"),
        author=login(Role.LECK_CONSULTANT, organisation="LECK-UMCU", name="dr. L. Auteur"),
        reviewer=login(Role.LECK_CONSULTANT, organisation="LECK-AUMC", name="dr. K. Toetser"),
    )


def test_letter_after_release_for_requester_and_leck(client: Any, login: Any) -> None:
    team = _team(login)
    case_number = submit(client, team.requester.headers)
    early = client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers)
    assert early.status_code == 409
    assert early.json()["detail"][0]["type"] == "advice_not_released"

    release(client, team, case_number)
    for who in (team.requester, team.author):
        response = client.get(f"{URL}/{case_number}/letter", headers=who.headers)
        assert response.status_code == 200
        html = response.text
        assert case_number in html
        assert "Toegebracht letsel is waarschijnlijk." in html
        assert "dr. L. Auteur" in html and "dr. K. Toetser" in html

    stranger = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT")
    assert client.get(f"{URL}/{case_number}/letter", headers=stranger.headers).status_code == 404


def test_letter_pdf_is_a_download_and_audited(client: Any, login: Any, session: Session) -> None:
    team = _team(login)
    case_number = submit(client, team.requester.headers)
    release(client, team, case_number)
    response = client.get(f"{URL}/{case_number}/letter.pdf", headers=team.requester.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert case_number in text

    session.rollback()
    events = session.exec(select(AuditEvent).where(AuditEvent.detail == "advice letter pdf")).all()
    assert [(e.action, e.user_id, e.record_id) for e in events] == [
        ("export", team.requester.user.id, case_number)
    ]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.split("</style>")[1])).split())


@pytest.mark.usefixtures("session")
def test_the_letter_gives_its_reasoning_and_two_axis_outcome(client: Any, login: Any) -> None:
    team = _team(login)
    case_number = submit(client, team.requester.headers)
    release(client, team, case_number)
    text = _text(client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers).text)
    for wording in (
        "Beoordeling Een femurfractuur bij een niet-mobiele zuigeling zonder passend ongeval.",
        "Differentiële diagnose Osteogenesis imperfecta; rachitis.",
        "Ontvangen materiaal klinische samenvatting röntgenfoto's femur (2)",
        "Beoordeeld door: kindergeneeskunde en kinderradiologie.",
        "Toegebracht letsel waarschijnlijk – Toegebracht letsel is waarschijnlijk.",
        "Andere verklaring onbekend – Een andere verklaring is niet bekend.",
        "vrijwel zeker · waarschijnlijk · onbeslist · onwaarschijnlijk · vrijwel zeker niet",
        "LECK is verantwoordelijk voor dit advies. De aanvrager blijft verantwoordelijk voor de "
        "zorg voor het kind en voor de stappen van de meldcode",
        f"Zaak {case_number} · versie 1",
        "nog niet: de casus wordt besproken in het wekelijkse teamoverleg van LECK",
    ):
        assert wording in text, wording
    assert "onherkenbaar gemaakt" not in text  # no photos were sent
    assert "beelden" not in text


def test_the_team_meeting_is_its_own_event_after_the_first_advice(
    client: Any, login: Any, session: Session
) -> None:
    team = _team(login)
    case_number = submit(client, team.requester.headers)
    url = f"{URL}/{case_number}/team-meeting"
    # The service's calendar day is Amsterdam's (between 23:00 and 01:00 UTC it differs from UTC's).
    today = utcnow().astimezone(AMSTERDAM).date()
    early = client.post(url, json={"discussed_on": today.isoformat()}, headers=team.author.headers)
    assert early.status_code == 409 and early.json()["detail"][0]["type"] == "not_answered"
    release(client, team, case_number)
    for day in (today - timedelta(days=3), today + timedelta(days=1)):
        wrong = client.post(
            url, json={"discussed_on": day.isoformat()}, headers=team.author.headers
        )
        assert wrong.status_code == 422
        assert wrong.json()["detail"][0]["loc"] == ["body", "discussed_on"]
    requester = client.post(
        url, json={"discussed_on": today.isoformat()}, headers=team.requester.headers
    )
    assert requester.status_code in (403, 404)
    done = client.post(url, json={"discussed_on": today.isoformat()}, headers=team.reviewer.headers)
    assert done.status_code == 200, done.text
    assert done.json()["advice"]["team_discussed_on"] == today.isoformat()
    text = _text(client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers).text)
    assert "wekelijkse teamoverleg" not in text
    assert f"Zaak {case_number} · versie 1" in text  # recording the meeting is not a revision
    session.rollback()
    events = session.exec(
        select(AuditEvent).where(AuditEvent.detail == f"team meeting {today.isoformat()}")
    ).all()
    assert [e.user_id for e in events] == [team.reviewer.user.id]


def test_the_photo_sentence_appears_only_with_photos(client: Any, login: Any) -> None:
    from tests.advice.test_advice_photos_api import jpeg_with_exif, upload

    team = _team(login)
    case_number = submit(client, team.requester.headers)
    assert upload(client, team.requester, case_number, jpeg_with_exif()).status_code == 201
    release(client, team, case_number)
    text = _text(client.get(f"{URL}/{case_number}/letter", headers=team.requester.headers).text)
    assert "de 1 ontvangen foto's zijn onherkenbaar gemaakt" in text
    assert "verstrekte gegevens en beelden" in text


def test_an_answer_without_beoordeling_or_outcome_is_refused(client: Any, login: Any) -> None:
    team = _team(login)
    case_number = submit(client, team.requester.headers)
    assert client.post(f"{URL}/{case_number}/claim", headers=team.author.headers).status_code == 200
    for missing in ("assessment", "inflicted", "alternative", "material_received"):
        body = answer_body()
        del body[missing]
        response = client.post(
            f"{URL}/{case_number}/answer", json=body, headers=team.author.headers
        )
        assert response.status_code == 422, missing
        assert response.json()["detail"][0]["loc"] == ["body", missing]
    blank = client.post(
        f"{URL}/{case_number}/answer",
        json=answer_body(assessment="   "),
        headers=team.author.headers,
    )
    assert blank.status_code == 422
