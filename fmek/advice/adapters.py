"""Advice rows to ``reports`` inputs: the data for the LECK advice letter."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from fmek.advice.case_numbers import normalise_case_number
from fmek.advice.lifecycle import WITH_ADVICE, Conclusion
from fmek.advice.models import AdvicePhoto, AdviceRequest, LeckConsultant, PhotoPublic
from fmek.auth.models import User, role_nl
from fmek.clock import AMSTERDAM, as_utc, utcnow
from fmek.errors import InvalidState, NotFound
from fmek.reference.models import Organisation, Region
from reports.conclusions import ClinicalConclusion
from reports.data import (
    AlternativeExplanation,
    BodyRegion,
    Concern,
    InflictedLikelihood,
    InjuryKind,
    LeckAdviceLetterData,
    Sex,
    Side,
)
from reports.labels import injury_kind_nl, region_nl, side_nl


def advice_letter_data(session: Session, case_number: str) -> LeckAdviceLetterData:
    """The letter of a released advice; access checks and audit are the caller's (the letter is
    for the requester and LECK)."""
    number = normalise_case_number(case_number)
    advice = (
        session.exec(select(AdviceRequest).where(AdviceRequest.case_number == number)).first()
        if number
        else None
    )
    if advice is None:
        raise NotFound("no advice request with this case number", loc=("path", "case_number"))
    return letter_data(session, advice)


def letter_data(
    session: Session, advice: AdviceRequest, *, draft: bool = False
) -> LeckAdviceLetterData:
    """The letter of a released advice row. The weekly team meeting is its own recorded event:
    until it is recorded the letter says the case will be discussed there.

    ``draft``: the same letter for a written but not yet released advice, marked CONCEPT, so
    LECK's reviewers read exactly what the requester will get (dated today, no reviewer yet).
    """
    released_at = advice.released_at
    if draft and advice.advice and advice.conclusion and advice.status not in WITH_ADVICE:
        released_at = utcnow()  # a first draft, or the revision of a released advice
    elif advice.status not in WITH_ADVICE or not released_at or not advice.conclusion:
        raise InvalidState(
            "the advice letter exists once LECK's team review has released the advice",
            type="advice_not_released",
        )
    released = as_utc(released_at).astimezone(AMSTERDAM).date()
    consultant = session.get(LeckConsultant, advice.answered_by) if advice.answered_by else None
    return LeckAdviceLetterData(
        case_number=advice.case_number,
        received_on=advice.submitted_at.astimezone(AMSTERDAM).date(),
        answered_on=released,
        requester_organisation=_organisation_name(session, advice.requester_organisation),
        requester_name=None if advice.requester_contact_withheld else advice.requester_name,
        requester_role=_requester_role(session, advice.requester_id),
        age_months=advice.age_months,
        sex=Sex(advice.sex),
        concerns=tuple(Concern(c) for c in advice.concerns),
        injuries_summary=tuple(_injury_line(i) for i in advice.injuries),
        question=advice.question,
        clinical_summary=advice.clinical_summary,
        advice=advice.advice or "",
        conclusion=ClinicalConclusion(Conclusion(advice.conclusion)),
        assessment=advice.assessment or "",
        differential_diagnosis=advice.differential_diagnosis or "",
        material_received=tuple(advice.material_received or ()),
        disciplines=tuple(advice.disciplines or ()),
        inflicted=InflictedLikelihood(advice.inflicted) if advice.inflicted else None,
        alternative=AlternativeExplanation(advice.alternative) if advice.alternative else None,
        consultant_function=consultant.function if consultant else "",
        # printed only once checked in the BIG register
        consultant_big=consultant.big_number if consultant and consultant.big_verified_at else "",
        issuer=_issuer(session, advice.answered_by, consultant),
        photos_received=_photo_count(session, advice.id),
        consultant_name=_name(session, advice.answered_by),
        reviewer_name=_name(session, advice.reviewed_by)
        if advice.reviewed_by
        else "nog niet beoordeeld",
        team_discussed_on=advice.team_discussed_on,
        # a draft shows the version its release will have: the first, or the next after a
        # revision of a released advice
        version=(advice.letter_version or 0) + (1 if advice.reviewed_by is None else 0),
        draft=advice.reviewed_by is None,
        revision_reason=advice.revision_reason or "",
    )


def _requester_role(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return role_nl(user.role) if user else ""


def _injury_line(injury: dict[str, Any]) -> str:
    kind = injury_kind_nl(InjuryKind(injury["kind"]))
    line = f"{kind}, {region_nl(BodyRegion(injury['body_region']))}"
    if side := injury.get("side"):
        line += f" ({side_nl(Side(side))})"
    return line[:1].upper() + line[1:]


def _organisation_name(session: Session, code: str) -> str:
    if org := session.get(Organisation, code):
        return org.name
    if region := session.get(Region, code):
        return region.name
    return code


def _issuer(session: Session, user_id: int | None, consultant: LeckConsultant | None) -> str:
    """The LECK member hospital that issues the letter (the consultant's)."""
    if consultant is not None:
        return consultant.member_hospital
    user = session.get(User, user_id) if user_id is not None else None
    org = (
        session.get(Organisation, user.organisation_code)
        if user and user.organisation_code
        else None
    )
    return org.name if org else ""


def _photo_count(session: Session, advice_id: str) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(AdvicePhoto).where(AdvicePhoto.advice_id == advice_id)
        ).one()
    )


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.name if user else "LECK"


def photo_public(photo: AdvicePhoto) -> PhotoPublic:
    return PhotoPublic(
        id=photo.id,
        media_type=photo.media_type,
        width=photo.width,
        height=photo.height,
        size_bytes=photo.size_bytes,
        sha256=photo.sha256,
        uploaded_at=photo.uploaded_at,
    )
