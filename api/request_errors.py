"""Errors found before an operation runs, in Chinese and coded like every other error (API.md §Conventions).

Two kinds:
- `RequestError`: the HTTP request is not a GraphQL-over-HTTP request this service takes (a body that is
  not JSON, a GET, an unknown content type, no `query`); answered with a 4xx status and `BAD_REQUEST`.
- graphql-core's own English messages for documents that do not parse, do not validate against the
  schema, or whose variables cannot be coerced: `describe` gives each a Chinese message and a code
  (`GRAPHQL_VALIDATION_FAILED` for the document, `BAD_USER_INPUT` for a variable's value). Values the
  client sent are never echoed back: a hostile or personal value (a password in a login input) stays out
  of the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from api.errors import TopLevelCode

MAX_ECHOED_NAME = 40


class RequestError(Exception):
    """An HTTP request refused before any GraphQL runs: `status` (400, 405, 406, 413, 415), a Chinese
    message and a code (BAD_REQUEST unless said)."""

    def __init__(self, status: int, message: str, code: TopLevelCode = TopLevelCode.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def echoed(name: str) -> str:
    """A name the client sent (an operation name), cut short before it goes back into a message."""
    return name if len(name) <= MAX_ECHOED_NAME else name[:MAX_ECHOED_NAME] + "…"


# What strawberry's view says in English when it refuses a request itself (multipart bodies, mostly).
_STRAWBERRY_REASONS: Final = {
    "Unable to parse the multipart body": "无法解析 multipart 请求体",
    "File(s) missing in form data": "multipart 请求缺少 map 中列出的文件",
    "Unable to parse request body as JSON": "请求体不是有效的 JSON",
    "Batching is not enabled": "不支持批量请求：一次请求只能含一个操作",
    "No GraphQL query found in the request": "请求缺少 query（GraphQL 查询文本）",
}


def from_strawberry(status: int, reason: str) -> RequestError:
    """A refusal strawberry's view raised (`HTTPException`), in Chinese and coded."""
    return RequestError(
        status if 400 <= status < 500 else 400, _STRAWBERRY_REASONS.get(reason, "无法处理此请求")
    )


MULTIPLE_OPERATIONS: Final = "文档含有多个操作，请用 operationName 指明要执行哪一个"
NO_OPERATION: Final = "文档中没有可执行的操作：请写一个 query 或 mutation"


def unknown_operation(name: str) -> str:
    return f"文档中没有名为「{echoed(name)}」的操作"


@dataclass(frozen=True, slots=True)
class Described:
    message: str
    code: TopLevelCode


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

_PLACEHOLDER: Final = re.compile(r"(\{\$?\w+\}|\{\?hint\}|…)")


def _message(template: str) -> re.Pattern[str]:
    """A graphql-core message template as a pattern: `{name}` is a quoted name ('x'), `{$name}` a quoted
    variable ('$x'), `{?hint}` graphql-core's optional " Did you mean ...?", `…` anything (a value)."""
    pattern = ""
    for part in _PLACEHOLDER.split(template):
        if part == "{?hint}":
            pattern += r"(?: Did you mean (?P<hint>.+)\?)?"
        elif part == "…":
            pattern += ".*"
        elif part.startswith("{$"):
            pattern += rf"'\$(?P<{part[2:-1]}>[^']+)'"
        elif part.startswith("{"):
            pattern += rf"'(?P<{part[1:-1]}>[^']+)'"
        else:
            pattern += re.escape(part)
    return re.compile(pattern, re.S)


def _quoted_list(text: str) -> str:
    """graphql-core's "'a', 'b', or 'c'" as 「a」、「b」或「c」."""
    names = re.findall(r"'([^']*)'", text)
    quoted = [f"「{n}」" for n in names]
    return "、".join(quoted[:-1]) + "或" + quoted[-1] if len(quoted) > 1 else "".join(quoted)


def _suggestion(match: re.Match[str]) -> str:
    hint = match.groupdict().get("hint")
    return f"，是否想写{_quoted_list(hint)}？" if hint else ""


# graphql-core's messages for a value that does not fit its type (its scalars in graphql/type/scalars.py,
# enums, and graphql/utilities/validate_input_value.py for literals and variables); the value itself
# (after "found" or the last colon) is dropped, never echoed.
_VALUE_RULES: Final[list[Rule]] = [
    (
        _message("Int cannot represent non 32-bit signed integer value: …"),
        lambda m: "超出 Int 的范围（32 位整数）",
    ),
    (_message("Int cannot represent non-integer value: …"), lambda m: "应为整数（Int）"),
    (_message("Float cannot represent non numeric value: …"), lambda m: "应为数值（Float）"),
    (_message("String cannot represent a non string value: …"), lambda m: "应为字符串（String）"),
    (_message("String cannot represent value: …"), lambda m: "应为字符串（String）"),
    (_message("Boolean cannot represent a non boolean value: …"), lambda m: "应为 true 或 false（Boolean）"),
    (
        _message("ID cannot represent a non-string and non-integer value: …"),
        lambda m: "应为 ID（字符串或整数）",
    ),
    (_message("ID cannot represent value: …"), lambda m: "应为 ID（字符串或整数）"),
    (_message("Enum {type} cannot represent non-enum value: …"), lambda m: f"不是枚举 {m['type']} 的取值"),
    (_message("Enum {type} cannot represent non-string value: …"), lambda m: f"不是枚举 {m['type']} 的取值"),
    (_message("Enum {type} cannot represent value: …"), lambda m: f"不是枚举 {m['type']} 的取值"),
    (_message("Value … does not exist in {type} enum.…"), lambda m: f"不是枚举 {m['type']} 的取值"),
    (
        re.compile(r"(?P<type>\w+) cannot represent (?:a )?non.*", re.S),
        lambda m: f"应为 {m['type']} 类型的值",
    ),
    (
        _message("Expected value of type {type} to include required field {field}…"),
        lambda m: f"{m['type']} 缺少必填字段「{m['field']}」",
    ),
    (
        _message("Expected value of type {type} not to include unknown field {field}…"),
        lambda m: f"{m['type']} 没有字段「{m['field']}」",
    ),
    (_message("Expected value of type {type} to be an object…"), lambda m: f"应为 {m['type']} 对象"),
    (
        _message("Expected a value of non-null type {type} to be provided."),
        lambda m: f"必须提供（{m['type']}）",
    ),
    (
        _message("Expected value of non-null type {type} not to be None."),
        lambda m: f"不能为 null（{m['type']}）",
    ),
    (
        _message("Expected variable {$var} provided to type {type} to provide a runtime value."),
        lambda m: f"变量 ${m['var']} 须有值（{m['type']}）",
    ),
    (
        _message("Expected variable {$var} provided to non-null type {type} not to be None."),
        lambda m: f"变量 ${m['var']} 不能为 null（{m['type']}）",
    ),
    (
        _message(
            "Expected variable {$var} provided to field {field} for OneOf Input Object type {type}"
            " to provide a runtime value."
        ),
        lambda m: f"变量 ${m['var']} 须有值（{m['type']} 的字段「{m['field']}」）",
    ),
    (
        _message(
            "Expected variable {$var} provided to field {field} for OneOf Input Object type {type}"
            " not to be None."
        ),
        lambda m: f"变量 ${m['var']} 不能为 null（{m['type']} 的字段「{m['field']}」）",
    ),
    (
        _message(
            "Within OneOf Input Object type {type}, exactly one field must be specified, and the value"
            " for that field must be non-null."
        ),
        lambda m: f"{m['type']} 须恰好给出一个字段，且其值不能为 null",
    ),
    (
        re.compile(
            r"Expected value of type '(?P<type>[^']+)', but encountered error '(?P<reason>.*)'; found.*", re.S
        ),
        lambda m: f"不是有效的 {m['type']}：{_reason(m['reason'])}",
    ),
    (
        re.compile(r"Expected value of type '(?P<type>[^']+)', found .*?; (?P<reason>.*)", re.S),
        lambda m: f"不是有效的 {m['type']}：{_reason(m['reason'])}",
    ),
    (_message("Expected value of type {type}, found…"), lambda m: f"不是有效的 {m['type']}"),
    (_message("Expected value of type {type} to be valid, found…"), lambda m: f"不是有效的 {m['type']}"),
]


def _reason(text: str) -> str:
    """Why a value was refused, in Chinese; a message a scalar raised itself (already Chinese) as it is."""
    for pattern, render in _VALUE_RULES:
        if match := pattern.fullmatch(text):
            return render(match)
    # An English reason no rule knows may carry the value: it is not passed on.
    return text if _HAN.search(text) else "格式不对"


def _variable(match: re.Match[str]) -> str:
    where = f" 中的 {match['at'].lstrip('.')}" if match["at"] else ""
    return f"变量 ${match['var']}{where} 的值无效：{_reason(match['reason'])}"


# Variable values are the client's input: a wrong one is BAD_USER_INPUT, as a wrong argument is.
_COERCION_RULES: Final[list[Rule]] = [
    (
        re.compile(
            r"Variable '\$(?P<var>[^']+)' has invalid value(?: at (?P<at>[^:]+))?: (?P<reason>.*)", re.S
        ),
        _variable,
    ),
    (
        re.compile(r"Variable '\$(?P<var>[^']+)' got invalid value .*?(?:; (?P<reason>.*))?", re.S),
        lambda m: f"变量 ${m['var']} 的值无效" + (f"：{_reason(m['reason'])}" if m["reason"] else ""),
    ),
    (
        _message("Variable {$var} of required type {type} was not provided."),
        lambda m: f"缺少必填变量 ${m['var']}（{m['type']}）",
    ),
    (
        _message("Variable {$var} of non-null type {type} must not be null."),
        lambda m: f"变量 ${m['var']} 不能为 null（{m['type']}）",
    ),
    (
        # graphql-core stops at its 50th wrong value (`max_errors`), after listing those 50.
        re.compile(r"Too many errors processing variables, error limit reached\. Execution aborted\."),
        lambda _: "变量中的错误过多，已停止检查其余的值：请先改正以上各处",
    ),
]

# Documents that do not parse or do not validate against the schema (graphql-core 3.3's wording).
_DOCUMENT_RULES: Final[list[Rule]] = [
    (
        _message("Cannot query field {field} on type {type}.{?hint}"),
        lambda m: f"类型 {m['type']} 没有字段「{m['field']}」{_suggestion(m)}",
    ),
    (
        _message("Field {field} of type {type} must have a selection of subfields.…"),
        lambda m: f"字段「{m['field']}」（{m['type']}）须列出要查询的子字段",
    ),
    (
        _message("Field {field} must not have a selection since type {type} has no subfields."),
        lambda m: f"字段「{m['field']}」（{m['type']}）没有子字段，不能再选择",
    ),
    (
        re.compile(
            r"Argument '(?P<owner>[^']+)\((?P<arg>[^:]+):\)' of type '(?P<type>[^']+)' is required,"
            r" but it was not provided\."
        ),
        lambda m: f"{m['owner']} 缺少必填参数「{m['arg']}」（{m['type']}）",
    ),
    (
        _message("Unknown argument {arg} on field {owner}.{?hint}"),
        lambda m: f"{m['owner']} 没有参数「{m['arg']}」{_suggestion(m)}",
    ),
    (
        _message("Unknown argument {arg} on directive {owner}.{?hint}"),
        lambda m: f"{m['owner']} 没有参数「{m['arg']}」{_suggestion(m)}",
    ),
    (_message("There can be only one argument named {arg}."), lambda m: f"参数「{m['arg']}」重复"),
    (_message("Variable {$var} is never used…"), lambda m: f"变量 ${m['var']} 声明了但没有使用"),
    (_message("Variable {$var} is not defined…"), lambda m: f"变量 ${m['var']} 没有在操作中声明"),
    (_message("There can be only one variable named {$var}."), lambda m: f"变量 ${m['var']} 重复声明"),
    (
        _message("Variable {$var} of type {t1} used in position expecting type {t2}."),
        lambda m: f"变量 ${m['var']} 的类型 {m['t1']} 不能用在需要 {m['t2']} 的位置",
    ),
    (
        _message("Variable {$var} cannot be non-input type {type}."),
        lambda m: f"变量 ${m['var']} 的类型 {m['type']} 不是输入类型",
    ),
    (_message("Unknown type {type}.{?hint}"), lambda m: f"未知类型 {m['type']}{_suggestion(m)}"),
    (_message("Unknown fragment {name}."), lambda m: f"片段「{m['name']}」没有定义"),
    (_message("Fragment {name} is never used."), lambda m: f"片段「{m['name']}」定义了但没有使用"),
    (_message("There can be only one fragment named {name}."), lambda m: f"片段名「{m['name']}」重复"),
    (_message("Cannot spread fragment {name} within itself…"), lambda m: f"片段「{m['name']}」引用了自身"),
    (
        _message("Fragment cannot be spread here as objects of type {t1} can never be of type {t2}."),
        lambda m: f"类型 {m['t1']} 的对象不可能是 {m['t2']}，片段不能用在这里",
    ),
    (
        _message("Fragment {name} cannot be spread here as objects of type {t1} can never be of type {t2}."),
        lambda m: f"类型 {m['t1']} 的对象不可能是 {m['t2']}，片段「{m['name']}」不能用在这里",
    ),
    (
        _message("There can be only one operation named {name}."),
        lambda m: f"操作名「{echoed(m['name'])}」重复",
    ),
    (
        _message("This anonymous operation must be the only defined operation."),
        lambda m: "文档含有多个操作时，每个操作都须有名字",
    ),
    (
        _message("Must provide operation name if query contains multiple operations."),
        lambda m: MULTIPLE_OPERATIONS,
    ),
    (
        re.compile(r"Unknown operation named '(?P<name>.*)'\.", re.S),
        lambda m: unknown_operation(m["name"]),
    ),
    (
        re.compile(r"The (?P<op>\w+) operation is not supported by the schema\."),
        lambda m: f"本服务不提供 {m['op']} 操作",
    ),
    (re.compile(r"Unknown directive '@(?P<name>\w+)'\."), lambda m: f"未知指令 @{m['name']}"),
    (
        re.compile(r"The directive '@(?P<name>\w+)' can only be used once at this location\."),
        lambda m: f"指令 @{m['name']} 在此处只能用一次",
    ),
    (
        re.compile(r"Directive '@(?P<name>\w+)' may not be used on (?P<where>\w+)\."),
        lambda m: f"指令 @{m['name']} 不能用在 {m['where']} 上",
    ),
    (
        _message("Fields {name} conflict because …"),
        lambda m: f"结果字段「{m['name']}」冲突：同一名字取了不同的内容，请改用不同的别名",
    ),
    (
        _message(
            "GraphQL introspection has been disabled, but the requested query contained the field {field}."
        ),
        lambda m: f"本服务已关闭内省查询（字段「{m['field']}」）",
    ),
    (
        re.compile(r"The (?P<kind>.+) definition is not executable\.", re.S),
        lambda m: (
            f"文档只能含有操作（query、mutation）和片段，不能含有{_quoted_list(m['kind']) or m['kind']}定义"
        ),
    ),
    (_message("Must provide an operation."), lambda m: NO_OPERATION),
    (
        _message("Fragment cannot condition on non composite type {type}."),
        lambda m: f"类型 {m['type']} 没有字段可选，不能用作片段的类型条件（on {m['type']}）",
    ),
    (
        _message("Fragment {name} cannot condition on non composite type {type}."),
        lambda m: f"类型 {m['type']} 没有字段可选，不能用作片段「{m['name']}」的类型条件",
    ),
    (
        _message("Field {field} of type {type} must have at least one field selected."),
        lambda m: f"字段「{m['field']}」（{m['type']}）须至少选择一个子字段",
    ),
    (
        _message("Unknown argument {arg} on fragment {owner}.{?hint}"),
        lambda m: f"片段「{m['owner']}」没有参数「{m['arg']}」{_suggestion(m)}",
    ),
    (
        _message("Fragment {name} argument {arg} of type {type} is required, but it was not provided."),
        lambda m: f"片段「{m['name']}」缺少必填参数「{m['arg']}」（{m['type']}）",
    ),
    (
        _message(
            "Variable {$var} is of type {t1} but must be non-nullable to be used for OneOf Input Object"
            " {type}."
        ),
        lambda m: f"变量 ${m['var']} 的类型 {m['t1']} 须为非空，才能用于 {m['type']}",
    ),
    (
        _message("Spreads {name} conflict because …"),
        lambda m: f"片段「{m['name']}」的几处展开参数不同，不能合并",
    ),
    (
        _message("There can be only one input field named {field}."),
        lambda m: f"输入字段「{m['field']}」重复",
    ),
    (
        re.compile(r"(?:Anonymous Subscription|Subscription '[^']*') must .*", re.S),
        lambda m: "本服务不提供 subscription 操作",
    ),
    (_message("Validation aborted."), lambda m: "查询中的错误过多，已停止检查"),
    (
        re.compile(r"(?:\w+|Defer/Stream) directive (?:label|cannot|not supported) .*", re.S),
        lambda m: "本服务不支持 @defer 和 @stream 指令",
    ),
    (_message("Maximum introspection depth exceeded"), lambda m: "内省查询嵌套过深"),
]

# graphql-core's lexer and parser (graphql/language/lexer.py, parser.py), after "Syntax Error: ". A token
# or a character of the client's document is quoted cut short.
_TOKEN_KINDS: Final = {
    "<SOF>": "文档开头",
    "<EOF>": "文档结尾",
    "Name": "名字",
    "Int": "整数",
    "Float": "小数",
    "String": "字符串",
    "BlockString": "块字符串",
    "Comment": "注释",
}


def _token(text: str) -> str:
    """graphql-core's token description (`Name 'x'`, `'{'`, `<EOF>`) in Chinese."""
    kind, _, value = text.partition(" ")
    if kind in _TOKEN_KINDS:
        said = _TOKEN_KINDS[kind]
        return f"{said}「{echoed(value[1:-1])}」" if value.startswith("'") else said
    return f"「{echoed(text.strip(chr(39)))}」"


def _char(text: str) -> str:
    """graphql-core's character description (`'x'`, `U+0000`, `<EOF>`) in Chinese."""
    if text == "<EOF>":
        return "文档结尾"
    return f"「{text[1:-1]}」" if text.startswith("'") else text


_SYNTAX_RULES: Final[list[Rule]] = [
    (
        re.compile(r"Expected (?P<kind>.+?), found (?P<token>.+)\.", re.S),
        lambda m: f"此处应为{_token(m['kind'])}，却是{_token(m['token'])}",
    ),
    (
        re.compile(r"Unexpected (?P<token>(?:[A-Za-z]+|'[^']*'|<EOF>)(?: '.*')?)\.", re.S),
        lambda m: f"此处不应出现{_token(m['token'])}",
    ),
    (re.compile(r"Unexpected character: (?P<c>.+)\.", re.S), lambda m: f"无法识别的字符{_char(m['c'])}"),
    (re.compile(r"Invalid character: (?P<c>.+)\.", re.S), lambda m: f"无效字符{_char(m['c'])}"),
    (re.compile(r"Unexpected '\.\.', did you mean '\.\.\.'\?"), lambda m: "「..」应为「...」"),
    (
        re.compile(r"Invalid number, expected digit before '\.'.*", re.S),
        lambda m: "数字有误：小数点前须有数字（如 0.5）",
    ),
    (
        re.compile(r"Unexpected single quote character.*", re.S),
        lambda m: "字符串须用双引号 \" 括起，不能用单引号 '",
    ),
    (
        re.compile(r"Invalid number, unexpected digit after 0: (?P<c>.+)\.", re.S),
        lambda m: "数字有误：0 后面不能紧跟数字",
    ),
    (
        re.compile(r"Invalid number, expected digit but got: (?P<c>.+)\.", re.S),
        lambda m: f"数字有误：此处应为数字，却是{_char(m['c'])}",
    ),
    (
        re.compile(r"Invalid character within String: (?P<c>.+)\.", re.S),
        lambda m: f"字符串中含有无效字符{_char(m['c'])}",
    ),
    (re.compile(r"Unterminated string\."), lambda m: "字符串缺少结尾的双引号"),
    (
        re.compile(r"Invalid Unicode escape sequence: .*", re.S),
        lambda m: "字符串中的 Unicode 转义（\\u）无效",
    ),
    (re.compile(r"Invalid character escape sequence: .*", re.S), lambda m: "字符串中的转义序列无效"),
    (
        re.compile(r"Unexpected description, descriptions are not supported on shorthand queries\."),
        lambda m: "简写查询（以 { 开头）前不能有描述文字",
    ),
    (
        re.compile(r"Unexpected description, only GraphQL definitions support descriptions\."),
        lambda m: "只有定义前可以有描述文字",
    ),
    (
        re.compile(r"Unexpected variable '\$(?P<var>[^']+)' in constant value\."),
        lambda m: f"常量值中不能使用变量 ${echoed(m['var'])}",
    ),
    (
        re.compile(r"(?P<token>.+) is reserved and cannot be used for an enum value\.", re.S),
        lambda m: f"{_token(m['token'])}是保留字，不能用作枚举值",
    ),
]


def _where(locations: Sequence[Mapping[str, int]] | None) -> str:
    if not locations:
        return ""
    return f"（第 {locations[0]['line']} 行第 {locations[0]['column']} 列）"


def _syntax(message: str, locations: Sequence[Mapping[str, int]] | None) -> str | None:
    """A syntax error in Chinese with where it is, or None when the message is not one."""
    if not message.startswith("Syntax Error: "):
        return None
    detail = message.removeprefix("Syntax Error: ")
    for pattern, render in _SYNTAX_RULES:
        if match := pattern.fullmatch(detail):
            said = render(match)
            break
    else:
        said = "无法解析"
    return f"查询语法错误{_where(locations)}：{said}"


_HAN: Final = re.compile(r"[\u4e00-\u9fff]")

# The parser's own limits (tokens, nesting) are limits like depth and cost.
_PARSER_LIMIT_RULES: Final[list[Rule]] = [
    (
        re.compile(r"Syntax Error: Document contains more than (?P<n>\w+) tokens\..*", re.S),
        lambda m: f"查询过长：超过 {m['n']} 个词法单元的上限",
    ),
    (
        re.compile(r"Syntax Error: Document is nested too deeply\..*", re.S),
        lambda m: "查询嵌套过深，无法解析（请减少嵌套层数）",
    ),
    (
        re.compile(r"Syntax Error: Document contains more than (?P<n>\w+) comments\..*", re.S),
        lambda m: f"查询过长：注释超过 {m['n']} 条的上限",
    ),
    (
        re.compile(r"Syntax Error: Source contains more than (?P<n>\w+) code points\..*", re.S),
        lambda m: f"查询过长：超过 {m['n']} 个字符的上限",
    ),
]


def _argument_value(render: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """A value rule for a literal argument in the document rather than a variable."""
    return lambda match: f"参数值无效：{render(match)}"


# First match wins: the parser's limits before other syntax errors, variables before documents.
_RULES_BY_CODE: Final[list[tuple[list[Rule], TopLevelCode]]] = [
    (_PARSER_LIMIT_RULES, TopLevelCode.LIMIT_EXCEEDED),
    (_COERCION_RULES, TopLevelCode.BAD_USER_INPUT),
    (_DOCUMENT_RULES, TopLevelCode.GRAPHQL_VALIDATION_FAILED),
    (
        [(pattern, _argument_value(render)) for pattern, render in _VALUE_RULES],
        TopLevelCode.GRAPHQL_VALIDATION_FAILED,
    ),
]


def describe(message: str, locations: Sequence[Mapping[str, int]] | None = None) -> Described:
    """graphql-core's English message of a request error as a Chinese message and a code.

    A variable whose value cannot be coerced is `BAD_USER_INPUT`; a document past the parser's token or
    nesting limit is `LIMIT_EXCEEDED`; every other parse or validation error is
    `GRAPHQL_VALIDATION_FAILED`; a syntax error says where it is (`locations`, graphql-core's
    `[{"line": 1, "column": 2}]`). A message already in Chinese is kept; an English one no rule knows
    keeps its wording behind a Chinese lead.
    """
    for rules, code in _RULES_BY_CODE:
        for pattern, render in rules:
            if match := pattern.fullmatch(message):
                return Described(render(match), code)
    if (syntax := _syntax(message, locations)) is not None:
        return Described(syntax, TopLevelCode.GRAPHQL_VALIDATION_FAILED)
    chinese = message if _HAN.search(message) else f"查询有误：{message}"
    return Described(chinese, TopLevelCode.GRAPHQL_VALIDATION_FAILED)


__all__ = [
    "MULTIPLE_OPERATIONS",
    "NO_OPERATION",
    "Described",
    "RequestError",
    "describe",
    "echoed",
    "from_strawberry",
    "unknown_operation",
]
