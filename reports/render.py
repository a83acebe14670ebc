"""Plain data in, documents out: one Jinja2 environment, HTML strings, archival PDF bytes.

The environment escapes everything (autoescape) and refuses to print what is not there
(StrictUndefined): in a medico-legal document a silently empty field is worse than a crash.
Formatting lives in filters so templates hold no logic about dates, sizes or Dutch labels.
"""

from __future__ import annotations

import atexit
import functools
import gc
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from reports import labels
from reports.bodymap import body_map_svg
from reports.completeness import ensure_complete
from reports.conclusions import (
    NFI_EDITION,
    ClinicalCategory,
    ConclusionKind,
    LikelihoodRatioBand,
)
from reports.data import ForensicReportData, LeckAdviceLetterData

__all__ = [
    "PDF_VARIANT",
    "check_package_url",
    "environment",
    "html_to_pdf",
    "render_advice_letter",
    "render_forensic_report",
    "render_minimal",
]

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
FONT_DIR = PACKAGE_DIR / "fonts"
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")

# PDF/A-2u: archival (ISO 19005-2), every font embedded, and every glyph mapped to Unicode so
# the text stays searchable and extractable for the 20-year WGBO retention. A-2 rather than A-3:
# A-3 exists to carry arbitrary attachments, which archives treat with suspicion.
PDF_VARIANT = "pdf/a-2u"

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without offset is ambiguous in a report: {moment}")
    return moment.astimezone(LOCAL_TIME)


def date_nl(value: date | datetime) -> str:
    """'29 november 2026' (timestamps first converted to Dutch local time)."""
    day = _local(value) if isinstance(value, datetime) else value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def time_nl(value: datetime) -> str:
    """'14:05 uur', Dutch local time."""
    return f"{_local(value):%H:%M} uur"


def datetime_nl(value: datetime) -> str:
    return f"{date_nl(value)}, {time_nl(value)}"


def _number_nl(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def size_mm(value: tuple[float, float] | None) -> str:
    """'35 × 20 mm'; a dash where the size cannot be measured."""
    if value is None:
        return "n.v.t."
    length, width = value
    return f"{_number_nl(length)} × {_number_nl(width)} mm"


def age_nl(months: int) -> str:
    """'14 maanden'; from two years on also in years: '2 jaar en 3 maanden (27 maanden)'."""
    if months < 24:
        return f"{months} {'maand' if months == 1 else 'maanden'}"
    years, rest = divmod(months, 12)
    in_years = f"{years} jaar" + (
        f" en {rest} {'maand' if rest == 1 else 'maanden'}" if rest else ""
    )
    return f"{in_years} ({months} maanden)"


def _join_nl(values: tuple[str, ...] | list[str]) -> str:
    """'a, b en c'."""
    items = [v for v in values if v]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


_FILTERS: dict[str, Callable[..., str]] = {
    "date_nl": date_nl,
    "time_nl": time_nl,
    "datetime_nl": datetime_nl,
    "size_mm": size_mm,
    "join_nl": _join_nl,
    "age_nl": age_nl,
    "region_nl": labels.region_nl,
    "side_nl": labels.side_nl,
    "kind_nl": labels.injury_kind_nl,
    "sex_nl": labels.sex_nl,
    "light_nl": labels.light_nl,
    "assessment_nl": labels.assessment_nl,
    "concern_nl": labels.concern_nl,
    "report_kind_nl": labels.report_kind_nl,
}


@functools.cache
def environment() -> jinja2.Environment:
    """The one environment, built on first use (nothing happens at import time)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_FILTERS)
    env.globals.update(
        ConclusionKind=ConclusionKind,
        LikelihoodRatioBand=LikelihoodRatioBand,
        ClinicalCategory=ClinicalCategory,
        NFI_EDITION=NFI_EDITION,
    )
    return env


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_forensic_report(data: ForensicReportData) -> str:
    """The forensic-medical report as HTML. A final report must be complete (else
    IncompleteReport names every gap); a draft renders with gaps and a CONCEPT mark."""
    if not data.is_draft:
        ensure_complete(data)
    conclusions_by_question = {
        n: [c for c in data.conclusions if c.question_number == n]
        for n in range(1, len(data.questions) + 1)
    }
    photo_injuries = {
        photo.photo_id: [i.number for i in data.injuries if photo.photo_id in i.photo_refs]
        for photo in data.photos
    }
    return _render(
        "forensic_report.html.j2",
        r=data,
        conclusions_by_question=conclusions_by_question,
        photo_injuries=photo_injuries,
        body_map=Markup(body_map_svg(data.injuries)),
        issued_on=data.issued_on or _issued_on(data),
    )


def _issued_on(data: ForensicReportData) -> date | datetime:
    """The cover date: signing, else the examination, else today (a file-based draft)."""
    if data.signature.signed_at:
        return data.signature.signed_at
    if data.examination:
        return data.examination.examined_at
    return date.today()


def render_advice_letter(data: LeckAdviceLetterData) -> str:
    """The LECK advice letter as HTML: case number only, never the child's identity."""
    return _render("advice_letter.html.j2", a=data)


def render_minimal(report_id: str = "BASELINE-1") -> str:
    """A one-page document through the same frame: the benchmark's baseline."""
    return _render("minimal.html.j2", report_id=report_id)


def check_package_url(url: str) -> None:
    """Refuse every resource except data: URIs and files inside this package: rendering a
    report must never read other local files or reach the network."""
    if url.startswith("data:"):
        return
    parsed = urlparse(url)
    if parsed.scheme != "file":
        raise ValueError(f"only the package's own files may be fetched: {url}")
    if not Path(unquote(parsed.path)).resolve().is_relative_to(PACKAGE_DIR):
        raise ValueError(f"resource outside the reports package: {url}")


_SRGB = "fmek-srgb"


@functools.cache
def _pdf_resources() -> tuple[Any, Any, Any, dict[str, Any]]:
    """Font configuration, @font-face stylesheet, URL fetcher and the sRGB output-intent
    profile, built once per process (parsing fonts dominates a cold render)."""
    from importlib.resources import files

    from weasyprint import CSS, URLFetcher
    from weasyprint.css import ColorProfile
    from weasyprint.text.fonts import FontConfiguration

    class PackageOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
        def fetch(self, url: str, headers: Any = None) -> Any:
            check_package_url(url)
            return super().fetch(url, headers)

    font_config = FontConfiguration()
    fetcher = PackageOnlyFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
    faces = "".join(
        f'@font-face {{ font-family: "FMEK Sans"; src: url("{FONT_DIR.joinpath(file).as_uri()}");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for file, weight, style in (
            ("DejaVuSansCondensed.ttf", "normal", "normal"),
            ("DejaVuSansCondensed-Bold.ttf", "bold", "normal"),
            ("DejaVuSansCondensed-Oblique.ttf", "normal", "italic"),
        )
    )
    css = CSS(
        string=faces,
        base_url=PACKAGE_DIR.as_uri() + "/",
        font_config=font_config,
        url_fetcher=fetcher,
    )
    # PDF/A needs an output intent. WeasyPrint's own 'srgb' intent leaves its ICC file open
    # (a ResourceWarning on every render), so we load the same profile once, and close it.
    icc = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    profile = ColorProfile(
        io.BytesIO(icc), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )
    return font_config, css, fetcher, {_SRGB: profile}


def _release_pdf_resources() -> None:
    """Drop the cached font configuration while the interpreter is still whole: WeasyPrint's
    ``FontConfiguration.__del__`` otherwise runs during shutdown and prints a ``TypeError``."""
    _pdf_resources.cache_clear()
    gc.collect()


atexit.register(_release_pdf_resources)


def html_to_pdf(html: str) -> bytes:
    """Archival PDF (PDF/A-2u, fonts from the package, embedded and subset) from our HTML."""
    from weasyprint import HTML

    font_config, font_css, fetcher, profiles = _pdf_resources()
    document = HTML(string=html, base_url=PACKAGE_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[font_css],
        font_config=font_config,
        color_profiles=profiles,
        output_intent=_SRGB,
        pdf_variant=PDF_VARIANT,
    )
    assert isinstance(pdf, bytes)
    return pdf
