"""The indicators added for the half-yearly report, each on a hand-built period with known
answers: cover by primary and back-up, FTE and doctors per 100,000 children, expiring
qualifications, nights carried by one or two doctors, weeks rostered ahead, late reasons,
availability escalations, suppression across regions, trends and what a renderer needs."""

from datetime import UTC, date, datetime, timedelta

from reports.figures import (
    AMSTERDAM,
    DoctorFact,
    ExaminationFact,
    Facts,
    Period,
    PositionFact,
    ReferralFact,
    WeekFact,
    cells,
    figures,
    half_years_up_to,
)
from routing.triage import load_ruleset
from routing.triage.engine import deadline_for
from routing.vocabulary import Urgency

H1 = Period(date(2026, 1, 1), date(2026, 6, 30))
T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
AMS, UTR, GRO = "GG3406", "GG2514", "GG0111"


def value(cell: dict) -> object:
    return cell["value"]


def referral(region: str, *, escalated: bool = False, at: datetime = T0) -> ReferralFact:
    return ReferralFact(at, region, "urgent", frozenset({"ggd_examination"}), escalated)


def shift(
    day: date,
    primary: int | None,
    backup: int | None,
    *,
    region: str = AMS,
    hours: int = 24,
    qualified: bool = True,
) -> list[PositionFact]:
    start = datetime.combine(day, datetime.min.time(), AMSTERDAM).replace(hour=8)
    end = start + timedelta(hours=hours)
    name = f"{region}|24h|{start.isoformat()}"
    return [
        PositionFact(
            frozenset({region}), start, end, primary, region, "employed", "primary", name, qualified
        ),
        PositionFact(frozenset({region}), start, end, backup, region, "employed", "backup", name),
    ]


def test_a_regional_cell_is_not_the_national_total_minus_the_other_regions() -> None:
    # Amsterdam 3 (hidden), Utrecht 10, Groningen 20: national 33 would give Amsterdam back as
    # 33 - 10 - 20, so a second region is hidden too, and each region's answer says so
    refs = [referral(AMS)] * 3 + [referral(UTR)] * 10 + [referral(GRO)] * 20
    facts = Facts(referrals=refs, population={AMS: 1, UTR: 1, GRO: 1})
    national = figures(H1, facts)["in_time"]["referrals"]["total"]
    per_region = {
        r: figures(H1, facts, region=r)["in_time"]["referrals"]["total"] for r in (AMS, UTR, GRO)
    }
    assert value(national) == 33
    assert per_region[AMS]["suppressed"]
    assert per_region[UTR]["suppressed"]  # the smallest other region
    assert value(per_region[GRO]) == 20
    shown = [value(c) for c in per_region.values() if not c["suppressed"]]
    assert value(national) - sum(shown) == 13  # only the sum of the two hidden, not Amsterdam's 3
    # the whole grid agrees whichever region is asked: Utrecht's own table hides it as well
    assert figures(H1, facts, region=UTR)["in_time"]["referrals"]["total"]["suppressed"]


def test_five_in_every_region_hides_nothing() -> None:
    refs = [referral(AMS)] * 5 + [referral(UTR)] * 5
    facts = Facts(referrals=refs, population={AMS: 1, UTR: 1, GRO: 1})
    assert value(figures(H1, facts, region=AMS)["in_time"]["referrals"]["total"]) == 5
    assert value(figures(H1, facts, region=GRO)["in_time"]["referrals"]["total"]) == 0


def test_availability_escalations_are_counted_from_the_referral_not_the_examination() -> None:
    refs = [referral(AMS, escalated=True)] * 6 + [referral(AMS)] * 4
    out = figures(H1, Facts(referrals=refs))["in_time"]
    assert value(out["escalations"]["availability"]) == 6
    few = figures(H1, Facts(referrals=[referral(AMS, escalated=True)] * 2))["in_time"]
    assert few["escalations"]["availability"]["suppressed"]


def test_late_examinations_say_whether_the_plan_or_the_start_was_late() -> None:
    deadline = T0 + timedelta(hours=24)

    def exam(planned_h: float, started_h: float) -> ExaminationFact:
        return ExaminationFact(
            T0,
            AMS,
            "urgent",
            deadline,
            T0 + timedelta(hours=started_h),
            "completed",
            T0 + timedelta(hours=planned_h),
        )

    exams = [exam(30, 30)] * 5 + [exam(20, 25)] * 6 + [exam(20, 20)] * 7
    out = figures(H1, Facts(examinations=exams))["in_time"]["examinations"]
    assert value(out["all"]["late"]) == 11
    assert value(out["late_reasons"]["planned_late"]) == 5
    assert value(out["late_reasons"]["started_late"]) == 6
    assert value(out["all"]["on_time"]) == 7


def test_a_planned_deadline_across_christmas_counts_working_days() -> None:
    # submitted Tuesday 22 December 2026 10:00; 25, 26 (holidays) and 27 (Sunday) do not
    # count: the fifth working day is Wednesday 30 December
    submitted = datetime(2026, 12, 22, 10, 0, tzinfo=AMSTERDAM)
    deadline = deadline_for(Urgency.PLANNED, submitted, load_ruleset("v2"))
    assert deadline == datetime(2026, 12, 30, 10, 0, tzinfo=AMSTERDAM)

    def exam(started: datetime) -> ExaminationFact:
        return ExaminationFact(submitted, AMS, "planned", deadline, started, "completed")

    exams = [exam(datetime(2026, 12, 29, 15, 0, tzinfo=AMSTERDAM))] * 5  # a week later
    exams += [exam(datetime(2026, 12, 30, 10, 0, tzinfo=AMSTERDAM))] * 5  # exactly the deadline
    exams += [exam(datetime(2026, 12, 30, 10, 1, tzinfo=AMSTERDAM))] * 5  # a minute late
    h2 = Period(date(2026, 7, 1), date(2026, 12, 31))
    row = figures(h2, Facts(examinations=exams))["in_time"]["examinations"]["by_urgency"]
    assert value(row["planned"]["on_time"]) == 10
    assert value(row["planned"]["late"]) == 5


def test_hours_with_a_qualified_primary_and_back_up() -> None:
    day = date(2026, 3, 2)
    positions = [
        *shift(day, 1, 2),  # both: counts
        *shift(day + timedelta(days=1), 1, None),  # no back-up
        *shift(day + timedelta(days=2), None, 2),  # no primary
        *shift(day + timedelta(days=3), 3, 2, qualified=False),  # primary's qualification lapsed
    ]
    out = figures(H1, Facts(positions=positions), region=AMS)["available"]
    assert value(out["primary_and_backup_share"]) == 0.25
    assert value(out["filled_share"]) == 0.75  # 6 of 8 positions


def test_fte_and_doctors_per_100000_children() -> None:
    doctors = [DoctorFact(AMS, 36), DoctorFact(AMS, 18), DoctorFact(UTR, 27)]
    facts = Facts(doctors=doctors, population={AMS: 200_000, UTR: 300_000})
    ams = figures(H1, facts, region=AMS)["available"]
    assert value(ams["fte"]) == 1.5
    assert value(ams["doctors_registered"]) == 2
    assert value(ams["children_0_17"]) == 200_000
    assert value(ams["doctors_per_100k_children"]) == 1.0
    national = figures(H1, facts)["available"]
    assert value(national["fte"]) == 2.2  # 81 / 36 = 2.25, rounded to one decimal
    assert value(national["doctors_per_100k_children"]) == 0.6
    assert (
        value(figures(H1, Facts(doctors=doctors))["available"]["doctors_per_100k_children"]) is None
    )


def test_qualifications_expiring_in_the_half_year_after_the_period() -> None:
    end = H1.end  # 30 June 2026: the window is 1 July .. 30 December 2026 (183 days)
    doctors = [
        DoctorFact(
            AMS, 36, (("big", end + timedelta(days=1)), ("zeden", end + timedelta(days=183)))
        ),
        DoctorFact(AMS, 36, (("kindermishandeling", end),)),  # lapses inside the period
        DoctorFact(AMS, 36, (("zeden", end + timedelta(days=184)),)),  # later
        DoctorFact(UTR, 36, (("big", end + timedelta(days=10)),)),
    ]
    out = figures(H1, Facts(doctors=doctors), region=AMS)["secured"]
    assert value(out["qualifications_expiring"]) == 2
    assert value(out["doctors_with_expiring_qualifications"]) == 1
    national = figures(H1, Facts(doctors=doctors))["secured"]
    assert value(national["qualifications_expiring"]) == 3
    # a period still running is measured from today
    today = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    running = figures(H1, Facts(doctors=doctors, as_of=today), region=AMS)["secured"]
    # (1 March .. 31 August: the BIG of the first, the lapse of the second)
    assert value(running["qualifications_expiring"]) == 2
    assert value(running["doctors_with_expiring_qualifications"]) == 2


def test_regions_whose_nights_rest_on_one_or_two_doctors() -> None:
    days = [date(2026, 3, 2) + timedelta(days=i) for i in range(10)]
    # Amsterdam: doctors 1 and 2 hold 6 of 10 nights (more than half); Utrecht: five doctors, 2 nights each
    positions = [
        p
        for i, day in enumerate(days)
        for p in shift(day, [1, 2, 1, 3, 4, 5, 2, 6, 1, 2][i], 9)
        + shift(day, 10 + i % 5, 9, region=UTR)
    ]
    out = figures(H1, Facts(positions=positions), region=AMS)["secured"]
    assert value(out["nights_top_two_share"]) == 0.6  # doctor 1: 3 nights, doctor 2: 3
    assert value(out["regions_depending_on_two_doctors"]) == 1
    utr = figures(H1, Facts(positions=positions), region=UTR)["secured"]
    assert value(utr["nights_top_two_share"]) == 0.4
    assert value(utr["regions_depending_on_two_doctors"]) == 0
    national = figures(H1, Facts(positions=positions))["secured"]
    assert value(national["regions_depending_on_two_doctors"]) == 1
    assert value(national["nights_top_two_share"]) == 0.5  # median of 0.6 and 0.4


def test_weeks_rostered_ahead_as_planned_at_the_end_of_the_period() -> None:
    end_monday = date(2026, 6, 29)  # the week holding 30 June
    before = datetime(2026, 6, 1, tzinfo=UTC)
    after = datetime(2026, 7, 15, tzinfo=UTC)
    weeks = [WeekFact(AMS, end_monday + timedelta(weeks=n), before) for n in (1, 2, 3, 5)]
    weeks.append(WeekFact(AMS, end_monday + timedelta(weeks=4), after))  # planned too late
    weeks += [WeekFact(UTR, end_monday + timedelta(weeks=n), before) for n in range(1, 7)]
    facts = Facts(weeks=weeks, population={AMS: 1, UTR: 1, GRO: 1})
    assert value(figures(H1, facts, region=AMS)["secured"]["weeks_rostered_ahead"]) == 3
    national = figures(H1, facts)["secured"]
    assert value(national["weeks_rostered_ahead_min"]) == 0  # Groningen planned nothing
    assert value(national["weeks_rostered_ahead"]) == 3  # median of 0, 3, 6


def test_trend_gives_four_half_years_oldest_first() -> None:
    refs = [referral(AMS, at=datetime(2025, 3, 1, tzinfo=UTC))] * 7
    refs += [referral(AMS, at=datetime(2026, 5, 1, tzinfo=UTC))] * 2
    out = figures(H1, Facts(referrals=refs), trend=4)
    assert [p["label"] for p in out["trend"]["periods"]] == [
        "2024-H2",
        "2025-H1",
        "2025-H2",
        "2026-H1",
    ]
    series = out["trend"]["series"]["in_time.referrals.total"]
    assert [c["value"] for c in series] == [0, 7, 0, None]
    assert series[3]["suppressed"]
    assert half_years_up_to(date(2026, 7, 1), 2)[0] == H1
    assert "trend" not in figures(H1, Facts(referrals=refs))


def test_every_cell_carries_its_dutch_label_unit_and_definition() -> None:
    out = figures(H1, Facts())
    for group in ("available", "in_time", "secured"):
        for key, cell in cells(out[group], group):
            assert cell["label"] and cell["definition"], key
            assert cell["unit"] in {
                "aantal",
                "uren",
                "aandeel",
                "minuten",
                "fte",
                "weken",
                "per 100.000 kinderen",
            }
    acute = out["in_time"]["examinations"]["by_urgency"]["acute"]["on_time"]
    assert acute["label"] == "GGD-onderzoeken, acuut, op tijd gestart"
    assert out["available"]["primary_and_backup_share"]["unit"] == "aandeel"
