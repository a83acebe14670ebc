"""The colleague's side of the report's review step: the reports waiting for her review (on
/onderzoeken) and one report to read, approve (it is then signed and final) or return with a
remark. Thin: `fmek.forensic_reports.service` decides who may review and signs.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from fmek.api.deps import ReferralId
from fmek.auth.models import User
from fmek.db import SessionDep
from fmek.errors import DomainError, ValidationFailed
from fmek.forensic_reports import reading, service
from fmek.forensic_reports.models import ReviewDecision, ReviewQueueItem, ReviewRequest
from fmek.web.render import actor_of, flash, forbidden, page
from fmek.web.session import CsrfForm, WebUserDep, check_csrf

router = APIRouter(include_in_schema=False)


def waiting_for(request: Request, session: Session, user: User) -> list[ReviewQueueItem]:
    """The reports offered to this user for review, oldest first."""
    return reading.review_queue(session, actor=actor_of(request, user)).items


@router.get("/verwijzingen/{referral_id}/rapport/toetsing", response_class=HTMLResponse)
def review_page(
    request: Request, session: SessionDep, user: WebUserDep, referral_id: ReferralId
) -> HTMLResponse:
    found = [i for i in waiting_for(request, session, user) if i.referral_id == referral_id]
    if not found:
        return forbidden(
            request,
            user,
            "Er ligt geen rapport van deze verwijzing bij u ter toetsing.",
            status_code=404,
        )
    return page(request, "rapport/review.html", {"user": user, "item": found[0]})


@router.post("/verwijzingen/{referral_id}/rapport/toetsing")
def review_decision(
    request: Request,
    session: SessionDep,
    user: WebUserDep,
    referral_id: ReferralId,
    csrf: CsrfForm,
    besluit: Annotated[str, Form(max_length=20)],
    opmerking: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Approve (sign) or return with a remark; the service refuses anyone but the named reviewer."""
    check_csrf(request, csrf)
    back = RedirectResponse(f"/verwijzingen/{referral_id}/rapport/toetsing", status_code=303)
    approve = besluit == "goedkeuren"
    try:
        decision = ReviewRequest(
            decision=ReviewDecision.APPROVE if approve else ReviewDecision.RETURN,
            remark=opmerking.strip() or None,
        )
        service.review(session, referral_id, decision, actor=actor_of(request, user))
    except ValidationFailed as exc:
        session.rollback()
        if any(p.type == "remark_required" for p in exc.problems):
            flash(request, "error", "Schrijf op wat de auteur moet aanpassen.")
        else:
            flash(request, "error", "Niet gelukt: " + "; ".join(p.msg for p in exc.problems))
        return back
    except DomainError as exc:
        session.rollback()
        texts = "; ".join(p.msg for p in exc.problems) or "deze stap is nu niet mogelijk"
        flash(request, "error", f"Niet gelukt: {texts}")
        return back
    if approve:
        flash(request, "ok", "Rapport goedgekeurd en ondertekend; het is nu definitief.")
    else:
        flash(request, "ok", "Rapport teruggegeven aan de auteur met uw opmerking.")
    return RedirectResponse("/onderzoeken", status_code=303)
