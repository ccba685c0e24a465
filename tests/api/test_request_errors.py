"""graphql-core's English request errors, as a user of this service reads them: in Chinese, coded, and
without the values the client sent; and the media type an `Accept` header gets."""

from __future__ import annotations

import ast
import inspect
import itertools
import re
import sys
from types import ModuleType

import graphql.language.lexer
import graphql.language.parser
import graphql.type.scalars
import pytest
from graphql.validation import specified_rules

from api.app import GRAPHQL_RESPONSE_JSON, JSON, negotiate
from api.request_errors import describe
from api.schema import build_schema

V = "GRAPHQL_VALIDATION_FAILED"
U = "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("english", "chinese", "code"),
    [
        ("Cannot query field 'x' on type 'Query'.", "类型 Query 没有字段「x」", V),
        (
            "Cannot query field 'cod' on type 'County'. Did you mean 'code'?",
            "类型 County 没有字段「cod」，是否想写「code」？",
            V,
        ),
        (
            "Field 'counties' of type '[County!]!' must have a selection of subfields."
            " Did you mean 'counties { ... }'?",
            "字段「counties」（[County!]!）须列出要查询的子字段",
            V,
        ),
        (
            "Field 'code' must not have a selection since type 'String!' has no subfields.",
            "字段「code」（String!）没有子字段，不能再选择",
            V,
        ),
        ("Unknown argument 'bogus' on field 'Query.persons'.", "Query.persons 没有参数「bogus」", V),
        (
            "Argument '@include(if:)' of type 'Boolean!' is required, but it was not provided.",
            "@include 缺少必填参数「if」（Boolean!）",
            V,
        ),
        ("Variable '$x' is never used in operation 'Q'.", "变量 $x 声明了但没有使用", V),
        ("Variable '$n' is not defined by operation 'Q'.", "变量 $n 没有在操作中声明", V),
        (
            "Variable '$n' of type 'String!' used in position expecting type 'Int!'.",
            "变量 $n 的类型 String! 不能用在需要 Int! 的位置",
            V,
        ),
        ("Unknown type 'Foo'.", "未知类型 Foo", V),
        ("Fragment 'F' is never used.", "片段「F」定义了但没有使用", V),
        ("There can be only one operation named 'A'.", "操作名「A」重复", V),
        (
            "This anonymous operation must be the only defined operation.",
            "文档含有多个操作时，每个操作都须有名字",
            V,
        ),
        ("Unknown directive '@foo'.", "未知指令 @foo", V),
        ("The subscription operation is not supported by the schema.", "本服务不提供 subscription 操作", V),
        (
            "Fields 'code' conflict because 'code' and 'name' are different fields."
            " Use different aliases on the fields to fetch both if this was intentional.",
            "结果字段「code」冲突：同一名字取了不同的内容，请改用不同的别名",
            V,
        ),
        (
            "GraphQL introspection has been disabled, but the requested query contained the field '__schema'.",
            "本服务已关闭内省查询（字段「__schema」）",
            V,
        ),
        ("Syntax Error: Expected Name, found <EOF>.", "查询语法错误：此处应为名字，却是文档结尾", V),
        (
            "Syntax Error: Invalid number, expected digit but got: 'x'.",
            "查询语法错误：数字有误：此处应为数字，却是「x」",
            V,
        ),
        ("Syntax Error: Unexpected '}'.", "查询语法错误：此处不应出现「}」", V),
        # A long token of the client's document is cut short, not echoed whole.
        (
            f"Syntax Error: Unexpected String '{'x' * 5000}'.",
            f"查询语法错误：此处不应出现字符串「{'x' * 40}…」",
            V,
        ),
        (
            "Fragment cannot condition on non composite type 'String'.",
            "类型 String 没有字段可选，不能用作片段的类型条件（on String）",
            V,
        ),
        (
            "The 'X' definition is not executable.",
            "文档只能含有操作（query、mutation）和片段，不能含有「X」定义",
            V,
        ),
        ("Must provide an operation.", "文档中没有可执行的操作：请写一个 query 或 mutation", V),
        # graphql-core's scalars say what they refused (a Python repr); the value is not passed on.
        (
            "Variable '$v' has invalid value: ID cannot represent value: {'a': 1}",
            "变量 $v 的值无效：应为 ID（字符串或整数）",
            U,
        ),
        (
            "Variable '$v' has invalid value: ID cannot represent value: 1.5",
            "变量 $v 的值无效：应为 ID（字符串或整数）",
            U,
        ),
        (
            "ID cannot represent a non-string and non-integer value: { a: 1 }",
            "参数值无效：应为 ID（字符串或整数）",
            V,
        ),
        (
            "Variable '$n' has invalid value: Int cannot represent non-integer value: 1.5",
            "变量 $n 的值无效：应为整数（Int）",
            U,
        ),
        (
            "Variable '$f' has invalid value: Float cannot represent non numeric value: 'x'",
            "变量 $f 的值无效：应为数值（Float）",
            U,
        ),
        (
            "Variable '$b' has invalid value: Boolean cannot represent a non boolean value: 'yes'",
            "变量 $b 的值无效：应为 true 或 false（Boolean）",
            U,
        ),
        (
            "Variable '$s' has invalid value: String cannot represent a non string value: ['a']",
            "变量 $s 的值无效：应为字符串（String）",
            U,
        ),
        (
            "Variable '$e' has invalid value: Enum 'Role' cannot represent non-string value: 7.",
            "变量 $e 的值无效：不是枚举 Role 的取值",
            U,
        ),
        (
            "Variable '$e' has invalid value: Value 'ADMN' does not exist in 'Role' enum. Did you mean the enum value 'ADMIN'?",
            "变量 $e 的值无效：不是枚举 Role 的取值",
            U,
        ),
        # An English reason nothing knows may carry the value: it is not passed on either.
        (
            "Variable '$u' has invalid value: Expected value of type 'Upload', but encountered error 'bad value x'; found: 'x'.",
            "变量 $u 的值无效：不是有效的 Upload：格式不对",
            U,
        ),
        (
            "Syntax Error: Document contains more than 5000 tokens. Parsing aborted.",
            "查询过长：超过 5000 个词法单元的上限",
            "LIMIT_EXCEEDED",
        ),
        (
            "Syntax Error: Document is nested too deeply. Parsing aborted.",
            "查询嵌套过深，无法解析（请减少嵌套层数）",
            "LIMIT_EXCEEDED",
        ),
        ('Int cannot represent non-integer value: "x"', "参数值无效：应为整数（Int）", V),
        (
            "Expected value of type 'LoginInput' to include required field 'password', found: { username: \"a\" }.",
            "参数值无效：LoginInput 缺少必填字段「password」",
            V,
        ),
        (
            "Variable '$n' has invalid value: Expected value of non-null type 'Int!' not to be None.",
            "变量 $n 的值无效：不能为 null（Int!）",
            U,
        ),
        (
            "Variable '$n' has invalid value: Expected a value of non-null type 'Int!' to be provided.",
            "变量 $n 的值无效：必须提供（Int!）",
            U,
        ),
        (
            "Variable '$f' has invalid value at .countyCode: String cannot represent a non string value: 5",
            "变量 $f 中的 countyCode 的值无效：应为字符串（String）",
            U,
        ),
        (
            "Variable '$i' has invalid value: Expected value of type 'LoginInput' not to include unknown field"
            " 'zz', found: {'username': 'a', 'password': 'secret', 'zz': 1}.",
            "变量 $i 的值无效：LoginInput 没有字段「zz」",
            U,
        ),
        (
            "Variable '$n' has invalid value: Int cannot represent non 32-bit signed integer value: 99999999999",
            "变量 $n 的值无效：超出 Int 的范围（32 位整数）",
            U,
        ),
        # A scalar that refuses a value in Chinese itself keeps its words.
        (
            "Variable '$h' has invalid value: 学时应为不超过一位小数的数",
            "变量 $h 的值无效：学时应为不超过一位小数的数",
            U,
        ),
        ("类型不对", "类型不对", V),
        (
            "Something graphql-core says that no rule knows.",
            "查询有误：Something graphql-core says that no rule knows.",
            V,
        ),
    ],
)
def test_graphql_core_messages_are_said_in_chinese_and_coded(english: str, chinese: str, code: str) -> None:
    described = describe(english)
    assert (described.message, described.code.value) == (chinese, code)


async def test_the_messages_of_this_graphql_core_version_are_all_known() -> None:
    """graphql-core's own wording for the usual mistakes, from the schema itself: when an upgrade
    rewords one, this fails instead of the message falling back to English."""
    schema = build_schema()
    mistakes = [
        ("{ countiez { code } }", None),
        ("{ counties }", None),
        ("{ counties { code { x } } }", None),
        ("{ persons { totalCount } }", None),
        ("{ persons(first: 1, bogus: 2) { totalCount } }", None),
        ('{ persons(first: "x") { totalCount } }', None),
        ("query Q($x: Int) { counties { code } }", None),
        ("query Q($n: Int!) { persons(first: $n) { totalCount } }", {}),
        ("query Q($n: Int!) { persons(first: $n) { totalCount } }", {"n": "abc"}),
        ("query Q($n: String!) { persons(first: $n) { totalCount } }", {"n": "abc"}),
        ("fragment F on County { code } { counties { code } }", None),
        ("query A { counties { code } } query A { counties { code } }", None),
        ("{ counties { code @foo } }", None),
        ("{", None),
        ("{ counties { code code: name } }", None),
        ("{ counties { ... on Person { name } } }", None),
        ("{ counties { ...F } }", None),
        ("{" + "a{" * 1500 + "b" + "}" * 1501, None),
        ("{ ...on String { x } }", None),
        ("query Q($v: ID!) { node(id: $v) { id } }", {"v": {"a": 1}}),
        ("{ counties { code(x: 0x) } }", None),
    ]
    for query, variables in mistakes:
        result = await schema.execute(query, variable_values=variables)
        for error in result.errors or []:
            assert not describe(error.message).message.startswith("查询有误"), error.message


def _samples(node: ast.expr) -> list[str]:
    """The messages graphql-core's source builds with `node` (each branch of a conditional), with `Xy`
    for each value it puts in and nothing for its optional " Did you mean ...?"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        parts = node.values if isinstance(node, ast.JoinedStr) else [node.left, node.right]
        return ["".join(p) for p in itertools.product(*(_samples(part) for part in parts))]
    if isinstance(node, ast.FormattedValue):
        return _samples(node.value)
    if isinstance(node, ast.IfExp):
        return _samples(node.body) + _samples(node.orelse)
    if "did_you_mean" in ast.unparse(node) or (isinstance(node, ast.Name) and "suggest" in node.id):
        return [""]
    return ["Xy"]


def _messages(module: ModuleType, error_class: str, argument: int) -> list[str]:
    """Every message `module` raises as `error_class(...)` (its argument number `argument`), directly or
    through a `msg` variable, with sample values."""
    tree = ast.parse(inspect.getsource(module))
    built: list[ast.expr] = []
    variables: set[str] = set()
    helpers: set[str] = set()  # functions of the module that build a message
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in {error_class, "report_invalid_value"}:
            index = 1 if ast.unparse(node.func) == "report_invalid_value" else argument
            if len(node.args) <= index:
                continue
            message = node.args[index]
            if isinstance(message, ast.Name):
                variables.add(message.id)
            elif isinstance(message, ast.Call) and isinstance(message.func, ast.Name):
                helpers.add(message.func.id)
            else:
                built.append(message)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) in variables:
            built.append(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name in helpers:
            built += [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value]
    return [sample for e in built for sample in _samples(e)]


def _validation_messages() -> list[str]:
    modules = {sys.modules[rule.__module__] for rule in specified_rules}
    return [
        m
        for module in sorted(modules, key=lambda m: m.__name__)
        for m in _messages(module, "GraphQLError", 0)
    ]


def _value_messages() -> list[str]:
    # graphql.utilities re-exports the function validate_input_value under its module's name.
    coercion = sys.modules["graphql.utilities.validate_input_value"]
    return _messages(graphql.type.scalars, "GraphQLError", 0) + _messages(coercion, "GraphQLError", 0)


def _syntax_messages() -> list[str]:
    return [
        f"Syntax Error: {m}"
        for module in (graphql.language.lexer, graphql.language.parser)
        for m in _messages(module, "GraphQLSyntaxError", 2)
    ]


def test_every_message_of_graphql_cores_validation_rules_scalars_and_parser_is_known() -> None:
    """Read from graphql-core's own source (every validation rule it specifies, its scalars and input
    coercion, its lexer and parser): a message an upgrade adds or rewords fails here instead of reaching
    a user in English."""
    validation, values, syntax = _validation_messages(), _value_messages(), _syntax_messages()
    assert len(validation) > 40
    assert len(values) > 20
    assert len(syntax) > 15
    for message in validation + values + syntax:
        described = describe(message, [{"line": 3, "column": 7}]).message
        assert not described.startswith("查询有误"), message
        assert not described.endswith("无法解析"), message
        # Only a scalar's own error (said in Chinese by this service's scalars) may be unknown here.
        assert "encountered error" in message or not described.endswith("格式不对"), message
        assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", described), (message, described)
    for message in values:
        # The value graphql-core quotes (a Python repr of the client's input) stays out.
        # (a type or field name is quoted, 'Xy'; a value is not, Xy)
        assert describe(message).message.count("Xy") <= message.count("'Xy'"), message
    assert describe(syntax[0], [{"line": 3, "column": 7}]).message.startswith(
        "查询语法错误（第 3 行第 7 列）："
    )


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, JSON),
        ("", JSON),
        ("application/json", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"application/json;q=1, {GRAPHQL_RESPONSE_JSON};q=0.8", JSON),
        # Neither type acceptable: None, answered 406 (GraphQL over HTTP §Accept, RECOMMENDED).
        (f"{GRAPHQL_RESPONSE_JSON};q=0", None),
        ("application/json;q=0", None),
        ("Application/JSON", JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=bad, */*;q=0.1", JSON),
        ("text/html", None),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON", GRAPHQL_RESPONSE_JSON),
    ],
)
def test_the_media_type_follows_the_accept_header(accept: str | None, media_type: str | None) -> None:
    assert negotiate(accept) == media_type
