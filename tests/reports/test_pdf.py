"""The archival PDF: opens, is PDF/A, embeds its fonts, and its text can be read back.

One report is rendered once for the module (a PDF costs about a second).
"""

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reports.conclusions import EvaluativeConclusion
from reports.render import check_package_url, html_to_pdf, render_forensic_report
from reports.sample import sample_forensic_report

REPORT = sample_forensic_report(20)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return html_to_pdf(render_forensic_report(REPORT))


@pytest.fixture(scope="module")
def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def normalised_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_it_is_a_pdf_with_several_pages(pdf: bytes, reader: PdfReader) -> None:
    assert pdf.startswith(b"%PDF-")
    assert len(reader.pages) >= 4


def test_it_identifies_as_pdf_a_2u(reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([A-Z])", xmp)
    assert part and part.group(1) == "2"
    assert conformance and conformance.group(1) == "U"
    assert "/OutputIntents" in root


def test_every_font_is_embedded(reader: PdfReader) -> None:
    descriptors = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", DictionaryObject()).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptors.append(font["/FontDescriptor"].get_object())
    assert descriptors
    assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d) for d in descriptors)


def test_the_text_reads_back_with_facts_footer_and_conclusion(reader: PdfReader) -> None:
    text = normalised_text(reader)
    assert "FMEK-2026-000137" in text
    pages = len(reader.pages)
    assert f"Rapport FMEK-2026-000137 · versie 2 · pagina 1 van {pages}" in text
    assert f"pagina {pages} van {pages}" in text
    evaluative = REPORT.conclusions[1].finding
    assert isinstance(evaluative, EvaluativeConclusion)
    assert evaluative.wording in text
    assert "Het letsel is waarschijnlijk toegebracht." in text


def test_every_page_has_header_and_footer(reader: PdfReader) -> None:
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "VERTROUWELIJK" in text
        assert f"pagina {number} van {len(reader.pages)}" in text


def test_rendering_cannot_read_files_outside_the_package() -> None:
    with pytest.raises(ValueError, match="outside the reports package"):
        check_package_url("file:///etc/passwd")
    with pytest.raises(ValueError, match="only the package's own files"):
        check_package_url("https://example.org/tracker.png")
