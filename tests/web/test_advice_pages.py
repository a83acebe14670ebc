"""Advice pages without a browser: the form screens before storing, the LECK round trip,
the figures, and the headers every page sends."""

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import select

from fmek.advice.models import AdvicePhoto, AdviceRequest
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from fmek.clock import AMSTERDAM, utcnow

BSN_TEXT = "Jongen met BSN 111222333 gezien op de SEH"
BIRTH_TEXT = "Kind geboren op 03-02-2024, spiraalfractuur tibia rechts"
QUESTION = "Past een spiraalfractuur van de tibia bij een val van de bank?"
SUMMARY = "Jongen van 14 maanden, loopt sinds kort. Spiraalfractuur tibia rechts."

# The reasoned answer a consultant writes on the case page (beoordeling, material, two axes).
ANSWER = {
    "beoordeling": "Een femurfractuur bij een niet-mobiele zuigeling zonder passend ongeval.",
    "differentiaal": "Osteogenesis imperfecta; rachitis.",
    "disciplines": "kindergeneeskunde\nkinderradiologie",
    "materiaal": "klinische samenvatting\nröntgenfoto's femur (2)",
    "toegebracht": "waarschijnlijk",
    "verklaring": "onbekend",
}


def sign_in(client, token: str) -> None:  # type: ignore[no-untyped-def]
    client.cookies.clear()
    form = {"token": token, "csrf": csrf_of(client.get("/login").text)}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def form_fields(html: str, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "csrf": csrf_of(html),
        "sleutel": re.search(r'name="sleutel" value="([^"]+)"', html).group(1),  # type: ignore[union-attr]
        "leeftijd": "14",
        "geslacht": "male",
        "regio": "GG2514",
        "zorgen": ["physical_abuse"],
        "letsel_soort": ["fracture"],
        "letsel_deel": ["leg"],
        "letsel_zijde": ["right"],
        "vraag": QUESTION,
        "samenvatting": SUMMARY,
        "actie": "versturen",
    }
    fields.update(overrides)
    return fields


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 80, 80))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 5.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def people(login):  # type: ignore[no-untyped-def]
    return {
        "vt": login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT", name="Dr. Vera Aanvrager"),
        "a": login(Role.LECK_CONSULTANT, organisation="LECK-UMCU", name="Dr. Anna Auteur"),
        "b": login(Role.LECK_CONSULTANT, organisation="LECK-AUMC", name="Dr. Bram Beoordelaar"),
    }


def test_identifiers_are_flagged_next_to_their_field_and_nothing_is_stored(
    client, people, session, caplog
):  # type: ignore[no-untyped-def]
    sign_in(client, people["vt"].token)
    form = client.get("/advies/nieuw")
    assert form.status_code == 200
    for action in ("controleren", "versturen"):
        response = client.post(
            "/advies/nieuw",
            data=form_fields(form.text, vraag=BSN_TEXT, samenvatting=BIRTH_TEXT, actie=action),
        )
        assert response.status_code == (200 if action == "controleren" else 422)
        html = response.text
        assert re.search(
            r'<textarea id="vraag"[^>]*aria-describedby="vraag-hint vraag-fout" aria-invalid="true"',
            html,
        )
        assert re.search(r'<textarea id="samenvatting"[^>]*aria-invalid="true"', html)
        vraag_box = html.split('id="vraag-fout"')[1].split("</div>")[0]
        assert "Dit lijkt een BSN" in vraag_box
        summary_box = html.split('id="samenvatting-fout"')[1].split("</div>")[0]
        assert "Dit lijkt een geboortedatum" in summary_box
        # the typed text stays in its field (only there), so she can edit it
        assert html.count("111222333") == 1 and html.count("03-02-2024") == 1
    clean = client.post("/advies/nieuw", data=form_fields(form.text, actie="controleren"))
    assert "Gecontroleerd: alles is ingevuld" in clean.text
    assert 'aria-invalid="true"' not in clean.text
    session.rollback()
    assert session.exec(select(AdviceRequest)).all() == []
    events = session.exec(select(AuditEvent)).all()
    assert not [e for e in events if "111222333" in str(e.model_dump())]
    assert "111222333" not in caplog.text and "03-02-2024" not in caplog.text


@pytest.mark.usefixtures("session")
def test_live_check_names_the_kind_and_stores_nothing(client, people):  # type: ignore[no-untyped-def]
    sign_in(client, people["vt"].token)
    token = csrf_of(client.get("/advies/nieuw").text)
    response = client.post(
        "/advies/nieuw/controle", data={"csrf": token, "vraag": BSN_TEXT, "samenvatting": SUMMARY}
    )
    assert response.status_code == 200
    fields = response.json()["fields"]
    assert fields["vraag"][0] == "Dit lijkt een BSN (burgerservicenummer)."
    assert fields["samenvatting"] == []
    assert "111222333" not in response.text
    assert (
        client.post("/advies/nieuw/controle", data={"csrf": "wrong", "vraag": BSN_TEXT}).status_code
        == 403
    )


def test_photo_preview_is_stripped_and_not_kept(client, people, session):  # type: ignore[no-untyped-def]
    sign_in(client, people["vt"].token)
    token = csrf_of(client.get("/advies/nieuw").text)
    original = gps_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = client.post(
        "/advies/nieuw/foto",
        data={"csrf": token},
        files={"foto": ("kind.jpg", original, "image/jpeg")},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(response.content)).getexif()
    refused = client.post(
        "/advies/nieuw/foto",
        data={"csrf": token},
        files={"foto": ("x.gif", b"GIF89a....", "image/gif")},
    )
    assert refused.status_code == 422 and "JPEG" in refused.json()["message"]
    session.rollback()
    assert session.exec(select(AdvicePhoto)).all() == []


def test_submit_with_photo_shows_the_case_number_and_what_leck_knows(client, people, session):  # type: ignore[no-untyped-def]
    sign_in(client, people["vt"].token)
    form = client.get("/advies/nieuw")
    response = client.post(
        "/advies/nieuw",
        data=form_fields(form.text),
        files=[("fotos", ("kind.jpg", gps_jpeg(), "image/jpeg"))],
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    receipt = client.get(response.headers["location"])
    case_number = re.search(r'data-case-number="([^"]+)"', receipt.text).group(1)  # type: ignore[union-attr]
    session.rollback()
    stored = session.exec(select(AdviceRequest)).one()
    assert stored.case_number == case_number
    photo = session.exec(select(AdvicePhoto)).one()
    assert not Image.open(io.BytesIO(photo.content)).getexif()
    # photos are served to LECK only
    assert client.get(f"/leck/advies/{case_number}/fotos/{photo.id}").status_code == 403
    assert "LECK weet niet" in receipt.text
    assert receipt.headers["cache-control"] == "no-store"
    assert "unsafe-inline" not in receipt.headers["content-security-policy"]
    # a double submission of the same form makes no second request
    again = client.post("/advies/nieuw", data=form_fields(form.text), follow_redirects=False)
    assert again.headers["location"] == response.headers["location"]
    session.rollback()
    assert len(session.exec(select(AdviceRequest)).all()) == 1
    listing = client.get("/advies")
    assert case_number in listing.text and QUESTION not in listing.text
    # one more photo later, on the request's page; stripped as well
    mine = client.get(f"/advies/{case_number}")
    added = client.post(
        f"/advies/{case_number}/fotos",
        data={"csrf": csrf_of(mine.text)},
        files={"foto": ("tweede.jpg", gps_jpeg(), "image/jpeg")},
    )
    assert "Foto toegevoegd, zonder metadata." in added.text
    session.rollback()
    photos = session.exec(select(AdvicePhoto)).all()
    assert len(photos) == 2
    assert not any(Image.open(io.BytesIO(p.content)).getexif() for p in photos)


def _submit(client, people) -> str:  # type: ignore[no-untyped-def]
    sign_in(client, people["vt"].token)
    form = client.get("/advies/nieuw")
    response = client.post("/advies/nieuw", data=form_fields(form.text), follow_redirects=False)
    return response.headers["location"].split("/")[2]


@pytest.mark.usefixtures("session")
def test_leck_round_trip_with_team_review(client, people):  # type: ignore[no-untyped-def]
    case_number = _submit(client, people)
    sign_in(client, people["a"].token)
    queue = client.get("/leck/wachtrij")
    assert case_number in queue.text and "Oppakken" in queue.text
    assert QUESTION not in queue.text
    token = csrf_of(queue.text)
    claimed = client.post(f"/leck/advies/{case_number}/oppakken", data={"csrf": token})
    assert "U heeft zaak" in claimed.text
    refused = client.post(
        f"/leck/advies/{case_number}/antwoord",
        data={"csrf": token, **ANSWER, "advies": "Bel moeder op 06-12345678"},
    )
    assert refused.status_code == 422 and "Dit lijkt een telefoonnummer" in refused.text
    answered = client.post(
        f"/leck/advies/{case_number}/antwoord",
        data={"csrf": token, **ANSWER, "advies": "Verricht een skeletstatus."},
    )
    assert "ter beoordeling aangeboden" in answered.text
    assert "U schreef dit advies zelf" in answered.text
    own = client.post(
        f"/leck/advies/{case_number}/beoordeling", data={"csrf": token, "besluit": "vrijgeven"}
    )
    assert own.status_code == 409 and "een collega moet het beoordelen" in own.text
    preview = client.get(f"/leck/advies/{case_number}/brief")
    assert "CONCEPT" in preview.text and "Verricht een skeletstatus." in preview.text

    sign_in(client, people["b"].token)
    followed = client.get(f"/advies/{case_number}", follow_redirects=False)
    assert followed.headers["location"] == f"/leck/advies/{case_number}"
    token = csrf_of(client.get(f"/leck/advies/{case_number}").text)
    again = client.post(f"/leck/advies/{case_number}/oppakken", data={"csrf": token})
    assert "al opgepakt door Dr. Anna Auteur" in again.text
    released = client.post(
        f"/leck/advies/{case_number}/beoordeling", data={"csrf": token, "besluit": "vrijgeven"}
    )
    assert "Advies vrijgegeven" in released.text
    today = utcnow().astimezone(AMSTERDAM).date()
    future = client.post(
        f"/leck/advies/{case_number}/teambespreking",
        data={"csrf": token, "besproken_op": (today + timedelta(days=7)).isoformat()},
    )
    assert "tussen het eerste advies en vandaag" in future.text
    met = client.post(
        f"/leck/advies/{case_number}/teambespreking",
        data={"csrf": token, "besproken_op": today.isoformat()},
    )
    assert f"Besproken in het team op {today:%d-%m-%Y}" in met.text

    sign_in(client, people["vt"].token)
    mine = client.get(f"/advies/{case_number}")
    assert "Verricht een skeletstatus." in mine.text
    letter = client.get(f"/advies/{case_number}/brief")
    assert letter.status_code == 200 and case_number in letter.text and "CONCEPT" not in letter.text
    # the step to an identified consult: only with recorded consent
    form = client.get(f"/advies/{case_number}/consult")
    consult = {
        "csrf": csrf_of(form.text),
        "naam": "Sanne de Boer",
        "geboortedatum": "2025-09-01",
        "geslacht": "male",
        "bsn": "123456789",
        "vraagstelling": QUESTION,
        "toestemming_door": "parent",
        "toestemming_naam": "J. de Boer",
        "toestemming_op": "",
        "toestemming_voor": "Onderzoek door LECK en verslag aan de vertrouwensarts",
    }
    refused = client.post(f"/advies/{case_number}/consult", data=consult)
    assert refused.status_code == 422
    assert "Dit is geen geldig BSN" in refused.text and "Vul datum en tijd" in refused.text
    assert refused.text.count("123456789") == 1  # only in its own field
    consult.update(bsn="123456782", toestemming_op="2026-01-05T10:30")
    created = client.post(f"/advies/{case_number}/consult", data=consult, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"].startswith("/verwijzingen/")
    assert "omgezet in een geïdentificeerd consult" in client.get(f"/advies/{case_number}").text
    not_for_her = client.get("/leck/wachtrij", follow_redirects=False)
    assert not_for_her.status_code == 403 and "voor de consulenten van LECK" in not_for_her.text


def test_figures_table_and_chart(client, people):  # type: ignore[no-untyped-def]
    _submit(client, people)
    sign_in(client, people["a"].token)
    page = client.get("/leck/cijfers")
    assert page.status_code == 200 and "&lt;5" in page.text
    chart = client.get("/leck/cijfers/grafiek.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert b"<script" not in chart.content


def test_a_reviewer_sends_the_advice_back_with_a_remark(client, people, session):  # type: ignore[no-untyped-def]
    case_number = _submit(client, people)
    sign_in(client, people["a"].token)
    token = csrf_of(client.get("/leck/wachtrij").text)
    client.post(f"/leck/advies/{case_number}/oppakken", data={"csrf": token})
    client.post(
        f"/leck/advies/{case_number}/antwoord",
        data={"csrf": token, **ANSWER, "advies": "Eerste versie."},
    )
    sign_in(client, people["b"].token)
    token = csrf_of(client.get(f"/leck/advies/{case_number}").text)
    bare = client.post(
        f"/leck/advies/{case_number}/beoordeling", data={"csrf": token, "besluit": "terugsturen"}
    )
    assert bare.status_code == 422 and "Schrijf wat er moet veranderen." in bare.text
    with_phone = client.post(
        f"/leck/advies/{case_number}/beoordeling",
        data={"csrf": token, "besluit": "terugsturen", "opmerking": "Bel mij op 06-12345678"},
    )
    assert with_phone.status_code == 422 and "Dit lijkt een telefoonnummer" in with_phone.text
    returned = client.post(
        f"/leck/advies/{case_number}/beoordeling",
        data={"csrf": token, "besluit": "terugsturen", "opmerking": "Noem ook de fundoscopie."},
    )
    assert "teruggestuurd naar de auteur" in returned.text
    sign_in(client, people["a"].token)
    page = client.get(f"/leck/advies/{case_number}")
    assert "Noem ook de fundoscopie." in page.text and "Advies schrijven" in page.text
    session.rollback()
    stored = session.exec(select(AdviceRequest)).one()
    assert stored.status == "claimed"
    assert "06-12345678" not in repr(session.exec(select(AuditEvent)).all())
