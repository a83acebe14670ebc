"""The body diagram: a child's outline, front and back, with each injury's number at its site.

Conventions a reader of a medico-legal report expects:
- The front view faces the reader, so the child's *right* is on the viewer's *left*; the back view
  shows the child from behind, so there the child's left is on the viewer's left. Both views carry
  R/L letters so nobody has to remember this.
- Child proportions: the head is about a fifth of the body height.
- Regions only visible from behind (back, buttocks) go on the back view; everything else on the
  front view (limbs are visible on both; the front is chosen).
- A bilateral injury is marked on both sides with the same number; several injuries at one site
  are spread on a small ring so their numbers never sit on top of each other.
- An elongated lesion with a stated orientation is drawn as a line in that direction, its length
  scaled from the measured length (clamped so a short one stays visible and a long one stays on
  the limb), with its number at one end. The diagram is schematic: the inventory is the record.

Pure string generation; every text node is XML-escaped.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from reports.data import BodyRegion, InjuryRow, Side

__all__ = ["Marker", "View", "body_map_svg", "place_markers"]

FIGURE_WIDTH = 120.0
FIGURE_HEIGHT = 300.0
CENTRE_X = FIGURE_WIDTH / 2
BACK_OFFSET_X = 170.0  # x offset of the back view inside the SVG
TOP = 22.0  # room above the figures for the view titles
MARKER_RADIUS = 6.0
MAP_WIDTH = BACK_OFFSET_X + FIGURE_WIDTH  # the whole diagram, in its own units
MAP_HEIGHT = TOP + FIGURE_HEIGHT + 4
RING_STEP = 2 * MARKER_RADIUS + 1.5  # centre distance between neighbouring markers
LINE_UNITS_PER_MM = 0.3  # the figure's 300 units stand for a child of about a metre
LINE_MIN, LINE_MAX = 10.0, 70.0  # drawn length of an oriented lesion, in diagram units


class View:
    FRONT = "front"
    BACK = "back"


# region -> (view, lateral offset from the midline for left/right, y, midline y)
_ANCHORS: dict[BodyRegion, tuple[str, float, float, float]] = {
    BodyRegion.HEAD: (View.FRONT, 13, 16, 10),
    BodyRegion.FACE: (View.FRONT, 11, 38, 44),
    BodyRegion.EAR: (View.FRONT, 26, 34, 34),
    BodyRegion.NECK: (View.FRONT, 6, 63, 63),
    BodyRegion.CHEST: (View.FRONT, 14, 88, 88),
    BodyRegion.ABDOMEN: (View.FRONT, 12, 128, 128),
    BodyRegion.GENITAL: (View.FRONT, 5, 160, 160),
    BodyRegion.BACK: (View.BACK, 14, 102, 102),
    BodyRegion.BUTTOCKS: (View.BACK, 11, 154, 154),
    BodyRegion.ARM: (View.FRONT, 35, 108, 108),
    BodyRegion.HAND: (View.FRONT, 44, 162, 162),
    BodyRegion.LEG: (View.FRONT, 11, 218, 218),
    BodyRegion.FOOT: (View.FRONT, 12, 283, 283),
    BodyRegion.CHEEK: (View.FRONT, 12, 42, 42),
    BodyRegion.EYELID: (View.FRONT, 7, 31, 31),
    BodyRegion.FRENULUM: (View.FRONT, 3, 47, 47),
    BodyRegion.JAW_ANGLE: (View.FRONT, 16, 52, 52),
}


@dataclass(frozen=True, slots=True)
class Marker:
    """One drawn number; x, y are SVG user units in the whole diagram."""

    number: int
    view: str
    side: Side  # LEFT / RIGHT / MIDLINE as drawn (a bilateral injury gives two markers)
    x: float
    y: float
    # an oriented lesion: degrees clockwise from the body's long axis, and the drawn length
    angle: float | None = None
    length: float = 0.0

    def line(self) -> tuple[float, float, float, float] | None:
        """The lesion's drawn line (x1, y1, x2, y2), centred on the marker, or None for a dot."""
        if self.angle is None:
            return None
        dx, dy = _direction(self.angle)
        half = self.length / 2
        return (
            round(self.x - dx * half, 1),
            round(self.y - dy * half, 1),
            round(self.x + dx * half, 1),
            round(self.y + dy * half, 1),
        )

    def label_point(self) -> tuple[float, float]:
        """Where the number sits: on the marker, or just beyond the line's first end."""
        if self.angle is None:
            return self.x, self.y
        dx, dy = _direction(self.angle)
        reach = self.length / 2 + MARKER_RADIUS + 1.0
        return round(self.x - dx * reach, 1), round(self.y - dy * reach, 1)


def _direction(angle: float) -> tuple[float, float]:
    """Unit vector of a direction `angle` degrees clockwise from 'up' (SVG's y grows down)."""
    radians = math.radians(angle)
    return math.sin(radians), -math.cos(radians)


def _drawn_length(injury: InjuryRow) -> float:
    length_mm = injury.size_mm[0] if injury.size_mm is not None else 0.0
    return round(min(LINE_MAX, max(LINE_MIN, length_mm * LINE_UNITS_PER_MM)), 1)


def _orientation(injury: InjuryRow, side: Side) -> tuple[float | None, float]:
    """Angle and drawn length; the left-hand mark of a bilateral lesion is its mirror image."""
    if injury.orientation_deg is None:
        return None, 0.0
    angle = injury.orientation_deg
    if injury.side is Side.BILATERAL and side is Side.LEFT:
        angle = (180.0 - angle) % 180.0
    return angle, _drawn_length(injury)


def _anchor(region: BodyRegion, side: Side) -> tuple[str, float, float]:
    view, dx, y, mid_y = _ANCHORS[region]
    if side is Side.MIDLINE:
        x = CENTRE_X
        y = mid_y
    else:
        # Front view: the child's right is on the viewer's left. Back view: the reverse.
        towards_viewer_left = (side is Side.RIGHT) == (view == View.FRONT)
        x = CENTRE_X - dx if towards_viewer_left else CENTRE_X + dx
    offset = BACK_OFFSET_X if view == View.BACK else 0.0
    return view, x + offset, y + TOP


def _ring_offsets(count: int) -> list[tuple[float, float]]:
    """Positions for `count` markers around one anchor: the first on it, then rings outward."""
    offsets = [(0.0, 0.0)]
    ring = 1
    while len(offsets) < count:
        radius = ring * RING_STEP
        slots = max(6, int(2 * math.pi * radius // RING_STEP))
        for k in range(slots):
            angle = -math.pi / 2 + 2 * math.pi * k / slots
            offsets.append((radius * math.cos(angle), radius * math.sin(angle)))
        ring += 1
    return offsets[:count]


def place_markers(injuries: Iterable[InjuryRow]) -> list[Marker]:
    """Where each injury number is drawn: where the doctor placed it on the map, else at its
    region and side (bilateral injuries on both sides)."""
    by_anchor: dict[tuple[str, float, float], list[tuple[int, Side, InjuryRow]]] = defaultdict(list)
    placed: list[Marker] = []
    for injury in injuries:
        if injury.map_point is not None:
            x, y = injury.map_point
            view = View.BACK if x >= BACK_OFFSET_X - 25 else View.FRONT
            angle, length = _orientation(injury, injury.side)
            placed.append(
                Marker(injury.number, view, injury.side, round(x, 1), round(y, 1), angle, length)
            )
            continue
        sides = (Side.RIGHT, Side.LEFT) if injury.side is Side.BILATERAL else (injury.side,)
        for side in sides:
            by_anchor[_anchor(injury.body_region, side)].append((injury.number, side, injury))
    markers = []
    for (view, x, y), numbered in by_anchor.items():
        numbered.sort(key=lambda entry: (entry[0], entry[1].value))
        for (number, side, injury), (dx, dy) in zip(
            numbered, _ring_offsets(len(numbered)), strict=True
        ):
            angle, length = _orientation(injury, side)
            markers.append(
                Marker(number, view, side, round(x + dx, 1), round(y + dy, 1), angle, length)
            )
    return sorted([*markers, *placed], key=lambda m: (m.number, m.x))


def _figure(view: str) -> str:
    """A simple child outline (head ~1/5 of height) in figure coordinates."""
    skin = 'fill="#f4efe9" stroke="#5b5b5b" stroke-width="1.1" stroke-linejoin="round"'
    parts = [
        # arms (drawn first so the torso overlaps the shoulders)
        f'<path {skin} d="M34 70 C24 74 20 84 19 100 L14 150 L24 151 L30 104 L38 86 Z"/>',
        f'<path {skin} d="M86 70 C96 74 100 84 101 100 L106 150 L96 151 L90 104 L82 86 Z"/>',
        f'<ellipse {skin} cx="18" cy="160" rx="7.5" ry="10"/>',
        f'<ellipse {skin} cx="102" cy="160" rx="7.5" ry="10"/>',
        # legs and feet
        f'<path {skin} d="M37 160 L36 236 L39 274 L54 274 L57 236 L59 168 Z"/>',
        f'<path {skin} d="M83 160 L84 236 L81 274 L66 274 L63 236 L61 168 Z"/>',
        f'<ellipse {skin} cx="{45 if view == View.FRONT else 48}" cy="282" rx="10" ry="7"/>',
        f'<ellipse {skin} cx="{75 if view == View.FRONT else 72}" cy="282" rx="10" ry="7"/>',
        # torso
        f'<path {skin} d="M50 64 L70 64 C80 66 88 68 88 76 L86 112 C84 130 86 148 84 168'
        ' L36 168 C34 148 36 130 34 112 L32 76 C32 68 40 66 50 64 Z"/>',
        # neck, ears, head
        f'<rect {skin} x="52" y="54" width="16" height="14" rx="3"/>',
        f'<ellipse {skin} cx="35" cy="34" rx="4" ry="7"/>',
        f'<ellipse {skin} cx="85" cy="34" rx="4" ry="7"/>',
        f'<ellipse {skin} cx="60" cy="30" rx="24" ry="28"/>',
    ]
    detail = 'fill="none" stroke="#8a8a8a" stroke-width="0.8"'
    if view == View.FRONT:
        parts += [
            '<circle cx="51" cy="30" r="1.6" fill="#8a8a8a"/>',
            '<circle cx="69" cy="30" r="1.6" fill="#8a8a8a"/>',
            f'<path {detail} d="M53 45 Q60 50 67 45"/>',
            f'<path {detail} d="M60 124 m-1.5 0 a1.5 1.5 0 1 0 3 0 a1.5 1.5 0 1 0 -3 0"/>',
            f'<path {detail} d="M48 162 Q60 170 72 162"/>',
        ]
    else:
        parts += [
            f'<path {detail} d="M60 70 L60 140"/>',
            f'<path {detail} d="M60 146 L60 166"/>',
            f'<path {detail} d="M40 166 Q50 172 58 166 M62 166 Q70 172 80 166"/>',
        ]
    return "".join(parts)


def _text(x: float, y: float, content: str, css_class: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class={quoteattr(css_class)} '
        f'text-anchor="middle">{escape(content)}</text>'
    )


def _view_group(view: str, title: str) -> str:
    offset = BACK_OFFSET_X if view == View.BACK else 0.0
    viewer_left, viewer_right = ("R", "L") if view == View.FRONT else ("L", "R")
    return (
        f'<g class="view view-{view}">'
        + _text(offset + CENTRE_X, 12, title, "bm-title")
        + f'<g transform="translate({offset:.1f} {TOP:.1f})">{_figure(view)}</g>'
        + _text(offset + 4, TOP + 70, viewer_left, "bm-side")
        + _text(offset + FIGURE_WIDTH - 4, TOP + 70, viewer_right, "bm-side")
        + "</g>"
    )


def _marker_svg(marker: Marker) -> str:
    label = str(marker.number)
    size = 7.0 if len(label) < 2 else 6.0
    x, y = marker.label_point()
    line = marker.line()
    drawn = ""
    if line is not None:
        x1, y1, x2, y2 = line
        drawn = (
            f'<line class="bm-lesion" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#9b1c1c" stroke-width="2.2" stroke-linecap="round" '
            f'data-angle="{marker.angle:g}"/>'
        )
    return (
        f'<g class="bm-marker" data-injury="{marker.number}" data-view="{marker.view}">'
        + drawn
        + f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{MARKER_RADIUS}" '
        'fill="#ffffff" stroke="#9b1c1c" stroke-width="1.3"/>'
        f'<text x="{x:.1f}" y="{y + size * 0.36:.1f}" text-anchor="middle" '
        f'font-size="{size}" font-weight="bold" fill="#9b1c1c">{escape(label)}</text></g>'
    )


def body_map_svg(injuries: Iterable[InjuryRow], *, title: str = "Lichaamsschema") -> str:
    """The whole diagram as an inline <svg> element (front and back view side by side)."""
    markers = place_markers(injuries)
    width = MAP_WIDTH
    height = MAP_HEIGHT
    style = (
        "<style>"
        ".bm-title{font-size:9px;font-weight:bold;fill:#333}"
        ".bm-side{font-size:9px;font-weight:bold;fill:#777}"
        "text{font-family:'FMEK Sans','DejaVu Sans Condensed','DejaVu Sans',sans-serif}"
        "</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="body-map" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width * 0.9:.0f}pt" '
        f'height="{height * 0.9:.0f}pt">'
        f"<title>{escape(title)}</title>"
        + style
        + _view_group(View.FRONT, "Voorzijde")
        + _view_group(View.BACK, "Achterzijde")
        + "".join(_marker_svg(m) for m in markers)
        + "</svg>"
    )
