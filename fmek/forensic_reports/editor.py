"""The findings editor's view of a report: the newest version, its gaps, and a safe save.

A draft has no revision counter of its own, so the editor's If-Match token is the version, the
moment it was last saved and a hash of its content: a second tab that saves over a newer state
is refused (412), never silently overwriting the first.
"""

import hashlib
import json
from dataclasses import dataclass, field

from sqlmodel import Session, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.errors import NotFound, PreconditionFailed
from fmek.forensic_reports import service
from fmek.forensic_reports.access import RECORD, not_found, referral_for_writing
from fmek.forensic_reports.adapters import content_of, report_data, version_public
from fmek.forensic_reports.findings import ReportDraftIn
from fmek.forensic_reports.models import DraftRead, ForensicReport
from fmek.forensic_reports.signing import reviewer_candidates
from fmek.forensic_reports.versions import draft_context, latest_version
from fmek.referrals.models import Referral
from reports.completeness import SECTIONS, Gap, gaps


def draft_etag(row: ForensicReport | None) -> str:
    """Changes with every save that changes the version; "" while there is no draft at all."""
    if row is None:
        return ""
    content = json.dumps(row.content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    saved = row.updated_at.strftime("%Y%m%d%H%M%S%f")
    return f"{row.version}-{saved}-{hashlib.sha256(content).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class DraftView:
    referral: Referral
    row: ForensicReport | None
    gaps: list[Gap]
    etag: str
    reviewers: list[tuple[int, str]] = field(default_factory=list)  # (user id, name)


def draft_view(session: Session, referral_id: str, *, actor: Actor) -> DraftView:
    """The newest version for its writer, with what finalising still needs (signature aside)."""
    referral = referral_for_writing(session, referral_id, actor)
    row = latest_version(session, referral.id)
    if row is not None and row.author_id != actor.require_user().id:
        # Once a report exists only its author reads the draft: to a colleague (also the
        # reviewer, who reads the submitted version on the review page) it does not exist.
        raise not_found(session, actor, referral_id)
    if row is None:
        everything = [
            Gap(key, "nog niet ingevuld")
            for key in SECTIONS
            if key not in ("ondertekening", "identiteit")  # identity comes from the referral
        ]
        return DraftView(referral, None, everything, "")
    found: list[Gap] = []
    if not row.is_final:
        context = draft_context(session, row, referral)
        found = [
            g
            for g in gaps(report_data(row, content_of(row), context))
            if g.section != "ondertekening"
        ]
    assert actor.user is not None  # referral_for_writing required one
    return DraftView(
        referral, row, found, draft_etag(row), reviewer_candidates(session, actor.user)
    )


def save_if_unchanged(
    session: Session, referral_id: str, data: ReportDraftIn, *, actor: Actor, if_match: str
) -> service.SavedDraft:
    """Save the draft only if nobody saved it since the writer read ``if_match``."""
    referral = referral_for_writing(session, referral_id, actor)
    # serialise saves of one referral's report (PostgreSQL row lock; SQLite writes one at a time)
    session.exec(select(Referral.id).where(Referral.id == referral.id).with_for_update()).one()
    current = draft_etag(latest_version(session, referral.id))
    if if_match != current:
        raise PreconditionFailed(
            "Niet opgeslagen: dit concept is intussen elders opgeslagen (If-Match komt niet "
            "overeen met de huidige ETag). Lees het concept opnieuw en sla uw wijzigingen "
            "daarop op.",
            type="stale_draft",
            loc=("header", "if-match"),
        )
    return service.save_draft(session, referral_id, data, actor=actor)


def save_draft_checked(
    session: Session, referral_id: str, data: ReportDraftIn, *, actor: Actor, if_match: str | None
) -> tuple[service.SavedDraft, str]:
    """The API's draft save: refused (412) when ``if_match`` is sent and stale; with the new
    ETag, so the next save of the same writer can send it."""
    if if_match is None:
        saved = service.save_draft(session, referral_id, data, actor=actor)
    else:
        saved = save_if_unchanged(session, referral_id, data, actor=actor, if_match=if_match)
    return saved, draft_etag(latest_version(session, saved.report.referral_id))


def read_draft(session: Session, referral_id: str, *, actor: Actor) -> tuple[DraftRead, str]:
    """The newest version for its writer through the API, audited, with its ETag."""
    view = draft_view(session, referral_id, actor=actor)
    if view.row is None:
        raise NotFound("there is no draft report on this referral yet", type="no_draft")
    record(session, actor, AuditAction.READ, RECORD, view.row.id, detail="report draft")
    session.commit()
    draft = DraftRead(
        report=version_public(view.row),
        missing_sections=list(dict.fromkeys(g.section for g in view.gaps)),
        content=dict(view.row.content),
    )
    return draft, view.etag
