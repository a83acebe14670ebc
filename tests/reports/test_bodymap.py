"""Injury numbers land on the right view and the right side of the child."""

from xml.etree import ElementTree

from reports.bodymap import CENTRE_X, MARKER_RADIUS, View, body_map_svg, place_markers
from reports.data import BodyRegion, InjuryKind, InjuryRow, Side
from reports.sample import sample_forensic_report


def injury(number: int, region: BodyRegion, side: Side) -> InjuryRow:
    return InjuryRow(
        number, region, side, InjuryKind.BRUISE, (10, 5), "rond", ("blauw",), "scherp", "geen"
    )


def test_front_view_shows_the_childs_left_on_the_viewers_right() -> None:
    left, right = place_markers(
        [injury(1, BodyRegion.ARM, Side.LEFT), injury(2, BodyRegion.ARM, Side.RIGHT)]
    )
    assert left.view == right.view == View.FRONT
    assert left.x > CENTRE_X > right.x


def test_back_view_shows_the_childs_left_on_the_viewers_left() -> None:
    left, right = place_markers(
        [injury(1, BodyRegion.BUTTOCKS, Side.LEFT), injury(2, BodyRegion.BUTTOCKS, Side.RIGHT)]
    )
    assert left.view == right.view == View.BACK
    assert left.x < right.x


def test_back_and_buttocks_go_on_the_back_view_face_and_chest_on_the_front() -> None:
    markers = place_markers(
        [
            injury(1, BodyRegion.BACK, Side.MIDLINE),
            injury(2, BodyRegion.BUTTOCKS, Side.LEFT),
            injury(3, BodyRegion.FACE, Side.LEFT),
            injury(4, BodyRegion.CHEST, Side.RIGHT),
            injury(5, BodyRegion.GENITAL, Side.MIDLINE),
        ]
    )
    assert [m.view for m in markers] == [View.BACK, View.BACK, View.FRONT, View.FRONT, View.FRONT]


def test_a_bilateral_injury_is_marked_on_both_sides() -> None:
    markers = place_markers([injury(7, BodyRegion.LEG, Side.BILATERAL)])
    assert [m.number for m in markers] == [7, 7]
    assert {m.side for m in markers} == {Side.LEFT, Side.RIGHT}


def test_injuries_at_one_site_do_not_overlap() -> None:
    markers = place_markers([injury(n, BodyRegion.ARM, Side.LEFT) for n in range(1, 12)])
    for i, a in enumerate(markers):
        for b in markers[i + 1 :]:
            assert (a.x - b.x) ** 2 + (a.y - b.y) ** 2 >= (2 * MARKER_RADIUS) ** 2


def test_the_svg_is_well_formed_and_numbers_every_injury() -> None:
    report = sample_forensic_report(20)
    root = ElementTree.fromstring(body_map_svg(report.injuries, title='<b>"Schema"</b> & co'))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.find("svg:title", ns).text == '<b>"Schema"</b> & co'  # type: ignore[union-attr]
    drawn = {int(g.get("data-injury", "0")) for g in root.iterfind(".//svg:g[@data-injury]", ns)}
    assert drawn == set(range(1, 21))


def _oriented(number: int, side: Side, angle: float, length_mm: float = 80) -> InjuryRow:
    return InjuryRow(
        number,
        BodyRegion.LEG,
        side,
        InjuryKind.BRUISE,
        (length_mm, 8),
        "streepvormig",
        ("rood",),
        "scherp",
        "geen",
        orientation_deg=angle,
    )


def _lines(svg: str) -> list[ElementTree.Element]:
    return [e for e in ElementTree.fromstring(svg).iter() if e.tag.endswith("line")]


def test_an_elongated_lesion_is_drawn_as_a_line_in_its_direction() -> None:
    upright, across = _lines(
        body_map_svg([_oriented(1, Side.LEFT, 0), _oriented(2, Side.RIGHT, 90)])
    )
    x1, y1, x2, y2 = (float(upright.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))
    assert x1 == x2 and y1 != y2  # head to toe: vertical on the map
    x1, y1, x2, y2 = (float(across.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))
    assert y1 == y2 and x1 != x2  # across the body: horizontal


def test_the_line_is_longer_for_a_longer_lesion_within_limits() -> None:
    def drawn(length_mm: float) -> float:
        (marker,) = place_markers([_oriented(1, Side.LEFT, 90, length_mm)])
        line = marker.line()
        assert line is not None
        return abs(line[2] - line[0])

    assert drawn(30) < drawn(120)
    assert drawn(1) >= 10  # a short lesion stays visible
    assert drawn(2000) <= 70  # a long one stays on the limb


def test_a_bilateral_oriented_lesion_is_mirrored_and_the_number_sits_off_the_line() -> None:
    right, left = sorted(
        place_markers([_oriented(3, Side.BILATERAL, 30)]), key=lambda m: m.side.value
    )[::-1]
    assert {right.angle, left.angle} == {30.0, 150.0}
    for marker in (right, left):
        lx, ly = marker.label_point()
        assert (lx - marker.x) ** 2 + (ly - marker.y) ** 2 > MARKER_RADIUS**2


def test_a_lesion_without_orientation_stays_a_dot() -> None:
    svg = body_map_svg([injury(1, BodyRegion.ARM, Side.LEFT)])
    assert _lines(svg) == []
    assert "<circle" in svg
