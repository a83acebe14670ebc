"""The LECK advice letter: only once released, case number only, for the requester and LECK."""

import io
from typing import Any

from pypdf import PdfReader
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from tests.advice.helpers import URL, Team, release, submit


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
        assert "Het letsel is waarschijnlijk toegebracht." in html
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
