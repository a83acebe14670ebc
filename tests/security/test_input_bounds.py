"""Every string and list a client can send has a length bound of its own, not only the body cap:
JSON bodies, page forms, query strings, headers and cookies of every route, nested models
included. An unbounded field would let one request make the service hold (and validate, store
or log) as much text as the body limit allows."""

import types
import typing
from enum import Enum
from typing import Any

from annotated_types import MaxLen
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fmek.main import create_app
from fmek.settings import Settings
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
