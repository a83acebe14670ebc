import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.forensic_reports.builders import Case, new_case


@pytest.fixture
def case(client: TestClient, login, engine: Engine) -> Case:  # type: ignore[no-untyped-def]
    return new_case(client, login, engine)
