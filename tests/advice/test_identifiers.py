"""The identifier screen: identifiers in any common form are caught, clinical text passes."""

import pytest

from fmek.advice.identifiers import (
    IdentifierHit,
    IdentifierKind,
    describe,
    elfproef,
    find_identifiers,
    iban_checksum_ok,
    screen_fields,
)

K = IdentifierKind

# (sentence, kind, the identifier exactly as the hit must span it)
IDENTIFYING: list[tuple[str, IdentifierKind, str]] = [
    # BSN: labelled, grouped, unlabelled but elfproef-valid
    ("BSN 123456782 van het kind staat in het VT-dossier.", K.BSN, "123456782"),
    ("Het kind (bsn 123 456 782) werd gezien op de SEH.", K.BSN, "123 456 782"),
    ("Burgerservicenummer: 1234.56.782, verder geen gegevens.", K.BSN, "1234.56.782"),
    ("Bij de gemeente bekend onder 123-45-6782 volgens moeder.", K.BSN, "123-45-6782"),
    ("Sofinummer 111222333 genoteerd door de huisarts.", K.BSN, "111222333"),
    ("BSN: 12345672 (voorloopnul weggelaten).", K.BSN, "12345672"),
    ("BSN 123456789 opgegeven door vader (mistypt).", K.BSN, "123456789"),
    ("Kind met nummer 111 222 333 ingeschreven bij de huisarts.", K.BSN, "111 222 333"),
    ("bsn-nummer:100000009", K.BSN, "100000009"),
    # birth dates in many notations, always next to a birth cue
    ("Meisje, geboren op 3 maart 2021, à terme, 3250 gram.", K.BIRTH_DATE, "3 maart 2021"),
    ("Jongen, geb. 03-03-2021, gezien op de SEH met zwelling.", K.BIRTH_DATE, "03-03-2021"),
    ("Geboortedatum: 2021-03-03; verwezen door de huisarts.", K.BIRTH_DATE, "2021-03-03"),
    ("DOB 03/03/2021, presented with bruising.", K.BIRTH_DATE, "03/03/2021"),
    ("Boy born March 3, 2021 at 38 weeks.", K.BIRTH_DATE, "March 3, 2021"),
    ("She was born on the 3rd of March 2021.", K.BIRTH_DATE, "3rd of March 2021"),
    ("Kind geboren 3 mrt. 2021 te Utrecht.", K.BIRTH_DATE, "3 mrt. 2021"),
    ("Jongen (°12-06-2022) met spiraalfractuur tibia.", K.BIRTH_DATE, "12-06-2022"),
    ("Jongen *12-06-2022 met metafysaire fractuur.", K.BIRTH_DATE, "12-06-2022"),
    ("d.o.b. 12.06.22, weight 11 kg", K.BIRTH_DATE, "12.06.22"),
    ("geb.datum 12062022, verder gezond", K.BIRTH_DATE, "12062022"),
    ("Het kind is op 12-06-2022 geboren, nu 18 maanden.", K.BIRTH_DATE, "12-06-2022"),
    ("Date of birth: 12 June 2022.", K.BIRTH_DATE, "12 June 2022"),
    ("Geboren in het ziekenhuis op 12-JUN-2022 na sectio.", K.BIRTH_DATE, "12-JUN-2022"),
    # postcodes
    ("Het gezin woont in 1234 AB Amsterdam.", K.POSTCODE, "1234 AB"),
    ("Postcode 3511AB volgens de verwijsbrief.", K.POSTCODE, "3511AB"),
    ("Gezin onlangs verhuisd naar 2511 cv den haag.", K.POSTCODE, "2511 cv"),
    ("postcode: 1234 VT", K.POSTCODE, "1234 VT"),
    ("Opvang bij oom in 2012 AB Haarlem.", K.POSTCODE, "2012 AB"),
    # phone numbers: Dutch national, international, labelled
    ("Moeder is bereikbaar op 06-12345678 na 17 uur.", K.PHONE_NUMBER, "06-12345678"),
    ("Vader: 06 1234 5678, liever niet na 20 uur.", K.PHONE_NUMBER, "06 1234 5678"),
    ("Bel 0612345678 voor overleg met oma.", K.PHONE_NUMBER, "0612345678"),
    ("Opvanglocatie 020-1234567 is op de hoogte.", K.PHONE_NUMBER, "020-1234567"),
    ("Tel. 010 123 45 67 (school).", K.PHONE_NUMBER, "010 123 45 67"),
    ("Tante: (020) 123 4567.", K.PHONE_NUMBER, "(020) 123 4567"),
    ("Moeder via +31 6 12345678 te bereiken.", K.PHONE_NUMBER, "+31 6 12345678"),
    ("Nummer vader +31(0)6-12345678.", K.PHONE_NUMBER, "+31(0)6-12345678"),
    ("Oma belt vanaf 0031 6 1234 5678.", K.PHONE_NUMBER, "0031 6 1234 5678"),
    ("Father lives abroad, +44 20 7946 0958.", K.PHONE_NUMBER, "+44 20 7946 0958"),
    ("Uncle in the US: +1 (555) 123-4567.", K.PHONE_NUMBER, "+1 (555) 123-4567"),
    ("Telefoonnummer: 1234567 (vaste lijn)", K.PHONE_NUMBER, "1234567"),
    # e-mail addresses
    ("Mail moeder: s.devries@gmail.com voor de uitslag.", K.EMAIL_ADDRESS, "s.devries@gmail.com"),
    ("Contact jan.jansen+vt@example.co.uk.", K.EMAIL_ADDRESS, "jan.jansen+vt@example.co.uk"),
    (
        "Oma (oma.jansen(at)hotmail.com) wil meedenken.",
        K.EMAIL_ADDRESS,
        "oma.jansen(at)hotmail.com",
    ),
    # IBANs, compact and grouped, several countries
    ("Kosten over te maken op NL91ABNA0417164300.", K.IBAN, "NL91ABNA0417164300"),
    ("Rekening vader NL91 ABNA 0417 1643 00 bij de bank.", K.IBAN, "NL91 ABNA 0417 1643 00"),
    ("IBAN DE89 3704 0044 0532 0130 00 (Duitsland).", K.IBAN, "DE89 3704 0044 0532 0130 00"),
    ("Account GB82WEST12345698765432.", K.IBAN, "GB82WEST12345698765432"),
    ("Belgische rekening BE68 5390 0754 7034.", K.IBAN, "BE68 5390 0754 7034"),
    ("iban: nl91abna0417164300", K.IBAN, "nl91abna0417164300"),
    # names, addresses and hospital numbers when labelled or unmistakable
    ("Naam: Sanne de Vries, 2 jaar.", K.PERSON_NAME, "Sanne de Vries"),
    ("Roepnaam Timo, broertje van 4.", K.PERSON_NAME, "Timo"),
    ("Naam moeder: Fatima el Amrani", K.PERSON_NAME, "Fatima el Amrani"),
    ("Het gezin woont aan de Kerkstraat 12.", K.STREET_ADDRESS, "Kerkstraat 12"),
    ("Opvang bij oma, Rijksstraatweg 104a.", K.STREET_ADDRESS, "Rijksstraatweg 104a"),
    ("Patiëntnummer 1234567 in het UMC.", K.PATIENT_NUMBER, "1234567"),
    ("MRN: 8765432, imaging attached.", K.PATIENT_NUMBER, "8765432"),
    # look-alike characters do not hide an identifier
    ("BSN １２３４５６７８２ in de brief.", K.BSN, "１２３４５６７８２"),  # noqa: RUF001 - look-alike characters are the input under test
    ("Moeder 06\u201112345678.", K.PHONE_NUMBER, "06\u201112345678"),
    ("Nummer 123\u00a0456\u00a0782 genoteerd.", K.BSN, "123\u00a0456\u00a0782"),
    ("Moeder: s.devries\uff20gmail.com", K.EMAIL_ADDRESS, "s.devries\uff20gmail.com"),
]

CLINICAL: list[str] = [
    # weights, lengths, sizes
    "Gewicht 12,4 kg (P50), lengte 86 cm (P25).",
    "Geboortegewicht 3500 gram, à terme geboren na 39+2 weken.",
    "Kind woog 9800 gram bij opname, 3500 g bij de geboorte.",
    "Hoofdomtrek 46 cm (P50, +0,5 SD), fontanel 2 x 2 cm.",
    "Hematoom 25 x 15 mm op de linker wang, schaafwond 3x4 cm.",
    "Subduraal hematoom van 4 mm frontaal links, 1234 mm3 volume.",
    "Val van 80 cm hoogte van de commode op een laminaatvloer.",
    "Infuus 1000 ML NaCl 0,9%, vitamine D 1000 IE per dag.",
    "Vochtintake 1500 ml per 24 uur, 2500 gr gewichtstoename in 3 maanden.",
    # dates without a year, and dates with a year but no birth cue
    "Gezien op 12 maart door de huisarts, controle 3 mrt.",
    "Klachten sinds 3-4, toename sinds 10-4, op 03-03 en 05-03 gezien.",
    "SEH-bezoek op 02-11-2026 om 14:30 uur.",
    "Op 12-03-2025 gezien op SEH, skeletstatus 14-02-2025.",
    "1e consult 2024-05-17, 2e consult 2024-06-01.",
    "Echo abdomen 11-11-2025 om 10.30 uur, CT-cerebrum 12-11-2025 14:05.",
    "Eerder gezien op 3 maart 2024 wegens een val van de trap.",
    "In 2023 VT-melding, in 2024 is er een tweede melding gedaan.",
    "Vanaf 2019 bekend bij de huisarts, in 2022 en 2023 geen bezoeken.",
    "Geboren na een ongecompliceerde zwangerschap, vitamine K 1 mg i.m. na de geboorte.",
    # fracture descriptions and classifications
    "Metafysaire hoekfractuur distale femur links.",
    "Spiraalfractuur tibia, AO 42-A1, geen dislocatie.",
    "Salter-Harris II fractuur distale radius rechts.",
    "Ribfracturen 5-8 links posterior met callusvorming.",
    "Schedelfractuur pariëtaal rechts, 6 cm lang, geen impressie.",
    "Classificatie AO 22-D/4.1, Gartland type III.",
    # lab values
    "Hb 7,2 mmol/l, MCV 82 fl, trombocyten 245 x 10^9/l.",
    "INR 1.1, APTT 32 s, fibrinogeen 2.8 g/l.",
    "CRP < 5 mg/l, leukocyten 8.4 x 10^9/l, bilirubine 12 umol/l.",
    "PO4 1.8 mmol/l, ALP 450 U/l, PTH 3.2 pmol/l, 25-OH vit D 62 nmol/l.",
    "Bloeddruk 95/60 mmHg, pols 120/min, saturatie 98%, temperatuur 38,5 °C.",
    "HbA1c 38 mmol/mol, IGF-1 12 nmol/l.",
    # times, ages, percentiles, scores, doses, codes
    "CT-scan om 03:15 uur, MRI om 14:30 uur.",
    "Leeftijd 18 maanden, botleeftijd 2 jaar 6 maanden.",
    "Lengte P10, gewicht P3, hoofdomtrek P97.",
    "GCS 15, Apgar 9/10, PEWS 2.",
    "Paracetamol 240 mg 4dd, ibuprofen 100 mg 3dd, max 1200 mg per dag.",
    "ICD-10 T74.1 en S72.40, DBC 0301.",
    "ECG: QTc 420 ms, PR 120 ms, hartfrequentie 1200 per 10 minuten.",
    "Behandeling 2x per dag gedurende 10-14 dagen.",
    # reference numbers and other numbers that identify no one
    "Zaaknummer LECK-2025-0042, VT-melding 2025-123456.",
    "Foto's 1 t/m 12 in het dossier, retinabloedingen > 20 per kwadrant.",
    "Dossier 2024-00123 bij LECK, zie verslag 7.",
    "Telefonisch overleg met de kinderarts om 14:30.",
    "Tel de fracturen: totaal 7 op de skeletstatus.",
    "Moeder is 32 jaar, vader 35 jaar, broertje van 4.",
    "Luchtweg 1x vrijgemaakt, 12 liter O2.",
    "Oud IBAN-achtig label NL91ABNA0417164301 met foute controle.",
    "Reeks 123456789 is geen BSN (elfproef faalt).",
    "Lijst 1 2 3 4 5 6 7 8 9 van bevindingen.",
    "Meting 12345678 zonder label.",
    "Naam: onbekend, anoniem aangevraagd.",
    "Retinabloedingen in 2024 OD en OS, richtlijn 2019 KA, score 1000 pt.",
    "Geboren na 38 weken. Op 12-03-2025 gezien op SEH.",
    "Gezien op 12-03-2025, geboren à terme zonder bijzonderheden.",
    "Tijdlijn: 01-02-2021 12 uur gezien, 02-02-2021 14 uur opnieuw.",
    "* 12-03-2025 SEH-bezoek\n* 14-03-2025 skeletstatus",
]


@pytest.mark.parametrize(("sentence", "kind", "value"), IDENTIFYING)
def test_identifier_is_found_with_its_kind_and_place(
    sentence: str, kind: IdentifierKind, value: str
) -> None:
    start = sentence.index(value)
    assert IdentifierHit(kind, start, start + len(value)) in find_identifiers(sentence)


@pytest.mark.parametrize("sentence", CLINICAL)
def test_clinical_text_passes(sentence: str) -> None:
    assert find_identifiers(sentence) == []


def test_the_tables_are_big_enough() -> None:
    assert len(IDENTIFYING) >= 40
    assert len(CLINICAL) >= 40
    assert {kind for _, kind, _ in IDENTIFYING} == set(IdentifierKind)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("123456782", True),
        ("111222333", True),
        ("012345672", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),
    ],
)
def test_elfproef(digits: str, valid: bool) -> None:
    assert elfproef(digits) is valid


def test_iban_checksum() -> None:
    assert iban_checksum_ok("NL91ABNA0417164300")
    assert not iban_checksum_ok("NL91ABNA0417164301")


def test_overlapping_candidates_give_one_hit_of_the_longest_kind() -> None:
    # The IBAN's digits and the phone number's national part are not reported again.
    assert [h.kind for h in find_identifiers("NL91ABNA0417164300 +31 612345678")] == [
        K.IBAN,
        K.PHONE_NUMBER,
    ]


def test_screen_fields_reports_field_and_kind_once_in_field_order() -> None:
    fields = {
        "story": "Moeder 06-12345678, oma 06-87654321, geb. 03-03-2021.",
        "question": None,
        "findings": "Hematoom 25 x 15 mm.",
        "remarks": "Mail: a@b.nl",
    }
    assert screen_fields(fields) == [
        ("story", K.PHONE_NUMBER),
        ("story", K.BIRTH_DATE),
        ("remarks", K.EMAIL_ADDRESS),
    ]


def test_screen_fields_passes_clinical_fields() -> None:
    assert screen_fields({f"f{i}": s for i, s in enumerate(CLINICAL)}) == []


@pytest.mark.parametrize(("sentence", "_kind", "value"), IDENTIFYING)
def test_hits_and_messages_never_carry_the_value(
    sentence: str, _kind: IdentifierKind, value: str
) -> None:
    for hit in find_identifiers(sentence):
        assert value not in repr(hit)
        assert value not in str(hit)
        assert value not in describe(hit.kind)
    assert value not in repr(screen_fields({"story": sentence}))


@pytest.mark.parametrize("kind", list(IdentifierKind))
def test_every_kind_has_a_bilingual_message(kind: IdentifierKind) -> None:
    message = describe(kind)
    assert "anoniem" in message and "anonymous" in message
    assert "verwijder" in message
