"""The one-way street: the pure libraries never import the application or its web/ORM stack."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_PACKAGES = ("routing", "reports")
FORBIDDEN = frozenset({"fmek", "fastapi", "sqlmodel", "sqlalchemy", "starlette"})


def imported_top_levels(source: str) -> set[str]:
    """Top-level names of every absolute import, wherever it appears (also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def forbidden_imports(package: str) -> dict[str, set[str]]:
    return {
        str(path.relative_to(ROOT)): bad
        for path in sorted((ROOT / package).rglob("*.py"))
        if (bad := imported_top_levels(path.read_text("utf-8")) & FORBIDDEN)
    }


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_package_imports_no_application_code(package: str) -> None:
    assert forbidden_imports(package) == {}


def test_the_check_sees_the_routing_sources() -> None:
    assert len(list((ROOT / "routing").rglob("*.py"))) >= 5


@pytest.mark.parametrize(
    "source",
    [
        "import fmek",
        "import sqlalchemy.orm as orm",
        "from fastapi import FastAPI",
        "from starlette.requests import Request",
        "def f():\n    from sqlmodel import Session",
    ],
)
def test_the_check_catches_forbidden_imports(source: str) -> None:
    assert imported_top_levels(source) & FORBIDDEN


def test_relative_and_allowed_imports_pass() -> None:
    source = "from . import model\nfrom datetime import date\nimport ortools.sat.python.cp_model"
    assert not imported_top_levels(source) & FORBIDDEN
