"""Fixtures for advice tests: a requester and two LECK consultants."""

import pytest

from fmek.auth.models import Role
from tests.advice.builders import Team


@pytest.fixture
def team(login):  # type: ignore[no-untyped-def]
    return Team(
        requester=login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT", name="Dr. Vera Aanvrager"),
        author=login(Role.LECK_CONSULTANT, organisation="LECK-UMCU", name="Dr. L. Auteur"),
        reviewer=login(Role.LECK_CONSULTANT, organisation="LECK-AUMC", name="Dr. K. Reviewer"),
    )
