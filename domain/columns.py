"""What fits a column: a value a user typed (a county code, a username, a certificate number) compared with
the length of the column it is looked up in or written to.

Tortoise checks every filter value against the column's `max_length` and raises its `ValidationError`
for a longer one, and PostgreSQL refuses to store one: both surfaced as INTERNAL errors for what is plain
bad input (`countyCode: "5323011"`). A lookup by a value that cannot fit matches nothing by definition, so
each lookup asks `fits` first and answers "not found" (an unknown county, an unknown user, no rows)
without asking the database. Text about to be written is checked with `check_fits`, a coded refusal
naming the input field.
"""

from __future__ import annotations

from tortoise.fields import CharField
from tortoise.models import Model

from domain.errors import InvalidInput


def max_length(model: type[Model], field: str) -> int:
    """The `max_length` of the text column `model.field`. A foreign key is checked against the key it
    refers to (`fits(County, "code", ...)` for `Course.county_id`)."""
    column = model._meta.fields_map[field]
    length = column.max_length if isinstance(column, CharField) else None
    if length is None:
        msg = f"{model.__name__}.{field} is not a text column with a max_length"
        raise TypeError(msg)
    return length


def fits(model: type[Model], field: str, value: str) -> bool:
    """Whether `value` (characters, as Tortoise and PostgreSQL count them) fits `model.field`."""
    return len(value) <= max_length(model, field)


def check_fits(model: type[Model], field: str, value: str, *, input_field: str, label: str) -> str:
    """`value`, checked before it is written to `model.field`: text too long for the column is refused
    as `InvalidInput` on `input_field` ("{label}不超过 N 个字"), not left to the database (PostgreSQL
    refuses it, SQLite would keep it) or to Tortoise (its `ValidationError` is an INTERNAL error)."""
    limit = max_length(model, field)
    if len(value) > limit:
        raise InvalidInput(f"{label}不超过 {limit} 个字", field=input_field)
    return value


__all__ = ["check_fits", "fits", "max_length"]
