"""Dutch words for the referral contract's codes, times in Europe/Amsterdam, and countdowns.

Unknown codes (a newer vocabulary than this table) fall back to the code itself, so a page
never breaks when the contract grows.
"""

import re
from datetime import date, datetime, timedelta

from fmek.clock import AMSTERDAM, as_utc
from fmek.web.labels import MONTHS_SHORT

SEX = {"female": "meisje", "male": "jongen", "unknown": "onbekend"}
MOBILITY = {
    "mobile": "zelfstandig mobiel",
    "not_mobile": "niet zelfstandig mobiel",
    "unknown": "onbekend",
}
CONCERN = {
    "physical_abuse": "lichamelijke mishandeling",
    "sexual_abuse": "seksueel misbruik",
    "neglect": "verwaarlozing",
    "medical_child_abuse": "medische kindermishandeling",
    "growth_delay": "groeiachterstand of ontwikkelingsachterstand",
}
QUESTION = {
    "documentation": "vastleggen van letsel",
    "interpretation": "duiding van letsel",
    "disease_vs_injury": "ziekte of letsel?",
    "second_opinion": "second opinion",
}
INJURY_KIND = {
    "bruise": "blauwe plek (hematoom)",
    "abrasion": "schaafwond",
    "laceration": "snijwond of scheurwond",
    "burn": "brandwond",
    "bite": "bijtwond",
    "fracture": "botbreuk",
    "head_trauma": "hoofdletsel",
    "retinal_haemorrhage": "netvliesbloeding",
    "abdominal": "buikletsel",
    "patterned": "patroonletsel",
    "other": "anders",
    "scald": "verbranding door heet water",
    "contact_burn": "contactverbranding",
    "immersion_burn": "onderdompelingsverbranding",
    "incised_wound": "snijwond",
    "stab_wound": "steekwond",
    "petechiae": "petechiën",
    "scar": "litteken",
}
BODY_REGION = {
    "head": "hoofd",
    "face": "gezicht",
    "ear": "oor",
    "neck": "hals",
    "chest": "borst",
    "abdomen": "buik",
    "back": "rug",
    "buttocks": "billen",
    "genital": "genitaliën",
    "arm": "arm",
    "hand": "hand",
    "leg": "been",
    "foot": "voet",
    "cheek": "wang",
    "eyelid": "ooglid",
    "frenulum": "frenulum",
    "jaw_angle": "kaakhoek",
}
TASK = {
    "ggd_examination": "GGD-onderzoek",
    "leck_advice": "LECK-advies",
    "leck_consult": "LECK-consult",
    "acute_zeden": "acute zedenzaak (politie/LOEF)",
}
SIDE = {"left": "links", "right": "rechts", "midline": "midden", "bilateral": "beide zijden"}
DESTINATION = {"ggd": "GGD", "leck": "LECK"}
URGENCY = {"acute": "acuut", "urgent": "urgent", "planned": "gepland"}
STATUS = {
    "submitted": "ingediend",
    "routed": "doorverwezen",
    "scheduled": "ingepland",
    "examined": "onderzocht",
    "reported": "gerapporteerd",
    "closed": "afgesloten",
    "withdrawn": "ingetrokken",
}
ASSIGNMENT_STATUS = {
    "proposed": "voorgesteld",
    "accepted": "geaccepteerd",
    "declined": "geweigerd",
    "started": "begonnen",
    "completed": "afgerond",
    "withdrawn": "vervallen",
}
EXAMINATION_STATUS = {
    "pending": "wordt ingepland; vernieuw de pagina over een ogenblik",
    "assigned": "voorgesteld",
    "accepted": "geaccepteerd",
    "started": "begonnen",
    "completed": "afgerond",
    "escalated": "niemand kon op tijd beginnen; doorgezet naar het LECK",
    "cancelled": "vervallen",
}
NOTICE = {
    "assigned": "Nieuw onderzoek toegewezen",
    "moved": "Onderzoek verplaatst",
    "removed": "Onderzoek vervallen",
}
RULE = {
    "SA-ACUTE-CHILD": "Vermoeden van seksueel misbruik, laatste contact hooguit 7 dagen geleden, "
    "kind jonger dan 13 jaar: acuut forensisch onderzoek door een NFI-specialist via het LECK.",
    "SA-ACUTE-TEEN": "Vermoeden van seksueel misbruik, laatste contact hooguit 7 dagen geleden, "
    "kind van 13 tot 18 jaar: acuut onderzoek door de forensisch arts van de GGD samen met het "
    "Centrum Seksueel Geweld.",
    "SA-NONACUTE": "Vermoeden van seksueel misbruik, laatste contact meer dan 7 dagen geleden of "
    "onbekend: geplande beoordeling door het LECK.",
    "NIM": "Letsel bij een kind dat niet zelfstandig mobiel is (jonger dan 6 maanden, of "
    "opgegeven als niet mobiel): acute beoordeling door het LECK.",
    "INFANT-SEVERE": "Kind jonger dan 24 maanden met een botbreuk, hoofdletsel, "
    "netvliesbloeding of buikletsel: acute beoordeling door het LECK.",
    "INTERNAL": "Botbreuk, hoofdletsel, netvliesbloeding of buikletsel (elke leeftijd): "
    "urgente beoordeling door het LECK.",
    "PCF": "Vermoeden van medische kindermishandeling: geplande beoordeling door het LECK.",
    "GROWTH": "Groei- of ontwikkelingsachterstand bij de zorgen: geplande beoordeling door het "
    "LECK.",
    "DIFFERENTIAL": "De vraag is ziekte of letsel: geplande beoordeling door het LECK.",
    "SECOND-OPINION": "Er wordt een second opinion op een bestaand rapport gevraagd: geplande "
    "beoordeling door het LECK.",
    "TEN": "Kind jonger dan 48 maanden met een blauwe plek op oor, hals of romp (TEN-4-regel): "
    "acuut onderzoek door de GGD.",
    "FRESH": "Uitwendig letsel (blauwe plek, schaafwond, wond, brandwond, beet) minder dan 72 uur "
    "voor het indienen gezien: urgent onderzoek door de GGD, zolang het nog vast te leggen is.",
    "DEFAULT": "Geen andere regel van toepassing: gepland onderzoek door de forensisch arts van "
    "de GGD binnen 5 werkdagen.",
    "AVAILABILITY": "Geen bevoegde forensisch arts in de regio of een buurregio kan vóór de "
    "deadline beginnen; daarom is de zaak doorgezet naar het LECK.",
}


def word(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return "–"
    return table.get(str(code), str(code))


def rule_text(rule_id: str, description: str = "", ruleset_version: str = "1") -> str:
    """The Dutch explanation of a triage rule. Handelingskader v1 describes its rules in
    English (translated here); later versions describe them in Dutch themselves."""
    if ruleset_version == "1" and rule_id in RULE:
        return RULE[rule_id]
    return description or rule_id


_AVAILABILITY = re.compile(
    r"no qualified doctor of (?P<region>[^\s,]+)(?P<wider>, its neighbouring regions or its "
    r"police-unit cluster| or neighbouring regions) can start before (?P<deadline>.+?); "
    r"earliest possible start (?P<earliest>.+)"
)
DECISION_REASON = {"advice → consult": "Het LECK-advies is omgezet in een consult."}


def decision_reason(reason: str | None) -> str | None:
    """A decision's reason in Dutch; the API stores and returns it in English. Reasons from
    before the police-unit cluster (v1: region and neighbours only) keep their own wording."""
    if not reason:
        return None
    if reason in DECISION_REASON:
        return DECISION_REASON[reason]
    match = _AVAILABILITY.fullmatch(reason)
    if match is None:
        return reason
    wider = (
        " of een buurregio"
        if match["wider"] == " or neighbouring regions"
        else ", de buurregio's of het cluster van de politie-eenheid"
    )
    earliest = match["earliest"]
    earliest_nl = "geen in het rooster" if earliest == "none on the roster" else earliest
    return (
        f"Geen bevoegde forensisch arts van {match['region']}{wider} kan vóór "
        f"{match['deadline']} beginnen; de vroegst mogelijke start is {earliest_nl}."
    )


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(AMSTERDAM)


def moment(value: datetime | str | None) -> str:
    """'ma 30 nov 2026 14:05' in Europe/Amsterdam; 'onbekend' for a stated unknown."""
    if value is None:
        return "–"
    if not isinstance(value, datetime):
        return "onbekend" if value == "unknown" else str(value)
    at = local(value)
    days = ("ma", "di", "wo", "do", "vr", "za", "zo")
    return (
        f"{days[at.weekday()]} {at.day} {MONTHS_SHORT[at.month - 1]} {at.year} "
        f"{at.hour:02d}:{at.minute:02d}"
    )


def clock_local(value: datetime) -> str:
    at = local(value)
    return f"{at.hour:02d}:{at.minute:02d}"


def short_date(value: date) -> str:
    return f"{value.day} {MONTHS_SHORT[value.month - 1]} {value.year}"


def duration(delta: timedelta) -> str:
    """'3 u 20 min', '2 d 4 u', '45 min'."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} u"
    if hours:
        return f"{hours} u {mins} min"
    return f"{mins} min"


def countdown(deadline: datetime, now: datetime) -> tuple[str, bool]:
    """('nog 3 u 20 min', False) before the deadline; ('verstreken, 1 u 5 min geleden', True) after."""
    left = as_utc(deadline) - as_utc(now)
    if left.total_seconds() >= 0:
        return f"nog {duration(left)}", False
    return f"verstreken, {duration(left)} geleden", True


WITHHELD = "(naam afgeschermd)"


def initials(name: str | None) -> str:
    """The child's initials only ('Demo Kind Een' -> 'D.K.E.'): lists never show full names.
    A reader without need to know gets no name at all (None), so not even initials."""
    if name is None:
        return WITHHELD
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(f"{p[0].upper()}." for p in parts) or "?"
