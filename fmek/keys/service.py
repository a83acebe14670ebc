"""Key rotation: re-encrypt every identifying field under the current key, re-index BSNs."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

from fmek.audit.models import AuditAction
from fmek.audit.service import Actor, record
from fmek.keys.keyring import (
    DataKeyError,
    Keyring,
    keyring,
    prepend_new_key,
)

# table: (primary key, [(column, context)]); a BSN column also has its keyed hash re-indexed
ENCRYPTED_COLUMNS = {
    "referral": (
        "id",
        [
            ("child_name", "referral.child_name"),
            ("child_birth_date", "referral.child_birth_date"),
            ("child_bsn", "referral.child_bsn"),
            ("vraagstelling", "referral.vraagstelling"),
        ],
    ),
    "forensic_report": (
        "id",
        [
            ("content", "forensic_report.content"),
            ("final_html", "forensic_report.final_html"),
            ("signed_pdf", "forensic_report.signed_pdf"),  # binary: raw key id + ciphertext
        ],
    ),
    "referral_status_change": ("id", [("reason", "referral_status_change.reason")]),
    "report_second_opinion": ("id", [("reason", "report_second_opinion.reason")]),
}


@dataclass(frozen=True)
class RotationResult:
    key_id: str
    rows: int
    reencrypted: int


def add_key_to_file(path: Path) -> str:
    """Put a new key first in the key file (older keys stay to decrypt); returns its id."""
    key_id = prepend_new_key(path)
    keyring.cache_clear()
    return key_id


def rotate(engine: Engine, *, batch: int = 500) -> RotationResult:
    """Re-encrypt rows not under the current key and recompute their BSN index (idempotent).

    Works on the stored ciphertexts directly, a batch per transaction, so it can run beside the
    service: every key in the ring still decrypts while it runs.
    """
    ring = keyring()
    rows = changed = 0
    # Table and column names come from ENCRYPTED_COLUMNS (code, never input); values are bound.
    for table, (pk, columns) in ENCRYPTED_COLUMNS.items():
        names = ", ".join(c for c, _ in columns)
        after: object = None  # string or integer keys: no typed "before the first" value
        while True:
            where = "" if after is None else f"WHERE {pk} > :after "
            with Session(engine) as session:
                found = session.execute(
                    text(f"SELECT {pk}, {names} FROM {table} {where}ORDER BY {pk} LIMIT :n"),
                    {"after": after, "n": batch},
                ).all()
                if not found:
                    break
                for row in found:
                    rows += 1
                    values = dict(zip([c for c, _ in columns], row[1:], strict=True))
                    update = _reencrypt(ring, values, dict(columns))
                    if update is None:
                        continue
                    changed += 1
                    sets = ", ".join(f"{c} = :{c}" for c in update)
                    session.execute(
                        text(f"UPDATE {table} SET {sets} WHERE {pk} = :pk"),
                        {**update, "pk": row[0]},
                    )
                session.commit()
                after = found[-1][0]
    with Session(engine) as session:
        record(
            session,
            Actor.system(),
            AuditAction.UPDATE,
            "data_key",
            ring.current.id,
            detail=f"rotated: {changed} of {rows} rows re-encrypted",
        )
        session.commit()
    return RotationResult(ring.current.id, rows, changed)


def _reencrypt(
    ring: Keyring, values: dict[str, str | bytes | None], contexts: dict[str, str]
) -> dict[str, str | bytes | None] | None:
    stale = [c for c, v in values.items() if v and ring.key_id_of(v) != ring.current.id]
    if not stale:
        return None
    update: dict[str, str | bytes | None] = {}
    for column in stale:
        token = values[column]
        assert token is not None
        if isinstance(token, bytes):
            update[column] = ring.encrypt_bytes(
                ring.decrypt_bytes(token, contexts[column]), contexts[column]
            )
            continue
        plain = ring.decrypt(token, contexts[column])
        update[column] = ring.encrypt(plain, contexts[column])
        if column == "child_bsn":
            update["child_bsn_index"] = ring.blind_index(plain)
    return update


__all__ = ["DataKeyError", "RotationResult", "add_key_to_file", "rotate"]
