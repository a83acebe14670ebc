"""Demo step: one signed letselduiding for Veilig Thuis Utrecht on a demo referral (idempotent).

The content is the fictional sample of `reports.sample`, sent through the same request models,
services and checks as the API uses: Dr. P. Visser (demo) writes and submits it, Dr. H. Brouwer
(demo), a second forensisch arts of the same GGD, reviews and approves it with her own account;
both sign from their doctor records, and the approval signs the PDF (PAdES).
"""

from collections.abc import Iterator
from datetime import timedelta

from sqlmodel import Session, col, select

from fmek.audit.service import Actor
from fmek.auth.demo import demo_user
from fmek.auth.models import Role, User
from fmek.auth.service import find_user_by_name
from fmek.clock import utcnow
from fmek.doctors.models import Doctor
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import FinaliseRequest, ReviewDecision, ReviewRequest
from fmek.forensic_reports.sample import draft_body
from fmek.forensic_reports.service import finalise, review, save_draft
from fmek.forensic_reports.signing import linked_doctor
from fmek.forensic_reports.versions import latest_version
from fmek.referrals.lifecycle import ReferralStatus, can_move
from fmek.referrals.models import Referral, ReferralCreate
from fmek.referrals.service import apply_status, find_by_idempotency_key, submit_referral
from reports.sample import EXAMINED_AT, QUESTIONS

KEY = "demo-forensic-report"
REVIEWER_USER = "Dr. H. Brouwer (demo)"


def demo_report(session: Session) -> Iterator[str]:
    requester = demo_user(session, Role.VERTROUWENSARTS)
    doctor = demo_user(session, Role.FORENSISCH_ARTS)
    reviewer = find_user_by_name(session, REVIEWER_USER, Role.FORENSISCH_ARTS)
    if linked_doctor(session, doctor) is None or reviewer is None:
        yield "demo report skipped: the demo forensisch artsen have no doctor records"
        return
    _link_reviewer(session, doctor, reviewer)
    referral = demo_referral(session, Actor(user=requester, client_address="demo"))
    _requested_before_examination(session, referral)
    author = Actor(user=doctor, client_address="demo")
    row = latest_version(session, referral.id)
    if row is None or not row.is_final:
        if can_move(ReferralStatus(referral.status), ReferralStatus.EXAMINED):
            apply_status(session, referral, ReferralStatus.EXAMINED, actor=author, note="demo")
            session.commit()
        if row is None or row.status == "draft":
            save_draft(session, referral.id, _content(requester.name), actor=author)
            assert reviewer.id is not None
            finalise(
                session,
                referral.id,
                FinaliseRequest(reviewer_user_id=reviewer.id, place="Zeist"),
                actor=author,
            )
        review(
            session,
            referral.id,
            ReviewRequest(decision=ReviewDecision.APPROVE),
            actor=Actor(user=reviewer, client_address="demo"),
        )
        row = latest_version(session, referral.id)
    assert row is not None
    yield (
        f"demo report {row.report_number} version {row.version} ({row.kind}, {row.status}) on "
        f"referral {referral.id}; code {row.sha256}"
    )
    yield f"  render it: fmek report render {referral.id} --pdf report.pdf"


def _link_reviewer(session: Session, author: User, reviewer: User) -> None:
    """Give the demo reviewer a verified doctor record of the author's region."""
    if linked_doctor(session, reviewer) is not None:
        return
    own = linked_doctor(session, author)
    assert own is not None
    doctor = session.exec(
        select(Doctor).where(
            Doctor.region == own.region,
            col(Doctor.user_id).is_(None),
            Doctor.active,
        )
    ).first()
    if doctor is None:
        return
    doctor.user_id, doctor.name = reviewer.id, "Dr. H. Brouwer"
    doctor.big_verified_at = doctor.big_verified_at or utcnow()
    session.add(doctor)
    session.commit()


def demo_referral(session: Session, actor: Actor) -> Referral:
    assert actor.user is not None
    if (found := find_by_idempotency_key(session, actor.user, KEY)) is not None:
        return found
    case = ReferralCreate.model_validate(
        {
            "child": {"name": "Sanne de Vries", "birth_date": "2024-03-14", "sex": "female"},
            "ggd_region": "GG2514",
            "location": {"lat": 52.09, "lon": 5.23},
            "concerns": ["physical_abuse"],
            "injuries": [
                {"kind": "bruise", "body_region": "buttocks", "side": "bilateral"},
                {"kind": "bruise", "body_region": "arm", "side": "left"},
                {"kind": "bruise", "body_region": "ear", "side": "left"},
            ],
            "questions": ["documentation", "interpretation"],
            "vraagstelling": " ".join(QUESTIONS),
        }
    )
    submitted = submit_referral(session, case, actor=actor, idempotency_key=KEY)
    referral = session.get(Referral, submitted.referral.id)
    assert referral is not None
    return referral


def _shift() -> timedelta:
    """The sample is dated late November 2026; on an earlier clock, move it into the past."""
    latest_allowed = utcnow() - timedelta(days=1)
    return timedelta(days=min(0, (latest_allowed - EXAMINED_AT).days))


def _requested_before_examination(session: Session, referral: Referral) -> None:
    """The demo's story: Veilig Thuis asked two days before the examination. The demo referral
    is made today, so its request date is set back to match the sample report's moments."""
    requested = EXAMINED_AT + _shift() - timedelta(days=2)
    if referral.submitted_at > requested:
        referral.submitted_at = requested
        session.add(referral)
        session.commit()


def _content(requester_name: str) -> ReportDraftIn:
    body = draft_body(shift=_shift())
    body["examination"]["persons_present"] = [
        f"{requester_name}, vertrouwensarts Veilig Thuis Utrecht" if "vertrouwensarts" in p else p
        for p in body["examination"]["persons_present"]
    ]
    return ReportDraftIn.model_validate(body)
