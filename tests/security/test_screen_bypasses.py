"""The identifier screen's bypasses from the hardening probes are caught, clinical look-alikes
still pass."""

import pytest

from fmek.advice.identifiers import IdentifierKind, find_identifiers


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Het kind734512004 kwam met moeder.", IdentifierKind.BSN),
        ("Nummer 734/512/004 genoteerd.", IdentifierKind.BSN),
        ("ref 123_456_782 in dossier", IdentifierKind.BSN),
        ("Woont op kerkstraat 12 te Utrecht.", IdentifierKind.STREET_ADDRESS),
        ("Adres Kerkstr. 12, tweede etage.", IdentifierKind.STREET_ADDRESS),
        ("Bekend onder ZIS 1234567 in het ziekenhuis.", IdentifierKind.PATIENT_NUMBER),
        ("Moeder is bereikbaar via o6-98765432 overdag.", IdentifierKind.PHONE_NUMBER),
    ],
)
def test_probe_bypasses_are_found(text: str, kind: IdentifierKind) -> None:
    assert kind in {hit.kind for hit in find_identifiers(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Controle op 12/03/2025 en 19/03/2025.",
        "Fractuur AO 22/23, gips 6 weken.",
        "Batch LOT734512004 van het vaccin.",
        "Gewicht 12 kg, lengte 88 cm, HB 7.2 mmol/l.",
        "Zie ook de luchtweg 2 keer beoordeeld.",
    ],
)
def test_clinical_text_still_passes(text: str) -> None:
    assert find_identifiers(text) == []
