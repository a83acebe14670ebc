"""Roster exports: a doctor's iCalendar feed and a region's CSV (safe to open in a spreadsheet)."""

import csv
import io
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.clock import as_utc, utcnow
from fmek.doctors.models import Doctor
from fmek.doctors.service import doctors_in
from fmek.rosters.data import (
    day_start,
)
from fmek.rosters.models import (
    RosterEntry,
)
from fmek.rosters.service import roster_view
from fmek.text import clean_name

_KIND_NL = {"day": "Dagdienst", "night": "Nachtdienst", "on_call": "Consignatie"}
_ROLE_NL = {"primary": "primair", "backup": "achterwacht"}


def _ics_time(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y%m%dT%H%M%SZ")


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT: escaped, on one line (a ``\\r`` could otherwise start a new property)."""
    value = clean_name(value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def doctor_ics(session: Session, doctor: Doctor, start: date, end: date) -> str:
    """An iCalendar (RFC 5545) feed of the doctor's positions starting on start..end."""
    entries = session.exec(
        select(RosterEntry)
        .where(
            RosterEntry.doctor_id == doctor.id,
            col(RosterEntry.start_at) >= day_start(start),
            col(RosterEntry.start_at) < day_start(end + timedelta(days=1)),
        )
        .order_by(col(RosterEntry.start_at))
    ).all()
    stamp = _ics_time(utcnow())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//FMEK//Rooster//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text('FMEK rooster ' + doctor.name)}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for e in entries:
        summary = f"{_KIND_NL.get(e.kind, e.kind)} {_ROLE_NL.get(e.role, e.role)} ({e.pool})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_ics_text(e.position_id)}@fmek",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(e.start_at)}",
            f"DTEND:{_ics_time(e.end_at)}",
            f"SUMMARY:{_ics_text(summary)}",
            f"CATEGORIES:{e.kind},{e.role}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


CSV_COLUMNS = (
    "position_id", "start", "end", "kind", "role", "pool", "doctor_id", "doctor_name",
    "big_number", "qualified", "pinned",
)  # fmt: skip


def roster_csv(session: Session, region: str, start: date, end: date, actor: Actor) -> str:
    view = roster_view(session, region, start, end)
    names = {d.id: d for d in doctors_in(session, [region], active_only=False)}
    used = {p.doctor for p in view.positions if p.doctor is not None} - set(names)
    for doctor_id in used:
        if (extra := session.get(Doctor, doctor_id)) is not None:
            names[doctor_id] = extra
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in view.positions:
        doctor = names.get(p.doctor) if p.doctor is not None else None
        writer.writerow(
            [
                p.id,
                p.start.isoformat(),
                p.end.isoformat(),
                p.kind,
                p.role,
                p.pool,
                p.doctor or "",
                _csv_safe(doctor.name) if doctor else "",
                doctor.big_number if doctor else "",
                "yes" if p.qualified else "no",
                "yes" if p.pinned else "no",
            ]
        )
    record(session, actor, AuditAction.EXPORT, "roster", region, detail=f"csv {start}..{end}")
    session.commit()
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; quote them as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
