"""The requesting doctor's pages for anonymous LECK advice: the form, the receipt, her requests.

Nothing is stored before the request is accepted. The identifier screen
(``fmek.advice.identifiers``) runs on every free-text field when the doctor presses "Controleren",
as she types (``/advies/nieuw/controle``, called by the page script, debounced) and again in
``fmek.advice.service.submit_advice``. Findings name the kind ("Dit lijkt een BSN."), never the
value; her text stays in its field so she can edit it.

Photo previews without storage: a photo is re-encoded from its pixels (``scrub_image``) in
memory and the stripped image is sent back, never kept on the server. With JavaScript each
chosen file is sent to ``/advies/nieuw/foto``, which answers the stripped image for the preview.
Without JavaScript, "Controleren" (or a refused submission) shows the stripped photos inline and
carries them in the form itself (hidden fields), because a browser cannot refill a file input.
On "Adviesaanvraag versturen" every photo is scrubbed again by ``attachments.add_photo`` (what the
browser sends back is never trusted) and stored only after the request itself was accepted.

Long because it is one area of pages (one module per area, see docs/architecture.md).
"""

import base64
import binascii
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from fmek.advice import attachments, service
from fmek.advice.consult import CONSULT_ROLES
from fmek.advice.identifiers import IdentifierKind, screen_fields
from fmek.advice.letter import advice_letter_html
from fmek.advice.lifecycle import OPEN, WITH_ADVICE, AdviceStatus
from fmek.advice.models import MAX_TEXT, AdviceCreate, AdvicePublic
from fmek.advice.photos import PhotoRejected, scrub_image
from fmek.audit.models import AuditAction
from fmek.auth.models import User
from fmek.db import SessionDep
from fmek.errors import Conflict, DomainError, ValidationFailed
from fmek.reference.service import get_region, list_regions
from fmek.web.advice_web import (
    CASE_LABELS,
    FINDING_ADVICE,
    STATUS,
    RequesterPageDep,
    age_label,
    document,
    finding_texts,
    local_time,
    problem_page,
)
from fmek.web.form_bounds import FormBounds, bounded_form, reads_form
from fmek.web.render import actor_of, flash, page
from fmek.web.session import check_csrf
from reports import html_to_pdf

router = APIRouter(include_in_schema=False)

MAX_FORM_PHOTOS = 10
MAX_INJURY_ROWS = 30
TEXT_FIELDS = {"vraag": "question", "samenvatting": "clinical_summary"}
"""Form field -> model field of the screened free text."""
FIELD_OF_MODEL = {
    "age_months": "leeftijd",
    "sex": "geslacht",
    "ggd_region": "regio",
    "concerns": "zorgen",
    "injuries": "letsel",
    "question": "vraag",
    "clinical_summary": "samenvatting",
}
FIELD_LABEL = {
    "leeftijd": "Leeftijd in maanden",
    "geslacht": "Geslacht",
    "regio": "GGD-regio",
    "zorgen": "Zorgen",
    "letsel": "Letsel",
    "vraag": "Vraag",
    "samenvatting": "Klinische samenvatting",
    "fotos": "Foto's",
}
REQUIRED_MESSAGE = {
    "leeftijd": "Vul de leeftijd in hele maanden in (0 tot en met 215).",
    "geslacht": "Kies het geslacht (of ‘onbekend’).",
    "regio": "Kies de GGD-regio waar het kind woont of verblijft.",
    "zorgen": "Kies ten minste één zorg.",
    "letsel": "Kies bij elk letsel de soort en het lichaamsdeel.",
    "vraag": "Schrijf uw vraag aan LECK.",
    "samenvatting": "Schrijf een klinische samenvatting.",
}


@dataclass
class InjuryRow:
    kind: str = ""
    body_region: str = ""
    side: str = ""


@dataclass
class CarriedPhoto:
    """A photo already stripped by the server, travelling inside the form (never stored)."""

    media_type: str
    data: str  # base64 of the stripped image

    @property
    def src(self) -> str:
        return f"data:{self.media_type};base64,{self.data}"

    @property
    def field_value(self) -> str:
        return f"{self.media_type};{self.data}"


@dataclass
class AdviceForm:
    key: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    age: str = ""
    sex: str = ""
    region: str = ""
    concerns: list[str] = field(default_factory=list)
    injuries: list[InjuryRow] = field(default_factory=lambda: [InjuryRow()])
    question: str = ""
    summary: str = ""
    withhold_name: bool = False
    photos: list[CarriedPhoto] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    checked: bool = False  # "Controleren" was pressed: say so, also when all is well

    def refuse(self, name: str, message: str) -> None:
        messages = self.errors.setdefault(name, [])
        if message not in messages:
            messages.append(message)


CARRIED_PHOTO_MAX = (attachments.MAX_PHOTO_BYTES * 4) // 3 + 1024  # base64 of a stripped photo
FORM_BOUNDS = FormBounds(
    fields={
        "csrf": 100,
        "actie": 20,
        "sleutel": 60,
        "leeftijd": 10,
        "geslacht": 20,
        "regio": 20,
        "zorgen": 200,
        "vraag": MAX_TEXT,
        "samenvatting": MAX_TEXT,
        "naam_afschermen": 4,
        "letsel_soort": 200,
        "letsel_deel": 200,
        "letsel_zijde": 200,
        "foto_weg": 200,
        "foto_bewaard": CARRIED_PHOTO_MAX,
    },
    files=frozenset({"fotos", "foto"}),
    max_files=MAX_FORM_PHOTOS + 1,
    max_fields=40 + 3 * MAX_INJURY_ROWS + MAX_FORM_PHOTOS * 2,
    max_part_size=CARRIED_PHOTO_MAX,  # room for the photos (the default part limit is 1 MB)
)
"""What the advice form, its photo preview and an added photo may send."""


@reads_form(FORM_BOUNDS)
async def _form_data(request: Request) -> AsyncIterator[FormData]:
    """The posted form, every value within FORM_BOUNDS."""
    form = await bounded_form(request, FORM_BOUNDS)
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(_form_data)]


def _text(form: FormData, name: str, limit: int = 10_000) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v[:200] for v in form.getlist(name) if isinstance(v, str)]


def _read_form(form: FormData) -> tuple[AdviceForm, list[bytes]]:
    """The form as typed, the carried (already stripped) photos, and new uploads' bytes."""
    kinds, regions, sides = (
        _texts(form, n) for n in ("letsel_soort", "letsel_deel", "letsel_zijde")
    )
    rows = [
        InjuryRow(kind, region, side)
        for kind, region, side in zip(kinds, regions, sides, strict=False)
    ][:MAX_INJURY_ROWS]
    advice_form = AdviceForm(
        key=_text(form, "sleutel", 60) or secrets.token_urlsafe(18),
        age=_text(form, "leeftijd", 10).strip(),
        sex=_text(form, "geslacht", 20),
        region=_text(form, "regio", 20),
        concerns=_texts(form, "zorgen"),
        injuries=rows or [InjuryRow()],
        question=_text(form, "vraag"),
        summary=_text(form, "samenvatting"),
        withhold_name=_text(form, "naam_afschermen") == "ja",
    )
    dropped = set(_texts(form, "foto_weg"))
    for index, value in enumerate(_texts_long(form, "foto_bewaard")):
        photo = _carried(value)
        if photo is None:
            advice_form.refuse(
                "fotos", "Een eerder gekozen foto kwam niet goed terug; kies hem opnieuw."
            )
        elif str(index) not in dropped:
            advice_form.photos.append(photo)
    uploads = []
    for upload in form.getlist("fotos"):
        if isinstance(upload, UploadFile) and (upload.filename or upload.size):
            uploads.append(upload.file.read(attachments.MAX_PHOTO_BYTES + 1))
    return advice_form, [u for u in uploads if u]


def _texts_long(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)][:MAX_FORM_PHOTOS]


def _carried(value: str) -> CarriedPhoto | None:
    media_type, _, data = value.partition(";")
    if media_type not in ("image/jpeg", "image/png"):
        return None
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None
    magic = b"\xff\xd8\xff" if media_type == "image/jpeg" else b"\x89PNG\r\n\x1a\n"
    return CarriedPhoto(media_type, data) if raw.startswith(magic) else None


def _strip_uploads(advice_form: AdviceForm, uploads: list[bytes]) -> None:
    """Strip each new upload in memory and carry the result; refusals name the photo's number."""
    for upload in uploads:
        number = len(advice_form.photos) + 1
        if number > MAX_FORM_PHOTOS:
            advice_form.refuse("fotos", f"Er kunnen ten hoogste {MAX_FORM_PHOTOS} foto's mee.")
            break
        try:
            stripped = scrub_image(upload, max_bytes=attachments.MAX_PHOTO_BYTES)
        except PhotoRejected as rejected:
            advice_form.refuse(
                "fotos", f"Foto {number} is niet meegenomen: {_photo_reason(rejected)}"
            )
            continue
        advice_form.photos.append(
            CarriedPhoto(stripped.media_type, base64.b64encode(stripped.content).decode("ascii"))
        )


def _photo_reason(rejected: PhotoRejected) -> str:
    return str(rejected).split(" (")[0] + " (alleen JPEG of PNG, ten hoogste 10 MB)."


def _screen(advice_form: AdviceForm) -> None:
    texts = {"vraag": advice_form.question, "samenvatting": advice_form.summary}
    hits: dict[str, list[IdentifierKind]] = {}
    for name, kind in screen_fields(texts):
        hits.setdefault(name, []).append(kind)
    for name, kinds in hits.items():
        for text in finding_texts(kinds):
            advice_form.refuse(name, text)
        advice_form.refuse(name, FINDING_ADVICE)


def _validated(advice_form: AdviceForm) -> AdviceCreate | None:
    """The request model, or None with a Dutch message next to each field that is not right."""
    if not advice_form.age.isdigit():
        advice_form.refuse("leeftijd", REQUIRED_MESSAGE["leeftijd"])
    injuries = [
        {
            "kind": row.kind,
            "body_region": row.body_region,
            **({"side": row.side} if row.side else {}),
        }
        for row in advice_form.injuries
        if row.kind or row.body_region or row.side
    ]
    try:
        model = AdviceCreate.model_validate(
            {
                "age_months": int(advice_form.age) if advice_form.age.isdigit() else -1,
                "sex": advice_form.sex,
                "ggd_region": advice_form.region,
                "concerns": advice_form.concerns,
                "injuries": injuries,
                "question": advice_form.question,
                "clinical_summary": advice_form.summary,
                "requester_contact_withheld": advice_form.withhold_name,
            }
        )
    except ValidationError as exc:
        for error in exc.errors(include_input=False):
            name = FIELD_OF_MODEL.get(str(error["loc"][0]) if error["loc"] else "", "")
            if name:
                advice_form.refuse(name, REQUIRED_MESSAGE[name])
        return None
    return None if advice_form.errors else model


def _form_page(
    request: Request, session: SessionDep, user: User, advice_form: AdviceForm, *, status_code: int
) -> HTMLResponse:
    return page(
        request,
        "advies/nieuw.html",
        {
            "user": user,
            "form": advice_form,
            "regions": list_regions(session),
            **CASE_LABELS,
            "labels_of": FIELD_LABEL,
            "max_photos": MAX_FORM_PHOTOS,
        },
        status_code=status_code,
    )


# --- the form -------------------------------------------------------------------------------


@router.get("/advies/nieuw", response_class=HTMLResponse)
def new_advice(request: Request, session: SessionDep, user: RequesterPageDep) -> HTMLResponse:
    return _form_page(request, session, user, AdviceForm(), status_code=200)


@router.post("/advies/nieuw", response_class=HTMLResponse)
def post_advice(
    request: Request, session: SessionDep, user: RequesterPageDep, form: FormDep
) -> Response:
    """Controleren / Letsel toevoegen re-render and store nothing; versturen stores if all is
    right, else re-renders with the findings (422), still storing nothing."""
    check_csrf(request, _text(form, "csrf", 100))
    action = _text(form, "actie", 20)
    advice_form, uploads = _read_form(form)
    _strip_uploads(advice_form, uploads)
    if action == "letsel_toevoegen" and len(advice_form.injuries) < MAX_INJURY_ROWS:
        advice_form.injuries.append(InjuryRow())
    _screen(advice_form)
    if action != "versturen":
        if action == "controleren":
            _validated(advice_form)
            advice_form.checked = True
        return _form_page(request, session, user, advice_form, status_code=200)
    model = _validated(advice_form)
    if model is None:
        return _form_page(request, session, user, advice_form, status_code=422)
    actor = actor_of(request, user)
    try:
        submitted = service.submit_advice(
            session, model, actor=actor, idempotency_key=advice_form.key
        )
    except ValidationFailed as exc:
        session.rollback()
        for problem in exc.problems:
            name = FIELD_OF_MODEL.get(str(problem.loc[1]) if len(problem.loc) > 1 else "", "regio")
            advice_form.refuse(name, REQUIRED_MESSAGE.get(name, "Dit veld is niet in orde."))
        return _form_page(request, session, user, advice_form, status_code=422)
    case_number = submitted.advice.case_number
    if not submitted.replayed:
        advice = service.load_advice(session, case_number, actor)
        for number, photo in enumerate(advice_form.photos, start=1):
            try:
                attachments.add_photo(session, advice, base64.b64decode(photo.data), actor=actor)
            except DomainError:
                session.rollback()
                flash(request, "error", f"Foto {number} kon niet worden bewaard; de aanvraag wel.")
    return RedirectResponse(f"/advies/{case_number}/ontvangen", status_code=303)


@router.post("/advies/nieuw/controle")
def live_check(
    request: Request,
    _user: RequesterPageDep,
    csrf: Annotated[str, Form(max_length=100)],
    vraag: Annotated[str, Form(max_length=10_000)] = "",
    samenvatting: Annotated[str, Form(max_length=10_000)] = "",
) -> JSONResponse:
    """The screen's findings per field for the page script; stores and logs nothing."""
    check_csrf(request, csrf)
    advice_form = AdviceForm(question=vraag, summary=samenvatting)
    _screen(advice_form)
    return JSONResponse(
        {"fields": {name: advice_form.errors.get(name, []) for name in TEXT_FIELDS}},
        headers={"Cache-Control": "no-store"},
    )


@router.post("/advies/nieuw/foto")
def photo_preview(request: Request, _user: RequesterPageDep, form: FormDep) -> Response:
    """The photo as it would be stored (stripped of metadata), for the preview; not kept."""
    check_csrf(request, _text(form, "csrf", 100))
    upload = form.get("foto")
    if not isinstance(upload, UploadFile):
        return JSONResponse({"message": "Kies een foto."}, status_code=422)
    try:
        stripped = scrub_image(
            upload.file.read(attachments.MAX_PHOTO_BYTES + 1), max_bytes=attachments.MAX_PHOTO_BYTES
        )
    except PhotoRejected as rejected:
        return JSONResponse({"message": _photo_reason(rejected)}, status_code=422)
    return Response(
        stripped.content,
        media_type=stripped.media_type,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


# --- after submission -----------------------------------------------------------------------


def _view(
    request: Request, session: SessionDep, user: User, case_number: str
) -> AdvicePublic | HTMLResponse:
    """Her case as she may see it, or the Dutch refusal page (404 for a number not hers)."""
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        return service.read_advice(session, advice, actor)
    except DomainError as exc:
        return problem_page(request, user, exc)


@router.get("/advies/{case_number}/ontvangen", response_class=HTMLResponse)
def received(
    request: Request, session: SessionDep, user: RequesterPageDep, case_number: str
) -> HTMLResponse:
    """The receipt: the case number to keep, and what LECK will and will not know."""
    view = _view(request, session, user, case_number)
    if isinstance(view, HTMLResponse):
        return view
    return page(
        request,
        "advies/ontvangen.html",
        {"user": user, "advice": view, "groups": view.case_number.split("-"), "when": local_time},
    )


@router.get("/advies", response_class=HTMLResponse)
def my_requests(request: Request, session: SessionDep, user: RequesterPageDep) -> HTMLResponse:
    listing = service.list_advice(session, actor_of(request, user), None, limit=200, offset=0)
    rows = sorted(listing.items, key=lambda item: item.submitted_at, reverse=True)
    return page(
        request,
        "advies/lijst.html",
        {
            "user": user,
            "open": [r for r in rows if r.status not in WITH_ADVICE],
            "answered": [r for r in rows if r.status in WITH_ADVICE],
            "status_words": STATUS,
            "when": local_time,
        },
    )


@router.get("/advies/{case_number}", response_class=HTMLResponse)
def my_request(
    request: Request, session: SessionDep, user: RequesterPageDep, case_number: str
) -> HTMLResponse:
    view = _view(request, session, user, case_number)
    if isinstance(view, HTMLResponse):
        return view
    return page(
        request,
        "advies/aanvraag.html",
        {
            "user": user,
            "advice": view,
            "status_words": STATUS,
            "when": local_time,
            "age": age_label(view.age_months),
            "region_name": get_region(session, view.ggd_region).name,
            **CASE_LABELS,
            "released": view.status in WITH_ADVICE,
            "open": view.status in OPEN,
            "can_convert": view.status is AdviceStatus.RELEASED and user.role_enum in CONSULT_ROLES,
        },
    )


@router.post("/advies/{case_number}/fotos")
def add_photo(
    request: Request, session: SessionDep, user: RequesterPageDep, case_number: str, form: FormDep
) -> Response:
    """One more photo for a request LECK has not answered yet; stripped before it is stored."""
    check_csrf(request, _text(form, "csrf", 100))
    actor = actor_of(request, user)
    upload = form.get("foto")
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        if not isinstance(upload, UploadFile) or not upload.filename:
            flash(request, "error", "Kies eerst een foto.")
        else:
            data = upload.file.read(attachments.MAX_PHOTO_BYTES + 1)
            attachments.add_photo(session, advice, data, actor=actor)
            flash(request, "ok", "Foto toegevoegd, zonder metadata.")
    except (ValidationFailed, Conflict):
        session.rollback()
        flash(
            request,
            "error",
            "De foto is niet toegevoegd: alleen JPEG of PNG tot 10 MB, ten hoogste 20 per aanvraag, en alleen zolang LECK nog niet heeft geantwoord.",
        )
    except DomainError as exc:
        session.rollback()
        return problem_page(request, user, exc)
    return RedirectResponse(f"/advies/{advice.case_number}", status_code=303)


def _letter(
    request: Request, session: SessionDep, user: User, case_number: str, *, pdf: bool
) -> Response:
    """The released advice letter (case number only), exactly as LECK's letter renders it."""
    actor = actor_of(request, user)
    try:
        advice = service.load_advice(session, case_number[:40], actor)
        number = advice.case_number
        html = advice_letter_html(
            session,
            advice,
            actor=actor,
            action=AuditAction.EXPORT if pdf else AuditAction.READ,
            medium="pdf" if pdf else "html",
        )
    except DomainError as exc:
        return problem_page(request, user, exc)
    if not pdf:
        return document(html, "text/html; charset=utf-8")
    session.close()  # rendering takes about a second; hold no transaction meanwhile
    return document(
        html_to_pdf(html),
        "application/pdf",
        **{"Content-Disposition": f'attachment; filename="LECK-advies-{number}.pdf"'},
    )


@router.get("/advies/{case_number}/brief")
def letter(
    request: Request, session: SessionDep, user: RequesterPageDep, case_number: str
) -> Response:
    return _letter(request, session, user, case_number, pdf=False)


@router.get("/advies/{case_number}/brief.pdf")
def letter_pdf(
    request: Request, session: SessionDep, user: RequesterPageDep, case_number: str
) -> Response:
    return _letter(request, session, user, case_number, pdf=True)
