"""Load-or-404 and header dependencies for referral endpoints."""

from typing import Annotated

from fastapi import Depends, Header

from fmek.api.deps import ReferralId
from fmek.audit.deps import ActorDep
from fmek.db import SessionDep
from fmek.errors import ValidationFailed
from fmek.numbers import small_int
from fmek.referrals.models import Referral
from fmek.referrals.service import load_referral


def referral_in_scope(session: SessionDep, actor: ActorDep, referral_id: ReferralId) -> Referral:
    return load_referral(session, referral_id, actor)


ReferralDep = Annotated[Referral, Depends(referral_in_scope)]


async def idempotency_key(
    key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=1000)] = None,
) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200 or not key.isprintable():
        raise ValidationFailed(
            "Idempotency-Key must be 1 to 200 printable characters",
            type="invalid_idempotency_key",
            loc=("header", "idempotency-key"),
        )
    return key


IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key)]


async def if_match_version(
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=1000)] = None,
) -> int | None:
    """Parse ``If-Match: "3"`` (weak tags and ``*`` accepted); None when absent or ``*``."""
    if if_match is None or if_match.strip() == "*":
        return None
    version = small_int(if_match.strip().removeprefix("W/").strip('"'))
    if version is None:
        raise ValidationFailed(
            'If-Match must carry the ETag you read, e.g. "3"',
            type="invalid_if_match",
            loc=("header", "if-match"),
        )
    return version


IfMatchDep = Annotated[int | None, Depends(if_match_version)]


def etag(version: int) -> str:
    return f'"{version}"'
