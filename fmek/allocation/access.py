"""What planning adds to who may see what: a forensisch arts sees the referrals she is planned
for, also from a neighbouring region. Registered with intake's scope rules when the app starts
(`fmek.allocation.hooks.install`), so intake never imports planning."""

from sqlalchemy import Select, select
from sqlmodel import col

from fmek.allocation.models import LIVE_VALUES, Assignment, Examination
from fmek.auth.models import User
from fmek.doctors.models import Doctor


def assigned_referrals(user: User) -> Select[str]:
    """Ids of the referrals this user (as a doctor) holds a live or completed assignment for."""
    return (
        select(col(Examination.referral_id))
        .join(Assignment, col(Assignment.examination_id) == col(Examination.id))
        .join(Doctor, col(Doctor.id) == col(Assignment.doctor_id))
        .where(
            col(Doctor.user_id) == user.id,
            col(Assignment.status).in_([*LIVE_VALUES, "completed"]),
        )
    )
