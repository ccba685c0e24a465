"""Walking the schema for the hostile-input tables: every input position of a given scalar, found in
root-field arguments and input-object fields at any depth, through lists, and a request that reaches it.

Used by tests/api/test_hostile_scalars.py (Decimal, Date, DateTime) and tests/api/test_hostile_strings.py
(String, ID), so an input added later (incentives, talent) is covered without touching either.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

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
    type_: GraphQLInputType, path: tuple[str | int, ...], scalars: frozenset[str], seen: frozenset[str]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            path = (*path, 0)
        type_ = type_.of_type
    if isinstance(type_, GraphQLScalarType) and type_.name in scalars:
        yield path, type_.name
    elif isinstance(type_, GraphQLInputObjectType) and type_.name not in seen:
        for name, field in type_.fields.items():
            yield from _walk_input(field.type, (*path, name), scalars, seen | {type_.name})


def discover(scalars: frozenset[str]) -> list[Target]:
    """Every input position of one of `scalars`, in every query and mutation of the schema."""
    schema = build_schema()._schema
    targets: list[Target] = []
    for operation, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for field_name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                for path, scalar in _walk_input(arg.type, (arg_name,), scalars, frozenset()):
                    targets.append(Target(operation, field_name, path, scalar))
    return targets


# --- building a request for any root field ---------------------------------------------------------


@dataclass
class Ids:
    """Real ids where a field's name says what it names; any other ID gets a well-formed one. Likewise
    plausible text by field name (`texts`), so that a request gets past the fields it does not aim at;
    any other String gets "x". A callable gives a fresh value each time (an ID number not yet taken)."""

    by_field: dict[str, str]
    texts: dict[str, str | Callable[[], str]] = dataclasses.field(default_factory=dict)

    def for_field(self, name: str) -> str:
        return self.by_field.get(name, to_global_id("Nothing", 1))

    def text_for(self, name: str) -> str:
        text = self.texts.get(name, "x")
        return text() if callable(text) else text


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
        "String": ids.text_for(field_name),
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Decimal": "1",
        "Date": "2026-01-05",
        "DateTime": "2026-12-20T09:00:00+08:00",
        # A JSON request carries no file: the field is refused for the missing file, coded.
        "Upload": None,
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
    """The root field and its arguments: the required ones filled in, `value` at the target's path."""
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
    """The operation passing every argument as a variable, and the variables."""
    declared = ", ".join(f"${name}: {field.args[name].type}" for name in arguments)
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    query = f"{target.operation} Hostile({declared}) {{ {target.root_field}({passed}){_selection(field)} }}"
    return query, arguments


@dataclass(frozen=True)
class Raw:
    """A literal written into the document as it is (a number token, an escape sequence)."""

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
    """The operation with every argument written into the document as a literal."""
    passed = ", ".join(
        f"{name}: {_literal(value, field.args[name].type)}" for name, value in arguments.items()
    )
    return f"{target.operation} {{ {target.root_field}({passed}){_selection(field)} }}"


# --- what the answer must be ----------------------------------------------------------------------


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def refusal_problem(body: dict[str, Any]) -> str | None:
    """Why `body` is not a refusal at the edge (BAD_USER_INPUT, nothing run), or None."""
    if codes(body) != ["BAD_USER_INPUT"] or body.get("data"):
        return json.dumps(body, ensure_ascii=False)[:300]
    return None


def answer_problem(body: dict[str, Any], root_field: str) -> str | None:
    """Why `body` is not a coded answer (a success, coded userErrors, or a coded top-level error other
    than INTERNAL), or None."""
    found = codes(body)
    payload = (body.get("data") or {}).get(root_field)
    user_errors = payload.get("userErrors", []) if isinstance(payload, dict) else []
    if "INTERNAL" in found or not all(found) or not all(e["code"] for e in user_errors):
        return json.dumps(body, ensure_ascii=False)[:300]
    return None


# --- who asks -------------------------------------------------------------------------------------


async def sign_in_admin_and_provider(api: Api) -> tuple[list[str], Ids]:
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
    """The answer to the first account allowed to ask (FORBIDDEN: the next one); no tokens: anonymous.

    The body is JSON with non-ASCII escaped, so a lone surrogate travels as `\\ud800`, as a client's
    JSON encoder may send it."""
    body: dict[str, Any] = {}
    asking: list[str | None] = [*tokens] or [None]
    for token in asking:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = await api.client.post(
            "/graphql",
            content=json.dumps({"query": query, "variables": variables or {}}),
            headers=headers,
        )
        assert response.status_code < 500, (query, response.text[:300])
        body = response.json()
        if codes(body) != ["FORBIDDEN"]:
            return body
    return body
