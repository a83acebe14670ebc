import pytest
from fastapi.testclient import TestClient

from tests.forensic_reports.builders import Case, new_case


@pytest.fixture
def case(client: TestClient, login) -> Case:  # type: ignore[no-untyped-def]
    return new_case(client, login)
