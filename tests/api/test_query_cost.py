"""The computed cost of a GraphQL operation (API.md §Limits): each field 1, `first: n` multiplies."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse
from hypothesis import given
from hypothesis import strategies as st

from api.schema.limits import MAX_COUNTED_COST, MAX_INT, compute_cost

PAGE = "query Page($first: Int) { persons(first: $first) { nodes { name } } }"


def split(
    source: str, operation_name: str | None = None
) -> tuple[OperationDefinitionNode, dict[str, FragmentDefinitionNode]]:
    document = parse(source)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operation = next(
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (operation_name is None or (d.name is not None and d.name.value == operation_name))
    )
    return operation, fragments


def cost(source: str, variables: Mapping[str, Any] | None = None, operation_name: str | None = None) -> int:
    operation, fragments = split(source, operation_name)
    return compute_cost(operation, fragments, variables or {})


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("{ me }", 1, id="one field"),
        pytest.param("{ me counties version }", 3, id="three fields"),
        pytest.param("query Q { me { id name phone } }", 4, id="a field and its three subfields"),
        pytest.param("{ me { organization { county { name } } } }", 4, id="a chain of four"),
        pytest.param("{ a: me { id } b: me { id } }", 4, id="aliases count separately"),
        pytest.param("{ me { __typename } }", 2, id="introspection fields count"),
    ],
)
def test_a_query_without_pages_costs_its_field_count(source: str, expected: int) -> None:
    assert cost(source) == expected


def test_a_page_multiplies_what_it_selects_by_its_size() -> None:
    assert cost("{ persons(first: 50) { nodes { name } } }") == 1 + 50 * (1 + 1)


def test_nested_pages_multiply_one_another() -> None:
    source = """
    { persons(first: 10) { nodes { organization { members(first: 5) { nodes { name } } } } } }
    """
    members = 1 + 5 * (1 + 1)
    assert cost(source) == 1 + 10 * (1 + (1 + members))


def test_the_page_field_itself_costs_one_and_is_not_multiplied() -> None:
    assert cost("{ persons(first: 50) { totalCount } }") == 1 + 50
    assert cost("{ persons(first: 50) }") == 1


@pytest.mark.parametrize(
    "arguments",
    ['after: "YXJyYXljb25uZWN0aW9uOjk="', 'county: "532301"', "last: 50", "size: 50"],
)
def test_arguments_other_than_first_do_not_multiply(arguments: str) -> None:
    assert cost(f"{{ persons({arguments}) {{ nodes {{ name }} }} }}") == 3


@pytest.mark.parametrize("first", ["0", "-5"])
def test_a_page_size_below_one_counts_as_one(first: str) -> None:
    assert cost(f"{{ persons(first: {first}) {{ nodes {{ name }} }} }}") == 3


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param({"first": 20}, 1 + 20 * 2, id="a number"),
        pytest.param({"first": 100}, 1 + 100 * 2, id="a larger number"),
        pytest.param({"first": 0}, 3, id="zero counts as one"),
        pytest.param({"first": None}, 3, id="null counts as one"),
        pytest.param({}, 3, id="missing counts as one"),
        pytest.param({"other": 50}, 3, id="another variable does not count"),
    ],
)
def test_a_page_size_given_as_a_variable_is_read_from_the_variables(
    variables: dict[str, Any], expected: int
) -> None:
    assert cost(PAGE, variables) == expected


def test_a_named_fragment_is_counted_where_it_is_spread() -> None:
    source = """
    query { persons(first: 10) { nodes { ...PersonFields } } }
    fragment PersonFields on Person { name phone county { name } }
    """
    assert cost(source) == 1 + 10 * (1 + 4)


def test_a_fragment_spread_twice_is_counted_twice() -> None:
    source = "{ me { ...F } admin: me { ...F } } fragment F on Person { id name }"
    assert cost(source) == 2 * (1 + 2)


def test_inline_fragments_are_counted() -> None:
    source = """
    { node(id: "1") { id ... on Person { name phone } ... on Organization { name } ... { kind } } }
    """
    assert cost(source) == 1 + 1 + 2 + 1 + 1


def test_a_page_inside_a_fragment_multiplies() -> None:
    source = """
    { organizations(first: 4) { nodes { ...Org } } }
    fragment Org on Organization { name members(first: 3) { nodes { name } } }
    """
    org = 1 + (1 + 3 * (1 + 1))
    assert cost(source) == 1 + 4 * (1 + org)


def test_a_spread_of_an_undefined_fragment_costs_nothing() -> None:
    assert cost("{ me { id ...Missing } }") == 2


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "query { ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }",
            2,
            id="two fragments spreading each other",
        ),
        pytest.param("query { ...A } fragment A on Query { a ...A }", 1, id="a fragment spreading itself"),
        pytest.param(
            "{ person { ...P } } fragment P on Person { name friend { ...P } }",
            1 + 1 + 1,
            id="a fragment spreading itself under a field",
        ),
        pytest.param(
            "{ persons(first: 10) { nodes { ...P } } } "
            "fragment P on Person { name friends(first: 10) { nodes { ...P } } }",
            1 + 10 * (1 + 1 + 1 + 10 * 1),
            id="a recursive fragment under pages",
        ),
    ],
)
def test_a_recursive_fragment_spread_is_counted_once_and_ends(source: str, expected: int) -> None:
    assert cost(source) == expected


def test_only_the_chosen_operation_is_counted() -> None:
    source = "query Small { me } query Big { persons(first: 50) { nodes { name } } }"
    assert cost(source, operation_name="Small") == 1
    assert cost(source, operation_name="Big") == 101


def doubling_chain(length: int) -> str:
    """Fragment F(i) spreads F(i-1) twice: `length` lines of text, 2**length fields."""
    fragments = ["fragment F0 on Query { __typename }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, length + 1)]
    return f"query {{ ...F{length} }} " + " ".join(fragments)


def test_a_chain_of_fragments_each_spreading_the_last_twice_costs_a_power_of_two() -> None:
    assert cost(doubling_chain(6)) == 2**6


class TooManyLookups(AssertionError):
    pass


class CountingFragments(Mapping[str, FragmentDefinitionNode]):
    """The fragments, refusing to be looked up more than `limit` times in all."""

    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode], limit: int) -> None:
        self.fragments = fragments
        self.limit = limit
        self.lookups = 0

    def __getitem__(self, name: str) -> FragmentDefinitionNode:
        self.lookups += 1
        if self.lookups > self.limit:
            raise TooManyLookups(f"fragments looked up more than {self.limit} times")
        return self.fragments[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.fragments)

    def __len__(self) -> int:
        return len(self.fragments)


def test_the_cost_of_a_doubling_fragment_chain_is_computed_without_walking_every_path() -> None:
    length = 20
    operation, fragments = split(doubling_chain(length))
    counting = CountingFragments(fragments, limit=100 * length)
    assert compute_cost(operation, counting, {}) == 2**length


@given(fields=st.integers(min_value=1, max_value=30))
def test_a_flat_query_costs_exactly_its_number_of_fields(fields: int) -> None:
    source = "{ " + " ".join(f"f{i}" for i in range(fields)) + " }"
    assert cost(source) == fields


@given(
    first=st.integers(min_value=1, max_value=10_000),
    leaves=st.integers(min_value=1, max_value=10),
    as_variable=st.booleans(),
)
def test_a_page_costs_one_plus_its_size_times_what_it_selects(
    first: int, leaves: int, as_variable: bool
) -> None:
    selected = " ".join(f"f{i}" for i in range(leaves))
    argument = "$first" if as_variable else str(first)
    source = f"query Page($first: Int) {{ persons(first: {argument}) {{ nodes {{ {selected} }} }} }}"
    assert cost(source, {"first": first}) == 1 + first * (1 + leaves)


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(2**31, id="one past Int"),
        pytest.param(int("9" * 4290), id="4290 digits"),
        pytest.param(-(2**31) - 1, id="below Int"),
        pytest.param(100.0, id="a float"),
        pytest.param("100", id="a string"),
        pytest.param(True, id="a boolean"),
    ],
)
def test_a_page_size_that_is_no_int_counts_as_the_largest_int(first: object) -> None:
    """Issue #8 review: such values counted as 1 (a float) or squared into a cost too long for JSON."""
    assert cost(PAGE, {"first": first}) == 1 + MAX_INT * 2


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        pytest.param("1e3", 1 + MAX_INT * 2, id="a float literal"),
        pytest.param('"100"', 1 + MAX_INT * 2, id="a string literal"),
        pytest.param("2147483648", 1 + MAX_INT * 2, id="one past Int"),
        pytest.param("9" * 90, 1 + MAX_INT * 2, id="90 digits"),
        pytest.param("-2147483648", 3, id="the smallest Int"),
    ],
)
def test_a_page_size_literal_is_read_with_its_length_checked_first(literal: str, expected: int) -> None:
    assert cost(f"{{ persons(first: {literal}) {{ nodes {{ name }} }} }}") == expected


def test_the_cost_stops_counting_at_a_number_json_readers_hold_exactly() -> None:
    nested = "{ " + "persons(first: $f) { nodes { " * 6 + "name" + " } }" * 6 + " }"
    source = "query Q($f: Int!) " + nested
    assert cost(source, {"f": MAX_INT}) == MAX_COUNTED_COST == 2**53 - 1
    assert cost(source, {"f": 10}) == 2_222_221  # 1 + 10 * (1 + 1 + 10 * (... 1 + 10 * (1 + 1)))
