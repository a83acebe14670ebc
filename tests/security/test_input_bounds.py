"""Every string and list a client can send has a length bound of its own, not only the body cap:
JSON bodies, page forms, query strings, headers and cookies of every route, nested models
included. An unbounded field would let one request make the service hold (and validate, store
or log) as much text as the body limit allows."""

import re
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from annotated_types import MaxLen
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fmek.auth.models import Role
from fmek.main import create_app
from fmek.settings import Settings
from fmek.web.form_bounds import FormBounds
from tests.security.routes import all_routes


def _has_max_length(metadata: list[Any]) -> bool:
    for item in metadata:
        if isinstance(item, FieldInfo) and _has_max_length(list(item.metadata)):
            return True  # Annotated[str, Field(max_length=...)]
        if isinstance(item, MaxLen) or getattr(item, "max_length", None):
            return True
    return False


def _unbounded(tp: Any, metadata: list[Any], path: str, seen: set[type]) -> list[str]:
    """Paths of str/list/dict values under ``tp`` that have no maximum length."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        bare, *extra = typing.get_args(tp)
        return _unbounded(bare, [*metadata, *extra], path, seen)
    if origin in (typing.Union, types.UnionType):
        return [
            found
            for arg in typing.get_args(tp)
            if arg is not type(None)
            for found in _unbounded(arg, metadata, path, seen)
        ]
    if origin is typing.Literal or (isinstance(tp, type) and issubclass(tp, Enum)):
        return []  # a fixed set of values
    if origin in (list, set, frozenset, tuple) or tp in (list, set, tuple):
        missing = [] if _has_max_length(metadata) else [f"{path} (list)"]
        for arg in typing.get_args(tp):
            if arg is not Ellipsis:
                missing += _unbounded(arg, [], f"{path}[]", seen)
        return missing
    if origin is dict or tp is dict:
        return [] if _has_max_length(metadata) else [f"{path} (dict)"]
    if tp in (str, bytes):
        return [] if _has_max_length(metadata) else [f"{path} (str)"]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp in seen:
            return []
        seen.add(tp)
        missing = []
        for name, info in tp.model_fields.items():
            missing += _field(info, f"{tp.__name__}.{name}", seen)
        return missing
    return []


def _field(info: FieldInfo, path: str, seen: set[type]) -> list[str]:
    return _unbounded(info.annotation, list(info.metadata), path, seen)


def _params(dependant: Dependant) -> list[Any]:
    found = [
        *dependant.body_params,
        *dependant.query_params,
        *dependant.header_params,
        *dependant.cookie_params,
    ]
    for sub in dependant.dependencies:
        found += _params(sub)
    return found


def test_every_string_and_list_a_client_sends_is_bounded(tmp_path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key="x"))
    missing: set[str] = set()
    routes = [(p, r) for p, r in all_routes(app.routes) if isinstance(r, APIRoute)]
    assert len(routes) > 60
    for path, route in routes:
        for param in _params(route.dependant):
            where = f"{sorted(route.methods)[0]} {path} {param.name}"
            for found in _field(param.field_info, where, set()):
                missing.add(found)
    assert not missing, "unbounded input:\n" + "\n".join(sorted(missing))


# --- page forms read by the handler itself --------------------------------------------------

FMEK = Path(__file__).resolve().parents[2] / "fmek"


def _bounds_of(route: APIRoute) -> list[FormBounds]:
    """The FormBounds a route reads its form with: on the endpoint or a dependency."""
    found = []
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        bounds = getattr(dependant.call, "form_bounds", None)
        if isinstance(bounds, FormBounds):
            found.append(bounds)
        stack.extend(dependant.dependencies)
    return found


def test_a_page_reads_a_form_only_through_its_declared_bounds(tmp_path) -> None:
    """No handler reads ``request.form()`` unbounded: only fmek/web/form_bounds.py calls it,
    and every function that calls ``bounded_form`` is marked with the bounds it uses."""
    raw = [
        str(path.relative_to(FMEK))
        for path in FMEK.rglob("*.py")
        if ".form(" in path.read_text() and path.name != "form_bounds.py"
    ]
    assert raw == []
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key="x"))
    unmarked = []
    for path, route in all_routes(app.routes):
        if not isinstance(route, APIRoute):
            continue
        stack = [route.dependant]
        while stack:
            dependant = stack.pop()
            stack.extend(dependant.dependencies)
            call = dependant.call
            if call is None or not hasattr(call, "__code__"):
                continue
            if "bounded_form" in call.__code__.co_names and not hasattr(call, "form_bounds"):
                unmarked.append(f"{path} {call.__name__}")
    assert unmarked == []


def _bounded_page_routes() -> list[tuple[str, str]]:
    app = create_app(Settings(database_url="sqlite://", secret_key="x"))
    return sorted(
        (path, sorted(route.methods)[0])
        for path, route in all_routes(app.routes)
        if isinstance(route, APIRoute) and _bounds_of(route)
    )


BOUNDED_PAGES = _bounded_page_routes()


def test_the_bounded_page_forms_are_the_ones_with_rows_and_photos() -> None:
    assert BOUNDED_PAGES == [
        ("/advies/nieuw", "POST"),
        ("/advies/nieuw/foto", "POST"),
        ("/advies/{case_number}/fotos", "POST"),
        ("/verwijzingen/nieuw", "POST"),
        ("/verwijzingen/voorbeeld", "POST"),
        ("/verwijzingen/{referral_id}/rapport", "POST"),
    ]


@pytest.mark.parametrize(("path", "method"), BOUNDED_PAGES)
def test_every_field_of_a_bounded_page_form_refuses_one_character_too_many(
    app, client, login, session, path: str, method: str
) -> None:
    """Each declared field at its limit + 1, a row field, and an unlisted field: the Dutch 422
    page, and nothing is stored (no referral, advice request, report or photo)."""
    route = next(
        r for p, r in all_routes(app.routes) if p == path and method in getattr(r, "methods", ())
    )
    (bounds,) = _bounds_of(route)
    role = Role.FORENSISCH_ARTS if path.endswith("/rapport") else Role.VERTROUWENSARTS
    who = login(role)
    csrf_form = re.search(
        r'name="csrf" value="([^"]+)"',
        client.get("/login").text,
    )
    assert csrf_form is not None
    signed = client.post(
        "/login", data={"token": who.token, "csrf": csrf_form.group(1)}, follow_redirects=False
    )
    assert signed.status_code == 303
    url = path.replace("{referral_id}", "00000000-0000-4000-8000-000000000000").replace(
        "{case_number}", "AAAA-BBBB-CCCC-DDDD"
    )
    samples = dict(bounds.fields)
    samples.update(
        {
            "letsel-0-soort": bounds.limit("letsel-0-soort"),
            "injuries.0.description": bounds.limit("injuries.0.description"),
            "iets-anders": bounds.limit("iets-anders"),
        }
    )
    before = _stored(session)
    for name, limit in samples.items():
        response = client.request(method, url, data={name: "a" * (limit + 1)})
        if limit >= app.state.settings.max_upload_bytes:  # the body limit comes first
            assert response.status_code == 413, (name, limit, response.status_code)
            continue
        assert response.status_code == 422, (name, limit, response.status_code)
        assert "Invoer te lang" in response.text and "niets opgeslagen" in response.text
        assert "aaaaaaaaaa" not in response.text  # the value is never echoed
    assert _stored(session) == before


def _stored(session: Any) -> tuple[int, ...]:
    from sqlalchemy import func, select

    from fmek.advice.models import AdvicePhoto, AdviceRequest
    from fmek.forensic_reports.models import ForensicReport
    from fmek.referrals.models import Referral

    session.rollback()
    return tuple(
        session.exec(select(func.count()).select_from(table)).one()[0]
        for table in (Referral, AdviceRequest, AdvicePhoto, ForensicReport)
    )
