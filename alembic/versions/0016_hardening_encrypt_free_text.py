"""encryption at rest for the rest of what names the child: the referral's vraagstelling, the
forensic report's content, signed HTML and signed PDF, status-change and second-opinion reasons

Revision ID: 0016_hardening_encrypt
Revises: 0015_hardening_tables
Create Date: 2026-11-29 23:10:00.000000

Existing rows are encrypted under the current data key (fmek.keys), in batches; the downgrade
decrypts them again. Both need the key when there are rows. The report's content changes from
a JSON column to one ciphertext (text).
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0016_hardening_encrypt"
down_revision: str | None = "0015_hardening_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 200

# (table, primary key, [(column, how)]); how: "text", "json" (text holding JSON) or "bytes"
FIELDS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("referral", "id", (("vraagstelling", "text"),)),
    (
        "forensic_report",
        "id",
        (("content", "json"), ("final_html", "text"), ("signed_pdf", "bytes")),
    ),
    ("referral_status_change", "id", (("reason", "text"),)),
    ("report_second_opinion", "id", (("reason", "text"),)),
)


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.alter_column(
            "vraagstelling",
            type_=sa.Text(),
            existing_type=sqlmodel.sql.sqltypes.AutoString(),
            existing_nullable=False,
        )
    with op.batch_alter_table("forensic_report", schema=None) as batch_op:
        batch_op.alter_column(
            "content",
            type_=sa.Text(),
            existing_type=sa.JSON(),
            existing_nullable=False,
            postgresql_using="content::text",
        )
    _convert(encrypt=True)


def downgrade() -> None:
    _convert(encrypt=False)
    with op.batch_alter_table("forensic_report", schema=None) as batch_op:
        batch_op.alter_column(
            "content",
            type_=sa.JSON(),
            existing_type=sa.Text(),
            existing_nullable=False,
            postgresql_using="content::json",
        )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.alter_column(
            "vraagstelling",
            type_=sqlmodel.sql.sqltypes.AutoString(),
            existing_type=sa.Text(),
            existing_nullable=False,
        )


def _convert(*, encrypt: bool) -> None:
    bind = op.get_bind()
    ring: Any = None
    for table, pk, columns in FIELDS:
        for rows in _batches(bind, table, pk, [c for c, _ in columns]):
            if ring is None:
                from fmek.keys.keyring import keyring

                ring = keyring()  # raises with a clear message when no key is configured
            for row in rows:
                values = {
                    column: _converted(ring, f"{table}.{column}", how, value, encrypt=encrypt)
                    for (column, how), value in zip(columns, row[1:], strict=True)
                }
                sets = ", ".join(f"{column} = :{column}" for column in values)
                bind.execute(
                    sa.text(f"UPDATE {table} SET {sets} WHERE {pk} = :pk"),
                    {**values, "pk": row[0]},
                )


def _batches(bind: Any, table: str, pk: str, columns: list[str]) -> Iterator[list[Any]]:
    after: Any = None
    names = ", ".join(columns)
    while True:
        where = "" if after is None else f"WHERE {pk} > :after "
        rows = bind.execute(
            sa.text(f"SELECT {pk}, {names} FROM {table} {where}ORDER BY {pk} LIMIT :n"),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _converted(ring: Any, context: str, how: str, value: Any, *, encrypt: bool) -> Any:
    if value is None:
        return None
    if how == "bytes":
        raw = bytes(value)
        return ring.encrypt_bytes(raw, context) if encrypt else ring.decrypt_bytes(raw, context)
    text = value if isinstance(value, str) else str(value)
    return ring.encrypt(text, context) if encrypt else ring.decrypt(text, context)
