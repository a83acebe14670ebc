"""Demo step: one finalised letselrapportage on a demo referral of VT Utrecht (idempotent).

The content is the fictional sample of `reports.sample`, sent through the same request model,
service and checks as the API uses; the author is the demo forensisch arts "Dr. P. Visser (demo)"
and the signature comes from their doctor record when one is linked.
"""

from collections.abc import Iterator
from datetime import timedelta

from sqlmodel import Session

from fmek.audit.service import Actor
from fmek.auth.models import Role, User
from fmek.clock import utcnow
from fmek.demo import demo_user
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import FinaliseRequest
from fmek.forensic_reports.sample import draft_body
from fmek.forensic_reports.service import finalise, latest_version, save_draft
from fmek.forensic_reports.signing import linked_doctor
from fmek.referrals.lifecycle import ReferralStatus, can_move
from fmek.referrals.models import Referral, ReferralCreate
from fmek.referrals.service import apply_status, find_by_idempotency_key, submit_referral
from reports.sample import EXAMINED_AT, QUESTIONS

KEY = "demo-forensic-report"
REVIEWER = "dr. H. Smit, kinderarts-forensisch deskundige"


def demo_report(session: Session) -> Iterator[str]:
    requester = demo_user(session, Role.VERTROUWENSARTS)
    doctor = demo_user(session, Role.FORENSISCH_ARTS)
    referral = _referral(session, Actor(user=requester, client_address="demo"))
    author = Actor(user=doctor, client_address="demo")
    row = latest_version(session, referral.id)
    if row is None or not row.is_final:
        if can_move(ReferralStatus(referral.status), ReferralStatus.EXAMINED):
            apply_status(session, referral, ReferralStatus.EXAMINED, actor=author, note="demo")
            session.commit()
        save_draft(session, referral.id, _content(requester.name), actor=author)
        finalise(session, referral.id, _signature(session, doctor), actor=author)
        row = latest_version(session, referral.id)
    assert row is not None
    yield f"demo report {row.report_number} version {row.version} ({row.status}) on referral {referral.id}"
    yield f"  render it: fmek report render {referral.id} --pdf report.pdf"


def _signature(session: Session, doctor: User) -> FinaliseRequest:
    """Signed from the doctor record when the demo has one; otherwise from the request."""
    if linked_doctor(session, doctor) is not None:
        return FinaliseRequest(reviewer_name=REVIEWER, place="Zeist")
    return FinaliseRequest(
        reviewer_name=REVIEWER,
        author_name="dr. P. Visser",
        big_number="19054321001",
        qualification="forensisch arts KNMG, aandachtsgebied kindermishandeling",
        place="Zeist",
    )


def _referral(session: Session, actor: Actor) -> Referral:
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


def _content(requester_name: str) -> ReportDraftIn:
    # The sample is dated late November 2026; on an earlier clock, move it into the past.
    latest_allowed = utcnow() - timedelta(days=1)
    shift = timedelta(days=min(0, (latest_allowed - EXAMINED_AT).days))
    body = draft_body(shift=shift)
    body["examination"]["persons_present"] = [
        f"{requester_name}, vertrouwensarts Veilig Thuis Utrecht" if "vertrouwensarts" in p else p
        for p in body["examination"]["persons_present"]
    ]
    return ReportDraftIn.model_validate(body)
