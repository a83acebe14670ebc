"""Applying the identifier screen to a request: one 422 naming each field and kind, no values."""

from collections.abc import Mapping

from fmek.advice.identifiers import describe, screen_fields
from fmek.errors import Problem, ValidationFailed


def refuse_identifiers(
    fields: Mapping[str, str | None], *, where: tuple[str, ...] = ("body",)
) -> None:
    """Raise ValidationFailed if any field holds an identifier; call before storing anything.

    Each problem says which field holds which kind of identifier (type ``identifier_<kind>``);
    neither the message nor anything logged repeats the value.
    """
    hits = screen_fields(fields)
    if hits:
        raise ValidationFailed(
            problems=[
                Problem(describe(kind), f"identifier_{kind.value}", (*where, name))
                for name, kind in hits
            ]
        )
