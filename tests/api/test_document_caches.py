"""A document sent again is neither parsed nor validated again (#14: the validation cache never hit,
because the depth and alias rules were built anew for each request and are part of its key)."""

from __future__ import annotations

import functools
import uuid
from typing import Any, cast

from strawberry.extensions.parser_cache import _get_parse_cache
from strawberry.extensions.validation_cache import _get_validate_cache

from api.schema import DOCUMENT_CACHE_SIZE
from api.schema.limits import alias_rule, depth_rule
from tests.api.conftest import Api


def _lru(cache: object) -> functools._lru_cache_wrapper[Any]:
    # Strawberry keeps its caches as functools.lru_cache wrappers, typed only as callables.
    return cast("functools._lru_cache_wrapper[Any]", cache)


def _document() -> str:
    # A text no other test sends, so the first request is this test's miss whatever ran before.
    return f"query Catalog_{uuid.uuid4().hex} {{ courses(first: 5) {{ totalCount nodes {{ id title }} }} }}"


async def test_a_repeated_document_is_parsed_and_validated_once(api: Api) -> None:
    parse = _lru(_get_parse_cache(DOCUMENT_CACHE_SIZE))
    validate = _lru(_get_validate_cache(DOCUMENT_CACHE_SIZE))
    document = _document()

    await api.data(document)
    parsed, validated = parse.cache_info(), validate.cache_info()
    for _ in range(3):
        data = await api.data(document)
        assert data["courses"]["totalCount"] == 0

    assert parse.cache_info().hits - parsed.hits == 3
    assert parse.cache_info().misses == parsed.misses
    assert validate.cache_info().hits - validated.hits == 3
    assert validate.cache_info().misses == validated.misses


async def test_another_document_is_validated_afresh_and_refused_alike(api: Api) -> None:
    validate = _lru(_get_validate_cache(DOCUMENT_CACHE_SIZE))
    other = f"query Counties_{uuid.uuid4().hex} {{ counties {{ code name }} }}"
    before = validate.cache_info()
    await api.data(other)
    assert validate.cache_info().misses == before.misses + 1

    # A refusal is cached with its document too, and said the same way each time.
    too_many = "{ " + " ".join(f"a{i}: counties {{ code }}" for i in range(25)) + " }"
    first = await api.post(too_many)
    again = await api.post(too_many)
    assert first == again
    assert [e["extensions"]["code"] for e in first["errors"]] == ["LIMIT_EXCEEDED"]


def test_the_limit_rules_are_built_once_per_limit() -> None:
    assert depth_rule(12) is depth_rule(12)
    assert alias_rule(20) is alias_rule(20)
    assert depth_rule(12) is not depth_rule(13)
