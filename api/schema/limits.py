"""Query limits (API.md §Limits): depth, aliases, tokens and a computed cost, each refused with a
top-level error coded LIMIT_EXCEEDED; the cost of every operation is reported in `extensions.cost`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from graphql import (
    BREAK,
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    VariableNode,
    Visitor,
    visit,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from api.errors import TopLevelCode

LIMIT = {"code": TopLevelCode.LIMIT_EXCEEDED.value}

# `first` is at most a few hundred; a literal with more digits is refused by its cost unparsed.
MAX_FIRST_DIGITS: Final = 9


def _code(error: GraphQLError) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), **LIMIT}
    return error


def _coded(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """The same rule, with its errors coded LIMIT_EXCEEDED.

    The depth limiter reports straight to the validation context while it is being constructed, the
    alias limiter through `report_error` while visiting: both paths are covered.
    """

    class CodedLimit(rule):  # type: ignore[valid-type,misc]
        def __init__(self, context: ValidationContext) -> None:
            report = context.report_error
            context.report_error = lambda error: report(_code(error))  # type: ignore[method-assign]
            try:
                super().__init__(context)
            finally:
                del context.report_error

        def report_error(self, error: GraphQLError) -> None:
            super().report_error(_code(error))

    return CodedLimit


def _with_coded_rules(extension: AddValidationRules) -> AddValidationRules:
    extension.validation_rules = [_coded(rule) for rule in extension.validation_rules]
    return extension


def depth_limiter(max_depth: int) -> AddValidationRules:
    return _with_coded_rules(QueryDepthLimiter(max_depth=max_depth))


def alias_limiter(max_aliases: int) -> AddValidationRules:
    return _with_coded_rules(MaxAliasesLimiter(max_alias_count=max_aliases))


def is_token_limit_error(message: str) -> bool:
    """graphql-core aborts parsing past `max_tokens` with this message."""
    return "more than" in message and "tokens" in message


def compute_cost(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    """Each field costs 1; a field with `first: n` multiplies the cost of what it selects by n."""

    fragment_costs: dict[str, int] = {}

    def fragment_cost(name: str, seen: frozenset[str]) -> int:
        # A fragment spread many times is walked once: a chain of fragments that each spread the
        # last twice would otherwise take exponential time before the limit could refuse it.
        if name not in fragment_costs:
            fragment = fragments.get(name)
            if fragment is None or name in seen:
                return 0
            fragment_costs[name] = selection_cost(fragment.selection_set, seen | {name})
        return fragment_costs[name]

    def selection_cost(selection_set: SelectionSetNode | None, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1 + _multiplier(selection, variables) * selection_cost(selection.selection_set, seen)
            elif isinstance(selection, InlineFragmentNode):
                total += selection_cost(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                total += fragment_cost(selection.name.value, seen)
        return total

    return selection_cost(operation.selection_set, frozenset())


def _multiplier(field: FieldNode, variables: Mapping[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            # More digits than any page size: refused by the cost, without parsing a huge number.
            return max(int(value.value), 1) if len(value.value) <= MAX_FIRST_DIGITS else 10**MAX_FIRST_DIGITS
        if isinstance(value, VariableNode):
            raw = variables.get(value.name.value)
            return max(raw, 1) if isinstance(raw, int) else 1
    return 1


class QueryCost(SchemaExtension):
    """Refuses an operation whose computed cost passes `max_cost`, before anything executes."""

    def __init__(self, *, max_cost: int) -> None:
        self.max_cost = max_cost
        self.cost: int | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            fragments = {
                d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
            }
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            name = context.operation_name
            chosen = next((o for o in operations if name is None or (o.name and o.name.value == name)), None)
            if chosen is not None:
                self.cost = compute_cost(chosen, fragments, context.variables or {})
            if self.cost is not None and self.cost > self.max_cost:
                context.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"查询代价 {self.cost} 超过上限 {self.max_cost}，请减少每页条数或嵌套",
                            extensions=LIMIT,
                        )
                    ],
                )
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requested": self.cost, "maximum": self.max_cost}}


# No Int or Float the API takes needs more digits; past Python's int-conversion limit (4,300 digits)
# graphql-core's own validation would fail with an exception instead of an answer.
MAX_NUMBER_DIGITS: Final = 100


class _OversizedNumber(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_int_value(self, node: IntValueNode, *_: object) -> object:
        return self._check(node.value)

    def enter_float_value(self, node: FloatValueNode, *_: object) -> object:
        return self._check(node.value)

    def _check(self, text: str) -> object:
        if len(text) > MAX_NUMBER_DIGITS:
            self.found = True
            return BREAK
        return None


def has_oversized_number(document: DocumentNode) -> bool:
    """Whether a number literal in `document` is longer than any the API takes."""
    visitor = _OversizedNumber()
    visit(document, visitor)
    return visitor.found


class LimitedValidationCache(ValidationCache):
    """Strawberry's validation cache, after refusing number literals too long to validate
    (LIMIT_EXCEEDED), so validation never meets one."""

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None and has_oversized_number(document):
            self.execution_context.pre_execution_errors = [
                GraphQLError(f"数字过长（最多 {MAX_NUMBER_DIGITS} 位）", extensions=LIMIT)
            ]
            yield
            return
        yield from super().on_validate()
