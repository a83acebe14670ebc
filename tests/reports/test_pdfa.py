"""The PDFs we issue pass the structural PDF/A-2u checks: the report, the LECK letter, and the
report after its PAdES signature was appended (signing must not break archival conformance)."""

import io

import pikepdf
import pytest

from reports.pades import development_identity, sign_pdf
from reports.render import html_to_pdf, render_advice_letter, render_forensic_report
from reports.sample import sample_advice_letter, sample_forensic_report
from tests.reports.pdfa_checks import pdfa_problems


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return html_to_pdf(render_forensic_report(sample_forensic_report(6)))


def test_the_report_passes(report_pdf: bytes) -> None:
    assert pdfa_problems(report_pdf) == []


def test_the_signed_report_still_passes(report_pdf: bytes) -> None:
    signed = sign_pdf(report_pdf, development_identity("GGD Regio Utrecht"), reason="test")
    assert pdfa_problems(signed) == []


def test_the_advice_letter_passes() -> None:
    assert pdfa_problems(html_to_pdf(render_advice_letter(sample_advice_letter()))) == []


def test_the_checks_can_fail(report_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(report_pdf)) as doc:
        del doc.Root["/OutputIntents"]
        doc.Root.Metadata = doc.make_stream(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
        out = io.BytesIO()
        doc.save(out)
    assert pdfa_problems(out.getvalue()) == [
        "XMP does not identify PDF/A part 2",
        "XMP does not identify conformance level U",
        "no PDF/A output intent with an embedded ICC profile",
    ]
