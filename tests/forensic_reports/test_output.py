"""What leaves the system: HTML that escapes what the author typed, and an archival PDF that
carries the report number and the conclusion sentences, downloads audited as export."""

import hashlib
import io

from pypdf import PdfReader
from sqlmodel import Session, select

from fmek.audit.models import AuditEvent
from tests.forensic_reports.builders import Case, good_draft

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_escapes_hostile_text(case: Case) -> None:
    body = good_draft()
    body["anamnesis"][0]["statement"] = HOSTILE
    body["injuries"][0]["shape"] = "<b>ovaal</b>"
    body["limitations"].append("</li></ul><iframe src=//evil>")
    assert case.put_draft(body).status_code == 201

    response = case.html()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    html = response.text
    assert "<script>" not in html and "<iframe" not in html and "<b>ovaal" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;iframe src=//evil&gt;" in html


def test_final_pdf_is_archival_and_says_what_the_report_says(case: Case, session: Session) -> None:
    assert case.put_draft(good_draft(2)).status_code == 201
    final = case.sign()

    response = case.client.get(f"{case.base}.pdf", headers=case.vt.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{final["report_number"]}-v1.pdf"'
    assert response.headers["X-Report-SHA256"] == final["sha256"]

    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert final["report_number"] in text
    assert "De bevindingen zijn veel waarschijnlijker als" in text
    assert "Het letsel is waarschijnlijk toegebracht." in text
    assert "sprake van kindermishandeling" not in text
    assert hashlib.sha256(response.content).hexdigest() == final["pdf_sha256"]
    metadata = reader.xmp_metadata
    assert metadata is not None
    assert "pdfaid" in str(reader.trailer["/Root"]["/Metadata"].get_object().get_data())

    session.rollback()
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert (event.user_id, event.record_type, event.detail) == (
        case.vt.user.id,
        "forensic_report",
        "pdf v1",
    )
