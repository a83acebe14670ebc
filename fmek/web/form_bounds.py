"""Every field a page form sends has a longest value; a longer one is refused, never cut off.

A page whose handler declares its fields as ``Form(max_length=...)`` parameters is bounded by
FastAPI. The few that read the posted form themselves (forms with rows, the findings editor,
photo uploads) read it only through ``bounded_form`` with the ``FormBounds`` declared beside
the handler (``@reads_form(BOUNDS)``, which tests/security/test_input_bounds.py checks). A value
over its bound, a field name the form does not know that is longer than a short default, or
too many fields, answers the Dutch 422 page before anything is read further, stored or
logged: a silently shortened name or question would be stored as something nobody wrote.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

UNLISTED_MAX = 200
"""The longest value of a field a form does not list (a submit button's name, say)."""
NAME_MAX = 200
"""The longest field name."""


class FormTooLong(Exception):
    """A page form with a value over its bound (the field is named for the log, not the page)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"form field over its bound: {name[:NAME_MAX]}")
        self.name = name[:NAME_MAX]


@dataclass(frozen=True)
class FormBounds:
    """The fields one page form may send, each with its longest value."""

    fields: Mapping[str, int]
    patterns: tuple[tuple[str, int], ...] = ()  # full-match regexes for numbered rows
    resolve: Callable[[str], int | None] | None = None  # names derived from a model
    files: frozenset[str] = frozenset()  # upload fields (their size is the body limit's)
    max_fields: int = 100
    max_files: int = 0
    max_part_size: int = 1024 * 1024
    compiled: tuple[tuple[re.Pattern[str], int], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        compiled = tuple((re.compile(p), limit) for p, limit in self.patterns)
        object.__setattr__(self, "compiled", compiled)

    def limit(self, name: str) -> int:
        if name in self.fields:
            return self.fields[name]
        for pattern, limit in self.compiled:
            if pattern.fullmatch(name):
                return limit
        if self.resolve is not None and (found := self.resolve(name)) is not None:
            return found
        return UNLISTED_MAX

    def check(self, form: FormData) -> None:
        """Raise FormTooLong for the first value over its bound."""
        for name, value in form.multi_items():
            if len(name) > NAME_MAX:
                raise FormTooLong(name)
            if isinstance(value, UploadFile):
                if name not in self.files:
                    raise FormTooLong(name)
                continue
            if len(value) > self.limit(name):
                raise FormTooLong(name)


async def bounded_form(request: Request, bounds: FormBounds) -> FormData:
    """The posted form, every value within ``bounds`` (else FormTooLong: the Dutch 422 page)."""
    form = await request.form(
        max_files=bounds.max_files,
        max_fields=bounds.max_fields,
        max_part_size=bounds.max_part_size,
    )
    try:
        bounds.check(form)
    except FormTooLong:
        await form.close()
        raise
    return form


Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def reads_form(bounds: FormBounds) -> Callable[[Endpoint], Endpoint]:
    """Mark a handler (or dependency) that reads its form through ``bounded_form(bounds)``."""

    def mark(function: Endpoint) -> Endpoint:
        function.form_bounds = bounds  # type: ignore[attr-defined]  # read by the bounds test
        return function

    return mark
