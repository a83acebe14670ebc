"""The week grid: unfilled positions that already ended are history, not gaps to fill."""

from datetime import UTC, date, datetime

from fmek.rosters.models import PositionOut, RosterOut
from fmek.web.grid import week_grid


def _position(day: int, doctor: int | None) -> PositionOut:
    return PositionOut(
        id=f"GG2514:{day}",
        start=datetime(2026, 11, day, 7, tzinfo=UTC),
        end=datetime(2026, 11, day, 16, tzinfo=UTC),
        kind="day",
        role="primary",
        doctor=doctor,
        pinned=False,
        qualified=doctor is not None,
        pool="GG2514",
        template="dag",
        required_qualifications=["child_forensic"],
    )


def test_past_unfilled_positions_are_not_counted_as_gaps() -> None:
    roster = RosterOut(
        region="GG2514",
        from_=date(2026, 11, 23),
        to=date(2026, 11, 29),
        positions=[_position(23, None), _position(27, None), _position(28, 7)],
        doctors=[],
        violations=[],
    )
    grid = week_grid(roster, date(2026, 11, 23), now=datetime(2026, 11, 25, 12, tzinfo=UTC))
    monday, friday = grid.rows[0].cells[0], grid.rows[0].cells[4]
    assert monday is not None and monday.unrostered_past and not monday.gap
    assert friday is not None and friday.gap and not friday.past
    assert grid.gaps == 1
