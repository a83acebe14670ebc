"""The demo gives its forensisch arts an examination in the coming 7 days, once."""

from datetime import timedelta

from sqlmodel import Session, select

from fmek.allocation.demo_doctor import demo_doctor_work
from fmek.allocation.models import Assignment
from fmek.auth.models import Role
from fmek.auth.service import add_user
from tests.allocation.builders import NOW, add_doctor, add_shift


def test_the_demo_doctor_gets_one_proposed_examination_in_her_next_shift(engine) -> None:
    with Session(engine, expire_on_commit=False) as s:
        add_user(
            s, name="Dr. A. de Vries (demo)", role=Role.VERTROUWENSARTS, organisation="VT-UTRECHT"
        )
        doctor_user, _ = add_user(
            s, name="Dr. P. Visser (demo)", role=Role.FORENSISCH_ARTS, region="GG2514"
        )
    doctor_id = add_doctor(engine, user_id=doctor_user.id, name="Dr. P. Visser")
    shift_start = NOW + timedelta(days=2)
    add_shift(engine, doctor_id, shift_start, shift_start + timedelta(hours=9))

    with Session(engine, expire_on_commit=False) as s:
        lines = list(demo_doctor_work(s))
        again = list(demo_doctor_work(s))
    assert "examination proposed" in lines[-1]
    assert "has examinations in the coming 7 days" in again[-1]
    with Session(engine) as s:
        mine = s.exec(
            select(Assignment).where(
                Assignment.doctor_id == doctor_id, Assignment.status != "withdrawn"
            )
        ).all()
    assert [a.status for a in mine] == ["proposed"]
    assert shift_start.replace(tzinfo=None) <= mine[0].start_at.replace(tzinfo=None)
    assert mine[0].start_at.replace(tzinfo=None) < (NOW + timedelta(days=7)).replace(tzinfo=None)
