"""Dutch labels for the planner pages (the API keeps the English codes)."""

from datetime import date, datetime

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAYS_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip

MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

ROLE = {"primary": "primair", "backup": "achterwacht"}
KIND = {"day": "onderzoeksdienst", "night": "nachtdienst", "on_call": "consignatie"}
QUALIFICATION = {
    "child_forensic": "FMEK-kinderen",
    "sexual_abuse": "zedenonderzoek",
    "senior": "senior",
}
RULE = {
    "coverage": "Niet ingevuld",
    "qualification": "Kwalificatie ontbreekt",
    "big_registration": "BIG-registratie verlopen",
    "leave": "Arts heeft verlof",
    "daily_rest": "Te weinig dagelijkse rust (11 uur)",
    "rest_after_night": "Te weinig rust na nachtdienst (14 uur)",
    "night_series_rest": "Te weinig rust na 3 of meer nachtdiensten (46 uur)",
    "on_call_near_night": "Consignatie te dicht bij een nachtdienst",
    "long_night_shifts": "Te vaak een nachtdienst langer dan 10 uur",
    "max_nights_16_weeks": "Meer dan 36 nachtdiensten per 16 weken",
    "one_position_at_a_time": "Arts staat tegelijk op twee posities",
    "max_work_per_24h": "Meer dan 13 uur werk per 24 uur",
    "max_on_call_days": "Meer dan 14 consignatiedagen per 4 weken",
    "on_call_free_days": "Minder dan 14 consignatievrije dagen per 28 dagen",
    "free_48h_periods": "Geen 2 x 48 uur vrij van werk en consignatie per 4 weken",
    "weekly_rest": "Te weinig wekelijkse rust (36 uur)",
    "max_week_hours": "Meer dan 60 uur per week",
    "avg_hours_4_weeks": "Gemiddeld meer dan 55 uur per week over 4 weken",
    "avg_hours_16_weeks": "Gemiddeld meer dan 48 uur per week over 16 weken",
    "night_call_out_average": "Gemiddeld meer dan 40 uur per week na 16 nachtconsignaties",
    "policy_consecutive_on_call_nights": "Beleid (geen wet): consignatienachten achter elkaar",
    "max_shift_length": "Dienst is te lang",
    "pool_membership": "Arts hoort niet bij deze regio of pool",
    "duplicate_assignment": "Positie dubbel toegewezen",
    "unknown_reference": "Onbekende arts of positie",
    "pin": "Vastgezette toewijzing gewijzigd",
    "contract_hours": "Boven de contracturen",
    "pref_no_nights": "Voorkeur: geen nachten",
    "pref_weekdays": "Voorkeur: andere dagen",
}
SEVERITY = {"hard": "regel", "soft": "voorkeur", "gap": "gat"}
JOB_STATUS = {
    "queued": "in de wachtrij",
    "running": "bezig",
    "done": "klaar",
    "failed": "mislukt",
}


def day_label(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def short_day(day: date) -> str:
    return f"{DAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]}"


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def rule_label(rule: str) -> str:
    return RULE.get(rule, rule)
