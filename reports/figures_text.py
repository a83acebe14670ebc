"""What each figure means, in Dutch: its label, unit and definition.

Every published cell carries these, so a page, chart or PDF can show a new indicator without
code of its own. Labels are composed from the parts of the figure's key, the definition is the
most specific entry of ``DEFINITIONS`` that covers the key.
"""

DEFINITIONS: dict[str, str] = {
    "period": "Kalenderdagen van/tot en met, Europe/Amsterdam. Een verwijzing, onderzoek of "
    "advies telt mee in de periode waarin het is ontvangen.",
    "suppressed": "Aantallen van 1 tot en met 4 (kinderen, verwijzingen, onderzoeken, adviezen, "
    "overdrachten) worden niet getoond (null, suppressed: true), net als een cel waaruit zo'n "
    "aantal terug te rekenen is: uit een totaal en de andere cellen van een tabel, en uit het "
    "landelijke totaal min de andere regio's. Aandelen, medianen en p90 op minder dan 5 "
    "waarnemingen worden evenmin getoond.",
    "trend": "Dezelfde cijfers over de laatste halfjaren tot en met het halfjaar waarin de "
    "periode eindigt (oudste eerst), elk halfjaar afzonderlijk onderdrukt.",
    "available.rostered_hours": "Uren van alle roosterposities (primair en achterwacht) in de "
    "periode, voor de regio of de pools waarin zij deelneemt.",
    "available.filled_hours": "Roosteruren waarop een arts is ingeroosterd.",
    "available.gap_hours": "Roosteruren zonder arts (gaten).",
    "available.filled_share": "Gevulde roosteruren gedeeld door alle roosteruren.",
    "available.primary_and_backup_share": "Aandeel van de dienst-uren (een dienst: de primaire "
    "positie met haar achterwacht) waarin zowel de primaire positie als de achterwacht is "
    "gevuld door een arts die de vereiste bevoegdheden heeft en wiens BIG-registratie en "
    "bevoegdheden op die dag geldig zijn.",
    "available.neighbour_or_pool_hours": "Gevulde roosteruren op een positie van een "
    "regiopool, of door een arts uit een andere regio (buurregio).",
    "available.doctors_on_roster": "Aantal verschillende artsen met ten minste één positie.",
    "available.doctors_registered": "Actieve forensisch artsen die nu in de regio zijn "
    "ingeschreven (geen historie: de stand van vandaag).",
    "available.fte": "Som van de contracturen van de actieve artsen gedeeld door 36 uur "
    "(voltijdse werkweek) [design: 36 uur is een aanname, te toetsen aan de cao].",
    "available.children_0_17": "Inwoners van 0 tot en met 17 jaar in de GGD-regio (of het "
    "land), referentiegegeven; bron staat in het gegevensbestand (CBS-indeling GGD-regio's, "
    "benadering) [verify].",
    "available.doctors_per_100k_children": "Actieve ingeschreven artsen per 100.000 inwoners "
    "van 0 tot en met 17 jaar (referentiegegeven, zie children_0_17).",
    "in_time.referrals": "Verwijzingen ontvangen in de periode, naar urgentie van het "
    "huidige besluit.",
    "in_time.acute_zeden_handoffs": "Verwijzingen met een overdracht acute zeden (politie/LOEF).",
    "in_time.escalations": "Verwijzingen uit de periode die door escalatie BESCHIKBAARHEID "
    "(geen bevoegde arts van de regio, buurregio of politie-eenheid kon op tijd beginnen) "
    "naar het LECK gingen, ook als er nooit een onderzoek was aangemaakt.",
    "in_time.examinations": "GGD-onderzoeken (taak ggd_examination) van verwijzingen uit de "
    "periode. Op tijd: werkelijk gestart uiterlijk op de deadline van het urgentievenster van "
    "het handelingskader; er is geen landelijke norm voor 'tijdig', dit is de eigen norm van "
    "FMEK. Minuten tot start: van ontvangst van de verwijzing tot de werkelijke start van het "
    "onderzoek (mediaan; p90 volgens nearest rank).",
    "in_time.examinations.never_started_reasons": "Nooit gestart: escalated (geen arts op tijd "
    "beschikbaar: escalatie BESCHIKBAARHEID), cancelled (geannuleerd), open (nog niet gestart).",
    "in_time.examinations.late_reasons": "Te laat gestart: planned_late (al ingepland na de "
    "deadline: geen arts kon eerder), started_late (op tijd ingepland, later begonnen).",
    "in_time.leck_advices": "Anonieme adviesvragen aan het LECK ontvangen in de periode; uren "
    "van ontvangst tot eerste antwoord en tot vrijgave (mediaan en p90).",
    "secured.employed_hours_share": "Aandeel van de gevulde roosteruren door artsen in loondienst.",
    "secured.hired_hours_share": "Aandeel van de gevulde roosteruren door ingehuurde artsen.",
    "secured.qualifications_expiring": "Bevoegdheden en BIG-registraties van actieve artsen "
    "waarvan de geldigheid afloopt in het halfjaar (183 dagen) na de peildatum: het einde van "
    "de periode, of vandaag als dat eerder is.",
    "secured.doctors_with_expiring_qualifications": "Artsen met ten minste één bevoegdheid of "
    "BIG-registratie die in dat halfjaar afloopt.",
    "secured.nights_top_two_share": "Aandeel van de nachten (03:00 uur, primaire positie gevuld) "
    "dat gedragen wordt door de twee artsen met de meeste nachten; landelijk de mediaan over "
    "de regio's.",
    "secured.regions_depending_on_two_doctors": "Regio's waar één of twee artsen meer dan de "
    "helft van de nachten dragen (regionaal: 1 of 0).",
    "secured.weeks_rostered_ahead": "Aaneengesloten weken na de week van de peildatum waarvoor "
    "op de peildatum al een rooster was gemaakt; landelijk de mediaan over de regio's.",
    "secured.weeks_rostered_ahead_min": "Het laagste aantal weken vooruit geroosterd van de "
    "regio's (regionaal: gelijk aan weeks_rostered_ahead).",
    "secured.consults": "Consulten (geïdentificeerd kind, Zvw-gefinancierd): verwijzingen met "
    "een taak leck_consult.",
    "secured.anonymous_advices": "Anonieme adviezen (subsidie-gefinancierd).",
}

WORDS: dict[str, str] = {
    "available": "Voldoende beschikbaar",
    "in_time": "Tijdig ingezet",
    "secured": "Structureel geborgd",
    "rostered_hours": "roosteruren",
    "filled_hours": "gevulde roosteruren",
    "gap_hours": "roosteruren zonder arts",
    "filled_share": "aandeel gevulde roosteruren",
    "primary_and_backup_share": "aandeel dienst-uren met bevoegde primaire arts én achterwacht",
    "neighbour_or_pool_hours": "uren door buurregio of pool",
    "doctors_on_roster": "artsen op het rooster",
    "doctors_registered": "ingeschreven artsen",
    "fte": "fte artsen",
    "children_0_17": "kinderen 0-17 jaar",
    "doctors_per_100k_children": "artsen per 100.000 kinderen",
    "referrals": "verwijzingen",
    "total": "totaal",
    "by_urgency": "",
    "acute": "acuut",
    "urgent": "urgent",
    "planned": "gepland",
    "acute_zeden_handoffs": "overdrachten acute zeden",
    "escalations": "escalaties",
    "availability": "beschikbaarheid",
    "examinations": "GGD-onderzoeken",
    "all": "alle",
    "on_time": "op tijd gestart",
    "late": "te laat gestart",
    "never_started": "nooit gestart",
    "on_time_share": "aandeel op tijd",
    "median_minutes_to_start": "mediaan minuten tot start",
    "p90_minutes_to_start": "p90 minuten tot start",
    "never_started_reasons": "nooit gestart, reden",
    "escalated": "geëscaleerd",
    "cancelled": "geannuleerd",
    "open": "nog open",
    "late_reasons": "te laat, reden",
    "planned_late": "al te laat ingepland",
    "started_late": "later begonnen dan ingepland",
    "leck_advices": "LECK-adviezen",
    "received": "ontvangen",
    "answered": "beantwoord",
    "released": "vrijgegeven",
    "median_hours_to_answer": "mediaan uren tot antwoord",
    "p90_hours_to_answer": "p90 uren tot antwoord",
    "median_hours_to_release": "mediaan uren tot vrijgave",
    "p90_hours_to_release": "p90 uren tot vrijgave",
    "employed_hours_share": "aandeel uren in loondienst",
    "hired_hours_share": "aandeel uren ingehuurd",
    "qualifications_expiring": "bevoegdheden die binnen een halfjaar aflopen",
    "doctors_with_expiring_qualifications": "artsen met aflopende bevoegdheid",
    "nights_top_two_share": "aandeel nachten door de twee drukst belaste artsen",
    "regions_depending_on_two_doctors": "regio's afhankelijk van één of twee artsen",
    "weeks_rostered_ahead": "weken vooruit geroosterd",
    "weeks_rostered_ahead_min": "minste weken vooruit geroosterd",
    "consults": "consulten (Zvw)",
    "anonymous_advices": "anonieme adviezen (subsidie)",
}


def label(key: str) -> str:
    """``in_time.examinations.by_urgency.acute.on_time`` → "GGD-onderzoeken, acuut, op tijd
    gestart" (the group is left out: the renderer shows it as a heading)."""
    parts = [WORDS.get(part, part.replace("_", " ")) for part in key.split(".")[1:]]
    text = ", ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def unit(key: str) -> str:
    """The unit a renderer prints after the value; ``aandeel`` is a fraction 0-1."""
    leaf = key.rsplit(".", 1)[-1]
    if leaf.endswith("_share"):
        return "aandeel"
    if leaf.endswith("_hours") or "hours_to" in leaf:
        return "uren"
    if "minutes" in leaf:
        return "minuten"
    if leaf == "fte":
        return "fte"
    if leaf.startswith("weeks"):
        return "weken"
    if leaf == "doctors_per_100k_children":
        return "per 100.000 kinderen"
    return "aantal"


def definition(key: str) -> str:
    """The most specific definition covering ``key`` (its own, else its parent's)."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = DEFINITIONS.get(".".join(parts[:end]))
        if found is not None:
            return found
    return ""
