"""`fmek bench figures-report`: the Voortgangsrapportage PDF (25 regions, four half-years, the
national charts) against a minimal one-page PDF through the same fonts, in the same run.

The figures come from seeded facts at the volumes of the domain brief (25 regions, 20-60 GGD
examinations per region per year, ~300 LECK advices a year, a primary and a back-up position
per region per day), so the PDF's size is that of a real half-year. Target: PDF <= 10 s.
"""

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from reports import figures as indicators
from reports import html_to_pdf, render_minimal
from reports.figures import (
    AdviceFact,
    ExaminationFact,
    Facts,
    Period,
    PositionFact,
    ReferralFact,
)
from reports.figures_report import AreaFigures, FiguresReport, render_figures_report
from reports.figures_view import HalfYear

PDF_TARGET_S = 10.0
REGIONS = tuple(f"GG{code}" for code in range(3001, 3026))
URGENCY_HOURS = {"acute": 6, "urgent": 24, "planned": 168}


def synthetic_facts(first: date, last: date, seed: int = 16) -> Facts:
    """Seeded facts for every region between two days."""
    rnd = random.Random(seed)
    start = datetime.combine(first, datetime.min.time(), UTC)
    hours = int((datetime.combine(last, datetime.min.time(), UTC) - start).total_seconds() // 3600)
    referrals, examinations, advices, positions = [], [], [], []
    years = hours / (24 * 365)
    for region in REGIONS:
        for _ in range(int(rnd.randint(20, 60) * years)):
            at = start + timedelta(hours=rnd.randrange(hours))
            urgency = rnd.choice(tuple(URGENCY_HOURS))
            deadline = at + timedelta(hours=URGENCY_HOURS[urgency])
            started = at + timedelta(hours=rnd.uniform(0.5, 1.3) * URGENCY_HOURS[urgency])
            outcome = rnd.random()
            referrals.append(ReferralFact(at, region, urgency, frozenset({"ggd_examination"})))
            examinations.append(
                ExaminationFact(
                    at,
                    region,
                    urgency,
                    deadline,
                    started if outcome < 0.93 else None,
                    "completed" if outcome < 0.93 else "escalated",
                )
            )
        for _ in range(int(12 * years)):
            at = start + timedelta(hours=rnd.randrange(hours))
            answered = at + timedelta(hours=rnd.uniform(4, 96))
            advices.append(AdviceFact(at, region, answered, answered + timedelta(hours=24)))
        for day in range(hours // 24):
            shift = start + timedelta(days=day, hours=8)
            for _role in ("primary", "backup"):
                doctor = rnd.randrange(12) if rnd.random() > 0.02 else None
                positions.append(
                    PositionFact(
                        frozenset({region}),
                        shift,
                        shift + timedelta(hours=24),
                        None if doctor is None else hash((region, doctor)),
                        region,
                        "hired" if doctor == 0 else "employed",
                    )
                )
    return Facts(referrals, examinations, advices, positions)


def sample_report(half: HalfYear) -> FiguresReport:
    halves = half.last(4)
    facts = synthetic_facts(halves[0].start, halves[-1].end)

    def series(region: str | None) -> list[tuple[str, dict[str, object]]]:
        return [(str(h), indicators.figures(Period(h.start, h.end), facts, region)) for h in halves]

    return FiguresReport(
        half=str(half),
        issued_on=half.end + timedelta(days=14),
        national=AreaFigures(None, "Landelijk", series(None)),
        regions=tuple(AreaFigures(code, f"Regio {code}", series(code)) for code in REGIONS),
    )


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(repeats: int = 3, half: str = "2026-H1") -> None:
    """Print the median figures, HTML and PDF times of the report and the minimal baseline."""
    chosen = HalfYear.parse(half)
    started = time.perf_counter()
    data = sample_report(chosen)
    figures_s = time.perf_counter() - started
    html = render_figures_report(data)
    minimal = render_minimal()
    html_to_pdf(minimal)  # the first render loads WeasyPrint and the fonts: not counted
    html_s = statistics.median(_timed(lambda: render_figures_report(data)) for _ in range(repeats))
    pdf_s = statistics.median(_timed(lambda: html_to_pdf(html)) for _ in range(repeats))
    base_s = statistics.median(_timed(lambda: html_to_pdf(minimal)) for _ in range(repeats))
    print(
        f"figures-report benchmark: Voortgangsrapportage {half}, national + {len(data.regions)} "
        f"regions, four half-years; medians of {repeats} runs"
    )
    print(f"{'':26}{'report':>10}{'minimal':>10}{'ratio':>8}{'target':>9}")
    print(f"{'facts + figures (once)':26}{figures_s:>9.2f}s")
    print(f"{'HTML (tables + charts)':26}{html_s:>9.2f}s")
    verdict = "ok" if html_s + pdf_s <= PDF_TARGET_S else "OVER"
    print(
        f"{'PDF/A (HTML → PDF)':26}{pdf_s:>9.2f}s{base_s:>9.2f}s{pdf_s / base_s:>8.1f}"
        f"{PDF_TARGET_S:>8.0f}s  {verdict} (HTML + PDF {html_s + pdf_s:.2f} s)"
    )
