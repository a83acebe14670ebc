"""The Voortgangsrapportage FMEK: the half-yearly figures as an archival PDF (PDF/A-2u).

Pure: plain figures in (the results of ``reports.figures.figures`` per half-year), HTML and
PDF bytes out, through the same frame, fonts and PDF/A machinery as every other document of
this package. Contents: a national summary with charts, one page per region, what changed
since the previous half-year (a delta per indicator), and the definitions.
"""

import base64
from dataclasses import dataclass
from datetime import date

from reports.figures_charts import Chart, share_charts
from reports.figures_view import (
    GROUPS,
    SUPPRESSED_NOTE,
    HalfYear,
    Series,
    Table,
    definitions,
    tables,
)
from reports.render import date_nl, environment, html_to_pdf


@dataclass(frozen=True)
class AreaFigures:
    """The country (code None) or one GGD region, over half-years, oldest first."""

    code: str | None
    name: str
    series: Series


@dataclass(frozen=True)
class FiguresReport:
    half: str  # "2026-H1": the last half-year of every series
    issued_on: date
    national: AreaFigures
    regions: tuple[AreaFigures, ...]


def title_of(half: str) -> str:
    """'Voortgangsrapportage FMEK, eerste halfjaar 2026'."""
    return f"Voortgangsrapportage FMEK, {HalfYear.parse(half).name_nl}"


Line = tuple[str, str]  # ("h3", group title) or ("p", "label: value; verschil delta")


def region_columns(area_tables: list[Table]) -> tuple[list[Line], list[Line]]:
    """A region's figures as lines in two columns of about equal height.

    Split here rather than with CSS columns: WeasyPrint balances columns by laying the page out
    again and again, which made the report with 25 regions several times slower.
    """
    lines: list[Line] = []
    for table in area_tables:
        lines.append(("h3", table.title))
        lines.extend(
            ("p", f"{row.indicator.label}: {row.history[-1]}; verschil {row.delta}")
            for row in table.rows
        )
    half = (len(lines) + 1) // 2
    if lines[half - 1][0] == "h3":  # a heading never ends a column
        half -= 1
    return lines[:half], lines[half:]


def _data_uri(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


def render_figures_report(data: FiguresReport) -> str:
    """The report as HTML (self-contained: the charts are SVG data URIs)."""
    for area in (data.national, *data.regions):
        if not area.series or area.series[-1][0] != data.half:
            raise ValueError(f"{area.name}: the series must end with {data.half}")
    half = HalfYear.parse(data.half)
    national_tables: list[Table] = tables(data.national.series)
    charts = share_charts(data.national.series)
    return (
        environment()
        .get_template("figures_report.html.j2")
        .render(
            title=title_of(data.half),
            half=half,
            previous=half.previous(),
            issued_on=date_nl(data.issued_on),
            national=national_tables,
            charts=[(chart, _data_uri(chart)) for chart in charts],
            regions=[(area, region_columns(tables(area.series[-2:]))) for area in data.regions],
            definitions=definitions(data.national.series[-1][1]),
            groups=GROUPS,
            suppressed_note=SUPPRESSED_NOTE,
        )
    )


def figures_report_pdf(data: FiguresReport) -> bytes:
    """The report as PDF/A-2u bytes."""
    return html_to_pdf(render_figures_report(data))
