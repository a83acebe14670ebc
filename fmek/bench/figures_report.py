"""`fmek bench figures-report`: the Voortgangsrapportage PDF (25 regions, four half-years, the
national charts) against a minimal one-page PDF through the same fonts, in the same run.

The figures come from seeded facts at the volumes of the domain brief (25 regions, 20-60 GGD
examinations per region per year, ~300 LECK advices a year, a primary and a back-up position
per region per day), so the PDF's size is that of a real half-year. Target: PDF <= 10 s.
"""

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from fmek.bench.reports import _pages
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


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process: on a shared machine the wall clock also
    counts the time other processes held the cores."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    runs = [_timed(action) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def run(repeats: int = 3, half: str = "2026-H1") -> None:
    """Print the median HTML and PDF times (wall and CPU) of the report and the baseline."""
    chosen = HalfYear.parse(half)
    wall, cpu = time.perf_counter(), time.process_time()
    data = sample_report(chosen)
    figures = (time.perf_counter() - wall, time.process_time() - cpu)
    html = render_figures_report(data)
    minimal = render_minimal()
    html_to_pdf(minimal)  # the first render loads WeasyPrint and the fonts: not counted
    html_s = _median(lambda: render_figures_report(data), repeats)
    pdf_s = _median(lambda: html_to_pdf(html), repeats)
    base_s = _median(lambda: html_to_pdf(minimal), repeats)
    pages = _pages(html_to_pdf(html))
    print(
        f"figures-report benchmark: Voortgangsrapportage {half} ({pages} pages), national + "
        f"{len(data.regions)} regions, four half-years; medians of {repeats} runs; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'':24}{'wall':>9}{'cpu':>9}{'minimal wall':>14}{'cpu':>8}{'ratio cpu':>11}")
    print(f"{'facts + figures (once)':24}{figures[0]:>8.2f}s{figures[1]:>8.2f}s")
    print(f"{'HTML (tables + charts)':24}{html_s[0]:>8.2f}s{html_s[1]:>8.2f}s")
    print(
        f"{'PDF/A (HTML → PDF)':24}{pdf_s[0]:>8.2f}s{pdf_s[1]:>8.2f}s{base_s[0]:>13.2f}s"
        f"{base_s[1]:>7.2f}s{pdf_s[1] / base_s[1]:>11.1f}"
    )
    for name, index in (("wall", 0), ("cpu", 1)):
        total = html_s[index] + pdf_s[index]
        verdict = "ok" if total <= PDF_TARGET_S else "OVER"
        print(
            f"HTML + PDF {name}: {total:.2f} s against the target {PDF_TARGET_S:.0f} s: {verdict}"
        )
