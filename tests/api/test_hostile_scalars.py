"""Every `Decimal`, `Date` and `DateTime` input of the schema, found by walking it, meets hostile values:
each is refused as BAD_USER_INPUT or answered with a coded userError, never an INTERNAL error.

The walk covers root-field arguments and input-object fields at any depth, through lists, so an input
added later (incentives, talent) is covered without touching this file. Each value is sent twice: as a
variable (JSON) and written into the document as a literal.
"""

from __future__ import annotations

from typing import Any, Final

import pytest_asyncio

from tests.api.conftest import Api
from tests.api.schema_walk import (
    Ids,
    Raw,
    answer_problem,
    arguments_for,
    as_literal,
    as_variables,
    discover,
    refusal_problem,
    send,
    sign_in_admin_and_provider,
)

SCALARS: Final = frozenset({"Decimal", "Date", "DateTime"})

# Refused by the scalar itself, whatever the field: top-level BAD_USER_INPUT before anything runs.
REFUSED: Final[dict[str, list[Any]]] = {
    "Decimal": [
        "1e1000000",
        "-1e1000000",
        "1e-1000000",
        "NaN",
        "-Infinity",
        "",
        "   ",
        "１２",
        "١٢",
        "1_0",
        "0x10",
        "12,5",
        "99999999999999999999",
        "1" * 5000,
        True,
        [],
        {},
        0.30000000000000004,
    ],
    "Date": [
        "",
        "2026-13-01",
        "2026-02-30",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "２０２６-０１-０１",
        "2026/1/5",
        "2026-01-01T09:00:00",
        "NaN",
        20260105,
    ],
    "DateTime": [
        "",
        "0000-12-20T09:00:00+08:00",
        "0001-01-01T00:00:00+08:00",
        "9999-12-31T23:59:59-08:00",
        "2026-13-01T09:00:00+08:00",
        "2026-12-20T25:00:00",
        "2026-12-20T09:00:00+24:00",
        "2026-12-20",
        "２０２６-１２-２０T09:00:00",
        "NaN",
        1766192400,
    ],
}
# Number literals written into the document, read from their exact text.
REFUSED_NUMBER_LITERALS: Final = ["1e1000000", "-1e1000000", "1e-1000000"]
# Taken by the scalar (a naive time is 北京时间; numbers within range): whatever the field then says, it
# says it coded, never as INTERNAL.
ACCEPTED: Final[dict[str, list[Any]]] = {
    "Decimal": ["999999999999999", "-999999999999999", "0.000000000001", "-5", "0", 12],
    "Date": ["1900-01-01", "2100-12-31", "2024-02-29"],
    "DateTime": ["2026-12-20T09:00:00", "2026-12-20T09:00", "1900-01-01T00:00:00", "2100-12-31T23:59:59Z"],
}


TARGETS: Final = discover(SCALARS)


def test_the_walk_finds_the_inputs_the_issue_names() -> None:
    found = {t.id for t in TARGETS}
    assert {
        "adjustTrainingHours.input.hours",
        "updateTrainingRequirement.input.requiredHours",
        "updateTrainingRequirement.input.caps.0.hours",
        "postCourse.input.sessions.0.startsAt",
        "updateCourse.input.sessions.0.endsAt",
        "recordExamResults.input.results.0.score",
        "registerAccount.input.socialWorkSince",
        "courses.filter.startsFrom",
        "auditEvents.filter.from",
    } <= found


@pytest_asyncio.fixture
async def signed_in(api: Api, db: str) -> tuple[list[str], Ids]:
    """The prefecture admin first, then a provider's account for the mutations only providers make."""
    return await sign_in_admin_and_provider(api)


async def test_every_scalar_input_refuses_hostile_values_and_never_fails_internally(
    api: Api, signed_in: tuple[list[str], Ids]
) -> None:
    """The table: every target x every hostile value, as a variable and as a literal, must be refused as
    BAD_USER_INPUT; every value the scalar takes must be answered coded. All problems are listed at once."""
    tokens, ids = signed_in
    problems: list[str] = []
    for target in TARGETS:
        refused: list[Any] = [*REFUSED[target.scalar]]
        literals = [v for v in refused if not isinstance(v, list | dict)]  # JSON shapes are not literals
        if target.scalar == "Decimal":
            literals += [Raw(text) for text in REFUSED_NUMBER_LITERALS]
        for value in refused:
            field, arguments = arguments_for(target, value, ids)
            query, variables = as_variables(target, field, arguments)
            if problem := refusal_problem(await send(api, tokens, query, variables)):
                problems.append(f"{target.id} = {value!r} (variable): {problem}")
        for value in literals:
            field, arguments = arguments_for(target, value, ids)
            if problem := refusal_problem(await send(api, tokens, as_literal(target, field, arguments))):
                problems.append(f"{target.id} = {value!r} (literal): {problem}")
        for value in ACCEPTED[target.scalar]:
            field, arguments = arguments_for(target, value, ids)
            query, variables = as_variables(target, field, arguments)
            for body in (
                await send(api, tokens, query, variables),
                await send(api, tokens, as_literal(target, field, arguments)),
            ):
                if problem := answer_problem(body, target.root_field):
                    problems.append(f"{target.id} = {value!r}: {problem}")
    assert problems == []
