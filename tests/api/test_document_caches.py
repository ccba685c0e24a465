"""A document sent again is neither parsed nor validated again (#14: the validation cache never hit,
because the depth and alias rules were built anew for each request and are part of its key); what is
remembered is kept by the document's text, so its error locations are always its own."""

from __future__ import annotations

import functools
import uuid
from typing import Any, cast

from strawberry.extensions.parser_cache import _get_parse_cache

from api.schema.limits import DOCUMENT_CACHE_SIZE, VALIDATED, alias_rule, depth_rule
from tests.api.conftest import Api


def _lru(cache: object) -> functools._lru_cache_wrapper[Any]:
    # Strawberry keeps its parser cache as a functools.lru_cache wrapper, typed only as a callable.
    return cast("functools._lru_cache_wrapper[Any]", cache)


def _document() -> str:
    # A text no other test sends, so the first request is this test's miss whatever ran before.
    return f"query Catalog_{uuid.uuid4().hex} {{ courses(first: 5) {{ totalCount nodes {{ id title }} }} }}"


async def test_a_repeated_document_is_parsed_and_validated_once(api: Api) -> None:
    parse = _lru(_get_parse_cache(DOCUMENT_CACHE_SIZE))
    document = _document()

    await api.data(document)
    parsed, hits, misses = parse.cache_info(), VALIDATED.hits, VALIDATED.misses
    for _ in range(3):
        data = await api.data(document)
        assert data["courses"]["totalCount"] == 0

    assert parse.cache_info().hits - parsed.hits == 3
    assert parse.cache_info().misses == parsed.misses
    assert VALIDATED.hits - hits == 3
    assert VALIDATED.misses == misses


async def test_another_document_is_validated_afresh_and_refused_alike(api: Api) -> None:
    other = f"query Counties_{uuid.uuid4().hex} {{ counties {{ code name }} }}"
    misses = VALIDATED.misses
    await api.data(other)
    assert VALIDATED.misses == misses + 1

    # A refusal is remembered with its document too, and said the same way each time.
    too_many = "{ " + " ".join(f"a{i}: counties {{ code }}" for i in range(25)) + " }"
    first = await api.post(too_many)
    again = await api.post(too_many)
    assert first == again
    assert [e["extensions"]["code"] for e in first["errors"]] == ["LIMIT_EXCEEDED"]


async def test_an_error_points_into_the_text_sent_not_an_earlier_one_of_the_same_shape(api: Api) -> None:
    # graphql-core's documents compare equal when only their layout differs (a space for a line
    # break): remembered by the parsed document, the second would be told the first one's line.
    field = f"nosuchfield{uuid.uuid4().hex}"
    one_line = await api.post(f"{{ {field} }}")
    two_lines = await api.post(f"{{\n{field} }}")
    assert one_line["errors"][0]["locations"] == [{"line": 1, "column": 3}]
    assert two_lines["errors"][0]["locations"] == [{"line": 2, "column": 1}]

    # The same for a control character in a string literal, whose refusal names its line.
    literal = f'query Q_{uuid.uuid4().hex} {{ courses(first: 1, after: "a\\u0007") {{ totalCount }} }}'
    flat = await api.post(literal)
    broken = await api.post(literal.replace("{ courses", "{\ncourses"))
    assert "第 1 行" in flat["errors"][0]["message"]
    assert "第 2 行" in broken["errors"][0]["message"]


def test_the_limit_rules_are_built_once_per_limit() -> None:
    assert depth_rule(12) is depth_rule(12)
    assert alias_rule(20) is alias_rule(20)
    assert depth_rule(12) is not depth_rule(13)
