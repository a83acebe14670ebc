"""Server-side SVG charts of the half-yearly figures (pygal), for the page and the PDF.

One chart per group: every share of the group (unit ``aandeel``) over the half-years of the
series, as horizontal bars. Nothing depends on colour: every bar carries its half-year and its
value as text, the series also differ in lightness, and a suppressed share reads "< 5". The SVG
holds no script (pygal's config script is removed), so it is a plain image under any CSP.
"""

import re
import sys
from dataclasses import dataclass

import pygal
from pygal.style import Style

from reports.figures_view import (
    GROUPS,
    SERIES_COLOURS,
    SHARE,
    SUPPRESSED_TEXT,
    Series,
    format_value,
    indicators,
)

# pygal hooks an import finder (for its optional map plugins, unused here) into sys.meta_path;
# it lacks find_spec, so every later import in the process warns. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_VALUE = re.compile(r'<text text-anchor="middle" x="([0-9.]+)"( y="[0-9.]+" class="value)')
BAR_HEIGHT = 24
WIDTH = 900


@dataclass(frozen=True)
class Chart:
    group: str
    title: str
    svg: str
    description: str  # the text alternative: every bar's label, half-year and value
    width: int
    height: int


def _style() -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#555555",
        colors=SERIES_COLOURS,
        value_colors=("#1a1a1a",) * len(SERIES_COLOURS),
        font_family="DejaVu Sans Condensed, DejaVu Sans, Arial, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        legend_font_size=13,
        title_font_size=16,
        guide_stroke_color="#d6d6d6",
        major_guide_stroke_color="#d6d6d6",
    )


def share_charts(series: Series) -> list[Chart]:
    """A chart per group that has shares in the last half-year of ``series``."""
    return [chart for group in GROUPS if (chart := share_chart(series, group)) is not None]


def share_chart(series: Series, group: str) -> Chart | None:
    """The group's shares per half-year as labelled horizontal bars; None without shares."""
    *_, (_, current) = series
    # pygal draws the first label at the bottom: reversed, the table's order reads top-down
    keys = [i for i in indicators(current, group) if i.unit == SHARE][::-1]
    if not any(i.value is not None or i.suppressed for i in keys):
        return None
    title = f"{GROUPS[group]}: aandelen per halfjaar"
    chart = pygal.HorizontalBar(
        style=_style(),
        width=WIDTH,
        height=140 + BAR_HEIGHT * len(keys) * len(series),
        title=title,
        show_legend=True,
        legend_at_bottom=True,
        print_values=True,
        print_values_position="top",
        range=(0, 100),
        margin_right=140,
        y_labels=[0, 25, 50, 75, 100],
        value_formatter=lambda v: f"{v:.0f} %",
        truncate_label=-1,
        truncate_legend=-1,
        js=[],
        disable_xml_declaration=True,
    )
    chart.x_labels = [i.label for i in keys]
    lines = []
    for half, result in series:
        cells = {i.key: i for i in indicators(result, group)}
        values = []
        for key in keys:
            cell = cells.get(key.key)
            text = format_value(cell.value, cell.suppressed, SHARE) if cell else "—"
            value = None if cell is None or cell.suppressed else cell.value
            values.append(
                {
                    "value": 0 if value is None else round(value * 100, 1),
                    "formatter": lambda _v, half=half, text=text: f"{half}: {text}",
                }
            )
            lines.append(f"{key.label}, {half}: {text}")
        chart.add(half, values)
    svg = _VALUE.sub(_beside_bar, _SCRIPT.sub("", chart.render(is_unicode=True)))
    description = f"{title}. " + "; ".join(lines) + "."
    if any(SUPPRESSED_TEXT in line for line in lines):
        description += f" {SUPPRESSED_TEXT}: gebaseerd op minder dan 5 waarnemingen."
    return Chart(group, title, svg, description, WIDTH, chart.config.height)


def _beside_bar(found: re.Match[str]) -> str:
    """Move a bar's value text from across its end to just after it, so it never overlaps."""
    return f'<text text-anchor="start" x="{float(found[1]) + 4:.1f}"{found[2]}'
