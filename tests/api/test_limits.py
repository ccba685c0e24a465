"""Query limits (API.md §Limits): each refusal is a top-level LIMIT_EXCEEDED error, before any work."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from graphql import get_introspection_query

from api.settings import Limits
from tests.api.conftest import Api, Tokens, app_for, error_codes


async def test_too_deep_a_query_is_refused(api: Api, tokens: Tokens) -> None:
    nest = "organization { members(first: 1) { nodes { "
    deep = "{ viewer { user { person { " + nest * 4 + "name" + " } } }" * 4 + " } } } }"
    body = await api.post(deep, token=tokens.prefecture)
    assert error_codes(body) == ["LIMIT_EXCEEDED"]
    assert body["errors"][0]["message"].startswith("查询嵌套过深：最多 12 层")


async def test_a_query_exactly_as_deep_as_the_limit_is_served(api: Api, tokens: Tokens) -> None:
    # viewer user person organization members nodes organization members nodes organization members nodes: 12
    nest = "organization { members(first: 1) { nodes { "
    deep = "{ viewer { user { person { " + nest * 3 + "name" + " } } }" * 3 + " } } } }"
    assert "errors" not in await api.post(deep, token=tokens.prefecture)


def _nested(fields: list[str], leaf: str = "name") -> str:
    return "".join(f"{f} {{ " for f in fields) + leaf + " }" * len(fields)


async def test_introspection_counts_toward_the_depth(api: Api, db: str) -> None:
    # OWASP's circular introspection: each fields/type pair goes over every type again.
    circular = "{ " + _nested(["__schema", "types", *["fields", "type"] * 6]) + " }"
    body = await api.post(circular)
    assert set(error_codes(body)) == {"LIMIT_EXCEEDED"}
    assert "查询嵌套过深" in body["errors"][0]["message"]
    # The example of the issue: {__schema{types{fields{type{ofType{…14 deep…}}}}}}.
    of_type = "{ " + _nested(["__schema", "types", "fields", "type", *["ofType"] * 10]) + " }"
    assert error_codes(await api.post(of_type)) == ["LIMIT_EXCEEDED"]
    # The same through a fragment, spread where the chain starts.
    spread = (
        "{ __schema { types { fields { type { ...T } } } } } fragment T on __Type { "
        + _nested(["ofType"] * 10)
        + " }"
    )
    assert error_codes(await api.post(spread)) == ["LIMIT_EXCEEDED"]


async def test_the_standard_introspection_query_is_served(api: Api, db: str) -> None:
    """What GraphiQL and code generators send: its `ofType` chain (9 deep) counts as one level."""
    query = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True)
    body = await api.post(query)
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_a_fragment_spread_many_times_is_measured_once(api: Api, tokens: Tokens) -> None:
    """Ten fragments, each spreading the next 30 times: walked spread by spread, as strawberry's limiter
    does, that is one refusal per path (validation gives up); measured once per fragment, one refusal."""
    fragments = " ".join(
        f"fragment F{i} on Person {{ organization {{ members(first: 1) {{ nodes {{ "
        + " ".join([f"...F{i + 1}"] * 30)
        + " } } } }"
        for i in range(10)
    )
    query = "{ persons(first: 1) { nodes { ...F0 } } } " + fragments + " fragment F10 on Person { name }"
    body = await api.post(query, token=tokens.prefecture)
    assert error_codes(body) == ["LIMIT_EXCEEDED"]
    assert body["errors"][0]["message"].startswith("查询嵌套过深")


async def test_too_many_aliases_are_refused(api: Api, db: str) -> None:
    query = "{ " + " ".join(f"c{i}: counties {{ code }}" for i in range(21)) + " }"
    refused = await api.post(query)
    assert error_codes(refused) == ["LIMIT_EXCEEDED"]
    assert refused["errors"][0]["message"] == "别名过多：21 个，最多 20 个"
    query = "{ " + " ".join(f"c{i}: counties {{ code }}" for i in range(20)) + " }"
    assert "errors" not in await api.post(query)


async def test_too_many_tokens_are_refused(api: Api, db: str) -> None:
    query = "{ counties { " + " ".join(["code"] * 1000) + " } }"
    refused = await api.post(query)
    assert error_codes(refused) == ["LIMIT_EXCEEDED"]
    assert refused["errors"][0]["message"].startswith("查询过长：超过 1000 个词法单元")


async def test_page_size_is_bounded(api: Api, tokens: Tokens) -> None:
    too_many = await api.post("{ persons(first: 101) { totalCount } }", token=tokens.prefecture)
    assert error_codes(too_many) == ["LIMIT_EXCEEDED"]
    none = await api.post("{ persons(first: 0) { totalCount } }", token=tokens.prefecture)
    assert error_codes(none) == ["BAD_USER_INPUT"]
    missing = await api.post("{ persons { totalCount } }", token=tokens.prefecture)
    assert error_codes(missing) == ["GRAPHQL_VALIDATION_FAILED"]
    bad_cursor = await api.post('{ persons(first: 5, after: "zzz") { totalCount } }', token=tokens.prefecture)
    assert error_codes(bad_cursor) == ["BAD_USER_INPUT"]


async def test_the_cost_is_reported_and_refused_past_the_maximum(db: str, tokens: Tokens) -> None:
    app = app_for(db, limits=Limits(max_cost=500))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        api = Api(client)
        cheap = await api.post(
            "query Q($n: Int!) { persons(first: $n) { nodes { name phone } } }",
            {"n": 10},
            token=tokens.prefecture,
        )
        assert cheap["extensions"]["cost"] == {"requested": 1 + 10 * 3, "maximum": 500}
        costly = await api.post(
            "query Q($n: Int!) { persons(first: $n) { nodes { name phone organization { name members(first: 100) { nodes { name } } } } } }",
            {"n": 10},
            token=tokens.prefecture,
        )
        assert error_codes(costly) == ["LIMIT_EXCEEDED"]
        assert costly.get("data") is None
        assert "查询代价" in costly["errors"][0]["message"]


async def test_an_oversize_body_is_refused_before_parsing(api: Api, db: str) -> None:
    padding = "x" * (1024 * 1024 + 1)
    response = await api.client.post(
        "/graphql", json={"query": "{ counties { code } }", "variables": {"p": padding}}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert response.json()["errors"][0]["message"] == "请求体超过 1 MiB 的上限"


async def test_an_oversize_body_without_a_declared_length_is_refused_too(api: Api, db: str) -> None:
    """Refused at the limit, not read whole: no more than the 1 MiB limit's chunks are taken from the
    stream (the stress harness cannot tell from outside: loopback buffers hold a 10 MB body)."""
    taken = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal taken
        yield b'{"query": "{ counties { code } }", "variables": {"p": "'
        for _ in range(1100):
            taken += 1
            yield b"x" * 1024
        yield b'"}}'

    response = await api.client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "请求体超过 1 MiB 的上限"
    assert taken <= 1024


async def test_a_body_declared_too_long_is_refused_before_any_of_it_is_read(api: Api, db: str) -> None:
    taken = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal taken
        for _ in range(10):
            taken += 1
            yield b"x" * 1024

    response = await api.client.post(
        "/graphql",
        content=chunks(),
        headers={"content-type": "application/json", "content-length": str(10 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "请求体超过 1 MiB 的上限"
    assert taken == 0


async def test_production_turns_off_introspection_and_the_ide(db: str) -> None:
    for production, introspects in ((False, True), (True, False)):
        transport = httpx.ASGITransport(app=app_for(db, production=production))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            body = (
                await client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
            ).json()
            assert ("errors" not in body) is introspects
            ide = await client.get("/graphql", headers={"accept": "text/html"})
            assert (ide.status_code == 200 and "graphiql" in ide.text.lower()) is introspects


async def test_a_page_size_with_thousands_of_digits_is_refused_not_an_internal_error(
    api: Api, db: str
) -> None:
    body = await api.post(f"{{ courses(first: {'9' * 5000}) {{ totalCount }} }}")
    assert error_codes(body) == ["LIMIT_EXCEEDED"]


# Two pages of enrolments under a page of courses: refused at f = 100 (cost 2,030,201 > 20,000).
NESTED_PAGES = """
query N($f: Int!) {
  courses(first: $f) { nodes { enrollments(first: $f) { nodes { person { enrollments(first: $f)
    { nodes { id } } } } } } }
}
"""


async def test_the_cost_counts_a_page_size_as_graphql_reads_it(api: Api, db: str) -> None:
    """Issue #8 review: a page size sent as 100.0 (an Int to GraphQL) or left to the variable's default
    counted as 1, so the cost limit let the query run."""
    refused = await api.post(NESTED_PAGES, {"f": 100})
    assert error_codes(refused) == ["LIMIT_EXCEEDED"]
    assert refused["errors"][0]["message"].startswith("查询代价 2030201 超过上限 20000")
    assert error_codes(await api.post(NESTED_PAGES, {"f": 100.0})) == ["LIMIT_EXCEEDED"]
    defaulted = NESTED_PAGES.replace("$f: Int!", "$f: Int = 100")
    assert error_codes(await api.post(defaulted, {})) == ["LIMIT_EXCEEDED"]
    served = await api.post(NESTED_PAGES, {"f": 2.0})
    assert "errors" not in served
    assert served["extensions"]["cost"] == {"requested": 33, "maximum": 20000}


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(2**31, id="one past Int"),
        pytest.param(int("9" * 4290), id="4290 digits"),
        pytest.param(-(2**31) - 1, id="below Int"),
        pytest.param(2.5, id="a fraction"),
        pytest.param("100", id="a string"),
    ],
)
async def test_a_page_size_that_is_no_int_is_a_variable_error_not_a_cost(
    api: Api, db: str, first: object
) -> None:
    """Issue #8 review: 2^31 was refused as "查询代价 6442450945 超过上限", and 4,290 digits made a cost
    too long to write as JSON (a 500 in text/plain)."""
    response = await api.client.post("/graphql", json={"query": NESTED_PAGES, "variables": {"f": first}})
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"].startswith("变量 $f 的值无效")
    assert "cost" not in body.get("extensions", {})


@pytest.mark.parametrize("literal", ["1e3", "100.0", '"100"', "2147483648"])
async def test_a_page_size_literal_that_is_no_int_is_refused_before_anything_runs(
    api: Api, db: str, literal: str
) -> None:
    body = await api.post(NESTED_PAGES.replace("($f: Int!)", "").replace("$f", literal))
    assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert body["errors"][0]["message"].startswith("参数值无效")
    assert "data" not in body
