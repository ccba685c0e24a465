"""graphql-core's English request errors, as a user of this service reads them: in Chinese, coded, and
without the values the client sent; and the media type an `Accept` header gets."""

from __future__ import annotations

import pytest

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
        ("Syntax Error: Expected Name, found <EOF>.", "查询语法错误：Expected Name, found <EOF>.", V),
        (
            "Syntax Error: Document contains more than 5000 tokens. Parsing aborted.",
            "查询过长：超过 5000 个词法单元的上限",
            "LIMIT_EXCEEDED",
        ),
        (
            "Syntax Error: Document is nested too deeply. Parsing aborted.",
            "查询嵌套过深，无法解析",
            "LIMIT_EXCEEDED",
        ),
        ('Int cannot represent non-integer value: "x"', "参数值无效：应为 Int 类型的值", V),
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
            "变量 $f 中的 countyCode 的值无效：应为 String 类型的值",
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
    ]
    for query, variables in mistakes:
        result = await schema.execute(query, variable_values=variables)
        for error in result.errors or []:
            assert not describe(error.message).message.startswith("查询有误"), error.message


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
        (f"{GRAPHQL_RESPONSE_JSON};q=0", JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=bad, */*;q=0.1", JSON),
        ("text/html", JSON),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON", GRAPHQL_RESPONSE_JSON),
    ],
)
def test_the_media_type_follows_the_accept_header(accept: str | None, media_type: str) -> None:
    assert negotiate(accept) == media_type
