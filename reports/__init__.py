"""Pure rendering library: report data (frozen dataclasses) in, HTML and archival PDF out.

Imports only the standard library, Jinja2 and (lazily, inside `html_to_pdf`) WeasyPrint.
"""

from reports.completeness import IncompleteReport, ensure_complete, gaps, missing_sections
from reports.conclusions import (
    ClinicalCategory,
    ClinicalConclusion,
    ConclusionKind,
    EvaluativeConclusion,
    InvalidConclusion,
    LikelihoodRatioBand,
    evaluative_wording,
    validate_hypothesis,
)
from reports.render import (
    html_to_pdf,
    render_advice_letter,
    render_forensic_report,
    render_minimal,
)

__all__ = [
    "ClinicalCategory",
    "ClinicalConclusion",
    "ConclusionKind",
    "EvaluativeConclusion",
    "IncompleteReport",
    "InvalidConclusion",
    "LikelihoodRatioBand",
    "ensure_complete",
    "evaluative_wording",
    "gaps",
    "html_to_pdf",
    "missing_sections",
    "render_advice_letter",
    "render_forensic_report",
    "render_minimal",
    "validate_hypothesis",
]
