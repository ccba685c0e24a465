"""Every `Decimal`, `Date` and `DateTime` input of the schema, found by walking it, meets hostile values:
each is refused as BAD_USER_INPUT or answered with a coded userError, never an INTERNAL error.

The walk covers root-field arguments and input-object fields at any depth, through lists, so an input
added later (incentives, talent) is covered without touching this file. Each value is sent twice: as a
variable (JSON) and written into the document as a literal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import pytest_asyncio
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
    get_named_type,
    is_leaf_type,
)

from api.schema import build_schema
from api.schema.relay import to_global_id
from domain.access import Grant, Role
from domain.training import providers
from tests.api.conftest import Api
from tests.factories import PASSWORD, SYSTEM, staff

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


@dataclass(frozen=True)
class Target:
    """One scalar input: `path` goes from the root field's argument to the field, through list rows."""

    operation: str  # "query" or "mutation"
    root_field: str
    path: tuple[str | int, ...]
    scalar: str

    @property
    def id(self) -> str:
        return f"{self.root_field}.{'.'.join(str(p) for p in self.path)}"


def _walk_input(
    type_: GraphQLInputType, path: tuple[str | int, ...], seen: frozenset[str]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            path = (*path, 0)
        type_ = type_.of_type
    if isinstance(type_, GraphQLScalarType) and type_.name in SCALARS:
        yield path, type_.name
    elif isinstance(type_, GraphQLInputObjectType) and type_.name not in seen:
        for name, field in type_.fields.items():
            yield from _walk_input(field.type, (*path, name), seen | {type_.name})


def discover() -> list[Target]:
    schema = build_schema()._schema
    targets: list[Target] = []
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for field_name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                for path, scalar in _walk_input(arg.type, (arg_name,), frozenset()):
                    targets.append(Target(operation, field_name, path, scalar))
    return targets


TARGETS: Final = discover()


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


# --- building a request for any root field ---------------------------------------------------------


@dataclass
class Ids:
    """Real ids where a field's name says what it names; any other ID gets a well-formed one."""

    by_field: dict[str, str]

    def for_field(self, name: str) -> str:
        return self.by_field.get(name, to_global_id("Nothing", 1))


def _filler(type_: GraphQLInputType, field_name: str, ids: Ids) -> Any:
    """A value of `type_` that coerces: required input fields filled in, lists of one row."""
    if isinstance(type_, GraphQLNonNull):
        return _filler(type_.of_type, field_name, ids)
    if isinstance(type_, GraphQLList):
        return [_filler(type_.of_type, field_name, ids)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: _filler(field.type, name, ids) for name, field in type_.fields.items() if _required(field)
        }
    assert isinstance(type_, GraphQLScalarType)
    scalar_values: dict[str, Any] = {
        "ID": ids.for_field(field_name),
        "String": "x",
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Decimal": "1",
        "Date": "2026-01-05",
        "DateTime": "2026-12-20T09:00:00+08:00",
    }
    assert type_.name in scalar_values, f"no filler for scalar {type_.name}: add one"
    return scalar_values[type_.name]


def _required(field: GraphQLInputField | GraphQLArgument) -> bool:
    return isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined


def _unwrap(type_: GraphQLInputType) -> GraphQLInputType:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def _place(
    arguments: dict[str, Any], field: GraphQLField, path: tuple[str | int, ...], value: Any, ids: Ids
) -> None:
    """Put `value` at `path`, creating the objects and rows on the way."""
    container: Any = arguments
    key: str | int = path[0]
    type_: GraphQLInputType = field.args[str(key)].type
    for step in path[1:]:
        present = key in container if isinstance(container, dict) else int(key) < len(container)
        if not present or container[key] is None:
            container[key] = _filler(type_, str(key), ids)
        container, type_ = container[key], _unwrap(type_)
        if isinstance(type_, GraphQLList):
            type_ = type_.of_type
        else:
            assert isinstance(type_, GraphQLInputObjectType)
            type_ = type_.fields[str(step)].type
        key = step
    container[key] = value


def arguments_for(target: Target, value: Any, ids: Ids) -> tuple[GraphQLField, dict[str, Any]]:
    schema = build_schema()._schema
    root = schema.query_type if target.operation == "query" else schema.mutation_type
    assert root is not None
    field = root.fields[target.root_field]
    arguments = {name: _filler(arg.type, name, ids) for name, arg in field.args.items() if _required(arg)}
    _place(arguments, field, target.path, value, ids)
    return field, arguments


def _selection(field: GraphQLField) -> str:
    return "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"


def as_variables(
    target: Target, field: GraphQLField, arguments: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    declared = ", ".join(f"${name}: {field.args[name].type}" for name in arguments)
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    query = f"{target.operation} Hostile({declared}) {{ {target.root_field}({passed}){_selection(field)} }}"
    return query, arguments


@dataclass(frozen=True)
class Raw:
    """A literal written into the document as it is (a number token)."""

    text: str


def _literal(value: Any, type_: GraphQLInputType) -> str:
    type_ = _unwrap(type_)
    if isinstance(value, dict):
        fields = type_.fields if isinstance(type_, GraphQLInputObjectType) else {}
        return "{" + ", ".join(f"{k}: {_literal(v, fields[k].type)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        item = type_.of_type if isinstance(type_, GraphQLList) else type_
        return "[" + ", ".join(_literal(v, item) for v in value) + "]"
    if isinstance(type_, GraphQLEnumType) and isinstance(value, str):
        return value
    return _scalar_literal(value)


def _scalar_literal(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool) or value is None:
        return json.dumps(value)  # true, false, null
    return json.dumps(value, ensure_ascii=False)


def as_literal(target: Target, field: GraphQLField, arguments: dict[str, Any]) -> str:
    passed = ", ".join(
        f"{name}: {_literal(value, field.args[name].type)}" for name, value in arguments.items()
    )
    return f"{target.operation} {{ {target.root_field}({passed}){_selection(field)} }}"


# --- what the answer must be ----------------------------------------------------------------------


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def refusal_problem(body: dict[str, Any]) -> str | None:
    """Why `body` is not a refusal by the scalar (BAD_USER_INPUT, nothing run), or None."""
    if _codes(body) != ["BAD_USER_INPUT"] or body.get("data"):
        return json.dumps(body, ensure_ascii=False)[:300]
    return None


def answer_problem(body: dict[str, Any], root_field: str) -> str | None:
    """Why `body` is not a coded answer (a success, coded userErrors, or a coded top-level error other
    than INTERNAL), or None."""
    codes = _codes(body)
    payload = (body.get("data") or {}).get(root_field)
    user_errors = payload.get("userErrors", []) if isinstance(payload, dict) else []
    if "INTERNAL" in codes or not all(codes) or not all(e["code"] for e in user_errors):
        return json.dumps(body, ensure_ascii=False)[:300]
    return None


@pytest_asyncio.fixture
async def signed_in(api: Api, db: str) -> tuple[list[str], Ids]:
    """The prefecture admin first, then a provider's account for the mutations only providers make."""
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))
    provider = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", "532301", "罗老师", "0878-3120000")
    )
    await staff("px.center", Grant(Role.PROVIDER, provider_id=provider.id))
    ids = Ids({"providerId": to_global_id("Provider", provider.id)})
    return [await api.login("zhou"), await api.login("px.center", PASSWORD)], ids


async def send(
    api: Api, tokens: list[str], query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The answer to the first account allowed to ask (FORBIDDEN: the next one)."""
    for token in tokens:
        response = await api.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code < 500, query
        body: dict[str, Any] = response.json()
        if _codes(body) != ["FORBIDDEN"]:
            return body
    return body


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
