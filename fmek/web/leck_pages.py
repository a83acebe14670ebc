"""The LECK consultant's pages: the queue, one case (claim, answer, team review), the figures.

The pages call the advice services, so the rules are theirs: one consultant claims a case
(``claim_advice``), the one who claimed it writes the advice, and a second consultant — never the
author — releases it or returns it with a remark (``review_advice``). Free text is screened before
the service is called, so a refused remark or advice is shown next to its field and never stored.

Long because it is one area of pages (one module per area, see docs/architecture.md).
"""

import re
import sys
from datetime import date, datetime
from typing import Annotated

import pygal
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from pygal.style import Style

from fmek.advice import attachments, service, stats
from fmek.advice.adapters import letter_data
from fmek.advice.identifiers import IdentifierKind, screen_fields
from fmek.advice.lifecycle import Conclusion, ReviewDecision
from fmek.advice.models import AdviceStats, AnswerIn, ReviewIn, RevisionIn, TeamMeetingIn
from fmek.advice.service import RECORD
from fmek.advice.views import user_names
from fmek.audit.models import AuditAction
from fmek.audit.service import record
from fmek.auth.models import User
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.db import SessionDep
from fmek.errors import DomainError, InvalidState, PermissionDenied, ValidationFailed
from fmek.reference.service import get_region
from fmek.web.advice_web import (
    AGE_BAND,
    CASE_LABELS,
    FINDING_ADVICE,
    STATUS,
    LeckPageDep,
    age_label,
    document,
    finding_texts,
    local_time,
    problem_page,
)
from fmek.web.labels import MONTHS
from fmek.web.render import actor_of, flash, page
from fmek.web.session import CsrfForm, check_csrf
from reports import render_advice_letter
from reports.data import AlternativeExplanation, InflictedLikelihood
from reports.labels import CONCERN

# pygal hooks an import finder (for its optional map plugins, unused here) into sys.meta_path;
# it lacks find_spec, so every later import in the process warns. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

router = APIRouter(include_in_schema=False)
_SCRIPT = re.compile(rb"<script\b.*?</script>", re.S)

TextForm = Annotated[str, Form(max_length=10_000)]


def _case_url(case_number: str) -> str:
    return f"/leck/advies/{case_number}"


def _hours(since: datetime) -> int:
    return int((utcnow() - as_utc(since)).total_seconds() // 3600)


# --- the queue ------------------------------------------------------------------------------


@router.get("/leck/wachtrij", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: LeckPageDep) -> HTMLResponse:
    """Open cases, oldest first: no free text here, only what decides who picks up what."""
    listing = service.list_advice(session, actor_of(request, user), None, limit=200, offset=0)
    return page(
        request,
        "leck/wachtrij.html",
        {
            "user": user,
            "rows": listing.items,
            "total": listing.total,
            "hours": _hours,
            "band": lambda months: AGE_BAND[stats.age_band(months)],
            "concern_labels": CONCERN,
            "status_words": STATUS,
        },
    )


@router.post("/leck/advies/{case_number}/oppakken")
def claim(
    request: Request, session: SessionDep, user: LeckPageDep, case_number: str, csrf: CsrfForm
) -> Response:
    """One click claims; if a colleague was first, say who has it."""
    check_csrf(request, csrf)
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        service.claim_advice(session, advice, actor)
    except InvalidState:
        session.rollback()
        advice = service.load_advice(session, case_number[:40], actor)
        holder = user_names(session, [advice.claimed_by]).get(advice.claimed_by or 0)
        flash(
            request,
            "error",
            f"Zaak {advice.case_number} is al opgepakt door {holder}."
            if holder
            else f"Zaak {advice.case_number} wordt op dit moment door een collega opgepakt.",
        )
        return RedirectResponse("/leck/wachtrij", status_code=303)
    except DomainError as exc:
        session.rollback()
        return problem_page(request, user, exc)
    flash(request, "ok", f"U heeft zaak {advice.case_number} opgepakt.")
    return RedirectResponse(_case_url(advice.case_number), status_code=303)


# --- one case -------------------------------------------------------------------------------


def _case_page(
    request: Request,
    session: SessionDep,
    user: User,
    case_number: str,
    *,
    answer: dict[str, str] | None = None,
    review: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        view = service.read_advice(session, advice, actor)
        photos = attachments.list_photos(session, advice, actor=actor) if view.photo_count else []
    except DomainError as exc:
        return problem_page(request, user, exc)
    mine = view.claimed_by is not None and view.claimed_by.id == user.id
    author = view.answered_by is not None and view.answered_by.id == user.id
    if answer is None:
        given = view.advice
        answer = {
            "advies": given.text if given else "",
            "beoordeling": (given.assessment or "") if given else "",
            "differentiaal": (given.differential_diagnosis or "") if given else "",
            "disciplines": "\n".join(given.disciplines) if given else "",
            "materiaal": "\n".join(given.material_received) if given else "",
            "toegebracht": given.inflicted.value if given and given.inflicted else "",
            "verklaring": given.alternative.value if given and given.alternative else "",
        }
    return page(
        request,
        "leck/zaak.html",
        {
            "user": user,
            "advice": view,
            "photos": photos,
            "mine": mine,
            "author": author,
            "can_answer": mine and view.status in ("claimed", "answered"),
            "can_review": view.status == "answered" and not author,
            "answer": answer,
            "review": review or {"opmerking": ""},
            "errors": errors or {},
            "inflicted_options": list(InflictedLikelihood),
            "alternative_options": list(AlternativeExplanation),
            "status_words": STATUS,
            "when": local_time,
            "age": age_label(view.age_months),
            "region_name": get_region(session, view.ggd_region).name,
            **CASE_LABELS,
        },
        status_code=status_code,
    )


@router.get("/leck/advies/{case_number}", response_class=HTMLResponse)
def case(request: Request, session: SessionDep, user: LeckPageDep, case_number: str) -> Response:
    return _case_page(request, session, user, case_number)


def _lines(text: str) -> list[str]:
    return [line.strip()[:200] for line in text.splitlines() if line.strip()][:20]


def _findings(fields: dict[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[IdentifierKind]] = {}
    for name, kind in screen_fields(fields):
        found.setdefault(name, []).append(kind)
    return {name: [*finding_texts(kinds), FINDING_ADVICE] for name, kinds in found.items()}


@router.post("/leck/advies/{case_number}/antwoord", response_class=HTMLResponse)
def answer(
    request: Request,
    session: SessionDep,
    user: LeckPageDep,
    case_number: str,
    csrf: CsrfForm,
    advies: TextForm = "",
    beoordeling: TextForm = "",
    differentiaal: TextForm = "",
    disciplines: TextForm = "",
    materiaal: TextForm = "",
    toegebracht: Annotated[str, Form(max_length=40)] = "",
    verklaring: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Write (or revise) the reasoned advice and offer it for team review."""
    check_csrf(request, csrf)
    typed = {
        "advies": advies,
        "beoordeling": beoordeling,
        "differentiaal": differentiaal,
        "disciplines": disciplines,
        "materiaal": materiaal,
        "toegebracht": toegebracht,
        "verklaring": verklaring,
    }
    errors = _findings(
        {
            "advies": advies,
            "beoordeling": beoordeling,
            "differentiaal": differentiaal,
            "disciplines": disciplines,
            "materiaal": materiaal,
        }
    )
    answer_in = None
    try:
        answer_in = AnswerIn(
            advice=advies,
            assessment=beoordeling,
            differential_diagnosis=differentiaal.strip(),
            disciplines=_lines(disciplines),
            material_received=_lines(materiaal),
            inflicted=InflictedLikelihood(toegebracht),
            alternative=AlternativeExplanation(verklaring),
        )
    except (ValidationError, ValueError):
        for field, value, text in (
            ("advies", advies, "Schrijf het advies: wat de aanvrager nu moet doen."),
            ("beoordeling", beoordeling, "Schrijf de beoordeling: waarop de conclusie berust."),
            ("materiaal", materiaal, "Noem het ontvangen materiaal, één per regel."),
        ):
            if not value.strip():
                errors.setdefault(field, []).append(text)
        if toegebracht not in {c.value for c in InflictedLikelihood}:
            errors["toegebracht"] = ["Kies hoe waarschijnlijk toegebracht letsel is."]
        if verklaring not in {c.value for c in AlternativeExplanation}:
            errors["verklaring"] = ["Kies de andere verklaring (of onbekend)."]
    if errors or answer_in is None:
        return _case_page(
            request, session, user, case_number, answer=typed, errors=errors, status_code=422
        )
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        service.answer_advice(session, advice, answer_in, actor)
    except DomainError as exc:
        session.rollback()
        return _refused(request, session, user, case_number, exc, answer=typed)
    flash(request, "ok", "Advies opgeslagen en ter beoordeling aangeboden aan het team.")
    return RedirectResponse(_case_url(advice.case_number), status_code=303)


@router.post("/leck/advies/{case_number}/beoordeling", response_class=HTMLResponse)
def review(
    request: Request,
    session: SessionDep,
    user: LeckPageDep,
    case_number: str,
    csrf: CsrfForm,
    besluit: Annotated[str, Form(max_length=20)] = "",
    opmerking: TextForm = "",
) -> Response:
    """A second consultant releases the advice, or sends it back with a remark."""
    check_csrf(request, csrf)
    typed = {"opmerking": opmerking}
    errors = _findings({"opmerking": opmerking})
    decision = {"vrijgeven": ReviewDecision.RELEASE, "terugsturen": ReviewDecision.RETURN}.get(
        besluit
    )
    if decision is ReviewDecision.RETURN and not opmerking.strip():
        errors.setdefault("opmerking", []).append("Schrijf wat er moet veranderen.")
    if decision is None or errors:
        return _case_page(
            request, session, user, case_number, review=typed, errors=errors, status_code=422
        )
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        service.review_advice(
            session, advice, ReviewIn(decision=decision, remark=opmerking or None), actor
        )
    except DomainError as exc:
        session.rollback()
        return _refused(request, session, user, case_number, exc, review=typed)
    flash(
        request,
        "ok",
        "Advies vrijgegeven: de aanvrager kan de brief nu lezen."
        if decision is ReviewDecision.RELEASE
        else "Advies teruggestuurd naar de auteur, met uw opmerking.",
    )
    return RedirectResponse(_case_url(advice.case_number), status_code=303)


def _refused(
    request: Request,
    session: SessionDep,
    user: User,
    case_number: str,
    exc: DomainError,
    **typed: dict[str, str],
) -> HTMLResponse:
    """The case page again with the service's refusal in Dutch; what was typed is kept."""
    if isinstance(exc, PermissionDenied) and exc.problems[0].type == "own_advice":
        text = "U schreef dit advies zelf: een collega moet het beoordelen en vrijgeven."
    elif isinstance(exc, PermissionDenied):
        text = "Alleen de consulent die deze zaak oppakte, schrijft het advies."
    elif isinstance(exc, InvalidState):
        text = "Dit kan niet in de huidige fase van de zaak; de pagina toont de actuele stand."
    else:
        return problem_page(request, user, exc)
    flash(request, "error", text)
    return _case_page(request, session, user, case_number, status_code=409, **typed)  # type: ignore[arg-type]  # answer= or review=


@router.post("/leck/advies/{case_number}/teambespreking")
def team_meeting(
    request: Request,
    session: SessionDep,
    user: LeckPageDep,
    case_number: str,
    csrf: CsrfForm,
    besproken_op: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Record the day the weekly team meeting discussed the case; the letter says so."""
    check_csrf(request, csrf)
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        discussed_on = date.fromisoformat(besproken_op)
        service.record_team_meeting(
            session, advice, TeamMeetingIn(discussed_on=discussed_on), actor
        )
    except (ValueError, ValidationFailed):
        session.rollback()
        flash(
            request,
            "error",
            "Vul de datum van de teambespreking in: tussen het eerste advies en vandaag.",
        )
    except InvalidState:
        session.rollback()
        flash(
            request, "error", "Het team bespreekt een zaak nadat het eerste advies is geschreven."
        )
    except DomainError as exc:
        session.rollback()
        return problem_page(request, user, exc)
    else:
        flash(request, "ok", f"Teambespreking van {discussed_on:%d-%m-%Y} vastgelegd.")
    return RedirectResponse(_case_url(case_number[:40]), status_code=303)


@router.post("/leck/advies/{case_number}/herziening")
def revision(
    request: Request,
    session: SessionDep,
    user: LeckPageDep,
    case_number: str,
    csrf: CsrfForm,
    reden: TextForm = "",
) -> Response:
    """Reopen a released advice with a reason; its next release is the next letter version."""
    check_csrf(request, csrf)
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        service.revise_advice(session, advice, RevisionIn(reason=reden), actor)
    except (ValidationError, ValidationFailed):
        session.rollback()
        flash(
            request,
            "error",
            "Schrijf de reden van herziening, zonder gegevens waaraan het kind te herkennen is.",
        )
    except InvalidState:
        session.rollback()
        flash(request, "error", "Alleen een vrijgegeven advies kan worden herzien.")
    except DomainError as exc:
        session.rollback()
        return problem_page(request, user, exc)
    else:
        flash(request, "ok", "Herziening gestart: u heeft de zaak opgepakt; schrijf het advies.")
    return RedirectResponse(_case_url(case_number[:40]), status_code=303)


@router.get("/leck/advies/{case_number}/fotos/{photo_id}")
def photo(
    request: Request, session: SessionDep, user: LeckPageDep, case_number: str, photo_id: str
) -> Response:
    """A stripped photo, only for LECK, never cached."""
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        stored = attachments.read_photo(session, advice, photo_id[:36], actor=actor)
    except DomainError as exc:
        return problem_page(request, user, exc)
    return document(stored.content, stored.media_type)


@router.get("/leck/advies/{case_number}/brief")
def letter_preview(
    request: Request, session: SessionDep, user: LeckPageDep, case_number: str
) -> Response:
    """The real letter: released, or as a CONCEPT of the written advice before review."""
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        html = render_advice_letter(letter_data(session, advice, draft=True))
    except DomainError as exc:
        return problem_page(request, user, exc)
    record(session, actor, AuditAction.READ, RECORD, advice.case_number, detail="letter preview")
    session.commit()
    return document(html, "text/html; charset=utf-8")


# --- figures --------------------------------------------------------------------------------


def _year(jaar: int | None) -> int:
    return jaar or utcnow().astimezone(AMSTERDAM).year


@router.get("/leck/cijfers", response_class=HTMLResponse)
def figures(
    request: Request,
    session: SessionDep,
    user: LeckPageDep,
    jaar: Annotated[int | None, Query(ge=2014, le=2100)] = None,
) -> HTMLResponse:
    year = _year(jaar)
    figures = stats.advice_stats(session, year, actor=actor_of(request, user))
    return page(
        request,
        "leck/cijfers.html",
        {
            "user": user,
            "figures": figures,
            "year": year,
            "months": MONTHS,
            "concern_labels": {c.value: label for c, label in CONCERN.items()},
            "band_labels": AGE_BAND,
            "conclusion_labels": {c.value: c.wording for c in Conclusion},
            "chart_text": _chart_text(figures),
        },
    )


def _chart_text(figures: AdviceStats) -> str:
    parts = []
    for index, cell in enumerate(figures.by_month):
        value = "minder dan 5" if cell.suppressed else str(cell.count)
        parts.append(f"{MONTHS[index]}: {value}")
    return "; ".join(parts)


@router.get("/leck/cijfers/grafiek.svg")
def figures_chart(
    request: Request,
    session: SessionDep,
    user: LeckPageDep,
    jaar: Annotated[int | None, Query(ge=2014, le=2100)] = None,
) -> Response:
    """Requests per month as an SVG bar chart: one dark colour, each bar labelled with its
    number (or "<5" when suppressed), so nothing depends on colour."""
    year = _year(jaar)
    figures = stats.advice_stats(session, year, actor=actor_of(request, user))
    return document(month_chart(figures), "image/svg+xml")


def month_chart(figures: AdviceStats) -> bytes:
    style = Style(
        background="white",
        plot_background="white",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#555555",
        colors=("#15325b",),
        font_family="DejaVu Sans, Arial, sans-serif",
        label_font_size=14,
        major_label_font_size=14,
        value_font_size=14,
        title_font_size=18,
    )
    chart = pygal.Bar(
        style=style,
        width=900,
        height=420,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        js=[],
        title=f"Adviesaanvragen per maand, {figures.year}",
        y_title="aantal aanvragen",
        x_label_rotation=0,
        truncate_label=-1,
    )
    top = max([5, *(cell.count or 0 for cell in figures.by_month)])
    step = max(1, round(top / 5))
    chart.range = (0, top)
    chart.y_labels = list(range(0, top + step, step))
    chart.x_labels = [m[:3] for m in MONTHS]
    chart.add(
        "aanvragen",
        [
            {"value": 0, "formatter": lambda _v: "<5"}
            if cell.suppressed
            else {"value": cell.count or 0}
            for cell in figures.by_month
        ],
    )
    # pygal still writes its config as an inline script; a chart served as an image needs none
    return _SCRIPT.sub(b"", chart.render(is_unicode=False))
