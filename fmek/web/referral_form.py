"""The referral form: form fields -> the referral contract's request, and errors -> fields.

The form posts plain fields (it works without JavaScript); this module is the one place that
knows both the field names and the contract, so the pages stay thin. Error texts are Dutch and
never contain what was typed (a BSN is never echoed).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from fmek.clock import AMSTERDAM, utcnow
from fmek.errors import Problem
from fmek.numbers import small_int
from fmek.referrals.adapters import age_in_months
from fmek.referrals.models import CaseFacts, InjuryIn, ReferralCreate, TriageRequest
from fmek.web.form_bounds import FormBounds

MAX_INJURIES = 30
FORM_BOUNDS = FormBounds(
    fields={
        "csrf": 100,
        "actie": 40,
        "sleutel": 64,
        "naam": 200,
        "geboortedatum": 20,
        "geslacht": 20,
        "bsn": 20,
        "mobiliteit": 20,
        "regio": 20,
        "zorgen": 40,
        "vragen": 40,
        "vraagstelling": 10_000,
        "laatste_incident": 20,
        "incident_onbekend": 4,
        "letsels": 4,
    },
    patterns=((r"letsel-\d{1,3}-[a-z]{1,20}", 40),),
    max_fields=60 + 6 * MAX_INJURIES,
)
"""What the referral form (and its preview) may send; the contract's own limits."""


def _accepts_unknown_incident() -> bool:
    try:
        CaseFacts.model_validate({"concerns": ["neglect"], "last_incident_at": "unknown"})
    except ValidationError:
        return False
    return True


UNKNOWN_INCIDENT = _accepts_unknown_incident()
"""Whether the contract takes "unknown" for the last contact (handelingskader v2)."""
PATTERNED = "patterned" in InjuryIn.model_fields
"""Whether an injury can be marked as patterned (handelingskader v2)."""
INJURY_FIELDS = {
    "kind": "soort",
    "body_region": "lichaamsdeel",
    "side": "zijde",
    "observed_at": "gezien",
}
CHILD_FIELDS = {
    "name": "naam",
    "birth_date": "geboortedatum",
    "sex": "geslacht",
    "bsn": "bsn",
    "mobility": "mobiliteit",
}
TOP_FIELDS = {
    "ggd_region": "regio",
    "concerns": "zorgen",
    "questions": "vragen",
    "vraagstelling": "vraagstelling",
    "last_incident_at": "laatste_incident",
}

MESSAGES = {
    "missing": "Vul dit veld in.",
    "invalid_bsn": "Dit BSN klopt niet: 9 cijfers die de elfproef doorstaan. Vul het opnieuw in.",
    "future_birth_date": "De geboortedatum ligt in de toekomst.",
    "not_a_child": "Het kind is op de dag van indienen 18 jaar of ouder; FMEK is voor kinderen.",
    "future_timestamp": "Dit tijdstip ligt in de toekomst.",
    "before_birth": "Dit tijdstip ligt vóór de geboortedatum.",
    "implausible_timestamp": "Dit tijdstip is niet aannemelijk; controleer het jaartal.",
    "enum": "Kies een van de mogelijkheden.",
    "literal_error": "Kies een van de mogelijkheden.",
    "blank_name": "Vul de naam van het kind in.",
    "blank_vraagstelling": "Vul de vraagstelling in.",
    "unknown_region": "Kies een GGD-regio.",
    "date_from_datetime_parsing": "Vul een geldige datum in.",
    "date_parsing": "Vul een geldige datum in.",
    "date_from_datetime_inexact": "Vul een geldige datum in.",
    "datetime_from_date_parsing": "Vul een geldige datum en tijd in.",
    "datetime_parsing": "Vul een geldige datum en tijd in.",
    "timezone_aware": "Vul een geldige datum en tijd in.",
    "string_too_long": "Deze tekst is te lang.",
    "string_too_short": "Vul dit veld in.",
    "last_incident_required": "Bij deze zorg is het tijdstip van het laatste contact nodig; "
    "vul het in of kies 'onbekend'.",
    "mobility_required": "Bij een kind van deze leeftijd is de mobiliteit nodig; kies er een "
    "(onbekend telt als niet mobiel).",
    "idempotency_key_reused": "Dit formulier is al gebruikt voor een andere verwijzing. "
    "Open een nieuw formulier.",
}


@dataclass
class InjuryRow:
    soort: str = ""
    lichaamsdeel: str = ""
    zijde: str = ""
    gezien: str = ""
    patroon: str = ""


@dataclass
class ReferralForm:
    """What was typed, exactly as typed (so a re-rendered page keeps it)."""

    naam: str = ""
    geboortedatum: str = ""
    geslacht: str = ""
    bsn: str = ""
    mobiliteit: str = ""
    regio: str = ""
    zorgen: list[str] = field(default_factory=list)
    vragen: list[str] = field(default_factory=list)
    vraagstelling: str = ""
    laatste_incident: str = ""
    incident_onbekend: bool = False
    letsels: list[InjuryRow] = field(default_factory=list)
    sleutel: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def from_form(cls, data: FormData) -> "ReferralForm":
        """``data`` comes from ``bounded_form(request, FORM_BOUNDS)``: every value is in bounds."""

        def text(name: str) -> str:
            value = data.get(name, "")
            return value.strip() if isinstance(value, str) else ""

        count = min(_int(text("letsels")), MAX_INJURIES)
        rows = [
            InjuryRow(**{f: text(f"letsel-{i}-{f}") for f in INJURY_FIELDS.values()})
            for i in range(count)
        ]
        return cls(
            naam=text("naam"),
            geboortedatum=text("geboortedatum"),
            geslacht=text("geslacht"),
            bsn=text("bsn"),
            mobiliteit=text("mobiliteit"),
            regio=text("regio"),
            zorgen=[v for v in data.getlist("zorgen") if isinstance(v, str)][:10],
            vragen=[v for v in data.getlist("vragen") if isinstance(v, str)][:10],
            vraagstelling=text("vraagstelling"),
            laatste_incident=text("laatste_incident"),
            incident_onbekend=UNKNOWN_INCIDENT and data.get("incident_onbekend") == "ja",
            letsels=rows,
            sleutel=text("sleutel") or uuid.uuid4().hex,
        )

    # --- towards the contract ------------------------------------------------------------

    def facts(self) -> dict[str, Any]:
        body: dict[str, Any] = {"concerns": self.zorgen, "questions": self.vragen}
        if self.incident_onbekend:
            body["last_incident_at"] = "unknown"
        elif self.laatste_incident:
            body["last_incident_at"] = local_datetime(self.laatste_incident)
        body["injuries"] = [
            _drop_empty(
                {
                    "kind": row.soort,
                    "body_region": row.lichaamsdeel,
                    "side": row.zijde,
                    "observed_at": local_datetime(row.gezien) if row.gezien else "",
                    **({"patterned": True} if PATTERNED and row.patroon == "ja" else {}),
                }
            )
            for row in self.letsels
        ]
        return body

    def referral_body(self) -> dict[str, Any]:
        child = _drop_empty(
            {
                "name": self.naam,
                "birth_date": self.geboortedatum,
                "sex": self.geslacht,
                "bsn": self.bsn,
                "mobility": self.mobiliteit,
            }
        )
        return {
            "child": child,
            **_drop_empty({"ggd_region": self.regio, "vraagstelling": self.vraagstelling}),
            **self.facts(),
        }

    def referral(self) -> tuple[ReferralCreate | None, dict[str, str]]:
        try:
            return ReferralCreate.model_validate(self.referral_body()), {}
        except ValidationError as exc:
            return None, self.pydantic_errors(exc)

    def triage_request(self) -> TriageRequest | None:
        """The what-if request for the preview; None while birth date or concerns are missing."""
        try:
            born = date.fromisoformat(self.geboortedatum)
        except ValueError:
            return None
        now = utcnow()
        if born > now.astimezone(AMSTERDAM).date():
            return None
        body = self.facts()
        body["age_months"] = min(age_in_months(born, now), 215)
        if self.mobiliteit:
            body["mobility"] = self.mobiliteit
        try:
            return TriageRequest.model_validate(body)
        except ValidationError:
            return None

    # --- errors back onto fields ---------------------------------------------------------

    def pydantic_errors(self, exc: ValidationError) -> dict[str, str]:
        errors: dict[str, str] = {}
        for error in exc.errors():
            errors.setdefault(field_of(error["loc"]), message(error["type"]))
        return errors

    def problem_errors(self, problems: list[Problem]) -> dict[str, str]:
        errors: dict[str, str] = {}
        for problem in problems:
            loc = problem.loc[1:] if problem.loc[:1] == ("body",) else problem.loc
            errors.setdefault(field_of(loc), message(problem.type))
        return errors

    def forget_bad_bsn(self, errors: dict[str, str]) -> None:
        """A refused BSN is not sent back into the page."""
        if "bsn" in errors:
            self.bsn = ""


def field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    """('child', 'bsn') -> 'bsn'; ('injuries', 0, 'kind') -> 'letsel-0-soort'."""
    parts = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    if not parts:
        return "formulier"
    if parts[0] == "child" and len(parts) > 1:
        return CHILD_FIELDS.get(str(parts[1]), "formulier")
    if parts[0] == "child":
        return "naam"
    if parts[0] == "injuries" and len(parts) > 2 and isinstance(parts[1], int):
        return f"letsel-{parts[1]}-{INJURY_FIELDS.get(str(parts[2]), 'soort')}"
    if parts[0] == "injuries":
        return "letsels"
    return TOP_FIELDS.get(str(parts[0]), "formulier")


def message(kind: str) -> str:
    if kind == "too_short":
        return "Kies minstens één mogelijkheid."
    return MESSAGES.get(kind, "Deze invoer klopt niet.")


def local_datetime(value: str) -> str:
    """'2026-11-29T14:30' typed in the Netherlands -> an ISO time with its UTC offset."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return value
    if naive.tzinfo is not None:
        return naive.isoformat()
    return naive.replace(tzinfo=AMSTERDAM).isoformat()


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None)}


def _int(value: str) -> int:
    return small_int(value) or 0
