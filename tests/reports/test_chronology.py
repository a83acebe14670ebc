"""The report's moments in order: each rule broken once, and kept once."""

from datetime import UTC, date, datetime, timedelta

from reports.chronology import (
    EXAMINATION_WINDOW,
    Moments,
    PhotoMoments,
    chronology_problems,
)

REQUESTED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
INCIDENT = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
EXAM = datetime(2026, 11, 27, 13, 30, tzinfo=UTC)


def _moments(**changes: object) -> Moments:
    base: dict[str, object] = {
        "requested_at": REQUESTED,
        "incident_at": INCIDENT,
        "examined_at": EXAM,
        "examination_ended_at": EXAM + timedelta(hours=1),
        "consent_at": EXAM - timedelta(minutes=5),
        "photos": [PhotoMoments("F1", EXAM + timedelta(minutes=20), EXAM + timedelta(hours=2))],
        "investigations": [date(2026, 11, 24)],
        "appointment_date": date(2026, 11, 26),
        "today": date(2026, 11, 29),
    }
    base.update(changes)
    return Moments(**base)  # type: ignore[arg-type]


def _found(**changes: object) -> list[tuple[tuple[str | int, ...], str]]:
    return [(p.loc, p.type) for p in chronology_problems(_moments(**changes))]


def test_a_consistent_report_has_no_problem() -> None:
    assert _found() == []


def test_examination_before_the_request_needs_a_reason() -> None:
    early = REQUESTED - timedelta(hours=3)
    moved = {
        "examined_at": early,
        "examination_ended_at": early + timedelta(hours=1),
        "consent_at": early,
        "photos": [PhotoMoments("F1", early + timedelta(minutes=5))],
    }
    assert _found(**moved) == [
        (("examination", "before_request_reason"), "examination_before_request")
    ]
    assert _found(**moved, before_request_reason="onderzocht op de SEH voor de melding") == []
    assert _found(**moved, before_request_reason="   ") != []


def test_examination_before_the_incident() -> None:
    assert (("examination", "examined_at"), "examination_before_incident") in _found(
        incident_at=EXAM + timedelta(minutes=1)
    )
    assert _found(incident_at=None) == []


def test_examination_ends_after_it_starts() -> None:
    assert _found(examination_ended_at=EXAM - timedelta(minutes=1))[0] == (
        ("examination", "ended_at"),
        "examination_ends_before_start",
    )
    assert _found(examination_ended_at=EXAM) != []  # then the 20-minute photo lies outside


def test_consent_comes_before_the_examination() -> None:
    assert _found(consent_at=EXAM + timedelta(minutes=1)) == [
        (("consent", "given_at"), "consent_after_examination")
    ]
    assert _found(consent_at=EXAM) == []


def test_photos_lie_within_the_examination() -> None:
    before = [PhotoMoments("F1", EXAM - timedelta(seconds=1))]
    after_end = [PhotoMoments("F1", EXAM + timedelta(hours=1, seconds=1))]
    at_end = [PhotoMoments("F1", EXAM + timedelta(hours=1))]
    assert _found(photos=before) == [(("photos", 0, "taken_at"), "photo_outside_examination")]
    assert _found(photos=after_end) == [(("photos", 0, "taken_at"), "photo_outside_examination")]
    assert _found(photos=at_end) == []


def test_without_a_stated_end_photos_lie_within_the_window() -> None:
    inside = [PhotoMoments("F1", EXAM + EXAMINATION_WINDOW)]
    outside = [PhotoMoments("F1", EXAM + EXAMINATION_WINDOW + timedelta(minutes=1))]
    assert _found(examination_ended_at=None, photos=inside) == []
    assert _found(examination_ended_at=None, photos=outside) == [
        (("photos", 0, "taken_at"), "photo_outside_examination")
    ]


def test_a_file_report_photo_may_not_predate_the_incident() -> None:
    no_exam = {"examined_at": None, "examination_ended_at": None, "consent_at": None}
    early = [PhotoMoments("F1", INCIDENT - timedelta(hours=1))]
    later = [PhotoMoments("F1", INCIDENT + timedelta(hours=1))]
    assert _found(**no_exam, photos=early) == [(("photos", 0, "taken_at"), "photo_before_incident")]
    assert _found(**no_exam, photos=later) == []


def test_a_photo_is_stored_after_it_is_taken() -> None:
    taken = EXAM + timedelta(minutes=20)
    assert _found(photos=[PhotoMoments("F1", taken, taken - timedelta(seconds=1))]) == [
        (("photos", 0, "stored_at"), "photo_stored_before_taken")
    ]
    assert _found(photos=[PhotoMoments("F1", taken, taken)]) == []


def test_investigation_not_before_the_incident_day() -> None:
    assert _found(investigations=[date(2026, 11, 22)]) == [
        (("investigations", 0, "performed_on"), "investigation_before_incident")
    ]
    assert _found(investigations=[date(2026, 11, 23), None]) == []


def test_appointment_not_in_the_future_and_signature_not_before_the_examination() -> None:
    assert _found(appointment_date=date(2026, 11, 30)) == [
        (("instruction", "appointment_date"), "future_date")
    ]
    assert _found(signed_at=EXAM - timedelta(minutes=1)) == [
        (("signature",), "signed_before_examination")
    ]
    assert _found(signed_at=EXAM + timedelta(days=1)) == []


def test_every_broken_rule_is_reported_not_only_the_first() -> None:
    found = _found(
        consent_at=EXAM + timedelta(minutes=1),
        photos=[PhotoMoments("F1", EXAM - timedelta(minutes=1))],
        investigations=[date(2026, 1, 1)],
    )
    assert [t for _, t in found] == [
        "consent_after_examination",
        "photo_outside_examination",
        "investigation_before_incident",
    ]
