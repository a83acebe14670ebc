"""The LECK advice letter: a released anonymous advice (fmek.advice) as HTML or PDF/A.

The letter carries the case number only: `reports.data.LeckAdviceLetterData` has no field for a
child's name, birth date or BSN, and neither has the advice request it is built from. Who may
read it is the advice domain's rule (`fmek.advice.service.load_advice`: the requesting doctor and
LECK; 404 for everyone else); the letter exists once LECK's team review has released the advice.
"""

from sqlmodel import Session

from fmek.advice.adapters import letter_data
from fmek.advice.models import AdviceRequest
from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from reports import render_advice_letter

RECORD = "advice_request"


def advice_letter_html(
    session: Session, advice: AdviceRequest, *, actor: Actor, action: AuditAction, medium: str
) -> str:
    """The letter's HTML, audited (read for HTML, export for the PDF download)."""
    html = render_advice_letter(letter_data(session, advice))
    record(session, actor, action, RECORD, advice.case_number, detail=f"advice letter {medium}")
    session.commit()
    return html
