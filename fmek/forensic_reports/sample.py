"""A draft request body built from `reports.sample`: realistic content for the demo and tests."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from reports.conclusions import EvaluativeConclusion
from reports.data import Consent, ForensicReportData
from reports.sample import sample_forensic_report


def _consent(consent: Consent, at: Callable[[datetime], str]) -> dict[str, Any]:
    scope = consent.scope
    return {
        "given_by": consent.given_by,
        "text": consent.text,
        "authority": consent.authority.value if consent.authority else None,
        "given_at": at(consent.given_at) if consent.given_at else None,
        "scope": {
            "examination": scope.examination,
            "photographs": scope.photographs,
            "share_with": list(scope.share_with),
        }
        if scope
        else None,
        "court_order_reference": consent.court_order_reference,
    }


def draft_body(
    data: ForensicReportData | None = None, *, shift: timedelta = timedelta()
) -> dict[str, Any]:
    """The PUT .../report/draft body for `data` (default: the 20-injury sample letselduiding),
    with every moment moved by `shift` (to keep them in the past on any clock)."""
    data = data or sample_forensic_report(20)

    def at(moment: datetime) -> str:
        return (moment + shift).isoformat()

    conclusions: list[dict[str, Any]] = []
    for c in data.conclusions:
        f = c.finding
        if isinstance(f, EvaluativeConclusion):
            conclusions.append(
                {
                    "kind": "evaluative",
                    "question": c.question_number,
                    "h1": f.h1,
                    "h2": f.h2,
                    "band": f.band.value,
                    "h2_source": f.h2_source,
                    "onderbouwing": f.onderbouwing,
                }
            )
        else:
            conclusions.append(
                {
                    "kind": "clinical",
                    "question": c.question_number,
                    "category": f.category.value,
                    "explanation": f.text,
                }
            )
    exam = data.examination
    interp = data.interpretation
    instruction = data.instruction
    return {
        "kind": data.kind.value,
        "instruction": {
            "authority": instruction.authority.value,
            "name": instruction.name,
            "pv_number": instruction.pv_number,
            "aangifte_number": instruction.aangifte_number,
            "appointment_date": instruction.appointment_date.isoformat()
            if instruction.appointment_date
            else None,
            "appointment_number": instruction.appointment_number,
            "nrgd_number": instruction.nrgd_number,
        }
        if instruction
        else None,
        "legal_basis": data.legal_basis,
        "questions": list(data.questions),
        "examination": {
            "examined_at": at(exam.examined_at),
            "place": exam.place,
            "persons_present": list(exam.persons_present),
            "ended_at": at(exam.ended_at) if exam.ended_at else None,
            "before_request_reason": exam.before_request_reason,
        }
        if exam
        else None,
        "consent": _consent(exam.consent, at) if exam else None,
        "sources": list(data.sources),
        "anamnesis": [{"informant": a.informant, "statement": a.statement} for a in data.anamnesis],
        "findings": [{"area": f.area, "observation": f.observation} for f in data.findings],
        "injuries": [
            {
                "number": i.number,
                "body_region": i.body_region.value,
                "side": i.side.value,
                "kind": i.kind.value,
                "size_mm": {"length": i.size_mm[0], "width": i.size_mm[1]} if i.size_mm else None,
                "shape": i.shape,
                "colours": list(i.colours),
                "border": i.border,
                "pattern": i.pattern,
                "photo_refs": list(i.photo_refs),
                "location": i.location,
                "orientation_deg": i.orientation_deg,
            }
            for i in data.injuries
        ],
        "photos": [
            {
                "photo_id": p.photo_id,
                "taken_at": at(p.taken_at),
                "scale_present": p.scale_present,
                "light": p.light.value,
                "description": p.description,
                "photographer": p.photographer,
                "device": p.device,
                "storage_place": p.storage_place,
                "stored_at": at(p.stored_at) if p.stored_at else None,
            }
            for p in data.photos
        ],
        "investigations": [
            {
                "name": v.name,
                "performed_on": (v.performed_on + shift).isoformat() if v.performed_on else None,
                "result": v.result,
            }
            for v in data.investigations
        ],
        "interpretation": {
            "assessment": interp.assessment.value,
            "reasoning": interp.reasoning,
            "fit_with_history": interp.fit_with_history,
            "age_and_healing": interp.age_and_healing,
        }
        if interp
        else None,
        "conclusions": conclusions,
        "limitations": list(data.limitations),
        "fit_with_toedracht": data.fit_with_toedracht,
        "expected_healing": data.expected_healing,
    }
