"""Dutch labels for the findings editor: per field (dotted path or last name) and per value.

Fields this table does not know yet (the report contract grows) are shown by their own name.
"""

from reports import labels as report_words
from reports.consent import ConsentAuthority
from reports.data import AUTHORITY_NL

FIELD = {
    "kind": "Soort rapport",
    "instructing_authority": "Opdrachtgever",
    "instruction": "Opdracht",
    "authority": "Opdrachtgevende instantie",
    "name": "Naam",
    "legal_basis": "Wettelijke grondslag",
    "questions": "Vragen (één per regel; leeg: de vraagstelling van de verwijzing)",
    "examination": "Onderzoek",
    "examined_at": "Tijdstip van onderzoek",
    "place": "Plaats van onderzoek",
    "persons_present": "Aanwezigen (één per regel)",
    "consent": "Toestemming",
    "given_by": "Toestemming gegeven door",
    "text": "Waarvoor toestemming is gegeven",
    "sources": "Bronnen (één per regel)",
    "anamnesis": "Anamnese",
    "informant": "Informant",
    "statement": "Verklaring (letterlijk)",
    "findings": "Lichamelijk onderzoek",
    "area": "Lichaamsgebied",
    "observation": "Bevinding",
    "injuries": "Letselinventaris",
    "number": "Nummer",
    "body_region": "Lichaamsdeel",
    "side": "Zijde",
    "size_mm": "Afmeting",
    "length": "Lengte (mm)",
    "width": "Breedte (mm)",
    "shape": "Vorm",
    "colours": "Kleuren (één per regel)",
    "border": "Begrenzing",
    "pattern": "Patroon",
    "photo_refs": "Foto's (nummers, één per regel)",
    "location": "Precieze plek",
    "map_x": "Positie op het lichaamsschema, horizontaal",
    "map_y": "Positie op het lichaamsschema, verticaal",
    "photos": "Fotoverslag",
    "photo_id": "Fotonummer",
    "taken_at": "Gemaakt op",
    "scale_present": "Maatlat in beeld",
    "light": "Licht",
    "description": "Beschrijving",
    "investigations": "Aanvullend onderzoek",
    "performed_on": "Datum",
    "result": "Uitslag",
    "interpretation": "Interpretatie",
    "assessment": "Beoordeling",
    "reasoning": "Onderbouwing",
    "fit_with_history": "Passend bij de anamnese?",
    "age_and_healing": "Leeftijd en genezing van het letsel",
    "conclusions": "Conclusies",
    "question": "Antwoord op vraag nummer",
    "h1": "Hypothese H1",
    "h2": "Hypothese H2",
    "band": "Mate van steun",
    "category": "Categorie (klinisch)",
    "explanation": "Toelichting",
    "limitations": "Beperkingen (één per regel)",
    "h2_source": "Bron van H2",
    "onderbouwing": "Onderbouwing",
    "pv_number": "Proces-verbaalnummer",
    "aangifte_number": "Aangiftenummer",
    "appointment_date": "Datum van benoeming",
    "appointment_number": "Benoemingsnummer",
    "nrgd_number": "NRGD-nummer",
    "fit_with_toedracht": "Past het letsel bij de opgegeven toedracht?",
    "expected_healing": "Verwachte genezing",
    "ended_at": "Einde van het onderzoek",
    "before_request_reason": "Reden voor onderzoek vóór het verzoek (alleen dan invullen)",
    "given_at": "Tijdstip van de toestemming",
    "scope": "Omvang van de toestemming",
    "photographs": "Toestemming voor foto's",
    "share_with": "Bevindingen delen met (één per regel)",
    "court_order_reference": "Kenmerk van de rechterlijke beslissing",
    "orientation_deg": "Richting op het lichaamsschema (graden; 0 = van hoofd naar voeten, "
    "90 = dwars)",
    "photographer": "Fotograaf",
    "device": "Camera",
    "storage_place": "Opgeslagen in",
    "stored_at": "Opgeslagen op",
}
ROW = {
    "anamnesis.*": "Verklaring",
    "findings.*": "Bevinding",
    "injuries.*": "Letsel",
    "photos.*": "Foto",
    "investigations.*": "Onderzoek",
    "conclusions.*": "Conclusie",
}
VALUE: dict[str, dict[str, str]] = {
    "kind": {
        **{str(k.value): v for k, v in report_words.REPORT_KIND.items()},
        "evaluative": "evaluatief (H1 tegenover H2)",
        "clinical": "klinisch (LECK-categorie)",
        **{str(k.value): v for k, v in report_words.INJURY_KIND.items()},
    },
    "authority": {
        **{str(k.value): k.nl for k in ConsentAuthority},
        **{str(k.value): v for k, v in AUTHORITY_NL.items()},
    },
    "body_region": {str(k.value): v for k, v in report_words.REGION.items()},
    "side": {str(k.value): v for k, v in report_words.SIDE.items()},
    "light": {str(k.value): v for k, v in report_words.LIGHT.items()},
    "assessment": {str(k.value): v for k, v in report_words.ASSESSMENT.items()},
    "band": {
        "weak": "zwakke steun",
        "moderate": "matige steun",
        "moderately_strong": "tamelijk sterke steun",
        "strong": "sterke steun",
        "very_strong": "zeer sterke steun",
        "extremely_strong": "extreem sterke steun",
    },
    "category": {
        "vrijwel_zeker": "vrijwel zeker kindermishandeling",
        "waarschijnlijk": "waarschijnlijk kindermishandeling",
        "onwaarschijnlijk": "onwaarschijnlijk kindermishandeling",
        "vrijwel_zeker_geen": "vrijwel zeker geen kindermishandeling",
        "accidenteel": "accidenteel",
        "ziekte_of_normale_variatie": "ziekte of normale variatie",
    },
}


BY_PATH = {
    "injuries.*.kind": "Soort letsel",
    "conclusions.*.kind": "Soort conclusie",
    "instruction.name": "Naam opdrachtgever",
    "consent.authority": "Grondslag van de toestemming",
    "consent.text": "Toelichting",
    "consent.scope.examination": "Toestemming voor lichamelijk onderzoek",
}


def field_label(path: str, name: str) -> str:
    """'injuries.*' -> 'Letsel'; 'injuries.0.kind' -> 'Soort letsel'; else by its last name."""
    if path.endswith(".*"):
        generic = path.split(".")[0] + ".*"
        return ROW.get(generic, name)
    generic = ".".join("*" if part.isdigit() else part for part in path.split("."))
    return BY_PATH.get(generic, FIELD.get(name, name.replace("_", " ")))


def value_word(name: str, value: str) -> str:
    return VALUE.get(name, {}).get(value, value.replace("_", " "))
