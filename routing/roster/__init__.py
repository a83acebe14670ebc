"""Rosters for forensic doctors: positions from shift templates, CP-SAT generation, verify().

Pure library (standard library + OR-Tools). See `model` for the domain decisions.
"""

from routing.roster.fairness import DoctorStats, FairnessSummary, doctor_stats, summarise
from routing.roster.greedy import greedy_roster
from routing.roster.model import (
    Assignment,
    CoveragePool,
    DoctorSpec,
    Pin,
    Position,
    RosterProblem,
    RosterResult,
    ShiftTemplate,
    SoftWeights,
    Violation,
    WorkingTimeRules,
    default_templates,
)
from routing.roster.positions import build_positions
from routing.roster.solver import generate_roster
from routing.roster.verify import HARD_RULES, verify

__all__ = [
    "HARD_RULES",
    "Assignment",
    "CoveragePool",
    "DoctorSpec",
    "DoctorStats",
    "FairnessSummary",
    "Pin",
    "Position",
    "RosterProblem",
    "RosterResult",
    "ShiftTemplate",
    "SoftWeights",
    "Violation",
    "WorkingTimeRules",
    "build_positions",
    "default_templates",
    "doctor_stats",
    "generate_roster",
    "greedy_roster",
    "summarise",
    "verify",
]
