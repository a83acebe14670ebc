"""Vertrouwensarts pages without a browser: role home, the form's no-JS paths (add a row,
check, errors next to fields, BSN never echoed), idempotent submit, detail and stale actions."""

import re
from datetime import timedelta

from sqlmodel import select

from fmek.allocation.escalation import availability_reason, escalate_referral
from fmek.audit.service import Actor
from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow
from fmek.forensic_reports.models import ForensicReport
from fmek.referrals.models import Referral


def sign_in(client, token: str):  # type: ignore[no-untyped-def]
    form = {"token": token, "csrf": csrf_of(client.get("/login").text)}
    return client.post("/login", data=form, follow_redirects=False)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def key_of(html: str) -> str:
    match = re.search(r'name="sleutel" value="([^"]+)"', html)
    assert match
    return match.group(1)


def ggd_case(csrf: str, key: str, **changes: str) -> dict[str, object]:
    born = (utcnow().astimezone(AMSTERDAM).date() - timedelta(days=6 * 365)).isoformat()
    form: dict[str, object] = {
        "csrf": csrf,
        "sleutel": key,
        "naam": "Sanne de Boer",
        "geboortedatum": born,
        "geslacht": "female",
        "bsn": "",
        "mobiliteit": "mobile",
        "regio": "GG2514",
        "zorgen": ["physical_abuse"],
        "vraagstelling": "Passen de plekken bij een val?",
        "laatste_incident": "",
        "letsels": "0",
        "actie": "indienen",
    }
    form.update(changes)
    return form


def submitted(client, login, session):  # type: ignore[no-untyped-def]
    """A vertrouwensarts signed in who submitted a GGD case: (her login, its page, the row)."""
    vt = login(Role.VERTROUWENSARTS)
    sign_in(client, vt.token)
    form = client.get("/verwijzingen/nieuw").text
    location = client.post(
        "/verwijzingen/nieuw", data=ggd_case(csrf_of(form), key_of(form)), follow_redirects=False
    ).headers["location"]
    session.rollback()
    return vt, location, session.exec(select(Referral)).one()


def test_each_role_lands_on_its_own_start_page(client, login):
    assert sign_in(client, login(Role.VERTROUWENSARTS).token).headers["location"] == "/verwijzingen"
    assert sign_in(client, login(Role.FORENSISCH_ARTS).token).headers["location"] == "/onderzoeken"
    assert sign_in(client, login(Role.GGD_PLANNER).token).headers["location"] == "/planning"


def test_the_nav_shows_only_what_the_role_may_use(client, login):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    page = client.get("/verwijzingen")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    nav = page.text.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert "/verwijzingen/nieuw" in nav and "/planning" not in nav
    assert client.get("/planning").status_code == 403


def test_add_a_row_without_javascript_keeps_what_was_typed(client, login):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    body = ggd_case(csrf_of(form), key_of(form), actie="toevoegen")
    page = client.post("/verwijzingen/nieuw", data=body)
    assert page.status_code == 200
    assert 'id="letsel-0-soort"' in page.text
    assert 'value="Sanne de Boer"' in page.text
    assert key_of(page.text) == body["sleutel"]


def test_check_shows_the_routing_and_stores_nothing(client, login, session):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    body = ggd_case(
        csrf_of(form),
        key_of(form),
        actie="controleren",
        letsels="1",
        **{"letsel-0-soort": "fracture", "letsel-0-lichaamsdeel": "arm", "letsel-0-zijde": "left"},
    )
    page = client.post("/verwijzingen/nieuw", data=body)
    assert page.status_code == 200
    # handelingskader v2: a fracture at 6 years is examined by the GGD, no automatic LECK task
    assert re.search(r'id="voorbeeld-bestemming">GGD<', page.text)
    assert "INTERNAL-GGD" in page.text
    assert "Onderzoek door een forensisch arts van de GGD" in page.text
    assert session.exec(select(Referral)).all() == []


def test_errors_stand_next_to_their_fields_and_never_echo_the_bsn(client, login, session):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    body = ggd_case(csrf_of(form), key_of(form), bsn="123456789", vraagstelling="", zorgen=[])
    page = client.post("/verwijzingen/nieuw", data=body)
    assert page.status_code == 422
    assert "123456789" not in page.text
    assert re.search(r'id="bsn"[^>]*aria-invalid="true"[^>]*aria-describedby="fout-bsn', page.text)
    assert 'id="fout-vraagstelling"' in page.text
    assert 'id="fout-zorgen"' in page.text
    assert 'value="Sanne de Boer"' in page.text
    assert session.exec(select(Referral)).all() == []


def test_a_double_submit_makes_one_referral(client, login, session):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    body = ggd_case(csrf_of(form), key_of(form))
    first = client.post("/verwijzingen/nieuw", data=body, follow_redirects=False)
    second = client.post("/verwijzingen/nieuw", data=body, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    session.rollback()
    assert len(session.exec(select(Referral)).all()) == 1
    detail = client.get(first.headers["location"])
    assert detail.status_code == 200
    assert "eerder ingediende verwijzing" in detail.text
    assert re.search(r'id="bestemming"><span class="badge ggd">GGD<', detail.text)


def test_a_stale_page_cannot_withdraw_a_changed_referral(client, login, session):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    location = client.post(
        "/verwijzingen/nieuw", data=ggd_case(csrf_of(form), key_of(form)), follow_redirects=False
    ).headers["location"]
    detail = client.get(location).text
    version = re.search(r'name="versie" value="(\d+)"', detail).group(1)
    session.rollback()
    referral = session.exec(select(Referral)).one()
    referral.version += 1  # someone else changed it meanwhile
    session.add(referral)
    session.commit()
    page = client.post(
        f"{location}/status",
        data={"csrf": csrf_of(detail), "naar": "withdrawn", "versie": version, "reden": "dubbel"},
    )
    assert "Deze verwijzing is intussen gewijzigd" in page.text
    session.rollback()
    assert session.exec(select(Referral)).one().status != "withdrawn"


def test_the_list_shows_initials_only(client, login):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    client.post("/verwijzingen/nieuw", data=ggd_case(csrf_of(form), key_of(form)))
    page = client.get("/verwijzingen?status=&bestemming=ggd&urgentie=")
    assert "S.D.B." in page.text
    assert "Sanne" not in page.text
    assert re.search(r'class="countdown">nog \d', page.text)


def test_the_detail_shows_a_signed_report_in_its_timeline(client, login, session):
    vt, location, referral = submitted(client, login, session)
    session.add(
        ForensicReport(
            referral_id=referral.id,
            version=1,
            report_number="FMEK-R-2026-TEST",
            kind="letselrapportage",
            status="final",
            content={},
            author_id=vt.user.id,
            template_version="test",
            final_html="<p>rapport</p>",
            finalised_at=utcnow(),
        )
    )
    session.commit()
    page = client.get(location)
    assert page.status_code == 200
    assert "Rapport versie 1 ondertekend" in page.text
    assert "/rapport/document.pdf" in page.text


def test_sexual_abuse_needs_the_last_contact_or_unknown(client, login, session):
    sign_in(client, login(Role.VERTROUWENSARTS).token)
    form = client.get("/verwijzingen/nieuw").text
    assert 'name="incident_onbekend"' in form
    case = ggd_case(csrf_of(form), key_of(form), zorgen=["sexual_abuse"])
    refused = client.post("/verwijzingen/nieuw", data=case)
    assert refused.status_code == 422
    assert re.search(r'id="laatste_incident"[^>]*aria-invalid="true"', refused.text)
    assert "tijdstip van het laatste contact nodig" in refused.text
    checked = client.post(
        "/verwijzingen/nieuw", data={**case, "incident_onbekend": "ja", "actie": "controleren"}
    )
    assert checked.status_code == 200
    assert 'id="voorbeeld-bestemming"' in checked.text
    assert 'name="incident_onbekend" value="ja" checked' in checked.text
    session.rollback()
    assert session.exec(select(Referral)).all() == []


def test_an_availability_escalation_is_explained_in_dutch(client, login, session):
    _, location, referral = submitted(client, login, session)
    reason = availability_reason("GG2514", "1 dec 10:00", None)
    escalate_referral(session, referral.id, reason=reason, now=utcnow(), actor=Actor.system())
    session.commit()

    page = client.get(location).text

    assert (
        "Geen bevoegde forensisch arts van GG2514, de buurregio&#39;s of het cluster van de "
        "politie-eenheid kan vóór 1 dec 10:00 beginnen; de vroegst mogelijke start is geen in "
        "het rooster."
    ) in page
    assert "Consult door een kinderarts van het LECK" in page
    assert "neighbouring" not in page
