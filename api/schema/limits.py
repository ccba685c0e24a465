"""Query limits (API.md §Limits): depth, aliases, tokens and a computed cost, each refused with a
top-level error coded LIMIT_EXCEEDED and said in Chinese; the cost of every operation is reported in
`extensions.cost`.

Depth and aliases are our own validation rules rather than strawberry's limiters: its depth limiter skips
introspection fields (so OWASP's circular-introspection query was served), walks a fragment again at every
spread (ten fragments each spreading the next thirty times is 30^10 walks), and both speak English.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from functools import cache
from typing import Any, Final, Generic, TypeVar

from graphql import (
    SKIP,
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    Node,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_operation_ast,
    get_variable_values,
    introspection_types,
    validate,
)
from graphql.language.ast import QUERY_DOCUMENT_KEYS
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from api.errors import TopLevelCode
from api.schema.scalars import described_literal_errors

LIMIT = {"code": TopLevelCode.LIMIT_EXCEEDED.value}
# Distinct documents kept parsed and validated: the front end sends a few dozen, each again and again.
DOCUMENT_CACHE_SIZE: Final = 256

# A page size is an Int (32-bit signed): anything outside, which GraphQL refuses anyway, counts as the
# largest, so that it can only raise the cost.
MIN_INT: Final = -(2**31)
MAX_INT: Final = 2**31 - 1
# The cost is counted no higher: past it the answer is the same refusal, the sums stay small whatever the
# nesting, and `extensions.cost` is a number every JSON reader holds exactly (JavaScript's largest safe
# integer).
MAX_COUNTED_COST: Final = 2**53 - 1


def depth_limiter(max_depth: int) -> AddValidationRules:
    """The schema extension refusing operations deeper than `max_depth` (see `depth_rule`)."""
    return AddValidationRules([depth_rule(max_depth)])


def alias_limiter(max_aliases: int) -> AddValidationRules:
    """The schema extension refusing documents with more than `max_aliases` aliases (see `alias_rule`)."""
    return AddValidationRules([alias_rule(max_aliases)])


# --- depth ----------------------------------------------------------------------------------------

# The standard introspection query (graphql-core's `get_introspection_query()`, GraphiQL's) nests `ofType`
# 9 times to read a field's type through its wrappers. That chain is one object per level and cannot fan
# out, so within it `ofType` adds no depth; a longer chain is refused outright: no wrapped type needs it.
MAX_TYPE_REF_DEPTH: Final = 9
# Fragments spread inside fragments without a field between them add no depth, but a long chain of them
# still has to be walked: past this many it is refused too.
MAX_FRAGMENT_NESTING: Final = 50
TOO_DEEP: Final = 1_000_000
_TYPE = introspection_types["__Type"]


def depth_message(max_depth: int) -> str:
    return (
        f"查询嵌套过深：最多 {max_depth} 层（自省查询同样计算；ofType 最多连续嵌套 {MAX_TYPE_REF_DEPTH} 层）"
    )


class _Depth:
    """The depth of an operation: a field with a selection counts one level more than its deepest child,
    a leaf none (so `{ viewer { user { id } } }` is 2), introspection fields (`__schema`, `__type`)
    included: OWASP's circular-introspection query (`types { fields { type { fields ... } } }`) is refused
    like any other query past the limit.

    Each fragment is walked once per `ofType` chain it starts in (memoised), so a fragment spread many
    times costs nothing more.
    """

    def __init__(self, context: ValidationContext) -> None:
        self.context = context
        self.fragments: dict[tuple[str, int], int] = {}

    def of_operation(self, operation: OperationDefinitionNode) -> int:
        root = self.context.schema.get_root_type(operation.operation)
        return self.of_selections(operation.selection_set, root, 0, ())

    def of_selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        chain: int,
        spreads: tuple[str, ...],
    ) -> int:
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                depth = self.of_field(selection, parent, chain, spreads)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.context.schema.get_type(condition.name.value) if condition else parent
                depth = self.of_selections(selection.selection_set, inner, chain, spreads)
            elif isinstance(selection, FragmentSpreadNode):
                depth = self.of_spread(selection, chain, spreads)
            else:
                continue
            deepest = max(deepest, depth)
            if deepest >= TOO_DEEP:
                break
        return deepest

    def of_field(
        self, field: FieldNode, parent: GraphQLNamedType | None, chain: int, spreads: tuple[str, ...]
    ) -> int:
        if field.selection_set is None:
            return 0
        name = field.name.value
        child = _field_type(parent, name)
        if parent is _TYPE and name == "ofType":
            if chain + 1 > MAX_TYPE_REF_DEPTH:
                return TOO_DEEP
            return self.of_selections(field.selection_set, child, chain + 1, spreads)
        return 1 + self.of_selections(field.selection_set, child, 0, spreads)

    def of_spread(self, spread: FragmentSpreadNode, chain: int, spreads: tuple[str, ...]) -> int:
        name = spread.name.value
        if name in spreads:  # a cycle: refused by validation (NoFragmentCyclesRule)
            return 0
        if len(spreads) >= MAX_FRAGMENT_NESTING:
            return TOO_DEEP
        key = (name, chain)
        if key not in self.fragments:
            fragment = self.context.get_fragment(name)
            if fragment is None:  # refused by validation (KnownFragmentNamesRule)
                return 0
            condition = self.context.schema.get_type(fragment.type_condition.name.value)
            self.fragments[key] = self.of_selections(
                fragment.selection_set, condition, chain, (*spreads, name)
            )
        return self.fragments[key]


def _field_type(parent: GraphQLNamedType | None, name: str) -> GraphQLNamedType | None:
    if name == "__schema":
        return get_named_type(SchemaMetaFieldDef.type)
    if name == "__type":
        return get_named_type(TypeMetaFieldDef.type)
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) and name in parent.fields:
        named: GraphQLNamedType = get_named_type(parent.fields[name].type)
        return named
    return None


# The rules are built once per limit: the validation cache is keyed by the rule classes with the
# document, so a class built afresh per request would make every request miss it (#14 measured 0 hits in
# 20 identical requests).
@cache
def depth_rule(max_depth: int) -> type[ASTValidationRule]:
    """A validation rule refusing any operation deeper than `max_depth` (LIMIT_EXCEEDED); the same
    class for the same limit."""

    class DepthLimit(ValidationRule):
        refuses_early = True

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> object:
            if _Depth(self.context).of_operation(node) > max_depth:
                self.report_error(GraphQLError(depth_message(max_depth), node, extensions=LIMIT))
            return SKIP

    return DepthLimit


# --- aliases --------------------------------------------------------------------------------------


@cache
def alias_rule(max_aliases: int) -> type[ASTValidationRule]:
    """A validation rule refusing a document with more than `max_aliases` aliases (LIMIT_EXCEEDED):
    each alias may run its field again, so they are counted over the whole document. The same class
    for the same limit (see `depth_rule`)."""

    class AliasLimit(ASTValidationRule):
        refuses_early = True

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_field(self, node: FieldNode, *_: object) -> None:
            if node.alias is not None:
                self.count += 1

        def leave_document(self, node: DocumentNode, *_: object) -> None:
            if self.count > max_aliases:
                self.report_error(
                    GraphQLError(f"别名过多：{self.count} 个，最多 {max_aliases} 个", extensions=LIMIT)
                )

    return AliasLimit


# --- tokens ---------------------------------------------------------------------------------------
# graphql-core aborts parsing past `max_tokens` (strawberry's MaxTokensLimiter) from strawberry's parser
# cache hook, before any later hook could reword it: api/request_errors.py says it in Chinese and codes it.


def compute_cost(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    """Each field costs 1; a field with `first: n` multiplies the cost of what it selects by n.

    `variables` are the coerced values (as execution reads them); a page size that is no Int counts as
    the largest Int. The result is at most `MAX_COUNTED_COST`."""

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
            total = min(total, MAX_COUNTED_COST)
        return total

    return selection_cost(operation.selection_set, frozenset())


def _multiplier(field: FieldNode, variables: Mapping[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            # Counted before validation could refuse it: its length is checked before it is converted.
            text = value.value
            if text.startswith("-"):
                return 1
            return _page_size(int(text)) if len(text) <= len(str(MAX_INT)) else MAX_INT
        if isinstance(value, VariableNode):
            return _page_size(variables.get(value.name.value))
        return MAX_INT  # a Float or String literal is no Int: validation refuses it, the cost too
    return 1


def _page_size(value: object) -> int:
    """A page size as a cost multiplier: at least 1, and anything that is no Int (a huge number, a
    float, a string) counts as the largest Int, so it can only raise the cost, never slip under it."""
    if value is None:
        return 1  # `first` is Int! everywhere: a null or missing one is refused before anything runs
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_INT <= value <= MAX_INT:
        return MAX_INT
    return max(value, 1)


def _variable_values(context: ExecutionContext, operation: OperationDefinitionNode) -> dict[str, Any] | None:
    """The operation's variables as execution will read them (graphql-core's own coercion: 100.0 is the
    Int 100, a variable left out takes its default), or None if they cannot be coerced: execution
    refuses them itself, as BAD_USER_INPUT, before any resolver runs."""
    coerced = get_variable_values(
        context.schema._schema, operation.variable_definitions or (), context.variables or {}, max_errors=1
    )
    return None if isinstance(coerced, list) else dict(coerced.coerced)


class QueryCost(SchemaExtension):
    """Refuses an operation whose computed cost passes `max_cost`, before anything executes."""

    def __init__(self, *, max_cost: int) -> None:
        self.max_cost = max_cost
        self.cost: int | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document is not None else None
        variables = _variable_values(context, operation) if operation is not None else None
        if document is not None and operation is not None and variables is not None:
            fragments = {
                d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
            }
            self.cost = compute_cost(operation, fragments, variables)
            if self.cost > self.max_cost:
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


def nodes_of(document: DocumentNode) -> Iterator[Node]:
    """Every node of `document`, parents first: a plain walk, several times quicker than graphql-core's
    `visit` (which the checks made before validation would otherwise each pay on a hostile document)."""
    stack: list[Node] = [document]
    while stack:
        node = stack.pop()
        yield node
        # The child keys by kind, not `node.keys`: graphql-core 3.3 works those out from the dataclass
        # fields on every read, which made this walk half of refusing a 1,000-field document. Scalar
        # literals (int_value, string_value...) have no entry: they hold no nodes.
        for key in QUERY_DOCUMENT_KEYS.get(node.kind, ()):
            child = getattr(node, key, None)
            if isinstance(child, Node):
                stack.append(child)
            elif isinstance(child, tuple | list):
                stack.extend(item for item in child if isinstance(item, Node))


def has_oversized_number(document: DocumentNode) -> bool:
    """Whether a number literal in `document` is longer than any the API takes."""
    return any(
        isinstance(node, IntValueNode | FloatValueNode) and len(node.value) > MAX_NUMBER_DIGITS
        for node in nodes_of(document)
    )


V = TypeVar("V")


class TextKeyedCache(Generic[V]):
    """What was worked out about a document, kept by its text (with whatever else the answer depends
    on) for the next request sending the same text; the least recently used entry goes past `maxsize`.

    By text, not by the parsed document: graphql-core's documents compare and hash by structure and
    offsets, so two texts laid out differently (a space for a line break) would share an answer whose
    error locations are the first one's, and hashing a document walks the whole tree each time."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[Hashable, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        if key in self.entries:
            self.entries.move_to_end(key)
            self.hits += 1
            return self.entries[key]
        self.misses += 1
        value = compute()
        self.entries[key] = value
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
        return value


# --- repeated fields and password mutations ---------------------------------------------------------

# graphql-core's OverlappingFieldsCanBeMergedRule compares every pair of fields that answer under one name
# in a selection set (with the fields of the fragments spread there, and in every fragment again): 240
# `counties { code }` in one document (4 KB, 962 tokens) took it 0.5 s on a busy 2-core machine, 90
# fragments each spreading the next 0.1-0.3 s. Past this many pairs the document is refused before
# validation; a chain of 15 fragments each selecting `id` makes 560, the front end's documents a few.
MAX_FIELD_PAIRS: Final = 1000


def field_pair_count(document: DocumentNode, stop_past: int = MAX_FIELD_PAIRS) -> int:
    """How many pairs of fields answering under the same name validation must compare: in each
    selection set of `document` (fragments' own included), k fields under one name make k(k-1)/2
    pairs, counting the fields of inline fragments and of each fragment spread there (through the
    fragments it spreads). Counting stops once past `stop_past`."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    memo: dict[str, Counter[str]] = {}

    def of_fragment(name: str, within: frozenset[str]) -> Counter[str]:
        if name in memo:
            return memo[name]
        fragment = fragments.get(name)
        if fragment is None or name in within:  # undefined or a cycle: validation refuses both
            return Counter()
        memo[name] = names_of(fragment.selection_set, within | {name})
        return memo[name]

    def names_of(selection_set: SelectionSetNode, within: frozenset[str]) -> Counter[str]:
        names: Counter[str] = Counter()
        spread: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, InlineFragmentNode):
                names.update(names_of(selection.selection_set, within))
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)
                names.update(of_fragment(selection.name.value, within))
        return names

    total = 0
    for node in nodes_of(document):
        if isinstance(node, SelectionSetNode):
            total += sum(k * (k - 1) // 2 for k in names_of(node, frozenset()).values())
            if total > stop_past:
                break
    return total


# Each of these checks or sets a password with a memory-hard hash: written several times in one document
# (under aliases) they would guess passwords, and spend the hash's time and memory, many times a request.
PASSWORD_MUTATIONS: Final = frozenset({"login", "changePassword", "registerAccount"})


class OnePasswordMutation(ValidationRule):
    """Refuses a document that writes `login`, `changePassword` or `registerAccount` more than once in
    all (LIMIT_EXCEEDED): the per-username and per-address sign-in limits count requests' attempts,
    and a password is tried once a request."""

    refuses_early = True

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.count = 0

    def enter_field(self, node: FieldNode, *_: object) -> None:
        parent = self.context.get_parent_type()
        if parent is self.context.schema.mutation_type and node.name.value in PASSWORD_MUTATIONS:
            self.count += 1
            if self.count == 2:
                self.report_error(
                    GraphQLError("一次请求只能登录、修改密码或注册一次（含别名）", node, extensions=LIMIT)
                )


INTROSPECTION_DEPTH_ERROR: Final = "Maximum introspection depth exceeded"


def refuses_early(rule: type[ASTValidationRule]) -> bool:
    """A rule that refuses what a limit or the deployment forbids, checked on its own before the
    specification's thirty-odd rules: a document past a limit is refused for the price of one walk.
    (A deep query of 940 fields took the whole validation 20-40 ms.)"""
    return getattr(rule, "refuses_early", False) or rule is NoSchemaIntrospectionCustomRule


# Validation's answer per (document text, validation rules): shared by every request of the process.
VALIDATED: Final[TextKeyedCache[list[GraphQLError]]] = TextKeyedCache(DOCUMENT_CACHE_SIZE)


class LimitedValidationCache(SchemaExtension):
    """Validation, once per document text and rules (`VALIDATED`), after refusing number literals too
    long to validate and fields repeated past `MAX_FIELD_PAIRS` (LIMIT_EXCEEDED), so validation
    never meets one; a password mutation written twice is refused (`OnePasswordMutation`);
    graphql-core's introspection bound is coded LIMIT_EXCEEDED and said in Chinese like the other
    limits; a value in the document that a scalar refuses names its argument
    (`described_literal_errors`)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.query is not None:
            context.pre_execution_errors = VALIDATED.get(
                (context.query, context.validation_rules), lambda: self._validate(document)
            )
        yield

    def _validate(self, document: DocumentNode) -> list[GraphQLError]:
        if has_oversized_number(document):
            return [GraphQLError(f"数字过长（最多 {MAX_NUMBER_DIGITS} 位）", extensions=LIMIT)]
        if field_pair_count(document) > MAX_FIELD_PAIRS:
            return [
                GraphQLError(
                    f"同名的字段重复过多（含片段中的）：须两两比较的字段超过 {MAX_FIELD_PAIRS} 对，"
                    "请去掉重复的字段或片段",
                    extensions=LIMIT,
                )
            ]
        context = self.execution_context
        schema = context.schema._schema
        early = tuple(rule for rule in context.validation_rules if refuses_early(rule))
        errors = validate(schema, document, (*early, OnePasswordMutation))
        if not errors:
            errors = validate_document(schema, document, context.validation_rules)
        if errors:
            errors = described_literal_errors(document, errors)
        for error in errors:
            if error.message == INTROSPECTION_DEPTH_ERROR:
                # graphql-core's own bound on introspection (MaxIntrospectionDepthRule: `fields`,
                # `inputFields`, `interfaces`, `possibleTypes` nested more than thrice), said like ours.
                error.message = (
                    "自省查询嵌套过深：fields、inputFields、interfaces、possibleTypes 最多嵌套 3 层"
                )
                error.extensions = {**(error.extensions or {}), **LIMIT}
        return errors
