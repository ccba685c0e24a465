"""The authorisation matrix (issue #15, item 3): every root query, root mutation, `node`/`nodes` of every Node
type, the sensitive nested fields and every export and file route, run as each actor in and out of scope
in one seeded world (tests/api/authorization_world.py), each cell asserted against the expected outcome
of tests/api/authorization_rows.py. The matrix fails when a root field, Node type or route has no row,
and when a row names one that no longer exists."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from graphql import GraphQLObjectType
from tortoise import connections

from api.schema import build_schema
from tests.api.authorization_rows import (
    FILE_ROUTES,
    MUTATION_ROWS,
    NESTED_ROWS,
    NODE_ROWS,
    NODE_TYPES,
    QUERY_ROWS,
    MutationRow,
    RouteRow,
    Row,
    observe_mutation,
    observe_query,
    observe_route,
)
from tests.api.authorization_world import ACTORS, TODAY, USERNAMES, World, build_world, one_password_hash
from tests.api.conftest import Api, app_for
from tests.conftest import TABLES, empty_database


@pytest_asyncio.fixture(scope="module")
async def world(migrated: str) -> AsyncIterator[tuple[Api, World]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SWTALENT_TODAY", TODAY.isoformat())
        transport = httpx.ASGITransport(app=app_for(migrated), client=("10.1.2.3", 50000))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://swtalent.test") as client:
                api = Api(client)
                with pytest.MonkeyPatch.context() as hashing:
                    # One scrypt hash for every seeded account: twelve would take seconds.
                    one_password_hash(hashing)
                    seeded = await build_world(api)
                yield api, seeded
        finally:
            await empty_database(migrated)


async def fingerprint() -> str:
    """A digest of every row of every table: equal before and after means nothing was written."""
    connection = connections.get("default")
    digest = hashlib.sha256()
    for table in TABLES:
        rows = await connection.execute_query_dict(f"SELECT * FROM {table}")  # noqa: S608 - constant names
        digest.update(table.encode())
        for row in sorted(repr(sorted(r.items())) for r in rows):
            digest.update(row.encode())
    return digest.hexdigest()


def _root_fields(kind: str) -> set[str]:
    schema = build_schema()._schema
    root = schema.query_type if kind == "query" else schema.mutation_type
    assert isinstance(root, GraphQLObjectType)
    return set(root.fields)


def test_every_root_query_field_has_a_row_and_every_row_a_field() -> None:
    rows = {row.field for row in QUERY_ROWS} | {"node", "nodes"}
    assert _root_fields("query") - rows == set(), "root query fields without a row"
    assert rows - _root_fields("query") == set(), "rows naming no root query field"


def test_every_root_mutation_field_has_a_row_and_every_row_a_field() -> None:
    rows = {row.field for row in MUTATION_ROWS}
    assert _root_fields("mutation") - rows == set(), "root mutation fields without a row"
    assert rows - _root_fields("mutation") == set(), "rows naming no root mutation field"


def test_every_node_type_has_a_row_and_every_row_a_node_type() -> None:
    schema = build_schema()._schema
    node_types = {
        name
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
    }
    assert node_types ^ set(NODE_TYPES) == set()


def test_every_export_and_file_route_has_a_row_and_every_row_a_route() -> None:
    app = app_for("sqlite://:memory:")
    paths = {getattr(r, "path", "") for r in app.routes}
    served = {p for p in paths if p.startswith(("/exports/", "/files/"))}
    assert served ^ {row.route for row in FILE_ROUTES} == set()


def _cells(rows: list[Any]) -> list[Any]:
    return [pytest.param(row, id=row.name) for row in rows]


@pytest.mark.parametrize("row", _cells(QUERY_ROWS))
async def test_each_actor_reads_a_root_query_field_as_its_row_expects(
    world: tuple[Api, World], row: Row
) -> None:
    api, seeded = world
    observed = {actor: await observe_query(api, seeded, row, actor) for actor in ACTORS}
    assert observed == row.expected


@pytest.mark.parametrize("row", _cells(NODE_ROWS))
async def test_each_actor_reads_each_node_type_by_node_and_nodes_as_its_row_expects(
    world: tuple[Api, World], row: Row
) -> None:
    api, seeded = world
    observed = {actor: await observe_query(api, seeded, row, actor) for actor in ACTORS}
    assert observed == row.expected


@pytest.mark.parametrize("row", _cells(NESTED_ROWS))
async def test_each_actor_sees_a_sensitive_nested_field_in_full_masked_or_not_at_all(
    world: tuple[Api, World], row: Row
) -> None:
    api, seeded = world
    observed = {actor: await observe_query(api, seeded, row, actor) for actor in ACTORS}
    assert observed == row.expected


@pytest.mark.parametrize("row", _cells(FILE_ROUTES))
async def test_each_actor_downloads_an_export_or_file_as_its_row_expects(
    world: tuple[Api, World], row: RouteRow
) -> None:
    api, seeded = world
    observed = {actor: await observe_route(api, seeded, row, actor) for actor in ACTORS}
    assert observed == row.expected


@pytest.mark.parametrize("row", _cells(MUTATION_ROWS))
async def test_each_actor_calls_a_root_mutation_as_its_row_expects_and_a_refusal_writes_nothing(
    world: tuple[Api, World], row: MutationRow
) -> None:
    api, seeded = world
    refused = [a for a in ACTORS if row.expected[a] != "ALLOW"]
    allowed = [a for a in ACTORS if row.expected[a] == "ALLOW"]

    async def call(actor: str) -> str:
        token = seeded.tokens[actor]
        if row.fresh_token and token is not None:
            token = await api.login(USERNAMES[actor])
        return await observe_mutation(api, seeded, row, actor, token)

    # The refused first, so an allowed call cannot change what they are refused; one digest of the
    # database before and after them all (a digest per cell would triple the matrix's time).
    before = await fingerprint()
    observed = {actor: await call(actor) for actor in refused}
    after_refused = await fingerprint()
    refused_wrote = after_refused != before
    observed |= {actor: await call(actor) for actor in allowed}
    # A row checked to have run: the allowed calls wrote something.
    ran = row.ran is None or not allowed or await fingerprint() != after_refused
    # Together, so a refusal that wrote is reported with the outcomes that let it.
    assert (observed, refused_wrote, ran) == (row.expected, False, True), f"refused: {refused}"
