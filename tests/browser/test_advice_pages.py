"""Anonymous LECK advice in a real browser: a requester's identifiers are flagged before anything
is stored, she fixes them, attaches a photo with a GPS position and reads her case number;
consultant A claims and answers, cannot release her own advice, consultant B releases, and the
requester reads the letter. axe-core checks every page reached; the database, the audit trail
and the server log hold none of the refused texts."""

import io
import logging

import pytest
from PIL import Image
from sqlmodel import select

from fmek.advice.models import AdvicePhoto, AdviceRequest
from fmek.audit.models import AuditEvent
from fmek.auth.models import Role
from reports.data import AlternativeExplanation, InflictedLikelihood
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

BSN_SENTENCE = "Broertje Daan heeft BSN 111222333 en komt ook bij ons"
BIRTH_SENTENCE = "Het meisje is geboren op 3-2-2024 en valt vaak"
REFUSED = ("111222333", "3-2-2024")
PROBABLE = InflictedLikelihood.WAARSCHIJNLIJK


def gps_photo(tmp_path):  # type: ignore[no-untyped-def]
    image = Image.new("RGB", (320, 240), (190, 90, 90))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 5.0, 30.0), "E", (5.0, 7.0, 12.0)
    path = tmp_path / "letsel.jpg"
    image.save(path, format="JPEG", exif=exif)
    with Image.open(path) as written:
        assert written.getexif().get_ifd(0x8825)
    return path


def sign_in(page, server: str, token: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/login")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Aanmelden").click()


def test_anonymous_advice_round_trip(server, chromium, session, login, tmp_path, caplog):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    caplog.set_level(logging.DEBUG)
    vt = login(Role.VERTROUWENSARTS, name="Dr. Vera Trouw")
    a = login(Role.LECK_CONSULTANT, organisation="LECK-UMCU", name="Dr. Anna Auteur")
    b = login(Role.LECK_CONSULTANT, organisation="LECK-AUMC", name="Dr. Bram Beoordelaar")
    contexts = [chromium.new_context(locale="nl-NL", accept_downloads=True) for _ in range(3)]
    contexts.append(chromium.new_context(locale="nl-NL", java_script_enabled=False))
    requester, first, second, no_script = (c.new_page() for c in contexts)
    try:
        sign_in(requester, server, vt.token)
        requester.get_by_role("link", name="Advies vragen aan LECK").click()
        expect(requester.get_by_role("heading", level=1)).to_have_text("Advies vragen aan LECK")
        assert_accessible(requester)
        question = requester.get_by_label("Vraag", exact=True)
        summary = requester.get_by_label("Klinische samenvatting")
        question.fill(BSN_SENTENCE)
        summary.fill(BIRTH_SENTENCE)
        # the live check (debounced script) flags both before anything is sent
        expect(question).to_have_attribute("aria-invalid", "true")
        expect(summary).to_have_attribute("aria-invalid", "true")
        expect(requester.locator("#vraag-fout")).to_contain_text("Dit lijkt een BSN")
        expect(requester.locator("#samenvatting-fout")).to_contain_text(
            "Dit lijkt een geboortedatum"
        )
        expect(question).to_have_attribute("aria-describedby", "vraag-hint vraag-fout")

        requester.get_by_label("Leeftijd in maanden").fill("14")
        requester.get_by_label("Geslacht").select_option("female")
        requester.get_by_label("GGD-regio").select_option("GG2514")
        requester.get_by_role("group", name="Zorgen").get_by_label(
            "lichamelijke mishandeling"
        ).check()
        requester.get_by_label("Foto's").set_input_files(gps_photo(tmp_path))
        expect(requester.get_by_alt_text("Nieuwe foto 1, zonder metadata")).to_be_visible()
        # submitting anyway: refused next to the fields, typed text kept, nothing stored
        requester.get_by_role("button", name="Adviesaanvraag versturen").click()
        expect(requester.get_by_role("alert")).to_contain_text("Er is niets bewaard.")
        expect(question).to_have_value(BSN_SENTENCE)
        expect(question).to_have_attribute("aria-invalid", "true")
        expect(requester.get_by_alt_text("Foto 1, zonder metadata")).to_be_visible()
        assert_accessible(requester)
        session.rollback()
        assert session.exec(select(AdviceRequest)).all() == []

        question.fill("Past een spiraalfractuur van de tibia bij een val van de bank?")
        summary.fill("Meisje van 14 maanden, valt vaak. Spiraalfractuur tibia rechts, Hb 7,2.")
        requester.get_by_role("button", name="Adviesaanvraag versturen").click()
        expect(requester.get_by_role("heading", level=1)).to_have_text("Adviesaanvraag ontvangen")
        number = requester.locator("[data-case-number]")
        case_number = number.get_attribute("data-case-number")
        assert case_number and len(case_number) == 19
        expect(number).to_have_text(case_number)
        expect(requester.get_by_text("LECK weet niet", exact=True)).to_be_visible()
        assert_accessible(requester)

        sign_in(first, server, a.token)
        expect(first.get_by_role("heading", level=1)).to_have_text("Wachtrij adviesaanvragen")
        row = first.locator(f'tr[data-case="{case_number}"]')
        expect(row).to_contain_text("lichamelijke mishandeling")
        expect(row).to_contain_text("12–23 maanden")
        assert_accessible(first)
        sign_in(second, server, b.token)
        row.get_by_role("button", name=f"Zaak {case_number} oppakken").click()
        expect(first.get_by_role("status").first).to_contain_text("U heeft zaak")
        expect(first.get_by_role("img", name=f"Foto 1 bij zaak {case_number}")).to_be_visible()
        assert_accessible(first)
        # B clicks the claim button of the queue she loaded before A claimed
        second.locator(f'tr[data-case="{case_number}"]').get_by_role("button").click()
        expect(second.get_by_role("alert")).to_contain_text("al opgepakt door Dr. Anna Auteur")

        first.get_by_label("Ontvangen materiaal").fill("klinische samenvatting\nfoto's (1)")
        first.get_by_label("Beoordeling").fill("Femurfractuur zonder passend ongeval.")
        first.get_by_label(PROBABLE.wording).check()
        first.get_by_label(AlternativeExplanation.ONBEKEND.wording).check()
        first.get_by_label("Advies", exact=True).fill("Verricht een skeletstatus en fundoscopie.")
        first.get_by_role("button", name="Ter beoordeling aanbieden").click()
        expect(first.get_by_text("U schreef dit advies zelf.")).to_be_visible()
        expect(first.get_by_role("button", name="Vrijgeven")).to_have_count(0)
        first.get_by_role("link", name="voorbeeld van de adviesbrief (concept)").click()
        expect(first.get_by_text("Verricht een skeletstatus en fundoscopie.")).to_be_visible()
        expect(first.get_by_text("CONCEPT")).to_be_attached()

        first.goto(f"{server}/leck/cijfers")
        expect(first.get_by_role("img", name="Staafdiagram")).to_be_visible()
        assert_accessible(first)

        second.goto(f"{server}/leck/advies/{case_number}")
        assert_accessible(second)
        second.get_by_role("button", name="Vrijgeven").click()
        expect(second.get_by_role("status").first).to_contain_text("Advies vrijgegeven")

        requester.goto(f"{server}/advies")
        assert_accessible(requester)
        requester.get_by_role("link", name=case_number).click()
        expect(requester.get_by_text(PROBABLE.wording)).to_be_visible()
        assert_accessible(requester)
        with requester.expect_download() as download:
            requester.get_by_role("link", name="Adviesbrief downloaden (PDF)").click()
        assert download.value.suggested_filename == f"LECK-advies-{case_number}.pdf"
        requester.get_by_role("link", name="Adviesbrief bekijken").click()
        expect(requester.get_by_text(case_number).first).to_be_visible()
        expect(requester.get_by_text("Verricht een skeletstatus en fundoscopie.")).to_be_visible()

        requester.goto(f"{server}/advies/{case_number}/consult")
        expect(requester.get_by_label("Naam kind")).to_be_visible()
        assert_accessible(requester)

        # without JavaScript "Controleren" flags the same, storing nothing
        sign_in(no_script, server, vt.token)
        no_script.goto(f"{server}/advies/nieuw")
        no_script.get_by_label("Vraag", exact=True).fill(BSN_SENTENCE)
        no_script.get_by_role("button", name="Controleren").click()
        expect(no_script.get_by_label("Vraag", exact=True)).to_have_attribute(
            "aria-invalid", "true"
        )
        expect(no_script.locator("#vraag-fout")).to_contain_text("Dit lijkt een BSN")
        expect(no_script.get_by_label("Vraag", exact=True)).to_have_value(BSN_SENTENCE)
    finally:
        for context in contexts:
            context.close()

    session.rollback()
    stored = session.exec(select(AdviceRequest)).one()
    photo = session.exec(select(AdvicePhoto)).one()
    with Image.open(io.BytesIO(photo.content)) as stored_photo:
        assert not stored_photo.getexif()
    everything = repr(stored.model_dump()) + repr(
        [e.model_dump() for e in session.exec(select(AuditEvent)).all()]
    )
    for refused in REFUSED:
        assert refused not in everything
        assert refused not in caplog.text
