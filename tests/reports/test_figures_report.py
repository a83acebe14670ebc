"""The half-yearly figures as a reader sees them: Dutch values and deltas, charts readable
without colour, and the Voortgangsrapportage as PDF/A with a page per region."""

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from reports.figures import ExaminationFact, Facts, Period, PositionFact, ReferralFact, figures
from reports.figures_charts import share_chart
from reports.figures_report import (
    AreaFigures,
    FiguresReport,
    figures_report_pdf,
    render_figures_report,
    title_of,
)
from reports.figures_view import (
    HalfYear,
    Indicator,
    definitions,
    delta_text,
    format_value,
    indicators,
    tables,
)
from tests.reports.pdfa_checks import pdfa_problems

H1 = HalfYear(2026, 1)


def exams(region: str, count: int, on_time: int, month: int, year: int = 2026) -> list[Any]:
    """``count`` examinations received on the 10th of the month, ``on_time`` of them in time."""
    at = datetime(year, month, 10, 9, tzinfo=UTC)
    facts = []
    for n in range(count):
        deadline = at + timedelta(hours=24)
        started = at + timedelta(hours=2 if n < on_time else 30)
        facts.append(ExaminationFact(at, region, "urgent", deadline, started, "completed"))
    return facts


def referrals(region: str, count: int, month: int, year: int = 2026) -> list[ReferralFact]:
    at = datetime(year, month, 10, 9, tzinfo=UTC)
    kinds = frozenset({"ggd_examination"})
    return [ReferralFact(at, region, "urgent", kinds) for _ in range(count)]


def series_of(facts: Facts, region: str | None = None, half: HalfYear = H1) -> list[Any]:
    return [(str(h), figures(Period(h.start, h.end), facts, region)) for h in half.last(4)]


# GG3002's three examinations are hidden; so is GG3003's six, else national minus GG3001 gives it
FACTS = Facts(
    referrals=referrals("GG3001", 20, 3)
    + referrals("GG3001", 10, 9, 2025)
    + referrals("GG3002", 3, 4)
    + referrals("GG3003", 6, 4),
    examinations=exams("GG3001", 20, 15, 3)
    + exams("GG3001", 10, 5, 9, 2025)
    + exams("GG3002", 3, 3, 4)
    + exams("GG3003", 6, 6, 4),
    positions=[
        PositionFact(
            frozenset({"GG3001", "GG3002"}),  # a pool of both regions
            datetime(2026, 2, 1, 8, tzinfo=UTC),
            datetime(2026, 2, 2, 8, tzinfo=UTC),
            7,
            "GG3001",
            "employed",
        )
    ],
)


def test_half_years_know_their_days_names_and_predecessors() -> None:
    assert HalfYear.parse("2026-H2").start == date(2026, 7, 1)
    assert HalfYear.parse("2026-H1").end == date(2026, 6, 30)
    assert [str(h) for h in H1.last(4)] == ["2024-H2", "2025-H1", "2025-H2", "2026-H1"]
    assert HalfYear.of(date(2026, 7, 1)) == HalfYear(2026, 2)
    assert title_of("2026-H1") == "Voortgangsrapportage FMEK, eerste halfjaar 2026"
    with pytest.raises(ValueError):
        HalfYear.parse("2026-H3")


def test_values_read_as_dutch_with_their_unit_and_small_numbers_hidden() -> None:
    assert format_value(0.875, False, "aandeel") == "87,5 %"
    assert format_value(1234.5, False, "uren") == "1.234,5"
    assert format_value(12, False, "aantal") == "12"
    assert format_value(None, True, "aantal") == "< 5"
    assert format_value(None, False, "aandeel") == "—"


def test_the_change_since_the_previous_half_year() -> None:
    def cell(value: float | None, unit: str = "aantal", suppressed: bool = False) -> Indicator:
        return Indicator("in_time.x", "X", "", unit, value, suppressed)

    assert delta_text(cell(12), cell(9)) == "+3"
    assert delta_text(cell(0.8, "aandeel"), cell(0.5, "aandeel")) == "+30 procentpunt"
    assert delta_text(cell(7), cell(9)) == "−2"
    assert delta_text(cell(7), cell(7)) == "gelijk"
    assert delta_text(cell(None, suppressed=True), cell(9)) == "n.v.t. (< 5)"
    assert delta_text(cell(7), None) == "nieuw"


def test_rows_are_read_generically_so_a_new_indicator_appears() -> None:
    result = figures(Period(H1.start, H1.end), FACTS, "GG3001")
    result["secured"]["new_indicator"] = {
        "value": 3,
        "suppressed": False,
        "label": "Een nieuw cijfer",
        "unit": "weken",
        "definition": "Zo wordt het nieuwe cijfer geteld.",
    }
    rows = {i.key: i for i in indicators(result, "secured")}
    assert rows["secured.new_indicator"].text == "3"
    assert rows["secured.new_indicator"].label == "Een nieuw cijfer (weken)"
    assert ("Een nieuw cijfer (weken)", "Zo wordt het nieuwe cijfer geteld.") in definitions(result)
    # a cell without its own definition takes the most specific one covering its key
    on_time = rows_of(result, "in_time")["in_time.examinations.all.on_time"]
    assert "urgentievenster" in on_time.definition


def rows_of(result: dict[str, Any], group: str) -> dict[str, Indicator]:
    return {i.key: i for i in indicators(result, group)}


def test_tables_carry_four_half_years_and_the_delta() -> None:
    series = series_of(FACTS, "GG3001")
    in_time = next(t for t in tables(series) if t.group == "in_time")
    assert in_time.halves == ("2024-H2", "2025-H1", "2025-H2", "2026-H1")
    total = next(r for r in in_time.rows if r.indicator.key == "in_time.examinations.all.total")
    assert total.history == ("0", "0", "10", "20")
    assert total.delta == "+10"
    share = next(
        r for r in in_time.rows if r.indicator.key == "in_time.examinations.all.on_time_share"
    )
    assert share.history[-2:] == ("50 %", "75 %")
    assert share.delta == "+25 procentpunt"


def test_a_chart_is_readable_without_colour_and_holds_no_script() -> None:
    chart = share_chart(series_of(FACTS, "GG3001"), "in_time")
    assert chart is not None
    assert "<script" not in chart.svg
    # every bar carries its half-year and its value as text
    assert "2026-H1: 75 %" in chart.svg and "2025-H2: 50 %" in chart.svg
    assert "2026-H1: 75 %" in chart.description
    # three examinations in GG3002: the share is built on fewer than 5 and reads "< 5"
    small = share_chart(series_of(FACTS, "GG3002"), "in_time")
    assert small is not None and "2026-H1: &lt; 5" in small.svg
    assert "minder dan 5" in small.description


@pytest.fixture(scope="module")
def report() -> FiguresReport:
    return FiguresReport(
        half="2026-H1",
        issued_on=date(2026, 7, 14),
        national=AreaFigures(None, "Landelijk", series_of(FACTS)),
        regions=(
            AreaFigures("GG3001", "Regio Noord", series_of(FACTS, "GG3001")),
            AreaFigures("GG3002", "Regio Zuid", series_of(FACTS, "GG3002")),
        ),
    )


def test_the_report_has_a_summary_a_page_per_region_and_the_definitions(
    report: FiguresReport,
) -> None:
    pdf = figures_report_pdf(report)
    assert pdfa_problems(pdf) == []
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert "Voortgangsrapportage FMEK, eerste halfjaar 2026" in pages[0]
    assert "Landelijke samenvatting" in pages[0]
    noord = [n for n, text in enumerate(pages) if "GG3001 Regio Noord" in text]
    zuid = [n for n, text in enumerate(pages) if "GG3002 Regio Zuid" in text]
    assert len(noord) == 1 and len(zuid) == 1 and zuid[0] == noord[0] + 1
    # what changed since 2025-H2: 10 examinations then, 20 now, on time from 50 % to 75 %
    page = " ".join(pages[noord[0]].split())
    assert "GGD-onderzoeken, alle, totaal: 20; verschil +10" in page
    assert "GGD-onderzoeken, alle, aandeel op tijd: 75 %; verschil +25 procentpunt" in page
    definitions_from = next(n for n, text in enumerate(pages) if text.startswith("Definities"))
    assert definitions_from > zuid[0] and "urgentievenster" in "".join(pages[definitions_from:])
    # the charts are embedded as vector images, not left out
    html = render_figures_report(report)
    assert html.count('src="data:image/svg+xml;base64,') >= 2


def test_a_series_not_ending_with_the_half_year_is_refused(report: FiguresReport) -> None:
    wrong = FiguresReport("2026-H2", report.issued_on, report.national, report.regions)
    with pytest.raises(ValueError, match="2026-H2"):
        render_figures_report(wrong)
