"""Dutch words for the contract's enum values, as printed in reports."""

from __future__ import annotations

from reports.data import (
    Assessment,
    BodyRegion,
    Concern,
    InjuryKind,
    Light,
    ReportKind,
    Sex,
    Side,
)

REGION = {
    BodyRegion.HEAD: "hoofd (behaard)",
    BodyRegion.FACE: "gelaat",
    BodyRegion.EAR: "oor",
    BodyRegion.NECK: "hals",
    BodyRegion.CHEST: "borst",
    BodyRegion.ABDOMEN: "buik",
    BodyRegion.BACK: "rug",
    BodyRegion.BUTTOCKS: "billen",
    BodyRegion.GENITAL: "genitaal gebied",
    BodyRegion.ARM: "arm",
    BodyRegion.HAND: "hand",
    BodyRegion.LEG: "been",
    BodyRegion.FOOT: "voet",
    BodyRegion.CHEEK: "wang",
    BodyRegion.EYELID: "ooglid of oogwit (subconjunctiva)",
    BodyRegion.FRENULUM: "frenulum (lip- of tongriempje)",
    BodyRegion.JAW_ANGLE: "kaakhoek",
}

SIDE = {
    Side.LEFT: "links",
    Side.RIGHT: "rechts",
    Side.MIDLINE: "middenlijn",
    Side.BILATERAL: "beiderzijds",
}

INJURY_KIND = {
    InjuryKind.BRUISE: "onderhuidse bloeduitstorting (blauwe plek)",
    InjuryKind.ABRASION: "schaafwond",
    InjuryKind.LACERATION: "scheurwond",
    InjuryKind.BURN: "brandwond",
    InjuryKind.BITE: "bijtletsel",
    InjuryKind.FRACTURE: "fractuur",
    InjuryKind.HEAD_TRAUMA: "hoofdletsel",
    InjuryKind.RETINAL_HAEMORRHAGE: "retinabloeding",
    InjuryKind.ABDOMINAL: "buikletsel",
    InjuryKind.OTHER: "overig",
    InjuryKind.SCALD: "verbranding door hete vloeistof",
    InjuryKind.CONTACT_BURN: "contactverbranding",
    InjuryKind.IMMERSION_BURN: "onderdompelingsverbranding",
    InjuryKind.INCISED_WOUND: "snijwond",
    InjuryKind.STAB_WOUND: "steekwond",
    InjuryKind.PETECHIAE: "petechiën",
    InjuryKind.SCAR: "litteken",
}

SEX = {Sex.FEMALE: "meisje", Sex.MALE: "jongen", Sex.UNKNOWN: "onbekend"}

LIGHT = {Light.WHITE: "wit licht", Light.FORENSIC: "forensische lichtbron"}

ASSESSMENT = {
    Assessment.DISEASE: "ziekte of normale variatie",
    Assessment.ACCIDENTAL: "accidenteel (ongeval)",
    Assessment.INFLICTED: "toegebracht letsel",
    Assessment.UNDETERMINED: "niet te bepalen",
}

CONCERN = {
    Concern.PHYSICAL_ABUSE: "lichamelijke mishandeling",
    Concern.SEXUAL_ABUSE: "seksueel misbruik",
    Concern.NEGLECT: "verwaarlozing",
    Concern.MEDICAL_CHILD_ABUSE: "medische kindermishandeling",
    Concern.GROWTH_DELAY: "groeiachterstand",
}

REPORT_KIND = {
    ReportKind.LETSELVERKLARING: "Letselverklaring",
    ReportKind.LETSELDUIDING: "Letselduiding",
    ReportKind.LETSELRAPPORTAGE: "Letselrapportage",
    ReportKind.DOSSIERONDERZOEK: "Dossieronderzoek",
    ReportKind.LETSELVERTALING: "Letselvertaling",
}


def region_nl(value: BodyRegion) -> str:
    return REGION[BodyRegion(value)]


def side_nl(value: Side) -> str:
    return SIDE[Side(value)]


def injury_kind_nl(value: InjuryKind) -> str:
    return INJURY_KIND[InjuryKind(value)]


def sex_nl(value: Sex) -> str:
    return SEX[Sex(value)]


def light_nl(value: Light) -> str:
    return LIGHT[Light(value)]


def assessment_nl(value: Assessment) -> str:
    return ASSESSMENT[Assessment(value)]


def concern_nl(value: Concern) -> str:
    return CONCERN[Concern(value)]


def report_kind_nl(value: ReportKind) -> str:
    return REPORT_KIND[ReportKind(value)]
