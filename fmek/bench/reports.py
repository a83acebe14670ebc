"""`fmek bench reports`: HTML and PDF render time of a 20-injury report with its body map,
against a minimal one-page document through the same frame and fonts, in the same run.

Targets: HTML <= 20 ms, PDF <= 1.5 s (medians). The first render of each kind is reported
apart: it pays for template compilation, WeasyPrint's import and font loading once per process.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from reports import html_to_pdf, render_forensic_report, render_minimal
from reports.sample import sample_forensic_report

HTML_TARGET_MS = 20.0
PDF_TARGET_MS = 1500.0


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    return statistics.median(_timed(action) for _ in range(repeats))


def _pages(pdf: bytes) -> int | str:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a dev dependency
        return "?"
    return len(PdfReader(io.BytesIO(pdf)).pages)


def run(repeats: int = 15) -> None:
    """Print median HTML and PDF times for the full report and the baseline, and their ratios."""
    report = sample_forensic_report(20)
    cold_html = _timed(lambda: render_forensic_report(report))
    report_html = render_forensic_report(report)
    minimal_html = render_minimal()
    cold_pdf = _timed(lambda: html_to_pdf(minimal_html))

    html_full = _median_ms(lambda: render_forensic_report(report), repeats * 10)
    html_min = _median_ms(render_minimal, repeats * 10)
    pdf_full = _median_ms(lambda: html_to_pdf(report_html), repeats)
    pdf_min = _median_ms(lambda: html_to_pdf(minimal_html), repeats)
    pages = _pages(html_to_pdf(report_html))

    print(
        f"reports benchmark: 20 injuries + body map ({pages} pages) vs minimal one-page "
        f"document; medians of {repeats * 10} HTML / {repeats} PDF runs"
    )
    print(f"first render in process: HTML {cold_html:.1f} ms, PDF {cold_pdf:.0f} ms (not counted)")
    print(f"{'':8}{'report':>12}{'minimal':>12}{'ratio':>8}{'target':>12}{'':>6}")
    for label, full, minimal, target in (
        ("HTML", html_full, html_min, HTML_TARGET_MS),
        ("PDF", pdf_full, pdf_min, PDF_TARGET_MS),
    ):
        verdict = "ok" if full <= target else "OVER"
        print(
            f"{label:8}{full:>9.2f} ms{minimal:>9.2f} ms{full / minimal:>8.1f}"
            f"{target:>9.0f} ms{verdict:>6}"
        )
