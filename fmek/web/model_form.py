"""An HTML form for a pydantic request model, derived from the model itself.

The findings editor is large and its contract grows (sections, fields); deriving the form from
`ReportDraftIn` keeps the page and the API the same shape without a second hand-kept copy.
Nested models become fieldsets, lists of models become numbered rows (added and removed with
submit buttons, so it works without JavaScript), lists of short texts one per line, enums and
literals selects, discriminated unions one row with a "soort" select and the fields of every
variant. Field names are dotted paths ("injuries.0.size_mm.length"), so pydantic's error
locations land next to their field.
"""

import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal, Union

from annotated_types import MaxLen
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

from fmek.clock import AMSTERDAM, as_utc
from fmek.numbers import small_int

LONG_TEXT = 500  # longer limits get a textarea
MAX_ROWS = 200
COUNT = "__rijen"


@dataclass
class Node:
    """One control or group of the form, ready for the template."""

    kind: str  # text, textarea, lines, select, checkbox, date, datetime, number, group, rows, fixed
    name: str
    label: str
    value: Any = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    rows: list["Node"] = field(default_factory=list)
    row_label: str = ""
    error: str | None = None
    optional: bool = False
    step: str = "any"

    @property
    def id(self) -> str:
        return "veld-" + self.name.replace(".", "-")


Labeller = typing.Callable[[str, str], str]
Worder = typing.Callable[[str, str], str]


def _unwrap(tp: Any) -> tuple[Any, list[Any], bool]:
    """(bare type, metadata, optional) of an annotation."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            tp = args[0]
            for extra in args[1:]:
                metadata.extend(getattr(extra, "metadata", [extra]))
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) < len(typing.get_args(tp)):
                optional = True
            if len(members) == 1:
                tp = members[0]
                continue
        return tp, metadata, optional


def _max_len(metadata: list[Any]) -> int | None:
    return next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)


def _variants(tp: Any) -> list[type[BaseModel]] | None:
    """The models of a union of models (a discriminated union), else None."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = typing.get_args(tp)
        if all(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
            return list(args)
    return None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _scalar_kind(tp: Any, metadata: list[Any]) -> str:
    if (isinstance(tp, type) and issubclass(tp, Enum)) or typing.get_origin(tp) is Literal:
        return "select"
    if tp is bool:
        return "checkbox"
    if tp is AwareDatetime or (isinstance(tp, type) and issubclass(tp, datetime)):
        return "datetime"
    if isinstance(tp, type) and issubclass(tp, date):
        return "date"
    if tp in (int, float):
        return "number"
    limit = _max_len(metadata)
    return "textarea" if limit is not None and limit > LONG_TEXT else "text"


def _options(tp: Any, word: Worder, field_name: str) -> list[tuple[str, str]]:
    if typing.get_origin(tp) is Literal:
        values = [str(v) for v in typing.get_args(tp)]
    else:
        values = [str(m.value) for m in tp]
    return [(v, word(field_name, v)) for v in values]


# --- building the node tree from a model and values ---------------------------------------


@dataclass
class FormBuilder:
    label: Labeller
    word: Worder
    errors: dict[str, str] = field(default_factory=dict)
    fixed: frozenset[str] = frozenset({"number"})  # numbered by position, never typed

    def model(self, model: type[BaseModel], values: dict[str, Any], prefix: str) -> list[Node]:
        nodes = []
        for name, info in model.model_fields.items():
            nodes.append(self.field(name, info, values.get(name), prefix))
        return nodes

    def field(self, name: str, info: FieldInfo, value: Any, prefix: str) -> Node:
        path = f"{prefix}{name}"
        tp, metadata, optional = _unwrap(info.annotation)
        metadata = [*info.metadata, *metadata]
        optional = optional or not info.is_required()
        label = self.label(path, name)
        if typing.get_origin(tp) is list:
            inner, _meta, _ = _unwrap(typing.get_args(tp)[0])
            variants = _variants(inner)
            if _is_model(inner) or variants:
                return self.rows(path, name, label, inner, variants, value or [])
            return Node(
                "lines",
                path,
                label,
                "\n".join(str(v) for v in (value or [])),
                error=self.errors.get(path),
                optional=optional,
            )
        if _is_model(tp):
            children = self.model(tp, value or {}, f"{path}.")
            return Node(
                "group",
                path,
                label,
                children=children,
                optional=optional,
                error=self.errors.get(path),
            )
        kind = _scalar_kind(tp, metadata)
        node = Node(
            kind, path, label, _shown(kind, value), error=self.errors.get(path), optional=optional
        )
        if kind == "select":
            node.options = _options(tp, self.word, name)
        if kind == "number" and tp is int:
            node.step = "1"
        return node

    def rows(
        self,
        path: str,
        name: str,
        label: str,
        inner: Any,
        variants: list[type[BaseModel]] | None,
        values: list[Any],
    ) -> Node:
        node = Node(
            "rows",
            path,
            label,
            row_label=self.label(f"{path}.*", name),
            error=self.errors.get(path),
        )
        for index, item in enumerate(values[:MAX_ROWS]):
            row_prefix = f"{path}.{index}."
            item = item if isinstance(item, dict) else {}
            if variants:
                children = self.union(variants, item, row_prefix)
            else:
                children = self.model(inner, item, row_prefix)
            for child in children:
                if child.name.rsplit(".", 1)[-1] in self.fixed:
                    child.kind, child.value = "fixed", index + 1
            node.rows.append(
                Node("group", f"{path}.{index}", f"{node.row_label} {index + 1}", children=children)
            )
        return node

    def union(
        self, variants: list[type[BaseModel]], item: dict[str, Any], prefix: str
    ) -> list[Node]:
        """One row for a discriminated union: its tag first, then each variant's own fields."""
        seen: dict[str, Node] = {}
        for variant in variants:
            for node in self.model(variant, item, prefix):
                if node.name in seen and node.kind == "select":
                    seen[node.name].options += [
                        o for o in node.options if o not in seen[node.name].options
                    ]
                seen.setdefault(node.name, node)
        return list(seen.values())


def _shown(kind: str, value: Any) -> Any:
    if value is None:
        return ""
    if kind == "datetime" and isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if kind == "datetime" and isinstance(value, datetime):
        return as_utc(value).astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")
    if kind == "checkbox":
        return bool(value)
    return value


# --- reading a posted form back into the model's shape ------------------------------------


@dataclass
class FormReader:
    data: FormData
    fixed: frozenset[str] = frozenset({"number"})

    def text(self, name: str) -> str:
        value = self.data.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def model(
        self, model: type[BaseModel], prefix: str, *, index: int | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            value = self.field(name, info, prefix, index)
            if value is not None:
                body[name] = value
        return body

    def field(self, name: str, info: FieldInfo, prefix: str, index: int | None) -> Any:
        path = f"{prefix}{name}"
        tp, metadata, _ = _unwrap(info.annotation)
        if name in self.fixed and index is not None:
            return index + 1
        if typing.get_origin(tp) is list:
            inner, _, _ = _unwrap(typing.get_args(tp)[0])
            variants = _variants(inner)
            if _is_model(inner) or variants:
                return self.rows(path, inner, variants)
            lines = [line.strip() for line in self.text(path).splitlines()]
            return [line for line in lines if line] or None
        if _is_model(tp):
            nested = self.model(tp, f"{path}.")
            # an untouched group (empty fields, unticked boxes) is left out, not sent half-empty
            return nested if any(v not in (None, False) for v in nested.values()) else None
        kind = _scalar_kind(tp, metadata)
        if kind == "checkbox":
            return f"{path}" in self.data
        raw = self.text(path)
        if raw == "":
            return None
        if kind == "datetime":
            return _aware(raw)
        return raw

    def rows(
        self, path: str, inner: Any, variants: list[type[BaseModel]] | None
    ) -> list[Any] | None:
        count = self.text(f"{path}.{COUNT}")
        total = min(small_int(count) or 0, MAX_ROWS)
        rows = []
        for index in range(total):
            prefix = f"{path}.{index}."
            if variants:
                tag = self.text(f"{prefix}kind")
                variant = next(
                    (v for v in variants if tag in _literal_values(v, "kind")), variants[0]
                )
                rows.append(self.model(variant, prefix, index=index))
            else:
                rows.append(self.model(inner, prefix, index=index))
        return rows or None


def _literal_values(model: type[BaseModel], name: str) -> list[str]:
    info = model.model_fields.get(name)
    if info is None:
        return []
    tp, _, _ = _unwrap(info.annotation)
    return [str(v) for v in typing.get_args(tp)] if typing.get_origin(tp) is Literal else []


def _aware(value: str) -> str:
    """A datetime-local value typed in the Netherlands, with its offset."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment.isoformat()


def error_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """A pydantic or service error location as the form's dotted field name."""
    parts = [str(p) for p in loc if p != "body" and not str(p).startswith("function-")]
    # a discriminated union puts its tag in the location: conclusions.0.clinical.category
    cleaned = [p for p in parts if p not in ("evaluative", "clinical")]
    return ".".join(cleaned)


SCALAR_MAX = 100
"""The longest value of a number, date, time, choice or tick box in a derived form."""


def field_limit(model: type[BaseModel], name: str) -> int | None:
    """The longest value the form derived from ``model`` sends under the dotted ``name``
    (``injuries.3.size_mm.length``): the field's own max_length, a list's lines together, or
    None when the model has no such field."""
    parts = name.split(".")
    current: list[type[BaseModel]] = [model]
    for position, part in enumerate(parts):
        if part.isdigit():
            continue
        if part == COUNT:
            return 4 if position == len(parts) - 1 else None
        info = next((m.model_fields[part] for m in current if part in m.model_fields), None)
        if info is None:
            return None
        tp, metadata, _ = _unwrap(info.annotation)
        metadata = [*info.metadata, *metadata]
        last = position == len(parts) - 1
        if typing.get_origin(tp) is list:
            inner, inner_meta, _ = _unwrap(typing.get_args(tp)[0])
            variants = _variants(inner)
            if _is_model(inner) or variants:
                current = variants or [inner]
                continue
            if not last:
                return None
            lines = _max_len(metadata) or MAX_ROWS
            return lines * ((_max_len(inner_meta) or SCALAR_MAX) + 2)
        if _is_model(tp):
            current = [tp]
            continue
        if not last:
            return None
        kind = _scalar_kind(tp, metadata)
        return (_max_len(metadata) or SCALAR_MAX) if kind in ("text", "textarea") else SCALAR_MAX
    return None
