"""The LECK advice letter: a released anonymous advice (fmek.advice) as HTML or PDF/A.

The letter carries the case number only: `reports.data.LeckAdviceLetterData` has no field for a
child's name, birth date or BSN, and neither has the advice request it is built from. Who may
read it is the advice domain's rule (`fmek.advice.service.load_advice`: the requesting doctor and
LECK; 404 for everyone else); the letter exists once LECK's team review has released the advice.
"""

from sqlmodel import Session

from fmek.advice.lifecycle import WITH_ADVICE, AdviceStatus
from fmek.advice.models import AdviceRequest
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.auth.models import User
from fmek.clock import AMSTERDAM, as_utc
from fmek.errors import InvalidState
from fmek.reference.models import Organisation
from reports import render_advice_letter
from reports.conclusions import ClinicalCategory, ClinicalConclusion
from reports.data import BodyRegion, Concern, InjuryKind, LeckAdviceLetterData, Sex, Side
from reports.labels import injury_kind_nl, region_nl, side_nl

RECORD = "advice_request"


def _injury_line(injury: dict[str, str]) -> str:
    where = region_nl(BodyRegion(injury["body_region"]))
    if side := injury.get("side"):
        where += f" {side_nl(Side(side))}"
    return f"{injury_kind_nl(InjuryKind(injury['kind'])).capitalize()}, {where}."


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return f"{user.name}, LECK" if user else "LECK"


def letter_data(session: Session, advice: AdviceRequest) -> LeckAdviceLetterData:
    if AdviceStatus(advice.status) not in WITH_ADVICE or not advice.advice or not advice.conclusion:
        raise InvalidState(
            "the advice letter exists once LECK's team review has released the advice",
            type="advice_not_released",
        )
    assert advice.released_at is not None
    organisation = session.get(Organisation, advice.requester_organisation)
    released = as_utc(advice.released_at).astimezone(AMSTERDAM).date()
    return LeckAdviceLetterData(
        case_number=advice.case_number,
        received_on=as_utc(advice.submitted_at).astimezone(AMSTERDAM).date(),
        answered_on=released,
        requester_organisation=organisation.name if organisation else advice.requester_organisation,
        requester_name=None if advice.requester_contact_withheld else advice.requester_name,
        age_months=advice.age_months,
        sex=Sex(advice.sex),
        concerns=tuple(Concern(c) for c in advice.concerns),
        injuries_summary=tuple(_injury_line(i) for i in advice.injuries),
        question=advice.question,
        clinical_summary=advice.clinical_summary,
        advice=advice.advice,
        conclusion=ClinicalConclusion(ClinicalCategory(advice.conclusion)),
        consultant_name=_name(session, advice.answered_by),
        reviewer_name=_name(session, advice.reviewed_by),
        team_discussed_on=released,
    )


def advice_letter_html(
    session: Session, advice: AdviceRequest, *, actor: Actor, action: AuditAction, medium: str
) -> str:
    """The letter's HTML, audited (read for HTML, export for the PDF download)."""
    html = render_advice_letter(letter_data(session, advice))
    record(session, actor, action, RECORD, advice.case_number, detail=f"advice letter {medium}")
    session.commit()
    return html
