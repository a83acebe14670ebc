"""The findings editor of the assigned forensisch arts: every section of the report as a form
derived from the report contract, the body map, draft save with an If-Match token (a stale tab
is refused visibly), the completeness panel, the HTML preview, finalising, and the PDF.

Thin: `fmek.forensic_reports` does the work; `model_form` maps the contract to fields.
"""

import base64
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from fmek.api.deps import ReferralId
from fmek.auth.models import Role, User
from fmek.db import SessionDep
from fmek.errors import DomainError, PreconditionFailed, ValidationFailed
from fmek.forensic_reports import editor
from fmek.forensic_reports import service as report_service
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import FinaliseRequest
from fmek.numbers import small_int
from fmek.web import report_labels
from fmek.web.form_bounds import FormBounds, bounded_form, reads_form
from fmek.web.model_form import COUNT, FormBuilder, FormReader, Node, error_path, field_limit
from fmek.web.render import actor_of, flash, forbidden, page
from fmek.web.session import WebUserDep, check_csrf
from reports.bodymap import MAP_HEIGHT, MAP_WIDTH, body_map_svg
from reports.completeness import SECTIONS
from reports.data import BodyRegion, InjuryKind, InjuryRow, Side

router = APIRouter(include_in_schema=False)

STALE = (
    "Niet opgeslagen: dit concept is intussen elders opgeslagen (bijvoorbeeld in een ander "
    "tabblad). Uw wijzigingen staan hieronder nog; open het concept opnieuw om de nieuwste "
    "versie te zien en neem ze daarin over."
)


def _nodes(values: dict[str, Any], errors: dict[str, str]) -> list[Node]:
    builder = FormBuilder(report_labels.field_label, report_labels.value_word, errors)
    return builder.model(ReportDraftIn, values, "")


def _editor(
    request: Request,
    user: User,
    view: editor.DraftView,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    etag: str | None = None,
    status_code: int = 200,
    stale: bool = False,
    place_next: int = 0,
) -> HTMLResponse:
    missing: dict[str, list[str]] = {}
    for gap in view.gaps:
        missing.setdefault(SECTIONS[gap.section][0], []).append(gap.detail)
    return page(
        request,
        "rapport/editor.html",
        {
            "user": user,
            "referral": view.referral,
            "row": view.row,
            "final": view.row is not None and view.row.is_final,
            "nodes": _nodes(values, errors or {}),
            "errors": errors or {},
            "missing": missing,
            "etag": view.etag if etag is None else etag,
            "stale": stale,
            "stale_text": STALE,
            "count": COUNT,
            "bodymap": _bodymap(values),
            "place_next": place_next,
            "in_review": view.row is not None and view.row.status == "in_review",
            "reviewers": view.reviewers,
        },
        status_code=status_code,
    )


def _view(
    request: Request, session: Session, user: User, referral_id: str
) -> editor.DraftView | None:
    if user.role_enum is not Role.FORENSISCH_ARTS:
        return None
    try:
        return editor.draft_view(session, referral_id, actor=actor_of(request, user))
    except DomainError:
        session.rollback()
        return None


def _refused(request: Request, user: User) -> HTMLResponse:
    return forbidden(
        request,
        user,
        "Dit rapport schrijft alleen de forensisch arts die het onderzoek doet.",
        status_code=404,
    )


@router.get("/verwijzingen/{referral_id}/rapport", response_class=HTMLResponse)
def report_editor(
    request: Request, session: SessionDep, user: WebUserDep, referral_id: ReferralId
) -> HTMLResponse:
    view = _view(request, session, user, referral_id)
    if view is None:
        return _refused(request, user)
    values: dict[str, Any] = dict(view.row.content) if view.row else {"kind": "letselrapportage"}
    return _editor(request, user, view, values)


def _problems(exc: ValidationError | ValidationFailed) -> dict[str, str]:
    errors: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            errors.setdefault(error_path(e["loc"]), _dutch(e["type"], e["msg"]))
    else:
        for p in exc.problems:
            errors.setdefault(error_path(p.loc), _dutch(p.type, p.msg))
    return errors


DUTCH = {
    "missing": "Vul dit veld in.",
    "blank_text": "Vul dit veld in.",
    "enum": "Kies een van de mogelijkheden.",
    "literal_error": "Kies een van de mogelijkheden.",
    "future_timestamp": "Dit tijdstip ligt in de toekomst.",
    "future_date": "Deze datum ligt in de toekomst.",
    "datetime_from_date_parsing": "Vul een geldige datum en tijd in.",
    "datetime_parsing": "Vul een geldige datum en tijd in.",
    "date_from_datetime_parsing": "Vul een geldige datum in.",
    "float_parsing": "Vul een getal in.",
    "int_parsing": "Vul een heel getal in.",
    "greater_than": "Vul een getal groter dan 0 in.",
    "unknown_photo": "Deze foto staat niet in het fotoverslag; voeg hem toe of verbeter het nummer.",
    "duplicate_photo": "Elk fotonummer komt één keer voor in het fotoverslag.",
    "unknown_question": "Die vraag is niet gesteld.",
    "invalid_proposition": "Een hypothese beschrijft een toedracht, zonder kans of oordeel over de bevindingen.",
    "same_propositions": "H1 en H2 moeten verschillen.",
    "mixed_conclusion": "Evaluatieve en klinische conclusies worden niet gemengd.",
    "conclusions_not_in_kind": "Een letselverklaring trekt geen conclusies; kies letselduiding of letselrapportage.",
    "examination_before_incident": "Het onderzoek ligt vóór het laatste incident; verbeter het tijdstip.",
    "examination_before_request": "Het onderzoek ligt vóór de aanvraag; verbeter het tijdstip of schrijf hier waarom.",
    "examination_ends_before_start": "Het onderzoek eindigt vóór het begint.",
    "consent_after_examination": "De toestemming ligt na het begin van het onderzoek; toestemming gaat vooraf.",
    "signed_before_examination": "Een rapport wordt niet ondertekend vóór het onderzoek.",
    "photo_outside_examination": "Deze foto valt buiten de tijd van het onderzoek.",
    "photo_before_incident": "Deze foto ligt vóór het laatste incident.",
    "photo_stored_before_taken": "De foto is opgeslagen vóór hij genomen is.",
    "investigation_before_incident": "Dit aanvullend onderzoek ligt vóór de dag van het laatste incident.",
    "examination_without_consent": "De toestemming dekt het onderzoek niet; vink het aan bij de reikwijdte.",
    "photos_without_consent": "Er zijn foto's, maar de toestemming dekt geen foto's; vink dat aan bij de reikwijdte.",
    "court_order_reference_required": "Vul het kenmerk van de rechterlijke machtiging in.",
    "court_order_reference_without_order": "Een kenmerk hoort alleen bij toestemming via de rechter.",
}


def _dutch(kind: str, english: str) -> str:
    return DUTCH.get(kind, f"Deze invoer klopt niet ({english}).")


EDITOR_BOUNDS = FormBounds(
    fields={
        "csrf": 100,
        "actie": 80,
        "etag": 80,
        "kaart.x": 10,
        "kaart.y": 10,
        "kaart_letsel": 10,
        "toetser": 20,
        "plaats": 120,
    },
    resolve=lambda name: field_limit(ReportDraftIn, name),
    max_fields=5_000,
)
"""The editor's own controls, and every findings field with the contract's limit."""


@router.post("/verwijzingen/{referral_id}/rapport", response_class=HTMLResponse)
@reads_form(EDITOR_BOUNDS)
async def report_action(
    request: Request, session: SessionDep, user: WebUserDep, referral_id: ReferralId
) -> Response:
    """Save, add or remove a row, place an injury on the body map, or finalise."""
    data = await bounded_form(request, EDITOR_BOUNDS)
    # the rest reads and writes the database: off the event loop (see fmek.db)
    return await run_in_threadpool(_act, request, session, user, referral_id, data)


def _act(
    request: Request, session: Session, user: User, referral_id: ReferralId, data: FormData
) -> Response:
    csrf = data.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    view = _view(request, session, user, referral_id)
    if view is None:
        return _refused(request, user)
    values = FormReader(data).model(ReportDraftIn, "")
    action = str(data.get("actie", "opslaan"))
    sent_etag = str(data.get("etag", ""))
    if (added := re.fullmatch(r"toevoegen:(\w+)", action)) is not None:
        values.setdefault(added.group(1), []).append({})
        return _editor(request, user, view, values, etag=sent_etag)
    if (removed := re.fullmatch(r"verwijder:(\w+)\.(\d+)", action)) is not None:
        rows = values.get(removed.group(1)) or []
        if int(removed.group(2)) < len(rows):
            del rows[int(removed.group(2))]
        return _editor(request, user, view, values, etag=sent_etag)
    if "kaart.x" in data:
        return _place(request, user, view, values, data, sent_etag)
    if action == "afronden":
        return _finalise(request, session, user, view, data)
    try:
        draft = ReportDraftIn.model_validate(values)
        editor.save_if_unchanged(
            session, view.referral.id, draft, actor=actor_of(request, user), if_match=sent_etag
        )
    except ValidationError as exc:
        return _editor(
            request, user, view, values, errors=_problems(exc), etag=sent_etag, status_code=422
        )
    except PreconditionFailed:
        session.rollback()
        return _editor(request, user, view, values, etag=sent_etag, status_code=409, stale=True)
    except ValidationFailed as exc:
        session.rollback()
        return _editor(
            request, user, view, values, errors=_problems(exc), etag=sent_etag, status_code=422
        )
    flash(request, "ok", "Concept opgeslagen.")
    return RedirectResponse(f"/verwijzingen/{view.referral.id}/rapport", status_code=303)


def _bodymap(values: dict[str, Any]) -> str:
    """The body map of what is in the form now (saved or not), as a data: URL image."""
    rows = []
    for number, item in enumerate(values.get("injuries") or [], start=1):
        if not isinstance(item, dict):
            continue
        point = _point(item)
        try:
            region = BodyRegion(item.get("body_region", ""))
            side = Side(item.get("side") or "midline")
        except ValueError:
            if point is None:
                continue
            region, side = BodyRegion.CHEST, Side.MIDLINE
        rows.append(
            InjuryRow(
                number=number,
                body_region=region,
                side=side,
                kind=InjuryKind.OTHER,
                size_mm=None,
                shape="",
                colours=(),
                border="",
                pattern="",
                map_point=point,
            )
        )
    svg = body_map_svg(rows)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _point(item: dict[str, Any]) -> tuple[float, float] | None:
    try:
        return float(item["map_x"]), float(item["map_y"])
    except (KeyError, TypeError, ValueError):
        return None


def _place(
    request: Request,
    user: User,
    view: editor.DraftView,
    values: dict[str, Any],
    data: Any,
    etag: str,
) -> HTMLResponse:
    """A click on the body map places the chosen injury there (saved with the next save)."""
    injuries = values.get("injuries") or []
    chosen = str(data.get("kaart_letsel", "0"))
    index = small_int(chosen) or 0
    x, y = str(data.get("kaart.x", "0")), str(data.get("kaart.y", "0"))
    if (
        index >= len(injuries)
        or small_int(x) is None
        or small_int(y) is None
        or (x, y) == ("0", "0")
    ):
        flash(
            request,
            "error",
            "Klik met de muis op de plek, of vul de positie bij het letsel in.",
        )
        return _editor(request, user, view, values, etag=etag, place_next=index)
    injuries[index]["map_x"] = min(float(x), MAP_WIDTH)
    injuries[index]["map_y"] = min(float(y), MAP_HEIGHT)
    following = index + 1 if index + 1 < len(injuries) else index
    return _editor(request, user, view, values, etag=etag, place_next=following)


def _finalise(
    request: Request, session: Session, user: User, view: editor.DraftView, data: Any
) -> Response:
    back = RedirectResponse(f"/verwijzingen/{view.referral.id}/rapport", status_code=303)
    if view.etag != str(data.get("etag", "")):
        flash(request, "error", STALE)
        return back
    reviewer = str(data.get("toetser", ""))
    if not reviewer.isdigit():
        flash(request, "error", "Kies de collega die het rapport toetst.")
        return back
    try:
        signing = FinaliseRequest(
            reviewer_user_id=int(reviewer), place=str(data.get("plaats", "")) or None
        )
        report_service.finalise(session, view.referral.id, signing, actor=actor_of(request, user))
    except (ValidationFailed, ValidationError) as exc:
        session.rollback()
        texts = (
            [p.msg for p in exc.problems]
            if isinstance(exc, ValidationFailed)
            else [e["msg"] for e in exc.errors()]
        )
        flash(request, "error", "Nog niet ter toetsing aangeboden: " + "; ".join(texts))
        return back
    except DomainError as exc:
        session.rollback()
        flash(request, "error", "Nog niet ter toetsing aangeboden: " + exc.problems[0].msg)
        return back
    flash(
        request,
        "ok",
        "Rapport ter toetsing aangeboden. Het wordt definitief en ondertekend zodra de toetser "
        "het goedkeurt.",
    )
    return back
