"""The report's moments in an order a court can follow: incident, request, consent, examination,
photographs, storage, signing.

A report whose photos predate the examination or whose examination predates the request without
a word of explanation invites the question which other facts are wrong. Each rule names the
field that breaks it, so the author corrects the right one. The caller supplies the moments; the
checks are pure.

Rules:
- the examination does not precede the last incident;
- the examination does not precede the request, unless the report states why (an examination
  at the emergency department before Veilig Thuis asked, for example);
- an examination ends after it starts;
- consent is given before (or at) the start of the examination;
- photographs of the examination are taken during it: from its start to its stated end, or
  within EXAMINATION_WINDOW of the start when no end is stated [design];
- no photograph predates the incident; a photograph is stored after it is taken;
- further investigations do not predate the incident's day;
- an appointment (benoeming) is not in the future and a signature does not precede the
  examination.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "EXAMINATION_WINDOW",
    "ChronologyProblem",
    "Moments",
    "PhotoMoments",
    "chronology_problems",
]

EXAMINATION_WINDOW = timedelta(hours=6)
"""How long after its start an examination without a stated end may have taken photos [design]."""
_LOCAL = ZoneInfo("Europe/Amsterdam")  # dates in a Dutch report are Dutch calendar days


@dataclass(frozen=True, slots=True)
class ChronologyProblem:
    """One broken rule: where (a path of field names and list indexes), what, and why."""

    loc: tuple[str | int, ...]
    type: str
    message: str


@dataclass(frozen=True, slots=True)
class PhotoMoments:
    photo_id: str
    taken_at: datetime
    stored_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Moments:
    """Every moment the report states or relies on (timezone-aware datetimes)."""

    requested_at: datetime
    incident_at: datetime | None = None  # None: unknown or not stated
    examined_at: datetime | None = None
    examination_ended_at: datetime | None = None
    before_request_reason: str = ""
    consent_at: datetime | None = None
    photos: Sequence[PhotoMoments] = ()
    investigations: Sequence[date | None] = ()
    appointment_date: date | None = None
    signed_at: datetime | None = None
    today: date | None = None


def _examination(m: Moments) -> list[ChronologyProblem]:
    problems: list[ChronologyProblem] = []
    start = m.examined_at
    if start is None:
        return problems
    if m.incident_at is not None and start < m.incident_at:
        problems.append(
            ChronologyProblem(
                ("examination", "examined_at"),
                "examination_before_incident",
                "the examination is dated before the last incident; correct the examination's "
                "time or the referral's last incident",
            )
        )
    if start < m.requested_at and not m.before_request_reason.strip():
        problems.append(
            ChronologyProblem(
                ("examination", "before_request_reason"),
                "examination_before_request",
                "the examination is dated before the request for it; state why "
                "(before_request_reason) or correct the examination's time",
            )
        )
    if m.examination_ended_at is not None and m.examination_ended_at < start:
        problems.append(
            ChronologyProblem(
                ("examination", "ended_at"),
                "examination_ends_before_start",
                "the examination ends before it starts",
            )
        )
    if m.consent_at is not None and m.consent_at > start:
        problems.append(
            ChronologyProblem(
                ("consent", "given_at"),
                "consent_after_examination",
                "consent is dated after the start of the examination; consent comes first",
            )
        )
    if m.signed_at is not None and m.signed_at < start:
        problems.append(
            ChronologyProblem(
                ("signature",),
                "signed_before_examination",
                "a report cannot be signed before the examination it describes",
            )
        )
    return problems


def _photos(m: Moments) -> list[ChronologyProblem]:
    problems = []
    start = m.examined_at
    end = None
    if start is not None:
        end = m.examination_ended_at or start + EXAMINATION_WINDOW
    for n, photo in enumerate(m.photos):
        if start is not None and end is not None and not start <= photo.taken_at <= end:
            problems.append(
                ChronologyProblem(
                    ("photos", n, "taken_at"),
                    "photo_outside_examination",
                    f"photo {photo.photo_id} is dated outside the examination (from its start "
                    "to its stated end, or 6 hours without an end); correct the photo's time or "
                    "the examination's end",
                )
            )
        elif m.incident_at is not None and photo.taken_at < m.incident_at:
            problems.append(
                ChronologyProblem(
                    ("photos", n, "taken_at"),
                    "photo_before_incident",
                    f"photo {photo.photo_id} is dated before the last incident",
                )
            )
        if photo.stored_at is not None and photo.stored_at < photo.taken_at:
            problems.append(
                ChronologyProblem(
                    ("photos", n, "stored_at"),
                    "photo_stored_before_taken",
                    f"photo {photo.photo_id} is stored before it was taken",
                )
            )
    return problems


def _other(m: Moments) -> list[ChronologyProblem]:
    problems = []
    incident_day = m.incident_at.astimezone(_LOCAL).date() if m.incident_at is not None else None
    for n, performed_on in enumerate(m.investigations):
        if performed_on is not None and incident_day is not None and performed_on < incident_day:
            problems.append(
                ChronologyProblem(
                    ("investigations", n, "performed_on"),
                    "investigation_before_incident",
                    "this investigation is dated before the day of the last incident",
                )
            )
    if m.appointment_date is not None and m.today is not None and m.appointment_date > m.today:
        problems.append(
            ChronologyProblem(
                ("instruction", "appointment_date"),
                "future_date",
                "the appointment (benoeming) cannot be in the future",
            )
        )
    return problems


def chronology_problems(moments: Moments) -> list[ChronologyProblem]:
    """Every broken rule, in the order of the report (not only the first)."""
    return [*_examination(moments), *_photos(moments), *_other(moments)]
