"""A small region (GG2514) with doctors and helpers to run a generation job to the end."""

from dataclasses import dataclass

import pytest

from fmek.auth.models import Role
from fmek.doctors.models import Doctor
from tests.rosters.builders import add_doctor


@dataclass
class Region:
    planner: object
    doctors: list[Doctor]
    no_child_forensic: Doctor


@pytest.fixture
def app(app):  # type: ignore[no-untyped-def]
    app.state.settings.roster_solver_workers = 1
    return app


@pytest.fixture
def region(session, login) -> Region:  # type: ignore[no-untyped-def]
    planner = login(Role.GGD_PLANNER, region="GG2514")
    doctors = [add_doctor(session, f"Arts {letter}") for letter in "ABCDEFGH"]
    generalist = add_doctor(session, "Arts Zonder FMEK", qualifications=())
    return Region(planner=planner, doctors=doctors, no_child_forensic=generalist)
