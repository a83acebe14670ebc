"""Readiness follows the database and its migrations; liveness needs neither."""

from sqlalchemy import text

API = "/api/v1"


def test_ready_when_migrated_not_ready_when_behind_live_regardless(client, engine) -> None:
    assert client.get(f"{API}/live").json() == {"status": "ok"}
    ready = client.get(f"{API}/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    with engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        behind = client.get(f"{API}/ready")
        assert behind.status_code == 503
        assert behind.json()["detail"][0]["type"] == "migrations_pending"
        assert client.get(f"{API}/live").status_code == 200
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
