"""The half-yearly figures as a reader sees them: Dutch rows, values, deltas and charts.

Pure: takes the plain result of ``reports.figures.figures`` (or of GET /figures) and walks it
generically, so a new indicator appears on the page and in the PDF without code of its own.
Every published cell is ``{"value", "suppressed"}``, optionally with ``label``, ``unit`` and
``definition``; what a cell lacks is derived from its key and the result's ``definitions``.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reports.figures import Period, half_year, half_years_up_to

GROUPS: dict[str, str] = {
    "available": "Voldoende beschikbaar",
    "in_time": "Tijdig ingezet",
    "secured": "Structureel geborgd",
}
SUPPRESSED_TEXT = "< 5"
SUPPRESSED_NOTE = (
    "< 5: niet getoond. Een aantal van 1 tot en met 4 kan naar een kind wijzen; ook een cel "
    "waaruit zo'n aantal terug te rekenen is en een aandeel, mediaan of p90 op minder dan 5 "
    "waarnemingen blijven verborgen."
)
SHARE = "aandeel"
# shades from dark to light: the series differ in lightness too, and every bar is labelled
SERIES_COLOURS = ("#1f3a5f", "#4f78a8", "#8eaed3", "#c9d8ea")

Result = dict[str, Any]
Series = Sequence[tuple[str, Result]]  # (half-year, figures), oldest first


# --- half-years -------------------------------------------------------------------------

_HALF = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True, order=True)
class HalfYear:
    """A calendar half-year as the reader names it ('2026-H1'); its days are those of
    ``reports.figures.half_year``."""

    year: int
    half: int  # 1 or 2

    @classmethod
    def parse(cls, text: str) -> "HalfYear":
        """'2026-H1' → HalfYear(2026, 1); anything else is a ValueError."""
        found = _HALF.match(text)
        if not found:
            raise ValueError(f"a half-year looks like 2026-H1, not {text!r}")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def period(self) -> Period:
        return half_year(date(self.year, 1 if self.half == 1 else 7, 1))

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end

    @property
    def name_nl(self) -> str:
        """'eerste halfjaar 2026'."""
        return f"{'eerste' if self.half == 1 else 'tweede'} halfjaar {self.year}"

    def previous(self) -> "HalfYear":
        return HalfYear.of(self.start - timedelta(days=1))

    def last(self, count: int) -> list["HalfYear"]:
        """This half-year and the ``count - 1`` before it, oldest first."""
        return [HalfYear.of(p.start) for p in half_years_up_to(self.start, count)]


# --- rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str  # dotted, group included: "in_time.examinations.all.on_time_share"
    label: str
    definition: str
    unit: str
    value: float | None
    suppressed: bool

    @property
    def text(self) -> str:
        return format_value(self.value, self.suppressed, self.unit)


def _is_cell(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node and "suppressed" in node


def _cells(node: Any, prefix: str) -> list[tuple[str, dict[str, Any]]]:
    if _is_cell(node):
        return [(prefix, node)]
    if not isinstance(node, dict):
        return []
    rows: list[tuple[str, dict[str, Any]]] = []
    for key, child in node.items():
        rows.extend(_cells(child, f"{prefix}.{key}"))
    return rows


def definition_of(key: str, definitions: dict[str, str]) -> str:
    """The most specific definition covering ``key`` (its own, else its parent's)."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = definitions.get(".".join(parts[:end]))
        if found:
            return found
    return ""


def _label_from_key(key: str) -> str:
    text = ", ".join(part.replace("_", " ") for part in key.split(".")[1:])
    return text[:1].upper() + text[1:]


def indicators(result: Result, group: str) -> list[Indicator]:
    """The cells of one group, in publication order."""
    definitions = result.get("definitions", {})
    rows = []
    for key, cell in _cells(result.get(group, {}), group):
        unit = cell.get("unit") or (SHARE if key.endswith("_share") else "")
        rows.append(
            Indicator(
                key=key,
                label=_with_unit(cell.get("label") or _label_from_key(key), unit),
                definition=cell.get("definition") or definition_of(key, definitions),
                unit=unit,
                value=cell["value"],
                suppressed=bool(cell["suppressed"]),
            )
        )
    return rows


def _number_nl(value: float, decimals: int = 1) -> str:
    """1234.5 → '1.234,5'; whole numbers without decimals."""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_value(value: float | None, suppressed: bool, unit: str) -> str:
    """'87,5 %' for a share, '1.234,5' otherwise (the label names the unit), '< 5'
    (suppressed) or '—' (nothing to compute)."""
    if suppressed:
        return SUPPRESSED_TEXT
    if value is None:
        return "—"
    if unit == SHARE:
        return f"{_number_nl(round(value * 100, 1))} %"
    return _number_nl(value)


def _with_unit(label: str, unit: str) -> str:
    """'Mediaan (minuten)' unless the label already names its unit ('Roosteruren')."""
    if unit in ("", "aantal", SHARE) or unit.lower() in label.lower():
        return label
    return f"{label} ({unit})"


def delta_text(current: Indicator, previous: Indicator | None) -> str:
    """What changed since the previous half-year: '+12', '−3,5 procentpunt', 'gelijk'."""
    if previous is None:
        return "nieuw"
    if current.suppressed or previous.suppressed:
        return "n.v.t. (< 5)"
    if current.value is None or previous.value is None:
        return "—"
    change = current.value - previous.value
    share = current.unit == SHARE
    change = round(change * 100 if share else change, 1)
    suffix = " procentpunt" if share else ""
    if change == 0:
        return "gelijk"
    sign = "+" if change > 0 else "−"
    return f"{sign}{_number_nl(abs(change))}{suffix}"


@dataclass(frozen=True)
class Row:
    """One indicator of the chosen half-year, with the half-years before it."""

    indicator: Indicator
    history: tuple[str, ...]  # formatted values, oldest first, the chosen half-year last
    delta: str


@dataclass(frozen=True)
class Table:
    group: str
    title: str
    halves: tuple[str, ...]  # column heads, oldest first
    rows: tuple[Row, ...]


def tables(series: Series) -> list[Table]:
    """Per group: every indicator of the last half-year in ``series`` with its history and
    the change against the half-year before it."""
    halves = tuple(half for half, _ in series)
    *earlier, (_, current) = series
    out = []
    for group, title in GROUPS.items():
        history = [{i.key: i for i in indicators(result, group)} for _, result in series]
        rows = []
        for indicator in indicators(current, group):
            past = [h.get(indicator.key) for h in history]
            rows.append(
                Row(
                    indicator,
                    tuple(p.text if p else "—" for p in past),
                    delta_text(indicator, past[-2] if earlier else None),
                )
            )
        out.append(Table(group, title, halves, tuple(rows)))
    return out


def definitions(result: Result) -> list[tuple[str, str]]:
    """(what, definition) once per definition: an indicator's own under its label, one shared
    by a family (e.g. every GGD-examination figure) under the words their labels share."""
    families: dict[str, list[str]] = {}
    for group in GROUPS:
        for indicator in indicators(result, group):
            if indicator.definition:
                families.setdefault(indicator.definition, []).append(indicator.label)
    out = [(_common_label(labels), text) for text, labels in families.items()]
    general = result.get("definitions", {})
    for key, title in (("period", "Periode"), ("suppressed", "Kleine aantallen")):
        if general.get(key):
            out.append((title, general[key]))
    return out


def _common_label(labels: list[str]) -> str:
    """'GGD-onderzoeken, alle, totaal' and 'GGD-onderzoeken, acuut, totaal' → 'GGD-onderzoeken'."""
    if len(labels) == 1:
        return labels[0]
    split = [label.split(", ") for label in labels]
    common = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return ", ".join(common) or labels[0]
