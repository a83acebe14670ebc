"""Expected call-out work per region comes from its history: examination hours of the doctor
on call, as a share of the region's on-call hours (once there is a month of it)."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from fmek.allocation.models import Assignment, Examination
from fmek.auth.models import Role
from fmek.rosters.data import call_out_fractions
from fmek.rosters.models import RosterEntry
from tests.allocation.builders import acute_body, add_doctor

UNTIL = datetime(2030, 3, 4, tzinfo=UTC)


def nights(engine, doctor_id, count):
    with Session(engine) as s:
        for i in range(1, count + 1):
            start = UNTIL - timedelta(days=i) + timedelta(hours=16)  # 17:00 local in winter
            s.add(
                RosterEntry(
                    position_id=f"GG2514:night-{i}",
                    pool="GG2514",
                    start_at=start,
                    end_at=start + timedelta(hours=15),
                    kind="on_call",
                    role="primary",
                    required_qualifications=["child_forensic"],
                    doctor_id=doctor_id,
                )
            )
        s.commit()


def worked_night(client, login, session, doctor_id):
    """One examination the doctor did from 01:00 to 04:00 on the last night on call."""
    vt = login(Role.VERTROUWENSARTS)
    assert (
        client.post("/api/v1/referrals", json=acute_body(), headers=vt.headers).status_code == 201
    )
    examination = session.exec(select(Examination)).one()
    session.add(
        Assignment(
            examination_id=examination.id,
            doctor_id=doctor_id,
            start_at=UNTIL - timedelta(hours=23),
            end_at=UNTIL - timedelta(hours=20),
            status="completed",
            plan_version=1,
        )
    )
    session.commit()


def test_a_month_of_history_sets_the_regions_call_out_share(client, login, engine, session):
    doctor_id = add_doctor(engine)
    worked_night(client, login, session, doctor_id)

    nights(engine, doctor_id, 14)
    with Session(engine) as s:
        too_little = call_out_fractions(s, ["GG2514"], UNTIL)
    nights_more = 49
    with Session(engine) as s:
        for entry in s.exec(select(RosterEntry).where(RosterEntry.kind == "on_call")).all():
            s.delete(entry)
        s.commit()
    nights(engine, doctor_id, nights_more)
    with Session(engine) as s:
        enough = call_out_fractions(s, ["GG2514"], UNTIL)

    assert too_little == ()
    assert enough == (("GG2514", round(3 / (nights_more * 15), 3)),)
