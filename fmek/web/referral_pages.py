"""Pages of the vertrouwensarts: her referrals, the referral form with a live routing preview,
and one referral's decisions, planned examination, timeline, report and lifecycle actions.

Thin: the referral, allocation and report services do the work; `referral_form` maps fields.

Long because it is one area of pages (one module per area, see docs/architecture.md).
"""

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from fmek.allocation.views import assignment_history, planned_for
from fmek.api.deps import ReferralId
from fmek.audit.models import AuditAction
from fmek.auth.models import Role, User
from fmek.clock import utcnow
from fmek.db import SessionDep
from fmek.errors import DomainError, NotFound, PreconditionFailed, ValidationFailed
from fmek.forensic_reports import reading as report_reading
from fmek.forensic_reports.versions import versions_of
from fmek.reference.service import list_regions
from fmek.referrals import service
from fmek.referrals.lifecycle import ReferralStatus, can_move
from fmek.referrals.models import Referral, ReferralPublic, RoutingPublic, StatusChange
from fmek.security.headers import DOCUMENT_HEADERS
from fmek.web import referral_labels as nl
from fmek.web.form_bounds import bounded_form, reads_form
from fmek.web.referral_form import (
    FORM_BOUNDS,
    MAX_INJURIES,
    PATTERNED,
    UNKNOWN_INCIDENT,
    InjuryRow,
    ReferralForm,
)
from fmek.web.render import actor_of, flash, forbidden, page, set_page_headers, templates
from fmek.web.session import CsrfForm, WebUserDep, check_csrf
from reports import html_to_pdf
from routing.vocabulary import (
    BodyRegion,
    Concern,
    Destination,
    InjuryKind,
    Mobility,
    Question,
    Sex,
    Side,
    Urgency,
)

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
OPEN_STATUSES = frozenset({"submitted", "routed", "scheduled"})
# what the vertrouwensarts may do with her referral, as (target status, button text)
VT_ACTIONS = (
    (ReferralStatus.WITHDRAWN, "Verwijzing intrekken"),
    (ReferralStatus.CLOSED, "Verwijzing afsluiten"),
)


def _choices() -> dict[str, list[tuple[str, str]]]:
    """Options per select/checkbox group, in contract order, with Dutch words."""
    return {
        "sex": [(s.value, nl.word(nl.SEX, s.value)) for s in Sex],
        "mobility": [(m.value, nl.word(nl.MOBILITY, m.value)) for m in Mobility],
        "concerns": [(c.value, nl.word(nl.CONCERN, c.value)) for c in Concern],
        "questions": [(q.value, nl.word(nl.QUESTION, q.value)) for q in Question],
        "kinds": [(k.value, nl.word(nl.INJURY_KIND, k.value)) for k in InjuryKind],
        "regions_body": [(b.value, nl.word(nl.BODY_REGION, b.value)) for b in BodyRegion],
        "sides": [(s.value, nl.word(nl.SIDE, s.value)) for s in Side],
        "destinations": [(d.value, nl.word(nl.DESTINATION, d.value)) for d in Destination],
        "urgencies": [(u.value, nl.word(nl.URGENCY, u.value)) for u in Urgency],
        "statuses": [(s.value, nl.word(nl.STATUS, s.value)) for s in ReferralStatus],
    }


E = TypeVar("E", bound=StrEnum)


def _enum(kind: type[E], value: str) -> E | None:
    """A filter value, or None when empty or unknown (an empty select means 'all')."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _require_vt(request: Request, user: User) -> HTMLResponse | None:
    if user.role_enum is not Role.VERTROUWENSARTS:
        return forbidden(request, user, "Verwijzingen indienen is voor vertrouwensartsen.")
    return None


# --- list -----------------------------------------------------------------------------------


@router.get("/verwijzingen", response_class=HTMLResponse)
def referral_list(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    status_code: Annotated[str, Query(alias="status", max_length=20)] = "",
    destination_code: Annotated[str, Query(alias="bestemming", max_length=20)] = "",
    urgency_code: Annotated[str, Query(alias="urgentie", max_length=20)] = "",
    pagina: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Her organisation's referrals, newest first; initials only, countdown to the deadline."""
    if user.role_enum is Role.ADMIN:
        return forbidden(request, user, "Beheerders hebben geen toegang tot cliëntgegevens.")
    status = _enum(ReferralStatus, status_code)
    bestemming = _enum(Destination, destination_code)
    urgentie = _enum(Urgency, urgency_code)
    filters = service.ReferralFilter(
        status=status,
        destination=bestemming.value if bestemming else None,
        urgency=urgentie.value if urgentie else None,
    )
    found = service.list_referrals(
        session,
        actor_of(request, user),
        filters,
        limit=PAGE_SIZE,
        offset=(pagina - 1) * PAGE_SIZE,
    )
    planned = planned_for(session, [r.id for r in found.items])
    now = utcnow()
    rows = []
    for r in found.items:
        countdown, late = nl.countdown(r.routing.deadline, now)
        rows.append(
            {
                "ref": r,
                "countdown": countdown if r.status.value in OPEN_STATUSES else None,
                "late": late,
                "planned": planned.get(r.id),
            }
        )
    return page(
        request,
        "verwijzingen/list.html",
        {
            "user": user,
            "rows": rows,
            "total": found.total,
            "page_no": pagina,
            "pages": max(1, -(-found.total // PAGE_SIZE)),
            "choices": _choices(),
            "chosen": {
                "status": status.value if status else "",
                "bestemming": bestemming.value if bestemming else "",
                "urgentie": urgentie.value if urgentie else "",
            },
        },
    )


# --- the form -------------------------------------------------------------------------------


def _form_page(
    request: Request,
    session: Session,
    user: User,
    form: ReferralForm,
    *,
    errors: dict[str, str] | None = None,
    preview: RoutingPublic | None = None,
    checked: bool = False,
    status_code: int = 200,
    focus: str | None = None,
) -> HTMLResponse:
    return page(
        request,
        "verwijzingen/form.html",
        {
            "user": user,
            "form": form,
            "errors": errors or {},
            "preview": preview,
            "checked": checked,
            "choices": _choices(),
            "ggd_regions": [(r.code, r.name) for r in list_regions(session)],
            "max_injuries": MAX_INJURIES,
            "unknown_incident": UNKNOWN_INCIDENT,
            "patterned": PATTERNED,
            "focus": focus,
        },
        status_code=status_code,
    )


@router.get("/verwijzingen/nieuw", response_class=HTMLResponse)
def new_referral(request: Request, session: SessionDep, user: WebUserDep) -> HTMLResponse:
    """A fresh form; its hidden key makes a double submit one referral."""
    if refused := _require_vt(request, user):
        return refused
    return _form_page(request, session, user, ReferralForm())


def _preview(form: ReferralForm) -> RoutingPublic | None:
    """What triage would decide (the same service as POST /triage; stores nothing)."""
    case = form.triage_request()
    if case is None:
        return None
    try:
        return service.what_if(case)
    except ValidationFailed:
        return None


@router.post("/verwijzingen/nieuw", response_class=HTMLResponse)
@reads_form(FORM_BOUNDS)
async def submit_form(request: Request, session: SessionDep, user: WebUserDep) -> Response:
    """One form, several buttons: add or remove an injury row, check, or submit."""
    if refused := _require_vt(request, user):
        return refused
    data = await bounded_form(request, FORM_BOUNDS)
    # the rest reads and writes the database: off the event loop (see fmek.db)
    return await run_in_threadpool(_submit, request, session, user, data)


def _submit(request: Request, session: Session, user: User, data: FormData) -> Response:
    csrf = data.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    form = ReferralForm.from_form(data)
    action = str(data.get("actie", "controleren"))
    if action == "toevoegen":
        if len(form.letsels) < MAX_INJURIES:
            form.letsels.append(InjuryRow())
        index = len(form.letsels) - 1
        return _form_page(
            request, session, user, form, preview=_preview(form), focus=f"letsel-{index}-soort"
        )
    if (removed := re.fullmatch(r"verwijder-(\d+)", action)) is not None:
        index = int(removed.group(1))
        if index < len(form.letsels):
            del form.letsels[index]
        return _form_page(request, session, user, form, preview=_preview(form), focus="letsels-kop")
    referral_in, errors = form.referral()
    if action != "indienen" or referral_in is None:
        form.forget_bad_bsn(errors)
        return _form_page(
            request,
            session,
            user,
            form,
            errors=errors if action == "indienen" or errors else None,
            preview=_preview(form),
            checked=True,
            status_code=422 if action == "indienen" else 200,
        )
    try:
        submitted = service.submit_referral(
            session, referral_in, actor=actor_of(request, user), idempotency_key=form.sleutel
        )
    except ValidationFailed as exc:
        session.rollback()
        errors = form.problem_errors(list(exc.problems))
        form.forget_bad_bsn(errors)
        return _form_page(
            request, session, user, form, errors=errors, preview=_preview(form), status_code=422
        )
    text = (
        "Deze verwijzing was al ingediend; u ziet de eerder ingediende verwijzing."
        if submitted.replayed
        else "Verwijzing ingediend."
    )
    flash(request, "ok", text)
    return RedirectResponse(f"/verwijzingen/{submitted.referral.id}", status_code=303)


@router.post("/verwijzingen/voorbeeld", response_class=HTMLResponse)
@reads_form(FORM_BOUNDS)
async def preview_fragment(request: Request, _user: WebUserDep) -> Response:
    """The preview panel alone, for the page's script (debounced while she types)."""
    data = await bounded_form(request, FORM_BOUNDS)
    csrf = data.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    form = ReferralForm.from_form(data)
    response = templates.TemplateResponse(
        request,
        "verwijzingen/_preview.html",
        {"preview": _preview(form), "checked": True},
    )
    set_page_headers(response, client_data=True)
    return response


# --- one referral ---------------------------------------------------------------------------


def _timeline(
    referral: ReferralPublic,
    decisions: list[RoutingPublic],
    session: Session,
    finals: list[Any],
) -> list[tuple[datetime, str]]:
    events: list[tuple[datetime, str]] = [(referral.submitted_at, "Verwijzing ingediend")]
    for d in decisions:
        if d.decided_at is None:
            continue
        events.append(
            (
                d.decided_at,
                f"Routeringsbesluit versie {d.version}: naar {nl.word(nl.DESTINATION, d.destination)}"
                f", {nl.word(nl.URGENCY, d.urgency)}",
            )
        )
    for a in assignment_history(session, referral.id):
        events.append(
            (a.created_at, f"Onderzoek voorgesteld aan {a.doctor_name} ({nl.moment(a.start_at)})")
        )
        if a.status != "proposed":
            text = f"Onderzoek {nl.word(nl.ASSIGNMENT_STATUS, a.status)} ({a.doctor_name})"
            events.append((a.updated_at, text))
    for row in finals:
        if row.finalised_at is not None:
            events.append((row.finalised_at, f"Rapport versie {row.version} ondertekend"))
    return sorted(events, key=lambda e: e[0])


def _load(request: Request, session: Session, user: User, referral_id: str) -> Referral | None:
    try:
        return service.load_referral(session, referral_id, actor_of(request, user))
    except (NotFound, DomainError):
        return None


@router.get("/verwijzingen/{referral_id}", response_class=HTMLResponse)
def referral_detail(
    request: Request, session: SessionDep, user: WebUserDep, referral_id: ReferralId
) -> HTMLResponse:
    """Status, every decision version, the planned examination, timeline, report, actions."""
    if user.role_enum is Role.ADMIN:
        return forbidden(request, user, "Beheerders hebben geen toegang tot cliëntgegevens.")
    row = _load(request, session, user, referral_id)
    if row is None:
        return _not_found(request, user)
    actor = actor_of(request, user)
    referral = service.read_referral(session, row, actor)
    decisions = service.decision_history(session, row, actor)
    planned = planned_for(session, [row.id]).get(row.id)
    finals = [r for r in versions_of(session, row.id) if r.is_final]
    current = ReferralStatus(row.status)
    actions = []
    if user.role_enum is Role.VERTROUWENSARTS:
        actions = [(s.value, text) for s, text in VT_ACTIONS if can_move(current, s)]
    return page(
        request,
        "verwijzingen/detail.html",
        {
            "user": user,
            "r": referral,
            "decisions": list(reversed(decisions)),
            "reason_nl": nl.decision_reason,
            "planned": planned,
            "timeline": _timeline(referral, decisions, session, finals),
            "report": finals[-1] if finals else None,
            "actions": actions,
            "may_write_report": user.role_enum is Role.FORENSISCH_ARTS,
        },
    )


def _not_found(request: Request, user: User) -> HTMLResponse:
    return page(
        request,
        "error.html",
        {
            "user": user,
            "heading": "Verwijzing niet gevonden",
            "message": "Deze verwijzing bestaat niet of valt buiten uw organisatie.",
        },
        status_code=404,
    )


@router.post("/verwijzingen/{referral_id}/status")
def change_status(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    referral_id: ReferralId,
    csrf: CsrfForm,
    naar: Annotated[str, Form(max_length=20)],
    versie: Annotated[int, Form(ge=1, le=1_000_000)],
    reden: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A lifecycle step with the version she saw: a stale page never overwrites a newer state."""
    check_csrf(request, csrf)
    row = _load(request, session, user, referral_id)
    if row is None:
        return _not_found(request, user)
    back = RedirectResponse(f"/verwijzingen/{row.id}", status_code=303)
    try:
        target = ReferralStatus(naar)
        service.change_status(
            session,
            row,
            StatusChange(to=target, reason=reden.strip() or None),
            actor=actor_of(request, user),
            expected_version=versie,
        )
    except PreconditionFailed:
        session.rollback()
        flash(
            request,
            "error",
            "Deze verwijzing is intussen gewijzigd. Bekijk de nieuwe stand en kies opnieuw.",
        )
        return back
    except (DomainError, ValueError):
        session.rollback()
        flash(request, "error", "Deze stap is nu niet mogelijk voor deze verwijzing.")
        return back
    flash(request, "ok", f"Status gewijzigd naar: {nl.word(nl.STATUS, naar)}.")
    return back


# --- the final report, for whoever may read it -----------------------------------------------


def _final_report(
    request: Request, session: Session, user: User, referral_id: str, pdf: bool
) -> report_reading.RenderedReport | None:
    """The newest report version this user may read (the signed one, for the referrer)."""
    try:
        return report_reading.render(
            session,
            referral_id,
            actor=actor_of(request, user),
            version=None,
            action=AuditAction.EXPORT if pdf else AuditAction.READ,
            medium="pdf" if pdf else "html",
        )
    except DomainError:
        return None


@router.get("/verwijzingen/{referral_id}/rapport/document", response_class=HTMLResponse)
def report_document(
    request: Request, session: SessionDep, user: WebUserDep, referral_id: ReferralId
) -> Response:
    rendered = _final_report(request, session, user, referral_id, pdf=False)
    if rendered is None:
        return _not_found(request, user)
    return HTMLResponse(rendered.html, headers=DOCUMENT_HEADERS)


@router.get("/verwijzingen/{referral_id}/rapport/document.pdf")
def report_pdf(
    request: Request, session: SessionDep, user: WebUserDep, referral_id: ReferralId
) -> Response:
    rendered = _final_report(request, session, user, referral_id, pdf=True)
    if rendered is None:
        return _not_found(request, user)
    session.close()  # the PDF takes about a second; hold no transaction meanwhile
    headers = dict(DOCUMENT_HEADERS)
    headers["Content-Disposition"] = (
        f'attachment; filename="{rendered.report_number}-v{rendered.version}.pdf"'
    )
    return Response(html_to_pdf(rendered.html), media_type="application/pdf", headers=headers)
