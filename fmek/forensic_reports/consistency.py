"""Checks of a draft against its referral: consent fits the child's age, moments in order.

The draft alone cannot know the child's birth date, when the request came in or when the last
incident was; the referral does. The rules themselves are pure (`reports.consent`,
`reports.chronology`); this module only feeds them and turns their findings into 422 problems
located in the request body. Messages name fields and age bands, never the child.
"""

from datetime import date, datetime

from fmek.clock import AMSTERDAM, as_utc
from fmek.errors import Problem
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.referrals.models import Referral
from reports.chronology import Moments, PhotoMoments, chronology_problems
from reports.consent import AgeBand, age_band, authority_problem


def _local_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(AMSTERDAM).date()


def consent_moment(data: ReportDraftIn, now: datetime) -> datetime:
    """When consent counts: as stated, else at the examination, else now."""
    if data.consent is not None and data.consent.given_at is not None:
        return data.consent.given_at
    if data.examination is not None:
        return data.examination.examined_at
    return now


def consent_age_band(data: ReportDraftIn, referral: Referral, now: datetime) -> AgeBand:
    return age_band(referral.child_birth_date, _local_day(consent_moment(data, now)))


def referral_problems(data: ReportDraftIn, referral: Referral, now: datetime) -> list[Problem]:
    """Everything in the draft that contradicts its referral, each with its own location."""
    problems = []
    consent = data.consent
    if consent is not None and consent.authority is not None:
        message = authority_problem(consent.authority, consent_age_band(data, referral, now))
        if message is not None:
            problems.append(Problem(message, "consent_age_band", ("body", "consent", "authority")))
    exam = data.examination
    moments = Moments(
        requested_at=referral.submitted_at,
        incident_at=referral.last_incident_at,
        examined_at=as_utc(exam.examined_at) if exam else None,
        examination_ended_at=as_utc(exam.ended_at) if exam and exam.ended_at else None,
        before_request_reason=exam.before_request_reason if exam else "",
        consent_at=as_utc(consent.given_at) if consent and consent.given_at else None,
        photos=[
            PhotoMoments(
                p.photo_id, as_utc(p.taken_at), as_utc(p.stored_at) if p.stored_at else None
            )
            for p in data.photos
        ],
        investigations=[v.performed_on for v in data.investigations],
        appointment_date=data.instruction.appointment_date if data.instruction else None,
        today=_local_day(now),
    )
    problems.extend(
        Problem(found.message, found.type, ("body", *found.loc))
        for found in chronology_problems(moments)
    )
    return problems
