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
            regions=[(area, tables(area.series[-2:])) for area in data.regions],
            definitions=definitions(data.national.series[-1][1]),
            groups=GROUPS,
            suppressed_note=SUPPRESSED_NOTE,
        )
    )


def figures_report_pdf(data: FiguresReport) -> bytes:
    """The report as PDF/A-2u bytes."""
    return html_to_pdf(render_figures_report(data))
