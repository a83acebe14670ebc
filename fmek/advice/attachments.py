"""Photos attached to an advice request: scrubbed before storage, served only to LECK."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from fmek.advice.access import require_leck, require_owner
from fmek.advice.adapters import photo_public
from fmek.advice.lifecycle import OPEN
from fmek.advice.models import AdvicePhoto, AdviceRequest, PhotoPublic
from fmek.advice.photos import DEFAULT_MAX_BYTES, PhotoRejected, scrub_image
from fmek.advice.service import RECORD
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.errors import Conflict, InvalidState, NotFound, ValidationFailed

MAX_PHOTO_BYTES = DEFAULT_MAX_BYTES
MAX_PHOTOS_PER_CASE = 20
FILE_LOC = ("body", "file")


def add_photo(session: Session, advice: AdviceRequest, data: bytes, *, actor: Actor) -> PhotoPublic:
    """Re-encode the upload from its pixels and store only that; the original bytes are dropped.

    ``data`` holds at most ``MAX_PHOTO_BYTES + 1`` bytes (the router stops reading there).
    """
    user = actor.require_user()
    require_owner(user, advice, "add photos to it")
    if advice.status not in OPEN:
        raise InvalidState(
            f"photos can be added until the advice is released; this case is '{advice.status}'",
            type="invalid_state",
        )
    try:
        scrubbed = scrub_image(data, max_bytes=MAX_PHOTO_BYTES)
    except PhotoRejected as rejected:
        raise ValidationFailed(
            f"{rejected}; the limit is {MAX_PHOTO_BYTES // (1024 * 1024)} MB, JPEG or PNG",
            type=f"photo_{rejected.reason.value}",
            loc=FILE_LOC,
        ) from None
    count = session.exec(
        select(func.count()).select_from(AdvicePhoto).where(AdvicePhoto.advice_id == advice.id)
    ).one()
    if count >= MAX_PHOTOS_PER_CASE:
        raise Conflict(f"a case holds at most {MAX_PHOTOS_PER_CASE} photos", type="too_many_photos")
    photo = AdvicePhoto(
        advice_id=advice.id,
        content=scrubbed.content,
        media_type=scrubbed.media_type,
        width=scrubbed.width,
        height=scrubbed.height,
        size_bytes=len(scrubbed.content),
        sha256=scrubbed.sha256,
    )
    session.add(photo)
    record(
        session, actor, AuditAction.CREATE, RECORD, advice.case_number, detail=f"photo {photo.id}"
    )
    session.commit()
    return photo_public(photo)


def list_photos(session: Session, advice: AdviceRequest, *, actor: Actor) -> list[PhotoPublic]:
    require_leck(actor.require_user(), "see the photos of an advice request")
    rows = session.exec(
        select(AdvicePhoto)
        .where(AdvicePhoto.advice_id == advice.id)
        .order_by(col(AdvicePhoto.uploaded_at), col(AdvicePhoto.id))
    ).all()
    record(session, actor, AuditAction.LIST, RECORD, advice.case_number, detail="photos")
    session.commit()
    return [photo_public(p) for p in rows]


def read_photo(
    session: Session, advice: AdviceRequest, photo_id: str, *, actor: Actor
) -> AdvicePhoto:
    require_leck(actor.require_user(), "see the photos of an advice request")
    photo = session.exec(
        select(AdvicePhoto).where(AdvicePhoto.id == photo_id, AdvicePhoto.advice_id == advice.id)
    ).first()
    if photo is None:
        raise NotFound("no photo with this id in this case", loc=("path", "photo_id"))
    record(session, actor, AuditAction.READ, RECORD, advice.case_number, detail=f"photo {photo.id}")
    session.commit()
    return photo
