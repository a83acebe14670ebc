"""Timestamp and enum columns: what the code reads back does not depend on the database or on the
time zone a value was written in."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fmek.auth.models import Role, User
from fmek.referrals.lifecycle import ReferralStatus
from fmek.referrals.models import Referral
from routing.vocabulary import Sex
from tests.referrals.builders import referral_body

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_a_timestamp_reads_back_as_aware_utc_whatever_zone_it_was_written_in(
    engine: Engine,
) -> None:
    written = datetime(2030, 3, 6, 12, 30, tzinfo=AMSTERDAM)  # 11:30 UTC
    with Session(engine) as s:
        user = User(
            name="Tijdzone",
            role=Role.ADMIN.value,
            token_hash="t" * 64,
            created_at=written,
            revoked_at=datetime(2030, 3, 6, 9, 0),  # naive: taken as UTC
        )
        s.add(user)
        s.commit()
        user_id = user.id
    with Session(engine) as s:
        back = s.get(User, user_id)
        assert back is not None
        assert back.created_at == written and back.created_at.tzinfo is UTC
        assert back.revoked_at == datetime(2030, 3, 6, 9, 0, tzinfo=UTC)
        # a moment in another zone finds the row: the comparison happens in UTC
        other_zone = written.astimezone(ZoneInfo("America/New_York"))
        found = s.exec(select(User).where(col(User.created_at) == other_zone)).all()
        assert [u.id for u in found] == [user_id]


def test_enum_columns_read_back_as_their_members(client, login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    va = login(Role.VERTROUWENSARTS)
    created = client.post("/api/v1/referrals", json=referral_body(), headers=va.headers)
    assert created.status_code == 201, created.text
    with Session(engine) as s:
        referral = s.get(Referral, created.json()["id"])
        assert referral is not None
        assert referral.status is ReferralStatus(created.json()["status"])
        assert referral.child_sex is Sex.FEMALE
