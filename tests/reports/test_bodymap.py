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
