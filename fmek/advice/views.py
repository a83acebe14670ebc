"""Rows to response models: what the requester sees, and what LECK sees besides."""

from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from fmek.advice.lifecycle import WITH_ADVICE, AdviceStatus, Conclusion, ReviewDecision
from fmek.advice.models import (
    AdviceAnswerPublic,
    AdviceConsult,
    AdvicePhoto,
    AdvicePublic,
    AdviceRequest,
    AdviceReview,
    AdviceSummary,
    PersonRef,
    RequesterPublic,
    ReviewPublic,
)
from fmek.auth.models import User
from fmek.referrals.models import InjuryPublic
from reports.data import AlternativeExplanation, InflictedLikelihood
from routing.vocabulary import Sex


def requester_public(advice: AdviceRequest) -> RequesterPublic:
    """With contact withheld the name is not stored at all, so it cannot leak."""
    return RequesterPublic(
        organisation=advice.requester_organisation,
        name=None if advice.requester_contact_withheld else advice.requester_name,
        contact_withheld=advice.requester_contact_withheld,
    )


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(User.id, User.name).where(col(User.id).in_(wanted))).all()
    return {uid: name for uid, name in rows if uid is not None}


def photo_counts(session: Session, advice_ids: Sequence[str]) -> dict[str, int]:
    if not advice_ids:
        return {}
    rows = session.exec(
        select(AdvicePhoto.advice_id, func.count())
        .where(col(AdvicePhoto.advice_id).in_(advice_ids))
        .group_by(col(AdvicePhoto.advice_id))
    ).all()
    return dict(rows)


def _ref(names: dict[int, str], uid: int | None) -> PersonRef | None:
    return PersonRef(id=uid, name=names.get(uid, "?")) if uid is not None else None


def advice_public(session: Session, advice: AdviceRequest, *, for_leck: bool) -> AdvicePublic:
    status = AdviceStatus(advice.status)
    reviews = session.exec(
        select(AdviceReview)
        .where(AdviceReview.advice_id == advice.id)
        .order_by(col(AdviceReview.reviewed_at), col(AdviceReview.id))
    ).all()
    names = user_names(
        session,
        [advice.claimed_by, advice.answered_by, *(r.reviewer_id for r in reviews)],
    )
    consult = session.exec(
        select(AdviceConsult.referral_id).where(AdviceConsult.advice_id == advice.id)
    ).first()
    show_advice = advice.advice is not None and (for_leck or status in WITH_ADVICE)
    answer = None
    if show_advice and advice.conclusion and advice.answered_at:
        conclusion = Conclusion(advice.conclusion)
        inflicted = InflictedLikelihood(advice.inflicted) if advice.inflicted else None
        answer = AdviceAnswerPublic(
            text=advice.advice or "",
            conclusion=conclusion,
            conclusion_wording=inflicted.wording if inflicted else conclusion.wording,
            answered_at=advice.answered_at,
            released_at=advice.released_at,
            assessment=advice.assessment,
            differential_diagnosis=advice.differential_diagnosis,
            disciplines=advice.disciplines or [],
            material_received=advice.material_received or [],
            inflicted=inflicted,
            alternative=AlternativeExplanation(advice.alternative) if advice.alternative else None,
            team_discussed_on=advice.team_discussed_on,
            letter_version=advice.letter_version,
            revision_reason=advice.revision_reason,
        )
    view = AdvicePublic(
        case_number=advice.case_number,
        status=status,
        version=advice.version,
        submitted_at=advice.submitted_at,
        updated_at=advice.updated_at,
        age_months=advice.age_months,
        sex=Sex(advice.sex),
        ggd_region=advice.ggd_region,
        concerns=advice.concerns,  # type: ignore[arg-type]  # the column holds an enum value
        injuries=[InjuryPublic.model_validate(i) for i in advice.injuries],
        question=advice.question,
        clinical_summary=advice.clinical_summary,
        requester_contact_withheld=advice.requester_contact_withheld,
        advice=answer,
        photo_count=photo_counts(session, [advice.id]).get(advice.id, 0),
        consult_referral_id=consult,
    )
    if for_leck:
        view.requester = requester_public(advice)
        view.claimed_by = _ref(names, advice.claimed_by)
        view.answered_by = _ref(names, advice.answered_by)
        view.reviews = [
            ReviewPublic(
                reviewer=PersonRef(id=r.reviewer_id, name=names.get(r.reviewer_id, "?")),
                decision=ReviewDecision(r.decision),
                remark=r.remark,
                reviewed_at=r.reviewed_at,
            )
            for r in reviews
        ]
    return view


def summaries(
    session: Session, rows: Sequence[AdviceRequest], *, for_leck: bool
) -> list[AdviceSummary]:
    counts = photo_counts(session, [r.id for r in rows])
    names = user_names(session, [r.claimed_by for r in rows]) if for_leck else {}
    return [
        AdviceSummary(
            case_number=r.case_number,
            status=AdviceStatus(r.status),
            submitted_at=r.submitted_at,
            age_months=r.age_months,
            sex=Sex(r.sex),
            ggd_region=r.ggd_region,
            concerns=r.concerns,  # type: ignore[arg-type]  # the column holds an enum value
            injury_count=len(r.injuries),
            photo_count=counts.get(r.id, 0),
            requester=requester_public(r) if for_leck else None,
            claimed_by=_ref(names, r.claimed_by) if for_leck else None,
        )
        for r in rows
    ]
