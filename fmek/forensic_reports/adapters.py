"""The one place where rows become `reports` input: stored content + referral -> report data."""

from dataclasses import dataclass
from datetime import datetime

from fmek.clock import as_utc, utcnow
from fmek.forensic_reports.consistency import consent_age_band
from fmek.forensic_reports.findings import (
    ClinicalConclusionIn,
    ConclusionIn,
    EvaluativeConclusionIn,
    ReportDraftIn,
)
from fmek.forensic_reports.models import ForensicReport, ReportVersionPublic
from fmek.referrals.models import Referral
from reports.conclusions import ClinicalConclusion, EvaluativeConclusion
from reports.data import (
    AnamnesisEntry,
    CaseIdentity,
    Conclusion,
    Consent,
    ConsentScope,
    Correction,
    Examination,
    ExaminationFinding,
    ForensicReportData,
    InjuryRow,
    Instruction,
    Interpretation,
    Investigation,
    PhotoEntry,
    ReportKind,
    ReportStatus,
    Requester,
    Signature,
)

TEMPLATE_VERSION = "rapportage-standaard 2.1"
"""Version of the report layout in `reports/templates`; stored with every final version.
Raise it whenever a template change alters what a signed report looks like."""


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What the report needs from outside its own content."""

    referral: Referral
    requester_name: str
    requester_organisation: str
    author_name: str
    big_number: str
    qualification: str
    reviewer_name: str | None = None
    signed_at: datetime | None = None
    place: str = ""
    requester_role: str = ""
    issuer: str = ""
    content_sha256: str = ""

    @property
    def now(self) -> datetime:
        """The moment the report speaks from: its signature, or now for a draft."""
        return self.signed_at or utcnow()


def content_of(row: ForensicReport) -> ReportDraftIn:
    """Stored content was validated when written (its moments stay in the past)."""
    return ReportDraftIn.model_validate(row.content)


def _conclusion(c: ConclusionIn) -> Conclusion:
    if isinstance(c, EvaluativeConclusionIn):
        return Conclusion(
            c.question,
            EvaluativeConclusion(
                h1=c.h1, h2=c.h2, band=c.band, h2_source=c.h2_source, onderbouwing=c.onderbouwing
            ),
        )
    assert isinstance(c, ClinicalConclusionIn)
    return Conclusion(c.question, ClinicalConclusion(c.category, c.explanation))


def _consent(content: ReportDraftIn, ctx: ReportContext) -> Consent:
    consent = content.consent
    assert consent is not None
    scope = consent.scope
    return Consent(
        consent.given_by,
        consent.text,
        authority=consent.authority,
        given_at=as_utc(consent.given_at) if consent.given_at else None,
        age_band=consent_age_band(content, ctx.referral, ctx.now),
        scope=ConsentScope(scope.examination, scope.photographs, tuple(scope.share_with))
        if scope
        else None,
        court_order_reference=consent.court_order_reference,
    )


def report_data(
    row: ForensicReport, content: ReportDraftIn, ctx: ReportContext
) -> ForensicReportData:
    referral = ctx.referral
    exam = content.examination
    consent = content.consent
    interp = content.interpretation
    instruction = content.instruction
    return ForensicReportData(
        report_id=row.report_number,
        version=row.version,
        kind=ReportKind(row.kind),
        status=ReportStatus.FINAL if ctx.signed_at else ReportStatus.DRAFT,  # signed == final
        template_version=row.template_version,
        requester=Requester(ctx.requester_name, ctx.requester_organisation, ctx.requester_role),
        instruction=Instruction(
            instruction.authority,
            instruction.name,
            pv_number=instruction.pv_number,
            aangifte_number=instruction.aangifte_number,
            appointment_date=instruction.appointment_date,
            appointment_number=instruction.appointment_number,
            nrgd_number=instruction.nrgd_number,
        )
        if instruction
        else None,
        legal_basis=content.legal_basis,
        questions=tuple(content.questions) or (referral.vraagstelling,),
        identity=CaseIdentity(
            sex=referral.child_sex,
            child_name=referral.child_name,
            birth_date=referral.child_birth_date,
        ),
        examination=Examination(
            examined_at=as_utc(exam.examined_at),
            place=exam.place,
            persons_present=tuple(exam.persons_present),
            consent=_consent(content, ctx) if consent else Consent(""),
            ended_at=as_utc(exam.ended_at) if exam.ended_at else None,
            before_request_reason=exam.before_request_reason,
        )
        if exam
        else None,
        sources=tuple(content.sources),
        anamnesis=tuple(AnamnesisEntry(a.informant, a.statement) for a in content.anamnesis),
        findings=tuple(ExaminationFinding(f.area, f.observation) for f in content.findings),
        injuries=tuple(
            InjuryRow(
                number=i.number,
                body_region=i.body_region,
                side=i.side,
                kind=i.kind,
                size_mm=(i.size_mm.length, i.size_mm.width) if i.size_mm else None,
                shape=i.shape,
                colours=tuple(i.colours),
                border=i.border,
                pattern=i.pattern,
                photo_refs=tuple(i.photo_refs),
                location=i.location,
                map_point=(i.map_x, i.map_y)
                if i.map_x is not None and i.map_y is not None
                else None,
                orientation_deg=i.orientation_deg,
            )
            for i in content.injuries
        ),
        photos=tuple(
            PhotoEntry(
                p.photo_id,
                as_utc(p.taken_at),
                p.scale_present,
                p.light,
                p.description,
                photographer=p.photographer,
                device=p.device,
                storage_place=p.storage_place,
                stored_at=as_utc(p.stored_at) if p.stored_at else None,
            )
            for p in content.photos
        ),
        investigations=tuple(
            Investigation(v.name, v.performed_on, v.result) for v in content.investigations
        ),
        interpretation=Interpretation(
            interp.assessment, interp.reasoning, interp.fit_with_history, interp.age_and_healing
        )
        if interp
        else None,
        conclusions=tuple(_conclusion(c) for c in content.conclusions),
        limitations=tuple(content.limitations),
        signature=Signature(
            author_name=ctx.author_name,
            big_number=ctx.big_number,
            qualification=ctx.qualification,
            signed_at=ctx.signed_at,
            reviewer_name=ctx.reviewer_name,
            place=ctx.place,
        ),
        correction=Correction(row.supersedes_version, row.correction_reason or "")
        if row.supersedes_version is not None
        else None,
        issuer=ctx.issuer,
        fit_with_toedracht=content.fit_with_toedracht,
        expected_healing=content.expected_healing,
        content_sha256=ctx.content_sha256,
    )


def version_public(row: ForensicReport) -> ReportVersionPublic:
    return ReportVersionPublic(
        report_number=row.report_number,
        referral_id=row.referral_id,
        version=row.version,
        kind=ReportKind(row.kind),
        status=ReportStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        finalised_at=row.finalised_at,
        signed_name=row.signed_name,
        signed_big_number=row.signed_big_number,
        signed_qualification=row.signed_qualification,
        reviewer_name=row.reviewer_name,
        reviewer_user_id=row.reviewer_user_id,
        author_user_id=row.author_id,
        review_requested_at=row.review_requested_at,
        review_remark=row.review_remark,
        template_version=row.template_version,
        sha256=row.sha256,
        pdf_sha256=row.pdf_sha256,
        correction_reason=row.correction_reason,
        supersedes_version=row.supersedes_version,
    )
