"""The half-yearly figures on hand-built periods whose answers are counted by hand."""

from datetime import UTC, date, datetime, timedelta

from reports.figures import (
    AMSTERDAM,
    AdviceFact,
    ExaminationFact,
    Facts,
    Period,
    PositionFact,
    ReferralFact,
    figures,
    suppressed_cells,
)

H1 = Period(date(2026, 1, 1), date(2026, 6, 30))
T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def exam(
    *,
    urgency: str = "urgent",
    start_after_min: float | None = 60,
    window_min: float = 120,
    status: str = "completed",
    region: str = "GG3406",
    at: datetime = T0,
) -> ExaminationFact:
    return ExaminationFact(
        referral_submitted_at=at,
        region=region,
        urgency=urgency,
        deadline_at=at + timedelta(minutes=window_min),
        started_at=None if start_after_min is None else at + timedelta(minutes=start_after_min),
        status=status,
    )


def referral(urgency: str = "urgent", tasks: str = "ggd_examination", region: str = "GG3406"):
    return ReferralFact(T0, region, urgency, frozenset(tasks.split(",")))


def shown(cell: dict) -> dict:
    """What a cell publishes (without its label, unit and definition)."""
    return {"value": cell["value"], "suppressed": cell["suppressed"]}


def value(figure: dict) -> object:
    return figure["value"]


def test_an_examination_started_exactly_at_its_deadline_is_on_time() -> None:
    exams = [exam(start_after_min=120, window_min=120) for _ in range(5)]
    exams += [exam(start_after_min=121, window_min=120) for _ in range(5)]
    row = figures(H1, Facts(examinations=exams))["in_time"]["examinations"]["by_urgency"]["urgent"]
    assert value(row["on_time"]) == 5
    assert value(row["late"]) == 5
    assert value(row["on_time_share"]) == 0.5
    assert value(row["median_minutes_to_start"]) == 120.5


def test_four_is_suppressed_and_five_is_shown() -> None:
    four = figures(H1, Facts(referrals=[referral("acute")] * 4 + [referral("urgent")] * 5))
    cells = four["in_time"]["referrals"]["by_urgency"]
    assert shown(cells["acute"]) == {"value": None, "suppressed": True}
    five = figures(H1, Facts(referrals=[referral("acute")] * 5 + [referral("urgent")] * 5))
    assert shown(five["in_time"]["referrals"]["by_urgency"]["acute"]) == {
        "value": 5,
        "suppressed": False,
    }


def test_a_suppressed_cell_cannot_be_recovered_from_the_total_and_the_other_cells() -> None:
    facts = Facts(referrals=[referral("acute")] * 3 + [referral("urgent")] * 7)
    out = figures(H1, facts)["in_time"]["referrals"]
    shown = [value(c) for c in out["by_urgency"].values()] + [value(out["total"])]
    assert shown.count(None) >= 2  # the acute 3 and at least one more
    # whatever is shown, the acute count is not the total minus the shown cells
    assert value(out["by_urgency"]["urgent"]) is None or value(out["total"]) is None
    assert value(out["by_urgency"]["planned"]) == 0


def test_secondary_suppression_reaches_every_relation() -> None:
    counts = {"t": 20, "a": 3, "b": 10, "c": 7, "T": 40, "a2": 20}
    # a is small; in relation (t, a, b, c) the next smallest, c, goes too; then (T, t, a2) keeps
    # both its cells shown because t itself stays shown
    hidden = suppressed_cells(counts, [("t", "a", "b", "c"), ("T", "t", "a2")])
    assert hidden == {"a", "c"}
    hidden = suppressed_cells({"t": 8, "a": 4, "b": 4, "T": 16, "x": 8}, [("t", "a", "b")])
    assert hidden == {"a", "b"}
    # a 2x2 table: hiding a pulls in b (its row), c (its column), then d (b's column)
    chained = suppressed_cells(
        {"t1": 12, "a": 2, "b": 10, "t2": 17, "c": 8, "d": 9, "A": 10, "B": 19},
        [("t1", "a", "b"), ("t2", "c", "d"), ("A", "a", "c"), ("B", "b", "d")],
    )
    assert chained == {"a", "b", "c", "d"}


def test_an_examination_table_never_leaves_one_hidden_cell_in_a_row_or_column() -> None:
    exams = [exam(urgency="acute", start_after_min=10, window_min=240) for _ in range(6)]
    exams += [exam(urgency="acute", start_after_min=None, status="escalated") for _ in range(2)]
    exams += [exam(urgency="urgent", start_after_min=30) for _ in range(9)]
    table = figures(H1, Facts(examinations=exams))["in_time"]["examinations"]
    acute = table["by_urgency"]["acute"]
    assert value(acute["never_started"]) is None
    rows = [table["all"], *table["by_urgency"].values()]
    for row in rows:
        cells = [row[c] for c in ("total", "on_time", "late", "never_started")]
        assert sum(c["suppressed"] for c in cells) != 1
    for column in ("total", "on_time", "late", "never_started"):
        cells = [row[column] for row in rows]
        assert sum(c["suppressed"] for c in cells) != 1
    reasons = [*table["never_started_reasons"].values(), table["all"]["never_started"]]
    assert sum(c["suppressed"] for c in reasons) != 1
    # a share whose numerator is hidden would give it back: it is hidden too
    assert value(acute["on_time_share"]) is None or not acute["on_time"]["suppressed"]


def test_medians_on_fewer_than_five_values_are_suppressed() -> None:
    four = figures(H1, Facts(examinations=[exam(start_after_min=m) for m in (10, 20, 30, 40)]))
    row = four["in_time"]["examinations"]["all"]
    assert shown(row["median_minutes_to_start"]) == {"value": None, "suppressed": True}
    five = figures(H1, Facts(examinations=[exam(start_after_min=m) for m in (10, 20, 30, 40, 50)]))
    row = five["in_time"]["examinations"]["all"]
    assert value(row["median_minutes_to_start"]) == 30
    assert value(row["p90_minutes_to_start"]) == 50


def test_minutes_to_start_across_the_spring_dst_change_are_real_minutes() -> None:
    # 29 March 2026: 02:00 CET becomes 03:00 CEST. Received 01:30 local, started 03:30 local
    received = datetime(2026, 3, 29, 1, 30, tzinfo=AMSTERDAM)
    started = datetime(2026, 3, 29, 3, 30, tzinfo=AMSTERDAM)
    deadline = datetime(2026, 3, 29, 3, 45, tzinfo=AMSTERDAM)  # 75 real minutes after receipt
    exams = [
        ExaminationFact(received, "GG3406", "acute", deadline, started, "completed")
        for _ in range(5)
    ]
    row = figures(H1, Facts(examinations=exams))["in_time"]["examinations"]["by_urgency"]["acute"]
    assert value(row["median_minutes_to_start"]) == 60
    assert value(row["on_time"]) == 5
    # autumn: 25 October 2026, 03:00 CEST becomes 02:00 CET; a 60-minute window ends at 02:15 CET
    received = datetime(2026, 10, 25, 2, 15, tzinfo=AMSTERDAM)  # first 02:15 (CEST)
    deadline = received.astimezone(UTC) + timedelta(minutes=60)
    late = received.astimezone(UTC) + timedelta(minutes=61)
    exams = [
        ExaminationFact(received, "GG3406", "acute", deadline, late, "completed") for _ in range(5)
    ]
    h2 = Period(date(2026, 7, 1), date(2026, 12, 31))
    row = figures(h2, Facts(examinations=exams))["in_time"]["examinations"]["all"]
    assert value(row["late"]) == 5
    assert value(row["median_minutes_to_start"]) == 61


def test_the_period_is_whole_amsterdam_days_both_ends_included() -> None:
    first = datetime(2026, 1, 1, 0, 0, tzinfo=AMSTERDAM)  # 2025-12-31 23:00 UTC
    last = datetime(2026, 6, 30, 23, 59, tzinfo=AMSTERDAM)
    after = datetime(2026, 7, 1, 0, 0, tzinfo=AMSTERDAM)
    before = datetime(2025, 12, 31, 23, 59, tzinfo=AMSTERDAM)
    referrals = [
        ReferralFact(at, "GG3406", "planned", frozenset({"leck_advice"}))
        for at in [first] * 3 + [last] * 3 + [after] * 5 + [before] * 5
    ]
    assert value(figures(H1, Facts(referrals=referrals))["in_time"]["referrals"]["total"]) == 6


def test_region_filter_and_never_started_reasons() -> None:
    exams = [exam(start_after_min=None, status="escalated") for _ in range(5)]
    exams += [exam(start_after_min=None, status="cancelled") for _ in range(6)]
    exams += [exam(start_after_min=None, status="pending") for _ in range(7)]
    exams += [exam(region="GG3307") for _ in range(9)]
    out = figures(H1, Facts(examinations=exams), region="GG3406")["in_time"]["examinations"]
    assert value(out["all"]["total"]) == 18
    assert value(out["all"]["never_started"]) == 18
    reasons = {k: value(v) for k, v in out["never_started_reasons"].items()}
    assert reasons == {"escalated": 5, "cancelled": 6, "open": 7}
    national = figures(H1, Facts(examinations=exams))["in_time"]["examinations"]
    assert value(national["all"]["total"]) == 27


def test_leck_turnaround_hours_and_handoffs() -> None:
    advices = [
        AdviceFact(T0, "GG3406", T0 + timedelta(hours=h), T0 + timedelta(hours=2 * h))
        for h in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    ]
    advices.append(AdviceFact(T0, "GG3406", None, None))
    facts = Facts(
        advices=advices,
        referrals=[referral("acute", "acute_zeden,leck_advice")] * 5
        + [referral("planned", "leck_consult")] * 2,
    )
    out = figures(H1, facts)
    leck = out["in_time"]["leck_advices"]
    assert value(leck["received"]) == 11
    assert value(leck["answered"]) == 10
    assert value(leck["median_hours_to_answer"]) == 5.5
    assert value(leck["p90_hours_to_answer"]) == 9
    assert value(leck["p90_hours_to_release"]) == 18
    assert value(out["in_time"]["acute_zeden_handoffs"]) == 5
    assert shown(out["secured"]["consults"]) == {"value": None, "suppressed": True}
    assert value(out["secured"]["anonymous_advices"]) == 11


def test_roster_hours_gaps_neighbours_and_employment() -> None:
    day = datetime(2026, 3, 2, 8, 0, tzinfo=AMSTERDAM)
    own = frozenset({"GG3406"})

    def position(hours: int, doctor: int | None, region: str | None, employment: str | None):
        return PositionFact(own, day, day + timedelta(hours=hours), doctor, region, employment)

    positions = [
        position(8, 1, "GG3406", "employed"),
        position(8, 2, "GG3406", "hired"),
        position(8, 3, "GG3307", "employed"),  # a neighbour helps
        position(8, None, None, None),  # a gap
        # straddles the period's end: only the hours before 1 July count
        PositionFact(
            own,
            datetime(2026, 6, 30, 20, 0, tzinfo=AMSTERDAM),
            datetime(2026, 7, 1, 8, 0, tzinfo=AMSTERDAM),
            1,
            "GG3406",
            "employed",
        ),
    ]
    out = figures(H1, Facts(positions=positions), region="GG3406")
    available, secured = out["available"], out["secured"]
    assert value(available["rostered_hours"]) == 36
    assert value(available["gap_hours"]) == 8
    assert value(available["filled_share"]) == round(28 / 36, 4)
    assert value(available["neighbour_or_pool_hours"]) == 8
    assert value(available["doctors_on_roster"]) == 3
    assert value(secured["hired_hours_share"]) == round(8 / 28, 4)
    assert value(secured["employed_hours_share"]) == round(20 / 28, 4)


def test_every_published_group_states_its_definitions() -> None:
    out = figures(H1, Facts())
    assert out["period"] == {"from": "2026-01-01", "to": "2026-06-30", "region": None}
    for group in ("available", "in_time", "secured"):
        for key in out[group]:
            assert f"{group}.{key}" in out["definitions"]
    assert "geen landelijke norm" in out["definitions"]["in_time.examinations"]
