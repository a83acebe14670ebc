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


# --- inside the application ----------------------------------------------------------------

INTAKE = "fmek/referrals"
PLANNING = ("fmek.allocation", "fmek.rosters")
LONG_MODULE_LINES = 400
LONG_MODULE_REASON = "Long because"


def imported_modules(source: str) -> set[str]:
    """Full dotted names of every absolute import (`from a.b import c` gives a.b and a.b.c)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _sources(folder: str) -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text("utf-8")
        for path in sorted((ROOT / folder).rglob("*.py"))
    }


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_intake_never_imports_planning() -> None:
    """Referral intake announces events; planning subscribes (fmek.referrals.events, .access)."""
    offenders = {
        path: sorted(n for n in imported_modules(source) if any(_within(n, p) for p in PLANNING))
        for path, source in _sources(INTAKE).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_application_uses_only_the_public_interface_of_routing_allocation() -> None:
    deep = {
        path: sorted(n for n in imported_modules(src) if n.startswith("routing.allocation."))
        for path, src in _sources("fmek").items()
    }
    public = __import__("routing.allocation", fromlist=["__all__"]).__all__
    offenders = {
        path: [n for n in names if n.removeprefix("routing.allocation.") not in public]
        for path, names in deep.items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_database_module_does_not_know_the_application_tables() -> None:
    names = imported_modules((ROOT / "fmek" / "db.py").read_text("utf-8"))
    assert not [n for n in names if _within(n, "fmek.tables") or n.endswith(".models")]


def test_long_modules_say_why_in_their_docstring() -> None:
    """A module over ~400 lines is a drawer unless its docstring says why it is one piece."""
    too_long = []
    for path, source in _sources("fmek").items():
        if source.count("\n") <= LONG_MODULE_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(source)) or ""
        if LONG_MODULE_REASON not in docstring:
            too_long.append(path)
    assert too_long == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from fmek.allocation.models import Examination", True),
        ("def f():\n    import fmek.rosters.service", True),
        ("from fmek import allocation", True),
        ("from fmek.referrals.models import Referral", False),
        ("from fmek.allocation_like import x", False),
    ],
)
def test_the_intake_check_sees_planning_imports(source: str, expected: bool) -> None:
    names = imported_modules(source)
    assert any(any(_within(n, p) for p in PLANNING) for n in names) is expected
