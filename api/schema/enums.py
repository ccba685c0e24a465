"""Registering the domain's enums in the schema, with a description for the enum and for each value."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=StrEnum)


def described_enum(cls: type[E], *, name: str, description: str, values: Mapping[E, str]) -> type[E]:
    """`strawberry.enum` for an enum the domain defines (which cannot use `strawberry.enum_value`): the
    enum's description and one for each value, so an integrator reads in the schema what each means.

    A value left out of `values` has no description; tests/api/test_schema_descriptions.py refuses that.
    """
    strawberry.enum(cls, name=name, description=description)
    for value in cls.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values.get(cls(value.value))
    return cls


__all__ = ["described_enum"]
