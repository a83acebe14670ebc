"""From a released anonymous advice to an identified LECK consult, with recorded consent.

Only here does the requester give the child's identity, and only together with who consented,
when and for what (``fmek.advice.consult.convert_to_consult``: a referral to LECK, linked to the
anonymous case solely through the consent record). Refusals name the field, never the value.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from fmek.advice import consult, service
from fmek.advice.consult import CONSULT_ROLES
from fmek.advice.lifecycle import AdviceStatus
from fmek.advice.models import ConsentGiver, ConsultCreate
from fmek.auth.models import User
from fmek.clock import AMSTERDAM
from fmek.db import SessionDep
from fmek.errors import DomainError, ValidationFailed
from fmek.web.advice_web import RequesterPageDep, problem_page
from fmek.web.referral_labels import MOBILITY, SEX
from fmek.web.render import actor_of, flash, page
from fmek.web.session import check_csrf

router = APIRouter(include_in_schema=False)

GIVER = {
    ConsentGiver.PARENT: "ouder",
    ConsentGiver.GUARDIAN: "voogd",
    ConsentGiver.CHILD_AND_PARENTS: "de jongere (12 tot en met 15 jaar) samen met ouder of voogd",
    ConsentGiver.CHILD: "de jongere zelf (16 jaar of ouder)",
    ConsentGiver.LEGAL_REPRESENTATIVE: "wettelijk vertegenwoordiger",
}
MESSAGE = {
    "naam": "Vul de naam van het kind in.",
    "geboortedatum": "Vul een geldige geboortedatum in (niet in de toekomst).",
    "geslacht": "Kies het geslacht.",
    "bsn": "Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan); laat het leeg als u het niet weet.",
    "mobiliteit": "Kies de mobiliteit, of laat het leeg.",
    "vraagstelling": "Schrijf de vraagstelling voor het consult.",
    "toestemming_door": "Kies wie toestemming gaf.",
    "toestemming_naam": "Vul de naam in van wie toestemming gaf.",
    "toestemming_op": "Vul datum en tijd van de toestemming in.",
    "toestemming_voor": "Schrijf waarvoor toestemming is gegeven.",
}
AGE_BAND_MESSAGE = (
    "Dit past niet bij de leeftijd van het kind op het moment van toestemming (WGBO): jonger "
    "dan 12 de ouder of voogd, van 12 tot en met 15 de jongere samen met ouder of voogd, vanaf "
    "16 de jongere zelf."
)
MODEL_FIELD = {
    ("child", "name"): "naam",
    ("child", "birth_date"): "geboortedatum",
    ("child", "sex"): "geslacht",
    ("child", "bsn"): "bsn",
    ("child", "mobility"): "mobiliteit",
    ("vraagstelling",): "vraagstelling",
    ("consent", "given_by"): "toestemming_door",
    ("consent", "given_by_name"): "toestemming_naam",
    ("consent", "given_at"): "toestemming_op",
    ("consent", "scope"): "toestemming_voor",
}
Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=200)]


@dataclass
class ConsultForm:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _consult_page(
    request: Request,
    session: SessionDep,
    user: User,
    case_number: str,
    form: ConsultForm | None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
    except DomainError as exc:
        return problem_page(request, user, exc)
    if form is None:
        form = ConsultForm(values={"geslacht": advice.sex, "vraagstelling": advice.question})
    return page(
        request,
        "advies/consult.html",
        {
            "user": user,
            "case_number": advice.case_number,
            "released": advice.status == AdviceStatus.RELEASED.value,
            "may_convert": user.role_enum in CONSULT_ROLES,
            "form": form,
            "sexes": SEX,
            "mobilities": MOBILITY,
            "givers": GIVER,
        },
        status_code=status_code,
    )


@router.get("/advies/{case_number}/consult", response_class=HTMLResponse)
def consult_form(
    request: Request, session: SessionDep, user: RequesterPageDep, case_number: str
) -> HTMLResponse:
    return _consult_page(request, session, user, case_number, None)


@router.post("/advies/{case_number}/consult", response_class=HTMLResponse)
def request_consult(
    request: Request,
    session: SessionDep,
    user: RequesterPageDep,
    case_number: str,
    csrf: Annotated[str, Form(max_length=100)],
    naam: Short = "",
    geboortedatum: Short = "",
    geslacht: Short = "",
    bsn: Short = "",
    mobiliteit: Short = "",
    vraagstelling: Text = "",
    toestemming_door: Short = "",
    toestemming_naam: Short = "",
    toestemming_op: Short = "",
    toestemming_voor: Text = "",
) -> Response:
    check_csrf(request, csrf)
    values = {
        "naam": naam,
        "geboortedatum": geboortedatum,
        "geslacht": geslacht,
        "bsn": bsn,
        "mobiliteit": mobiliteit,
        "vraagstelling": vraagstelling,
        "toestemming_door": toestemming_door,
        "toestemming_naam": toestemming_naam,
        "toestemming_op": toestemming_op,
        "toestemming_voor": toestemming_voor,
    }
    form = ConsultForm(values=values)
    given_at = _local_moment(toestemming_op)
    if given_at is None:
        form.errors["toestemming_op"] = MESSAGE["toestemming_op"]
    try:
        data = ConsultCreate.model_validate(
            {
                "child": {
                    "name": naam,
                    "birth_date": geboortedatum or None,
                    "sex": geslacht,
                    "bsn": bsn.replace(" ", "") or None,
                    "mobility": mobiliteit or None,
                },
                "consent": {
                    "given_by": toestemming_door,
                    "given_by_name": toestemming_naam,
                    "given_at": given_at,
                    "scope": toestemming_voor,
                },
                "vraagstelling": vraagstelling,
            }
        )
    except ValidationError as exc:
        for error in exc.errors(include_input=False):
            loc = tuple(str(part) for part in error["loc"])
            name = MODEL_FIELD.get(loc[:2]) or MODEL_FIELD.get(loc[:1])
            if name:
                form.errors.setdefault(name, MESSAGE[name])
        data = None
    if data is None or form.errors:
        return _consult_page(request, session, user, case_number, form, status_code=422)
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        created = consult.convert_to_consult(session, advice, data, actor=actor)
    except DomainError as exc:
        session.rollback()
        if not isinstance(exc, ValidationFailed):
            return problem_page(request, user, exc)
        for problem in exc.problems:
            name = MODEL_FIELD.get(tuple(str(p) for p in problem.loc[1:3]))
            form.errors[name or "vraagstelling"] = (
                AGE_BAND_MESSAGE
                if problem.type == "consent_age_band"
                else MESSAGE[name or "vraagstelling"]
            )
        return _consult_page(request, session, user, case_number, form, status_code=422)
    flash(
        request,
        "ok",
        "Geïdentificeerd consult aangevraagd bij LECK, met de vastgelegde toestemming.",
    )
    return RedirectResponse(f"/verwijzingen/{created.referral_id}", status_code=303)


def _local_moment(text: str) -> datetime | None:
    """A ``datetime-local`` value, read as Dutch time."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)
    except ValueError:
        return None
